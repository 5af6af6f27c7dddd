"""The small card the map shows for the municipality that was clicked: name, key facts, and where its profile is.

Only facts that the map itself shows (participation status, population, district, workshops held there) –
never a survey answer.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.formatting import count_noun, date_abbrev, number, sample_mark
from data.model import ANSWERED, municipality_status
from geo.palette import STATUS_LABELS


@dataclass(frozen=True)
class MapCard:
    ags: str
    name: str
    unit_key: str  # whose profile opens: the municipality, or its Verbandsgemeinde
    profile_name: str
    lines: tuple[str, ...]  # plain text, one fact per line (escape before markdown)


def map_card(ags: str, municipalities: pd.DataFrame, units: pd.DataFrame, workshops: pd.DataFrame,
             sample_data: bool, questionnaire: bool = True) -> MapCard | None:
    """The card of one municipality (AGS) or of a Verbandsgemeinde (its key); None if unknown.
    `questionnaire` False: whether it answered is not shown (data.disclosure; `units` carry no answers then)."""
    m = municipalities
    row = m[m["ags"] == ags]
    u = units.set_index("unit_key")
    if row.empty:
        if ags not in u.index:
            return None
        unit = u.loc[ags]
        members = m[m["unit_key"] == ags]
        status = municipality_status(members.head(1), units).iloc[0] if len(members) else "none"
        lines = [f"Verbandsgemeinde im Landkreis {unit['district_name']} · "
                 f"{count_noun(len(members), 'Mitgliedsgemeinde', 'Mitgliedsgemeinden')}",
                 f"{number(int(unit['population']))} Einwohner · {unit['size_class']}",
                 _status_line(status, sample_data, questionnaire)]
        return MapCard(ags, str(unit["name"]), ags, str(unit["name"]), tuple(lines))
    r = row.iloc[0]
    status = municipality_status(row, units).iloc[0]
    kind = "Stadt" if bool(r["is_town"]) else "Gemeinde"
    where = ("Kreisfreie Stadt" if str(r["district_key"]).startswith("1500")
             else f"{kind} im Landkreis {r['district_name']}")
    lines = [where, f"{number(int(r['population']))} Einwohner · {r['unit_size_class']}"]
    unit_key = str(r["unit_key"])
    profile_name = str(r["name"])
    if unit_key != ags:
        profile_name = str(u.loc[unit_key, "name"]) if unit_key in u.index else profile_name
        lines.append(f"Gehört zur {profile_name}, die als Einheit an der Workshopreihe teilnimmt")
    lines.append(_status_line(status, sample_data, questionnaire))
    held = workshops[workshops["venue_ags"].astype(str) == ags].sort_values("number")
    for w in held.itertuples():
        lines.append(f"Workshop {w.number}: {w.title} ({date_abbrev(w.date)})")
    return MapCard(ags, str(r["name"]), unit_key, profile_name, tuple(lines))


def _status_line(status: str, sample_data: bool, questionnaire: bool = True) -> str:
    if not questionnaire:
        return "Beteiligung: " + ("Angemeldet" if status in ("both", "registered") else "Nicht angemeldet")
    return "Beteiligung: " + STATUS_LABELS[status] + sample_mark(sample_data and status in ANSWERED, "paren")


__all__ = ["MapCard", "map_card"]
