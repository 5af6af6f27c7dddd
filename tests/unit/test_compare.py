"""Survey waves compared: shares, changes in percentage points, suppression, both_only, one unit's history."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.compare import (BACK, CHANGED, FORWARD, NOT_COMPARABLE, REASON_ONE_WAVE, UNCHANGED, WaveSelection,
                          comparison_dataset, compare_by_size, compare_question, focus_option, movement, parse_wave_params,
                          unit_development, wave_dataset, waves_answered)
from data.survey import REASON_COMPLEMENT, REASON_NONE, REASON_SECONDARY, REASON_TOO_FEW

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"

OPTIONS = ("Nein", "Ja, in Erarbeitung", "Ja")
Q = pd.Series({"id": "strategie", "type": "single", "options": OPTIONS, "text": "Strategie?"})
MULTI = pd.Series({"id": "themen", "type": "multi", "options": ("Energie", "Verkehr", "Handel", "Keine"),
                   "text": "Themen?"})
E = "Ja, in Erarbeitung"


def responses_of(answers: dict[str, str | list[str]], question_id: str = "strategie") -> pd.DataFrame:
    rows = []
    for unit, a in answers.items():
        for option in ([a] if isinstance(a, str) else a):
            rows.append((unit, question_id, option))
    return pd.DataFrame(rows, columns=["unit_key", "question_id", "answer"])


# u1..u4 answered in both waves; u5, u6, u11, u12 only in A; u7..u10 only in B.
WAVE_A = {"u1": "Nein", "u2": "Nein", "u3": E, "u4": "Ja", "u5": "Ja", "u6": "Nein", "u11": "Ja", "u12": E}
WAVE_B = {"u1": E, "u2": "Nein", "u3": "Ja", "u4": "Ja", "u7": "Ja", "u8": "Nein", "u9": "Ja", "u10": E}


@pytest.fixture
def waves() -> tuple[pd.DataFrame, pd.DataFrame]:
    other = responses_of({"u1": "Ja", "u99": "Ja"}, question_id="anderes")  # another question must not count
    return (pd.concat([responses_of(WAVE_A), other], ignore_index=True),
            pd.concat([responses_of(WAVE_B), other], ignore_index=True))


# --- compare_question ------------------------------------------------------------------------------

def test_shares_per_wave_and_change_in_points(waves):
    c = compare_question(*waves, Q, wave_a="2023", wave_b="2025")
    assert not c.suppressed and c.reason == ""
    assert (c.wave_a, c.wave_b) == ("2023", "2025")
    assert (c.n_a, c.n_b, c.n_both) == (8, 8, 4)
    assert list(c.table["option"]) == list(OPTIONS)
    # A: Nein 3, Erarbeitung 2, Ja 3 of 8. B: Nein 2, Erarbeitung 2, Ja 4 of 8.
    assert list(c.table["count_a"]) == [3, 2, 3]
    assert list(c.table["count_b"]) == [2, 2, 4]
    assert list(c.table["share_a"]) == pytest.approx([0.375, 0.25, 0.375])
    assert list(c.table["share_b"]) == pytest.approx([0.25, 0.25, 0.5])
    assert list(c.table["change_pp"]) == pytest.approx([-12.5, 0.0, 12.5])


def test_both_only_counts_units_that_answered_in_both_waves(waves):
    c = compare_question(*waves, Q, both_only=True)
    assert not c.suppressed
    assert (c.n_a, c.n_b, c.n_both) == (4, 4, 4)
    # u1..u4: A Nein, Nein, Erarbeitung, Ja; B Erarbeitung, Nein, Ja, Ja.
    assert list(c.table["count_a"]) == [2, 1, 1]
    assert list(c.table["count_b"]) == [1, 1, 2]
    assert list(c.table["change_pp"]) == pytest.approx([-25.0, 0.0, 25.0])


def test_both_only_is_hidden_when_one_or_two_units_answered_in_one_wave_only(waves):
    # In the selection, u5 answered in 2023 only; u6, u11 and u12 (also 2023 only) are outside it.
    selection = {"u1", "u2", "u3", "u4", "u5", "u7", "u8", "u9", "u10"}
    shown = compare_question(*waves, Q, unit_keys=selection, wave_a="2023", wave_b="2025")
    assert not shown.suppressed and (shown.n_a, shown.n_b) == (5, 8)
    hidden = compare_question(*waves, Q, unit_keys=selection, both_only=True, wave_a="2023", wave_b="2025")
    assert hidden.suppressed and hidden.table.empty
    assert hidden.reason == f"Welle 2023: {REASON_ONE_WAVE}"
    assert hidden.n_both == 4


def test_both_only_without_selection_hides_one_or_two_units_of_one_wave(waves):
    a, b = waves
    a = a[~a["unit_key"].isin(["u11", "u12"])]  # now only u5 and u6 answered in 2023 alone
    assert not compare_question(a, b, Q).suppressed
    hidden = compare_question(a, b, Q, both_only=True, wave_a="2023", wave_b="2025")
    assert hidden.suppressed and hidden.reason == f"Welle 2023: {REASON_ONE_WAVE}"
    # When the restriction removes nobody of the selection, the complement rule speaks for itself.
    a = a[a["unit_key"] != "u6"]  # 2023: u1..u4 and u5; the selection leaves u5 out
    c = compare_question(a, b, Q, unit_keys=set(WAVE_B), both_only=True, wave_a="2023", wave_b="2025")
    assert c.suppressed and c.reason == f"Welle 2023: {REASON_COMPLEMENT}"


def test_selection_restricts_both_waves(waves):
    c = compare_question(*waves, Q, unit_keys={"u1", "u2", "u3", "u4", "u5", "u7", "u8", "u9", "u10",
                                                "u6", "u11", "u12"})
    assert (c.n_a, c.n_b) == (8, 8)
    c = compare_question(*waves, Q, unit_keys={"u1", "u2", "u3", "u4", "u7", "u8", "u9", "u10"})
    # A: only u1..u4 of the selection answered, and the 4 outside keep the complement large enough.
    assert (c.n_a, c.n_b) == (4, 8)
    assert list(c.table["count_a"]) == [2, 1, 1]
    assert list(c.table["change_pp"]) == pytest.approx([-25.0, 0.0, 25.0])


def test_a_small_group_in_either_wave_hides_the_comparison(waves):
    c = compare_question(*waves, Q, unit_keys={"u1", "u2", "u7", "u8", "u9"}, wave_a="2023", wave_b="2025")
    assert c.suppressed and c.table.empty
    assert c.reason == f"Welle 2023: {REASON_TOO_FEW}"
    assert (c.n_a, c.n_b) == (2, 5)


def test_complement_rule_applies_per_wave(waves):
    everyone_but_two = set(WAVE_A) - {"u11", "u12"} | set(WAVE_B)
    c = compare_question(*waves, Q, unit_keys=everyone_but_two, wave_a="2023", wave_b="2025")
    assert c.suppressed
    assert c.reason == f"Welle 2023: {REASON_COMPLEMENT}"


def test_a_question_missing_in_one_wave_is_not_compared(waves):
    a, b = waves
    c = compare_question(a, b[b["question_id"] != "strategie"], Q, wave_a="2023", wave_b="2025")
    assert c.suppressed and c.reason == f"Welle 2025: {REASON_NONE}"


def test_multiple_choice_shares_are_per_unit_and_focus_on_the_largest_change():
    a = responses_of({"a": ["Energie", "Verkehr"], "b": ["Energie"], "c": ["Keine"], "d": ["Energie", "Handel"]},
                     "themen")
    b = responses_of({"a": ["Energie", "Verkehr", "Handel"], "b": ["Verkehr"], "c": ["Verkehr"],
                      "d": ["Energie", "Handel"]}, "themen")
    c = compare_question(a, b, MULTI)
    assert list(c.table["count_a"]) == [3, 1, 1, 1]
    assert list(c.table["count_b"]) == [2, 3, 2, 0]
    assert list(c.table["change_pp"]) == pytest.approx([-25.0, 50.0, 25.0, -25.0])
    assert focus_option(c, "multi") == 1  # Verkehr: +50 points
    single = compare_question(*[responses_of(WAVE_A), responses_of(WAVE_B)], Q)
    assert focus_option(single, "single") == 2  # the most advanced option, "Ja"


# --- compare_by_size -------------------------------------------------------------------------------

def units_of(classes: dict[str, list[str]]) -> pd.DataFrame:
    return pd.DataFrame([(u, c) for c, us in classes.items() for u in us], columns=["unit_key", "size_class"])


SIZES = units_of({"Mittelstadt": ["m1", "m2", "m3", "m4"], "Kleinstadt": ["k1", "k2", "k3", "k4", "k5"],
                  "Landgemeinde": ["l1", "l2", "l3"]})
SIZE_A = {"m1": "Ja", "m2": "Ja", "m3": "Nein", "m4": "Nein", "k1": "Nein", "k2": "Nein", "k3": "Ja", "k4": "Ja",
          "k5": E, "l1": "Nein", "l2": "Nein", "l3": "Ja"}
SIZE_B = {"m1": "Ja", "m2": "Ja", "k1": "Ja", "k2": "Nein", "k3": "Ja", "k4": "Ja", "k5": "Ja", "l1": "Ja",
          "l2": "Nein", "l3": "Ja"}


def rows(table: pd.DataFrame, label: str) -> pd.DataFrame:
    return table[table["size_class"] == label]


def test_by_size_shows_change_per_class_and_hides_a_class_small_in_one_wave():
    t = compare_by_size(responses_of(SIZE_A), responses_of(SIZE_B), Q, SIZES, wave_a="2023", wave_b="2025")
    assert list(dict.fromkeys(t["size_class"])) == ["Großstadt", "Mittelstadt", "Kleinstadt", "Landgemeinde"]
    klein = rows(t, "Kleinstadt")
    assert klein["shown"].all() and list(klein["n_a"]) == [5] * 3 and list(klein["n_b"]) == [5] * 3
    # A: Nein 2, Erarbeitung 1, Ja 2 of 5; B: Nein 1, Erarbeitung 0, Ja 4 of 5.
    assert list(klein["share_a"]) == pytest.approx([0.4, 0.2, 0.4])
    assert list(klein["share_b"]) == pytest.approx([0.2, 0.0, 0.8])
    assert list(klein["change_pp"]) == pytest.approx([-20.0, -20.0, 40.0])
    mittel = rows(t, "Mittelstadt").iloc[0]
    assert not mittel["shown"] and (mittel["n_a"], mittel["n_b"]) == (4, 2)
    assert mittel["reason"] == f"Welle 2025: {REASON_TOO_FEW}" and pd.isna(mittel["share_a"])
    # 2 hidden units in 2025 could be worked out from the total: the next smallest class goes too.
    land = rows(t, "Landgemeinde").iloc[0]
    assert not land["shown"] and land["reason"] == f"Welle 2025: {REASON_SECONDARY}" and pd.isna(land["change_pp"])
    gross = rows(t, "Großstadt").iloc[0]
    assert not gross["shown"] and gross["reason"] == f"Welle 2023: {REASON_NONE}; Welle 2025: {REASON_NONE}"


def test_by_size_merges_a_class_that_is_small_in_either_wave():
    a = {k: v for k, v in SIZE_A.items() if k not in ("l3",)}  # Landgemeinde: 2 in 2023, 3 in 2025
    b = {**SIZE_B, "m3": "Nein", "m4": "Ja"}
    t = compare_by_size(responses_of(a), responses_of(b), Q, SIZES)
    assert list(dict.fromkeys(t["size_class"])) == ["Großstadt", "Mittelstadt", "Kleinstädte und Landgemeinden"]
    merged = rows(t, "Kleinstädte und Landgemeinden")
    assert merged["shown"].all()
    assert (merged["n_a"].iloc[0], merged["n_b"].iloc[0]) == (7, 8)
    # A: k1 k2 l1 l2 Nein, k5 Erarbeitung, k3 k4 Ja; B: k2 l2 Nein, the other six Ja.
    assert list(merged["count_a"]) == [4, 1, 2]
    assert list(merged["count_b"]) == [2, 0, 6]
    assert list(merged["change_pp"]) == pytest.approx([2 / 8 * 100 - 4 / 7 * 100, -1 / 7 * 100,
                                                       6 / 8 * 100 - 2 / 7 * 100])
    mittel = rows(t, "Mittelstadt")
    assert mittel["shown"].all() and list(mittel["change_pp"]) == pytest.approx([-25.0, 0.0, 25.0])


def test_by_size_both_only_hides_a_class_with_one_unit_in_one_wave_only():
    a = {**SIZE_A}
    b = {**SIZE_B, "m3": "Ja", "m4": "Ja"}  # every unit answered both waves ...
    b.pop("k5")  # ... except k5 (Kleinstadt), in 2023 only
    t = compare_by_size(responses_of(a), responses_of(b), Q, SIZES, both_only=True, wave_a="2023", wave_b="2025")
    klein = rows(t, "Kleinstadt").iloc[0]
    assert not klein["shown"] and klein["reason"] == f"Welle 2023: {REASON_ONE_WAVE}"
    assert (klein["n_a"], klein["n_b"]) == (4, 4)
    assert rows(t, "Mittelstadt")["shown"].all() and rows(t, "Landgemeinde")["shown"].all()
    land = rows(t, "Landgemeinde")
    assert list(land["change_pp"]) == pytest.approx([100 / 3 - 200 / 3, 0.0, 200 / 3 - 100 / 3])
    without = compare_by_size(responses_of(a), responses_of(b), Q, SIZES, both_only=False)
    assert rows(without, "Kleinstadt")["shown"].all()  # without the restriction nothing is derivable


# --- one unit over the waves -----------------------------------------------------------------------

def test_movement_of_single_and_multiple_choice_answers():
    assert movement(Q, ("Nein",), (E,)) == FORWARD
    assert movement(Q, ("Ja",), ("Nein",)) == BACK
    assert movement(Q, ("Ja",), ("Ja",)) == UNCHANGED
    assert movement(Q, (), ("Ja",)) == NOT_COMPARABLE
    assert movement(MULTI, ("Energie", "Verkehr"), ("Verkehr", "Energie")) == UNCHANGED
    assert movement(MULTI, ("Energie",), ("Energie", "Handel")) == CHANGED


QUESTIONS = pd.DataFrame([
    {"id": "strategie", "order": 1, "type": "single", "text": "Strategie?", "options": OPTIONS},
    {"id": "themen", "order": 2, "type": "multi", "text": "Themen?", "options": MULTI["options"]},
    {"id": "neu", "order": 3, "type": "single", "text": "Neu?", "options": ("Nein", "Ja")},
])


def test_unit_development_across_three_waves():
    w1 = pd.concat([responses_of({"x": "Nein", "y": "Ja"}), responses_of({"x": ["Handel", "Energie"]}, "themen")])
    w2 = responses_of({"y": "Ja"})  # x did not take part
    w3 = pd.concat([responses_of({"x": "Ja", "y": E}), responses_of({"x": ["Energie", "Handel"]}, "themen"),
                    responses_of({"x": "Ja"}, "neu")])
    waves = [("2023", w1), ("2024", w2), ("2025", w3)]
    assert waves_answered("x", waves) == ["2023", "2025"]
    dev = unit_development("x", [w for w in waves if w[0] in ("2023", "2025")], QUESTIONS)
    assert [d.question_id for d in dev] == ["strategie", "themen", "neu"]
    assert dev[0].answers == (("Nein",), ("Ja",)) and dev[0].change == FORWARD
    assert dev[1].answers == (("Energie", "Handel"), ("Energie", "Handel")) and dev[1].change == UNCHANGED
    assert dev[2].answers == ((), ("Ja",)) and dev[2].change == NOT_COMPARABLE
    y = unit_development("y", waves, QUESTIONS)
    assert [d.question_id for d in y] == ["strategie"]
    assert y[0].answers == (("Ja",), ("Ja",), (E,)) and y[0].change == BACK  # first answer to last


# --- selection and URL -----------------------------------------------------------------------------

def test_wave_selection_from_and_to_the_url():
    keys = ["2023", "2025"]
    assert parse_wave_params({}, keys) == WaveSelection(wave="2025")
    assert parse_wave_params({"welle": "2023"}, keys) == WaveSelection(wave="2023")
    assert parse_wave_params({"welle": ["1999"]}, keys) == WaveSelection(wave="2025")
    assert parse_wave_params({"vergleich": ["2023", "2025"], "beide": "ja"}, keys) == WaveSelection(
        a="2023", b="2025", both_only=True)
    assert parse_wave_params({"vergleich": ["2025", "<b>", "2023"]}, keys) == WaveSelection(a="2025", b="2023")
    assert parse_wave_params({"vergleich": "2023"}, keys) == WaveSelection(a="2023", b="2025")
    for sel in (WaveSelection(wave="2023"), WaveSelection(a="2023", b="2025", both_only=True),
                WaveSelection(a="2025", b="2023")):
        assert parse_wave_params(sel.to_query_params("2025"), keys) == sel
    assert WaveSelection(wave="2025").to_query_params("2025") == {}
    assert WaveSelection(a="2023", b="2025", both_only=True).to_query_params("2025") == {
        "vergleich": ["2023", "2025"], "beide": ["ja"]}


def test_wave_dataset_shows_an_older_wave_without_touching_the_dataset():
    from data.loading import load_dataset
    from data.store import open_store, url_from_env
    from data.waves import attach_store

    store = open_store(url_from_env(DATA))  # a private test store (tests/conftest.py)
    plain = load_dataset(DATA)
    first = attach_store(plain, store, (DATA / "responses.csv").read_bytes())
    newer = first.responses[first.responses["unit_key"] != first.responses["unit_key"].iloc[0]]
    store.add_version("2025", newer, created_by="Test", action="import", file_name="welle2025.csv", checksum="x")
    ds = attach_store(plain, store, (DATA / "responses.csv").read_bytes())
    assert [w.key for w in ds.waves] == ["2023", "2025"]
    assert wave_dataset(ds, "2025") is ds
    old = wave_dataset(ds, "2023")
    assert old.responses is ds.waves[0].responses
    assert old.sample_data is True and ds.sample_data is False  # an import is not sample data
    assert old.survey["wave"] == 2023 and old.version != ds.version
    assert int(old.units["answered"].sum()) == first.responses["unit_key"].nunique()
    assert int(ds.units["answered"].sum()) == first.responses["unit_key"].nunique() - 1
    both = comparison_dataset(ds, "2023", "2025")
    assert both.survey["wave"] == "2023 und 2025" and both.sample_data is True  # 2023 is sample data
    assert both.survey["store_version"] == f"{ds.waves[0].version.label} und {ds.waves[1].version.label}"
    assert int(both.units["answered"].sum()) == first.responses["unit_key"].nunique()  # either wave
    assert both.version not in (ds.version, old.version) and both.responses is ds.responses
