"""Deck view models: a title slide from workshops.csv, every slide with its source line, takeaways only from
shown results, the deck's theme whatever the filters say."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from data.filters import Choices, Filters
from data.loading import load_dataset
from views.deck import MAP, OVERVIEW, QUESTION, SIZES, TITLE, DeckInput, build_deck, workshop_lines

REPO = Path(__file__).resolve().parents[3]
CREATED = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(REPO / "data")


@pytest.fixture(scope="module")
def choices(ds):
    return Choices.from_data(ds.units, ds.municipalities, ds.districts)


def deck(ds, choices, theme, filters=None):
    filters = filters or Filters()
    seq = {s.theme: s for s in ds.sequences}[theme]
    return build_deck(ds, seq, filters, choices, DeckInput(created=CREATED))


def test_every_deck_opens_with_its_workshops(ds, choices):
    d = deck(ds, choices, "Energie und Klima")
    first = d.slides[0]
    assert first.kind == TITLE and first.title == "Energie und Klima"
    assert "3. Energie und Klima – 22. Juni 2023, Ferropolis (Gräfenhainichen)" in first.lines
    assert first.takeaway == "Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten"
    strategy = deck(ds, choices, "Strategie und Organisation").slides[0]
    assert strategy.lines[:2] == ("1. Auftaktveranstaltung – 27. April 2023, Magdeburg",
                                  "6. Abschlussveranstaltung – 7. Dezember 2023, Magdeburg")


def test_workshop_lines_for_a_theme_without_workshop(ds):
    assert workshop_lines(ds.workshops, "Unbekannt") == ()


@pytest.mark.parametrize("theme", ["Strategie und Organisation", "Wirtschaft, Tourismus und Einzelhandel",
                                   "Energie und Klima", "Verkehr und Mobilität", "Stadtentwicklung und Partizipation"])
def test_every_slide_has_title_source_and_sample_mark(ds, choices, theme):
    d = deck(ds, choices, theme)
    seq = {s.theme: s for s in ds.sequences}[theme]
    assert d.total == len(seq.slides) + 1
    assert [s.kind for s in d.slides[1:]] == [s.view for s in seq.slides]
    for s in d.slides:
        assert s.title and s.source.startswith(("Quelle", "n = ")), s
        assert not any(part in s.source for part in (".csv", ".yaml", "data/")), s.source  # sources, not files
        if s.kind in (QUESTION, SIZES, MAP):
            assert "Beispieldaten" in s.source and "n = " in s.source
            assert s.chart is not None and s.takeaway and s.notes and "n = " in s.notes
    overview = [s for s in d.slides if s.kind == OVERVIEW][0]
    workshops = str(len(ds.workshops[ds.workshops.theme == theme]))
    assert [f.value for f in overview.figures] == ["über 70", "21", "34", workshops]


def test_takeaway_matches_the_chart(ds, choices):
    d = deck(ds, choices, "Strategie und Organisation")
    q = [s for s in d.slides if s.kind == QUESTION and s.title.startswith("Hat Ihre Kommune bereits")][0]
    # 16 of 34 said "Ja" (47 %): "knapp die Hälfte"; the chart carries the same figure.
    assert q.takeaway == "Knapp die Hälfte der antwortenden Kommunen haben bereits eine Digitalstrategie."
    rows = [r for rows in q.chart["datasets"].values() for r in rows]
    assert {r["option"]: r["count"] for r in rows}["Ja"] == 16


@pytest.mark.parametrize("theme", ["Strategie und Organisation", "Wirtschaft, Tourismus und Einzelhandel",
                                   "Energie und Klima", "Verkehr und Mobilität", "Stadtentwicklung und Partizipation"])
def test_a_question_slide_speaks_of_the_units_its_chart_shows(ds, choices, theme):
    """Its chart has one bar per answer for all answering units: no size class may be the sentence's subject."""
    groups = ("Großstädte", "Mittelstädte", "Kleinstädte", "Landgemeinden")
    for s in deck(ds, choices, theme).slides:
        if s.kind == QUESTION and s.takeaway:
            assert not any(g in s.takeaway for g in groups), (s.title, s.takeaway)


def test_the_deck_keeps_its_theme_and_names_the_selection(ds, choices):
    d = deck(ds, choices, "Energie und Klima", Filters(themes=("Verkehr und Mobilität",), sizes=("Kleinstadt",)))
    assert d.selection == "Auswahl: Größenklasse: Kleinstadt"
    assert all(s.source.startswith("Auswahl: Größenklasse: Kleinstadt") for s in d.slides)
    assert any(s.kind == QUESTION and s.title.startswith("Erfasst Ihre Kommune") for s in d.slides)


def test_a_suppressed_result_shows_its_reason_and_no_takeaway(ds, choices):
    # One municipality: every question has fewer than three answers.
    d = deck(ds, choices, "Energie und Klima", Filters(units=("15083040",)))
    questions = [s for s in d.slides if s.kind == QUESTION]
    assert questions
    for s in questions:
        assert s.chart is None and s.takeaway == ""
        assert s.note.startswith("Nicht dargestellt:")
    m = [s for s in d.slides if s.kind == MAP][0]
    assert m.takeaway == "Kein Kreis hat genug Antworten, um den Anteil „Ja, flächendeckend“ zu zeigen."
    assert "%" not in m.notes.split("Je Kreis:")[1].split("Kreise mit")[0]


def test_map_slide_without_boundaries_names_its_points(ds, choices):
    m = [s for s in deck(ds, choices, "Energie und Klima").slides if s.kind == MAP][0]
    assert "Verwaltungssitze" in m.source and m.chart["projection"]["type"] == "mercator"
