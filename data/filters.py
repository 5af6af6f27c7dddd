"""The shared filters (Themenfeld, Größenklasse, Landkreis, Kommune): what each can take and how they
select units, municipalities and questions. Their URL form (thema, groesse, kreis, kommune) is views.url.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.model import SIZE_CLASSES, present_size_classes
from data.schemas import THEMES


@dataclass(frozen=True)
class Filters:
    themes: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    units: tuple[str, ...] = ()  # AGS or VG keys as chosen

    @property
    def active(self) -> bool:
        return bool(self.themes or self.sizes or self.districts or self.units)


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
