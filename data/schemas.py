"""Schemas of the data files (pandera), with every check worded in German.

All columns are read as text and checked as text; conversion to numbers and dates happens after
validation, so that a bad cell is reported with its file, line and column instead of failing a cast.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from data.csvio import line_of
from data.problems import Problem

# Generous bounding box of Saxony-Anhalt (WGS84); the state spans about 50.9–53.1 N, 10.5–13.3 E.
LAT_RANGE = (50.90, 53.10)
LON_RANGE = (10.50, 13.30)

THEMES = [
    "Strategie und Organisation",
    "Wirtschaft, Tourismus und Einzelhandel",
    "Energie und Klima",
    "Verkehr und Mobilität",
    "Stadtentwicklung und Partizipation",
]

BOOL_VALUES = {"true": True, "false": False}


def _number_in(lo: float, hi: float):
    def check(value) -> bool:
        try:
            return lo <= float(value) <= hi
        except (TypeError, ValueError):
            return False

    return check


def _is_float(value) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False


def _is_iso_date(value) -> bool:
    try:
        pd.Timestamp.fromisoformat(str(value))
        return len(str(value)) == 10
    except ValueError:
        return False


def key(digits: int, *, nullable=False, unique=False, label="Schlüssel") -> pa.Column:
    return pa.Column(
        object,
        checks=pa.Check.str_matches(rf"^\d{{{digits}}}$", error=f"kein {digits}-stelliger {label}"),
        nullable=nullable,
        unique=unique,
    )


def text(*, nullable=False, unique=False) -> pa.Column:
    return pa.Column(object, nullable=nullable, unique=unique)


LONG_TEXT_MAX = 2000


def long_text() -> pa.Column:
    """An optional free text of at most LONG_TEXT_MAX characters."""
    return pa.Column(object, nullable=True, checks=pa.Check.str_length(
        max_value=LONG_TEXT_MAX, error=f"länger als {LONG_TEXT_MAX:,} Zeichen".replace(",", ".")))


def boolean() -> pa.Column:
    return pa.Column(object, checks=pa.Check.isin(list(BOOL_VALUES), error="nicht „true“ oder „false“"))


def positive_int() -> pa.Column:
    return pa.Column(object, checks=pa.Check.str_matches(r"^[1-9]\d*$", error="keine positive ganze Zahl"))


def positive_number() -> pa.Column:
    return pa.Column(
        object, checks=pa.Check(lambda v: _is_float(v) and float(v) > 0, element_wise=True,
                                error="keine positive Zahl (Dezimalpunkt verwenden)")
    )


def iso_date() -> pa.Column:
    return pa.Column(object, checks=pa.Check(_is_iso_date, element_wise=True, error="kein Datum der Form JJJJ-MM-TT"))


def coordinate(lo: float, hi: float, axis: str) -> pa.Column:
    return pa.Column(
        object, checks=pa.Check(_number_in(lo, hi), element_wise=True,
                                error=f"kein {axis} in Sachsen-Anhalt ({lo:g} bis {hi:g})")
    )


MUNICIPALITIES = pa.DataFrameSchema(
    {
        "ags": key(8, unique=True, label="Gemeindeschlüssel (AGS)"),
        "ars": key(12, unique=True, label="Regionalschlüssel (ARS)"),
        "name": text(),
        "official_name": text(nullable=True),
        "is_town": boolean(),
        "vg_key": key(9, nullable=True, label="Verbandsgemeindeschlüssel"),
        "vg_name": text(nullable=True),
        "district_key": key(5, label="Kreisschlüssel"),
        "district_name": text(),
        "population": positive_int(),
        "population_date": iso_date(),
        "area_km2": positive_number(),
        "lat": coordinate(*LAT_RANGE, "Breitengrad"),
        "lon": coordinate(*LON_RANGE, "Längengrad"),
        "coord_source": text(nullable=True),
    }
)
MUNICIPALITIES_REQUIRED = [
    "ags", "ars", "name", "is_town", "vg_key", "vg_name", "district_key", "district_name",
    "population", "population_date", "area_km2", "lat", "lon",
]
MUNICIPALITIES_OPTIONAL = ["official_name", "coord_source"]

DISTRICTS = pa.DataFrameSchema(
    {
        "district_key": key(5, unique=True, label="Kreisschlüssel"),
        "name": text(unique=True),
        "type": pa.Column(object, checks=pa.Check.isin(["Landkreis", "Kreisfreie Stadt"],
                                                       error="weder „Landkreis“ noch „Kreisfreie Stadt“")),
        "seat": text(),
        "n_gemeinden": positive_int(),
        "area_km2": positive_number(),
        "population": positive_int(),
        "population_date": iso_date(),
    }
)

WORKSHOPS = pa.DataFrameSchema(
    {
        "number": pa.Column(object, checks=pa.Check.str_matches(r"^[1-9]\d*$", error="keine laufende Nummer"),
                            unique=True),
        "title": text(),
        "theme": pa.Column(object, checks=pa.Check.isin(THEMES, error="kein bekanntes Themenfeld")),
        "date": iso_date(),
        "venue": text(),
        "venue_ags": key(8, label="Gemeindeschlüssel (AGS)"),
        "lat": coordinate(*LAT_RANGE, "Breitengrad"),
        "lon": coordinate(*LON_RANGE, "Längengrad"),
        "coord_source": text(nullable=True),
        # What the workshop card shows when filled: its programme and its results, items separated by " | ".
        "agenda": long_text(),
        "results": long_text(),
    }
)
WORKSHOPS_OPTIONAL = ["coord_source", "agenda", "results"]

PARTICIPANTS = pa.DataFrameSchema(
    {
        "unit_key": pa.Column(object, checks=pa.Check.str_matches(
            r"^(\d{8}|\d{9})$", error="weder AGS (8 Ziffern) noch Verbandsgemeindeschlüssel (9 Ziffern)"),
            unique=True),
        "name": text(),
        "registered": boolean(),
    }
)

QUESTIONS = pa.DataFrameSchema(
    {
        "id": pa.Column(object, checks=pa.Check.str_matches(
            r"^[a-z][a-z0-9_]*$", error="keine gültige Kennung (Kleinbuchstaben, Ziffern, _)"), unique=True),
        "order": positive_int(),
        "theme": pa.Column(object, checks=pa.Check.isin(THEMES, error="kein bekanntes Themenfeld")),
        "type": pa.Column(object, checks=pa.Check.isin(["single", "multi"], error="weder „single“ noch „multi“")),
        "text": text(),
        "options": pa.Column(object, checks=pa.Check(
            lambda v: len([o for o in str(v).split("|") if o.strip()]) >= 2, element_wise=True,
            error="weniger als zwei Antwortoptionen (mit | trennen)")),
        "origin": pa.Column(object, checks=pa.Check.isin(["Fragebogen 2023", "Beispielfrage"],
                                                         error="weder „Fragebogen 2023“ noch „Beispielfrage“")),
    }
)

RESPONSES = pa.DataFrameSchema(
    {
        "unit_key": pa.Column(object, checks=pa.Check.str_matches(
            r"^(\d{8}|\d{9})$", error="weder AGS (8 Ziffern) noch Verbandsgemeindeschlüssel (9 Ziffern)")),
        "question_id": text(),
        "answer": text(),
    }
)

_BUILTIN = {
    "not_nullable": "Der Wert fehlt.",
    "field_uniqueness": "Der Wert „{value}“ kommt mehrfach vor.",
}


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> list[Problem]:
    """Validate a text frame and return every problem, one per bad cell."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples(index=False):
            value = "" if pd.isna(case.failure_case) else str(case.failure_case)
            if case.check in _BUILTIN:
                message = _BUILTIN[case.check].format(value=value)
            else:
                message = f"„{value}“ ist {case.check}."
            line = None if pd.isna(case.index) else line_of(case.index)
            column = None if pd.isna(case.column) else str(case.column)
            problems.append(Problem(file, line, column, message))
        return sorted(set(problems))
    return []
