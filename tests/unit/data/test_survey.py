"""Survey figures on a toy state whose cells can be worked out by hand: counts and shares, multiple choice,
the size-class breakdown, and the sentence that names a larger group."""
from __future__ import annotations

import pandas as pd
import pytest

from data.disclosure import WaveDisclosure
from data.loading import load_dataset
from data.survey import breakdown_by_size, question_result
from tests.disclosure_cases import responses, toy_geography, toy_units

OPTIONS = ("Nein", "Ja, in Erarbeitung", "Ja")
MULTI_OPTIONS = ("Energie", "Verkehr", "Handel", "Keine")
QUESTIONS = pd.DataFrame({"id": ["strategie", "themen"], "type": ["single", "multi"],
                          "options": [OPTIONS, MULTI_OPTIONS], "text": ["Strategie?", "Themen?"]})
# Nord: N1 with 8 Kleinstädte and 2 Mittelstädte, N2 with 4 Kleinstädte; Süd: S1 with 6 Kleinstädte,
# 3 Mittelstädte and 1 Großstadt.
UNITS = toy_units({("N1", "Kleinstadt"): 8, ("N1", "Mittelstadt"): 2, ("N2", "Kleinstadt"): 4,
                   ("S1", "Kleinstadt"): 6, ("S1", "Mittelstadt"): 3, ("S1", "Großstadt"): 1})
GEO = toy_geography(UNITS)
# Answers: N1 Kleinstädte 1-4 (Nein, Nein, Ja, Ja), N2 Kleinstädte 1-2 (Ja, Ja), S1 Kleinstädte 1-3 (Nein, Ja,
# Erarbeitung), Mittelstädte N1-M1, S1-M1, S1-M2 (Ja, Nein, Ja), the Großstadt (Ja).
ANSWERS = {"N1-K1": "Nein", "N1-K2": "Nein", "N1-K3": "Ja", "N1-K4": "Ja", "N2-K1": "Ja", "N2-K2": "Ja",
           "S1-K1": "Nein", "S1-K2": "Ja", "S1-K3": "Ja, in Erarbeitung",
           "N1-M1": "Ja", "S1-M1": "Nein", "S1-M2": "Ja", "S1-G1": "Ja"}


@pytest.fixture
def wd() -> WaveDisclosure:
    return WaveDisclosure("2023", GEO, responses(ANSWERS), QUESTIONS)


def test_counts_and_shares_in_option_order_for_the_whole_state(wd):
    r = question_result(wd, "strategie", None)
    assert (r.n, r.suppressed, r.exact, r.note) == (13, False, True, "")
    assert list(r.table["option"]) == list(OPTIONS)
    assert list(r.table["count"]) == [4, 1, 8]
    assert list(r.table["share"]) == pytest.approx([4 / 13, 1 / 13, 8 / 13])


def test_cells_of_the_toy_state(wd):
    # Kleinstädte: N1 (4 of 8 answered) and S1 (3 of 6) on their own; N2 (2 of 4) too few: it joins the
    # smallest cell of its own region, N1. Mittel- und Großstädte (the one Großstadt joins the Mittelstädte):
    # N1 (1 of 2) and S1 (3 of 4) – N1's one answer joins S1 across the regions' border.
    cells = sorted(sorted(c) for c in wd.partition("strategie").cells)
    assert cells == sorted([
        sorted([f"N1-K{i}" for i in range(1, 9)] + [f"N2-K{i}" for i in range(1, 5)]),
        sorted(f"S1-K{i}" for i in range(1, 7)),
        sorted(["N1-M1", "N1-M2", "S1-M1", "S1-M2", "S1-M3", "S1-G1"]),
    ])


def test_a_district_with_too_few_answers_is_shown_with_its_cell_and_says_so(wd):
    r = question_result(wd, "strategie", {f"N2-K{i}" for i in range(1, 5)})
    assert not r.suppressed and not r.exact
    assert r.n == 6 and list(r.table["count"]) == [2, 0, 4]  # N1's and N2's Kleinstädte together
    assert r.scope == "Kleinstädte in der Planungsregion Nord"
    assert r.note == ("Gezeigt: Kleinstädte in der Planungsregion Nord (n = 6) – für die Auswahl allein liegen zu "
                      "wenige Antworten vor.")
    exact = question_result(wd, "strategie", {f"S1-K{i}" for i in range(1, 7)})
    assert exact.exact and exact.n == 3 and exact.note == ""


def test_breakdown_merges_the_grossstadt_and_adds_up_to_the_total(wd):
    rows = breakdown_by_size(wd, "strategie", None)
    groups = list(dict.fromkeys(rows["size_class"]))
    assert groups == ["Mittel- und Großstädte", "Kleinstädte"]
    n = rows.groupby("size_class", sort=False)["n"].first().to_dict()
    assert n == {"Mittel- und Großstädte": 4, "Kleinstädte": 9}
    ja = rows[rows["option"] == "Ja"].set_index("size_class")["count"].to_dict()
    assert ja == {"Mittel- und Großstädte": 3, "Kleinstädte": 5}
    assert rows["count"].sum() == question_result(wd, "strategie", None).table["count"].sum()


def test_breakdown_of_a_partial_selection_names_the_cells_shown(wd):
    rows = breakdown_by_size(wd, "strategie", {"N2-K1", "N1-M1"})
    labels = list(dict.fromkeys(rows["size_class"]))
    assert labels == ["Mittel- und Großstädte in ganz Sachsen-Anhalt",
                      "Kleinstädte in der Planungsregion Nord"]
    assert not rows["exact"].any()


def test_multi_choice_counts_each_unit_once_per_option():
    answers = {"N1-K1": ["Energie", "Verkehr"], "N1-K2": ["Energie"], "N1-K3": ["Energie", "Verkehr", "Handel"],
               "N1-K4": ["Keine"], "S1-K1": ["Energie"], "S1-K2": ["Handel"], "S1-K3": ["Verkehr"],
               "S1-M1": ["Energie"], "S1-M2": ["Energie"], "S1-G1": ["Verkehr"]}
    wd = WaveDisclosure("2023", GEO, responses(answers, "themen"), QUESTIONS)
    r = question_result(wd, "themen", None)
    assert r.n == 10  # units, not rows
    assert dict(zip(r.table["option"], r.table["count"])) == {"Energie": 6, "Verkehr": 4, "Handel": 2, "Keine": 1}
    assert r.table["share"].sum() == pytest.approx(1.3)


def test_a_question_nobody_may_see_is_suppressed_with_its_reason():
    wd = WaveDisclosure("2023", GEO, responses({"N1-K1": "Ja", "N1-K2": "Nein"}), QUESTIONS)
    r = question_result(wd, "strategie", None)
    assert r.suppressed and r.table.empty and "zu wenige Antworten" in r.reason
    assert breakdown_by_size(wd, "strategie", None).empty


def test_multi_choice_from_file(data_dir):
    from data.disclosure import disclosure_of

    path = data_dir / "responses.csv"
    text = path.read_text(encoding="utf-8")
    old = "15002000,mobilitaet_angebote,Parkleitsystem\n"
    assert old in text
    path.write_text(text.replace(old, "15002000,mobilitaet_angebote,Parkleitsystem|Sharing-Angebote\n"),
                    encoding="utf-8")
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    r = ds.responses
    mine = r[(r["unit_key"] == "15002000") & (r["question_id"] == "mobilitaet_angebote")]
    assert sorted(mine["answer"]) == ["Parkleitsystem", "Sharing-Angebote"]
    res = question_result(disclosure_of(ds), "mobilitaet_angebote", None)
    assert res.n == 34
    assert res.table["count"].sum() == len(r[r["question_id"] == "mobilitaet_angebote"])
