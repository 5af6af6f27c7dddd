"""The shared filters (Themenfeld, Größenklasse, Landkreis, Kommune) and their URL form.

Query parameters: thema, groesse, kreis (5-digit key), kommune (AGS or VG key); a parameter repeats
for several values. Unknown or malformed values are dropped and reported as a notice, never raised.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pandas as pd

from data.model import SIZE_CLASSES
from data.schemas import THEMES

PARAMS = ("thema", "groesse", "kreis", "kommune")
# Parameters that belong to a page or mode rather than to the shared filters.
PAGE_PARAMS = ("modus", "satz", "folie", "welle", "vergleich", "beide")
MAX_VALUE_LENGTH = 100
MAX_VALUES = 300


@dataclass(frozen=True)
class Filters:
    themes: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # AGS or VG keys as chosen

    @property
    def active(self) -> bool:
        return bool(self.themes or self.sizes or self.districts or self.units)

    def to_query_params(self) -> dict[str, list[str]]:
        out = {"thema": list(self.themes), "groesse": list(self.sizes), "kreis": list(self.districts),
               "kommune": list(self.units)}
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class Choices:
    """What each filter can take, from the loaded data."""

    themes: tuple[str, ...]
    sizes: tuple[str, ...]
    districts: dict[str, str]  # key -> name
    units: dict[str, str]  # AGS or VG key -> label

    @classmethod
    def from_data(cls, units: pd.DataFrame, municipalities: pd.DataFrame, districts: pd.DataFrame) -> "Choices":
        district_names = dict(zip(districts["district_key"], districts["name"]))
        unit_labels = {k: n for k, n in zip(units["unit_key"], units["name"])}
        # Members of a Verbandsgemeinde can be chosen by name too; they stand for themselves on the map.
        members = municipalities[municipalities["vg_key"].notna()]
        for ags, name, vg in zip(members["ags"], members["name"], members["vg_name"]):
            unit_labels[ags] = f"{name} ({vg})"
        return cls(tuple(THEMES), tuple(SIZE_CLASSES), district_names, unit_labels)


@dataclass
class Parsed:
    filters: Filters
    notices: list[str] = field(default_factory=list)


def _values(params: Mapping[str, Iterable[str] | str], name: str) -> list[str]:
    raw = params.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    return [str(v) for v in list(raw)[:MAX_VALUES]]


def parse_query_params(params: Mapping[str, Iterable[str] | str], choices: Choices) -> Parsed:
    """Turn URL parameters into Filters, dropping anything unknown with a German notice."""
    notices: list[str] = []
    unknown_params = sorted(k for k in params if k not in PARAMS and k not in PAGE_PARAMS)
    if unknown_params:
        shown = ", ".join(f"„{k[:30]}“" for k in unknown_params[:5])
        notices.append(f"Unbekannte URL-Parameter ignoriert: {shown}.")

    def pick(name: str, allowed: Iterable[str], label: str) -> tuple[str, ...]:
        allowed = list(allowed)
        seen: list[str] = []
        bad: list[str] = []
        for v in _values(params, name):
            v = v.strip()
            if len(v) > MAX_VALUE_LENGTH or v not in allowed:
                bad.append(v[:30] + ("…" if len(v) > 30 else ""))
            elif v not in seen:
                seen.append(v)
        if bad:
            notices.append(f"{label}: unbekannte Werte ignoriert ({', '.join(f'„{b}“' for b in bad[:5])}).")
        return tuple(seen)

    filters = Filters(
        themes=pick("thema", choices.themes, "Themenfeld"),
        sizes=pick("groesse", choices.sizes, "Größenklasse"),
        districts=pick("kreis", choices.districts, "Landkreis"),
        units=pick("kommune", choices.units, "Kommune"),
    )
    return Parsed(filters, notices)


def selected_unit_keys(filters: Filters, municipalities: pd.DataFrame) -> set[str]:
    """The units behind the Kommune filter: a VG member's choice counts for its Verbandsgemeinde."""
    unit_of = dict(zip(municipalities["ags"], municipalities["unit_key"]))
    return {unit_of.get(k, k) for k in filters.units}


def filter_units(units: pd.DataFrame, filters: Filters, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Units matching size class, district and Kommune filters (the theme filter is about questions)."""
    mask = pd.Series(True, index=units.index)
    if filters.sizes:
        mask &= units["size_class"].isin(filters.sizes)
    if filters.districts:
        mask &= units["district_key"].isin(filters.districts)
    if filters.units:
        mask &= units["unit_key"].isin(selected_unit_keys(filters, municipalities))
    return units[mask]


def municipality_mask(municipalities: pd.DataFrame, filters: Filters) -> pd.Series:
    """Which municipalities match the filters; size class is that of the municipality's unit."""
    m = municipalities
    mask = pd.Series(True, index=m.index)
    if filters.sizes:
        mask &= m["unit_size_class"].isin(filters.sizes)
    if filters.districts:
        mask &= m["district_key"].isin(filters.districts)
    if filters.units:
        chosen = set(filters.units)
        mask &= m["ags"].isin(chosen) | m["unit_key"].isin(chosen)
    return mask


def filter_questions(questions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    if filters.themes:
        return questions[questions["theme"].isin(filters.themes)]
    return questions


def describe(filters: Filters, choices: Choices) -> str:
    """A short German caption of the active filters."""
    parts = []
    if filters.themes:
        parts.append("Themenfeld: " + ", ".join(filters.themes))
    if filters.sizes:
        parts.append("Größenklasse: " + ", ".join(filters.sizes))
    if filters.districts:
        parts.append("Landkreis: " + ", ".join(choices.districts.get(k, k) for k in filters.districts))
    if filters.units:
        parts.append("Kommune: " + ", ".join(choices.units.get(k, k) for k in filters.units))
    return " · ".join(parts) if parts else "Keine Filter aktiv – alle Kommunen und Themenfelder"
