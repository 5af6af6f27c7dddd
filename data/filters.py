"""The shared filters (Themenfeld, Größenklasse, Landkreis, Kommune): what each can take and how they
select units, municipalities and questions. Their URL form (thema, groesse, kreis, kommune) is views.url.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.model import SIZE_CLASSES, present_size_classes
from data.schemas import THEMES

# The four filters by name – also their URL parameters (views.url) and what a page declares it applies
# (app_pages.registry).
THEME, SIZE, DISTRICT, UNIT = "thema", "groesse", "kreis", "kommune"
FILTER_NAMES: tuple[str, ...] = (THEME, SIZE, DISTRICT, UNIT)
FILTER_LABELS = {THEME: "Themenfeld", SIZE: "Größenklasse", DISTRICT: "Landkreis", UNIT: "Kommune"}
NOT_APPLIED = "gilt hier nicht"
NO_FILTERS = "Keine Filter aktiv – alle Kommunen und Themenfelder"


@dataclass(frozen=True)
class Filters:
    themes: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # AGS or VG keys as chosen

    @property
    def active(self) -> bool:
        return bool(self.themes or self.sizes or self.districts or self.units)

    def values(self, name: str) -> tuple[str, ...]:
        """The chosen values of the filter `name` (one of FILTER_NAMES)."""
        return {THEME: self.themes, SIZE: self.sizes, DISTRICT: self.districts, UNIT: self.units}[name]

    def only(self, names) -> Filters:
        """These filters with only the filters `names` kept (the others empty)."""
        keep = set(names)
        return Filters(*(self.values(n) if n in keep else () for n in FILTER_NAMES))


def split(filters: Filters, applies) -> tuple[Filters, Filters]:
    """The filters a page applies (`applies`: names from FILTER_NAMES) and the chosen ones it ignores."""
    ignored = [n for n in FILTER_NAMES if n not in set(applies)]
    return filters.only(applies), filters.only(ignored)


@dataclass(frozen=True)
class Choices:
    """What each filter can take, from the loaded data."""

    themes: tuple[str, ...]
    sizes: tuple[str, ...]
    districts: dict[str, str]  # key -> name
    units: dict[str, str]  # AGS or VG key -> label

    @classmethod
    def from_data(cls, units: pd.DataFrame, municipalities: pd.DataFrame, districts: pd.DataFrame) -> Choices:
        district_names = dict(zip(districts["district_key"], districts["name"]))
        unit_labels = {k: n for k, n in zip(units["unit_key"], units["name"])}
        # Members of a Verbandsgemeinde can be chosen by name too; they stand for themselves on the map.
        members = municipalities[municipalities["vg_key"].notna()]
        for ags, name, vg in zip(members["ags"], members["name"], members["vg_name"]):
            unit_labels[ags] = f"{name} ({vg})"
        # Only the size classes some unit falls into: a class no unit has would always filter to nothing.
        sizes = present_size_classes(units["size_class"]) if "size_class" in units else tuple(SIZE_CLASSES)
        return cls(tuple(THEMES), sizes, district_names, unit_labels)


def selected_unit_keys(filters: Filters, municipalities: pd.DataFrame) -> set[str]:
    """The units behind the Kommune filter: a VG member's choice counts for its Verbandsgemeinde."""
    unit_of = dict(zip(municipalities["ags"], municipalities["unit_key"]))
    return {unit_of.get(k, k) for k in filters.units}


def _place_mask(frame: pd.DataFrame, filters: Filters, size_column: str, chosen) -> pd.Series:
    """The size-class, district and Kommune filters on a frame of units or of municipalities; `chosen` says
    which rows the Kommune filter keeps (called only when it is set)."""
    mask = pd.Series(True, index=frame.index)
    if filters.sizes:
        mask &= frame[size_column].isin(filters.sizes)
    if filters.districts:
        mask &= frame["district_key"].isin(filters.districts)
    if filters.units:
        mask &= chosen()
    return mask


def filter_units(units: pd.DataFrame, filters: Filters, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Units matching size class, district and Kommune filters (the theme filter is about questions)."""
    return units[_place_mask(units, filters, "size_class",
                             lambda: units["unit_key"].isin(selected_unit_keys(filters, municipalities)))]


def municipality_mask(municipalities: pd.DataFrame, filters: Filters) -> pd.Series:
    """Which municipalities match the filters; size class is that of the municipality's unit, and choosing a
    Verbandsgemeinde keeps its members."""
    m = municipalities
    return _place_mask(m, filters, "unit_size_class",
                       lambda: m["ags"].isin(set(filters.units)) | m["unit_key"].isin(set(filters.units)))


def filter_questions(questions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    if filters.themes:
        return questions[questions["theme"].isin(filters.themes)]
    return questions


@dataclass(frozen=True)
class FilterPart:
    """One active filter in words ("Kommune: Barleben") and whether the page applies it."""

    name: str
    text: str
    applies: bool = True


def filter_parts(filters: Filters, choices: Choices, applies: bool = True) -> list[FilterPart]:
    """The active filters in words, in the sidebar's order."""
    names = {DISTRICT: choices.districts, UNIT: choices.units}
    return [FilterPart(n, f"{FILTER_LABELS[n]}: " + ", ".join(names.get(n, {}).get(v, v) for v in filters.values(n)),
                       applies)
            for n in FILTER_NAMES if filters.values(n)]


def filter_line(applied: Filters, ignored: Filters, choices: Choices) -> list[FilterPart]:
    """A page's filter line: the filters it applies, then the chosen ones it ignores (marked as not applying).
    Nothing chosen at all: one part saying so."""
    parts = filter_parts(applied, choices) + filter_parts(ignored, choices, applies=False)
    return parts or [FilterPart("", NO_FILTERS)]


def describe(filters: Filters, choices: Choices) -> str:
    """A short German caption of the active filters."""
    return " · ".join(p.text for p in filter_parts(filters, choices)) or NO_FILTERS
