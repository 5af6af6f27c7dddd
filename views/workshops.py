"""The workshops page as plain data: which card lists its theme's questions, and a card's own content (programme
and results from data/workshops.csv, shown when filled)."""
from __future__ import annotations

import pandas as pd

ITEM_SEPARATOR = "|"


def first_of_theme(workshops: pd.DataFrame) -> list[tuple[dict, int | None]]:
    """Each workshop (a row as a dict) with the number of the earlier workshop of the same theme whose card lists
    the theme's questions – None for the first of its theme, which lists them itself (Auftakt and Abschluss
    share a theme: its questions stand once)."""
    first: dict[str, int] = {}
    out = []
    for w in workshops.sort_values("number").to_dict("records"):
        earlier = first.get(w["theme"])
        if earlier is None:
            first[w["theme"]] = int(w["number"])
        out.append((w, earlier))
    return out


def items_of(value: object) -> list[str]:
    """A content field's items ("Begrüßung | Impulse | Diskussion"); [] for an empty field."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(ITEM_SEPARATOR) if part.strip()]


def content_sections(w: dict) -> list[tuple[str, list[str]]]:
    """The card's own content, in order: ("Programm", items), ("Ergebnisse", items) – only those filled."""
    sections = [("Programm", items_of(w.get("agenda"))), ("Ergebnisse", items_of(w.get("results")))]
    return [(label, items) for label, items in sections if items]


def held_in_chosen(workshops: pd.DataFrame, municipalities: pd.DataFrame, unit_keys: set[str]) -> set[int]:
    """The numbers of the workshops held in a chosen municipality (a Verbandsgemeinde: in one of its members)."""
    if not unit_keys:
        return set()
    ags = set(municipalities.loc[municipalities["unit_key"].isin(unit_keys) | municipalities["ags"].isin(unit_keys),
                                 "ags"])
    return {int(n) for n, a in zip(workshops["number"], workshops["venue_ags"]) if a in ags}
