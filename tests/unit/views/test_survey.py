"""views.survey, views.questions and views.sources: the answers a survey view shows (one wave, or two waves
compared) as small value objects, the question view in both forms, and the source line every export names."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.disclosure import Selection, disclosure_of
from data.loading import load_dataset
from data.store import open_store, url_from_env
from data.waves import attach_store
from tests.conftest import DATA
from views.questions import (
    BY_SIZE,
    TOTAL,
    chart_for_mode,
    compared_view,
    question_row,
    single_view,
    workshop_outcome,
)
from views.sources import Source
from views.survey import answering, answers_of, comparison_intro_md, comparison_survey, respondents_md, wave_label
from views.url import WaveSelection


@pytest.fixture
def two_waves():
    """The shipped data with a second wave (2025) in a private store: the 2023 answers without their first unit."""
    store = open_store(url_from_env(DATA))  # a private test store (tests/conftest.py)
    plain = load_dataset(DATA)
    first = attach_store(plain, store, (DATA / "responses.csv").read_bytes())
    newer = first.responses[first.responses["unit_key"] != first.responses["unit_key"].iloc[0]]
    store.add_version("2025", newer, created_by="Test", action="import", file_name="welle2025.csv", checksum="x")
    return first, attach_store(plain, store, (DATA / "responses.csv").read_bytes())


def test_an_older_wave_and_a_comparison_are_labelled_without_touching_the_dataset(two_waves):
    first, ds = two_waves
    responses = ds.responses
    assert [w.key for w in ds.waves] == ["2023", "2025"]
    assert answers_of(ds, "2025").responses is ds.responses and answers_of(ds).survey is ds.survey
    old = answers_of(ds, "2023")
    assert old.responses is ds.waves[0].responses
    assert old.sample_data is True and ds.sample_data is False  # an import is not sample data
    assert old.survey.wave == "2023" and old.key != answers_of(ds).key
    assert old.survey.store_version == ds.waves[0].version.label
    assert len(answering(ds.units, old.responses)) == first.responses["unit_key"].nunique()
    assert int(ds.units["answered"].sum()) == first.responses["unit_key"].nunique() - 1
    both = comparison_survey(ds, WaveSelection(a="2023", b="2025"))
    assert both.wave == "2023 und 2025" and both.sample_data is True  # 2023 is sample data
    assert both.store_version == f"{ds.waves[0].version.label} und {ds.waves[1].version.label}"
    assert ds.responses is responses and ds.survey.wave == "2025"
    assert wave_label(ds, "2023") == "2023 (Beispieldaten)" and wave_label(ds, "2025") == "2025"


def test_the_survey_page_sentences_count_the_answers_shown(two_waves):
    first, ds = two_waves
    n = first.responses["unit_key"].nunique()
    everyone = Selection.of(ds.units["unit_key"])
    old = disclosure_of(ds, "2023")
    assert answers_of(ds, "2023").key == "2023" and answers_of(ds).key == ds.survey.wave == "2025"
    assert respondents_md(old.respondents(everyone), old.respondents(None)).startswith(
        f"**{n}** antwortende Kommunen entsprechen den Filtern (von {n} insgesamt).")
    small = Selection.of(["15002000", "15003000"])  # Halle and Magdeburg: a larger group is counted
    counted = old.respondents(small)
    assert counted.shown and not counted.exact
    text = respondents_md(counted, old.respondents(None))
    assert text.startswith("Gezeigt\\: ") and f"Insgesamt haben {n} Kommunen geantwortet." in text  # markdown
    intro = comparison_intro_md(ds, old, disclosure_of(ds, "2025"), True, everyone)
    assert f"{n} und {n - 1} antwortende Kommunen entsprechen den Filtern" in intro
    assert "Vergleich der Welle **2023 \\(Beispieldaten\\)** mit **2025**" in intro
    assert "nur Kommunen, die sie in beiden Wellen beantwortet haben" in intro


def test_one_question_in_one_wave():
    ds = load_dataset(DATA)
    q = question_row(ds.questions, "digitalstrategie")
    view = single_view(q, disclosure_of(ds), Selection.of(ds.units["unit_key"]))
    n = ds.responses.loc[ds.responses["question_id"] == "digitalstrategie", "unit_key"].nunique()
    yes = int(((ds.responses["question_id"] == "digitalstrategie") & (ds.responses["answer"] == "Ja")).sum())
    assert not view.suppressed and view.n == n and view.note == ""
    assert view.kind == "Fragebogen 2023 · eine Antwort · Beispieldaten"
    assert view.summary == f"{yes} von {n} Kommunen antworteten „Ja“."
    assert view.footer == f"{view.summary} · n = {n} · Beispieldaten"
    assert list(view.table["Anzahl"]) == [int(c) for c in view.result.table["count"]]
    assert view.chart is not None and "Beispieldaten" in view.chart.description
    assert chart_for_mode(view, BY_SIZE) is view.by_size and chart_for_mode(view, TOTAL) is view.chart
    assert workshop_outcome(view, True) == view.summary + " (Beispieldaten)"
    assert view.export_n_text == view.n_text and view.report_summary == view.summary


def test_a_small_selection_is_shown_as_its_larger_group():
    ds = load_dataset(DATA)
    q = question_row(ds.questions, "digitalstrategie")
    view = single_view(q, disclosure_of(ds), Selection.of(["15002000", "15003000"]))
    assert not view.suppressed and view.note.startswith("Gezeigt: ")
    assert view.export_n_text == f"{view.n_text} · {view.note}"
    assert view.export_table_title == f"{view.text} – {view.note}"
    assert workshop_outcome(view, False) == f"{view.summary} {view.note}"


def test_one_municipality_by_name_is_not_shown():
    ds = load_dataset(DATA)
    q = question_row(ds.questions, "digitalstrategie")
    view = single_view(q, disclosure_of(ds), Selection.of(["15083040"], by_name=True))
    assert view.suppressed and view.chart is None and view.table is None
    assert view.reason and view.hidden == f"Nicht dargestellt: {view.reason}."
    assert workshop_outcome(view, True) == f"nicht dargestellt – {view.reason}"


def test_one_question_compared_between_two_waves(two_waves):
    _, ds = two_waves
    q = question_row(ds.questions, "digitalstrategie")
    view = compared_view(q, disclosure_of(ds, "2023"), disclosure_of(ds, "2025"), False,
                         Selection.of(ds.units["unit_key"]))
    c = view.comparison
    assert not view.suppressed and c.wave_a == "2023" and c.wave_b == "2025"
    assert view.kind == "Fragebogen 2023 · eine Antwort · Vergleich 2023 mit 2025 · Beispieldaten"
    assert list(view.table.columns) == ["Antwort", "Anzahl 2023", "Anteil 2023", "Anzahl 2025", "Anteil 2025",
                                        "Veränderung (Prozentpunkte)"]
    assert view.export_title == f"{q['text']} – Welle 2023 und 2025"
    assert view.n_text.startswith(f"n = {c.n_a} (Welle 2023) und {c.n_b} (Welle 2025)")
    assert view.summary.startswith("„Ja“: 2023 ")
    assert view.footer == f"{view.summary} · {view.n_text} · Beispieldaten"


def test_export_source_names_the_survey_as_shown_and_marks_sample_data(two_waves):
    _, ds = two_waves
    today = dt.date(2026, 12, 3)
    old = Source.of(ds, answers_of(ds, "2023").survey)
    line = old.line(today)
    assert line.startswith(f"Quelle: Kurzbefragung der Kommunen 2023 (Beispieldaten), Umfragedaten {ds.waves[0].version.label}")
    assert line.endswith("Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023 · erstellt am 03.12.2026")
    newest = Source.of(ds)
    assert "Beispieldaten" not in newest.line(today) and ds.version not in newest.data_state
    assert newest.data_state.startswith("Gemeindedaten: Stand 31.12.2023 · Umfragedaten: ")
    assert old.steckbrief.startswith("Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023; Koordinaten: ")
    assert old.steckbrief.endswith(f"Kurzbefragung der Kommunen 2023 – Beispieldaten, Umfragedaten {ds.waves[0].version.label}")
    plain = load_dataset(DATA)
    assert Source.of(plain).line(today) == ("Quelle: Kurzbefragung der Kommunen 2023 (Beispieldaten) · Statistisches "
                                            "Landesamt Sachsen-Anhalt, Stand 31.12.2023 · erstellt am 03.12.2026")


def test_answering_counts_units_with_any_answer():
    units = pd.DataFrame({"unit_key": ["a", "b", "c"]})
    responses = pd.DataFrame({"unit_key": ["a", "a", "c"], "question_id": ["x", "y", "x"], "answer": ["1"] * 3})
    assert list(answering(units, responses)["unit_key"]) == ["a", "c"]
