"""Survey waves compared: shares, changes in percentage points, suppression, both_only, one unit's history."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.compare import (
    BACK,
    CHANGED,
    FORWARD,
    NOT_COMPARABLE,
    REASON_NONE_IN_BOTH,
    UNCHANGED,
    compare_by_size,
    compare_question,
    focus_option,
    movement,
    unit_development,
    waves_answered,
)
from data.disclosure import REASON_BOTH, REASON_STATE, WaveDisclosure
from tests.disclosure_cases import toy_geography, toy_units

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"

OPTIONS = ("Nein", "Ja, in Erarbeitung", "Ja")
Q = pd.Series({"id": "strategie", "type": "single", "options": OPTIONS, "text": "Strategie?"})
MULTI = pd.Series({"id": "themen", "type": "multi", "options": ("Energie", "Verkehr", "Handel", "Keine"),
                   "text": "Themen?"})
QUESTIONS = pd.DataFrame([Q, MULTI])
E = "Ja, in Erarbeitung"


def responses_of(answers: dict[str, str | list[str]], question_id: str = "strategie") -> pd.DataFrame:
    rows = []
    for unit, a in answers.items():
        for option in ([a] if isinstance(a, str) else a):
            rows.append((unit, question_id, option))
    return pd.DataFrame(rows, columns=["unit_key", "question_id", "answer"])


# A toy state: Nord (district N1: 6 Kleinstädte), Süd (S1: 6 Kleinstädte, 4 Mittelstädte).
GEO = toy_geography(toy_units({("N1", "Kleinstadt"): 6, ("S1", "Kleinstadt"): 6, ("S1", "Mittelstadt"): 4}),
                    [("Nord", ["N1"], ["Süd"]), ("Süd", ["S1"], ["Nord"])])
# Cells in both waves: N1's Kleinstädte (4 of 6 answered), S1's Kleinstädte (3 of 6), S1's Mittelstädte (3 of 4).
# In both waves: N1-K1..K4 and S1-M1..M3; S1-K1..K3 only in 2023, S1-K4..K6 only in 2025 – three each.
WAVE_A = {"N1-K1": "Nein", "N1-K2": "Nein", "N1-K3": "Ja", "N1-K4": "Ja", "S1-K1": "Nein", "S1-K2": "Ja",
          "S1-K3": E, "S1-M1": "Ja", "S1-M2": "Nein", "S1-M3": "Ja"}
WAVE_B = {"N1-K1": "Ja", "N1-K2": "Nein", "N1-K3": "Ja", "N1-K4": "Ja", "S1-K4": "Ja", "S1-K5": "Nein",
          "S1-K6": "Ja", "S1-M1": "Ja", "S1-M2": "Ja", "S1-M3": "Ja"}


def waves_of(a: dict, b: dict, question_id: str = "strategie") -> tuple[WaveDisclosure, WaveDisclosure]:
    return (WaveDisclosure("2023", GEO, responses_of(a, question_id), QUESTIONS),
            WaveDisclosure("2025", GEO, responses_of(b, question_id), QUESTIONS))


@pytest.fixture
def waves() -> tuple[WaveDisclosure, WaveDisclosure]:
    return waves_of(WAVE_A, WAVE_B)


# --- compare_question ------------------------------------------------------------------------------

def test_shares_per_wave_and_change_in_points(waves):
    c = compare_question(*waves, Q)
    assert not c.suppressed and c.reason == "" and c.notes == ()
    assert (c.wave_a, c.wave_b) == ("2023", "2025")
    assert (c.n_a, c.n_b, c.n_both) == (10, 10, 7)
    assert list(c.table["option"]) == list(OPTIONS)
    # A: Nein 4, Erarbeitung 1, Ja 5 of 10. B: Nein 2, Erarbeitung 0, Ja 8 of 10.
    assert list(c.table["count_a"]) == [4, 1, 5]
    assert list(c.table["count_b"]) == [2, 0, 8]
    assert list(c.table["change_pp"]) == pytest.approx([-20.0, -10.0, 30.0])


def test_both_only_counts_units_that_answered_in_both_waves(waves):
    c = compare_question(*waves, Q, both_only=True)
    assert not c.suppressed and c.both_only
    assert (c.n_a, c.n_b, c.n_both) == (7, 7, 7)
    # N1-K1..K4 and S1-M1..M3. A: Nein 3, Ja 4; B: Nein 1, Ja 6.
    assert list(c.table["count_a"]) == [3, 0, 4]
    assert list(c.table["count_b"]) == [1, 0, 6]


def test_both_only_is_hidden_when_one_or_two_units_answered_in_one_wave_only():
    # S1-K1 answers again in 2025: in S1's Kleinstädte one unit answered in both waves, two only in 2023.
    da, db = waves_of(WAVE_A, {**WAVE_B, "S1-K1": "Ja"})
    c = compare_question(da, db, Q, both_only=True)
    assert c.suppressed and c.reason == REASON_BOTH and c.table.empty
    plain = compare_question(da, db, Q)
    assert not plain.suppressed and plain.n_both is None  # "davon … in beiden Wellen" would give them away too
    north = compare_question(da, db, Q, {f"N1-K{i}" for i in range(1, 7)}, both_only=True)
    assert not north.suppressed and north.n_a == 4  # Nord alone is unaffected


def test_a_selection_is_compared_on_each_waves_cover(waves):
    c = compare_question(*waves, Q, {"S1-K2"} | {f"N1-K{i}" for i in range(1, 7)})
    assert (c.n_a, c.n_b) == (7, 7)  # N1's and S1's small towns: S1-K2 alone cannot be shown
    assert len(c.notes) == 2 and all("Gezeigt: Kleinstädte" in n for n in c.notes)
    assert c.notes[0].startswith("Welle 2023: ") and c.notes[1].startswith("Welle 2025: ")


def test_a_question_missing_in_one_wave_is_not_compared(waves):
    da, _ = waves
    db = WaveDisclosure("2025", GEO, responses_of(WAVE_B, "themen"), QUESTIONS)
    c = compare_question(da, db, Q)
    assert c.suppressed and c.reason == f"Welle 2025: {REASON_STATE}"


def test_multiple_choice_shares_are_per_unit_and_focus_on_the_largest_change():
    a = {"N1-K1": ["Energie", "Verkehr"], "N1-K2": ["Energie"], "N1-K3": ["Keine"], "N1-K4": ["Energie", "Handel"]}
    b = {"N1-K1": ["Energie", "Verkehr", "Handel"], "N1-K2": ["Verkehr"], "N1-K3": ["Verkehr"],
         "N1-K4": ["Energie", "Handel"]}
    da, db = waves_of(a, b, "themen")
    c = compare_question(da, db, MULTI)
    assert list(c.table["count_a"]) == [3, 1, 1, 1]
    assert list(c.table["count_b"]) == [2, 3, 2, 0]
    assert list(c.table["change_pp"]) == pytest.approx([-25.0, 50.0, 25.0, -25.0])
    assert focus_option(c, "multi") == 1  # Verkehr: +50 points
    single = compare_question(*waves_of(WAVE_A, WAVE_B), Q)
    assert focus_option(single, "single") == 2  # the most advanced option, "Ja"


# --- compare_by_size -------------------------------------------------------------------------------

def rows(table: pd.DataFrame, label: str) -> pd.DataFrame:
    return table[table["size_class"] == label]


def test_by_size_shows_change_per_group(waves):
    t = compare_by_size(*waves, Q)
    assert list(dict.fromkeys(t["size_class"])) == ["Mittelstädte", "Kleinstädte"]
    klein = rows(t, "Kleinstädte")
    assert klein["shown"].all() and list(klein["n_a"]) == [7] * 3 and list(klein["n_b"]) == [7] * 3
    # A: Nein 3, Erarbeitung 1, Ja 3 of 7; B: Nein 2, Ja 5 of 7.
    assert list(klein["count_a"]) == [3, 1, 3] and list(klein["count_b"]) == [2, 0, 5]
    mittel = rows(t, "Mittelstädte")
    assert list(mittel["change_pp"]) == pytest.approx([-100 / 3, 0.0, 100 / 3])


def test_by_size_both_only_hides_a_group_with_one_or_two_units_in_one_wave_only():
    da, db = waves_of(WAVE_A, {**WAVE_B, "S1-K1": "Ja"})
    t = compare_by_size(da, db, Q, both_only=True)
    klein = rows(t, "Kleinstädte").iloc[0]
    assert not klein["shown"] and klein["reason"] == REASON_BOTH and pd.isna(klein["share_a"])
    mittel = rows(t, "Mittelstädte")
    assert mittel["shown"].all() and list(mittel["n_a"]) == [3] * 3
    assert list(mittel["count_a"]) == [1, 0, 2] and list(mittel["count_b"]) == [0, 0, 3]


def test_by_size_both_only_says_when_nobody_of_a_group_answered_twice():
    a = {k: v for k, v in WAVE_A.items() if not k.startswith("N1")}
    b = {k: v for k, v in WAVE_B.items() if not k.startswith("N1")} | {"S1-K1": "Ja", "S1-K2": "Ja", "S1-K3": "Ja"}
    b = {k: v for k, v in b.items() if k not in ("S1-K4", "S1-K5", "S1-K6")}
    b |= {"N1-K1": "Ja", "N1-K2": "Ja", "N1-K3": "Nein"}  # N1: 2025 only, three units
    a |= {"N1-K4": "Ja", "N1-K5": "Nein", "N1-K6": "Ja"}  # N1: 2023 only, three others
    da, db = waves_of(a, b)
    t = compare_by_size(da, db, Q, {f"N1-K{i}" for i in range(1, 7)}, both_only=True)
    klein = rows(t, "Kleinstädte").iloc[0]
    assert not klein["shown"] and klein["reason"] == REASON_NONE_IN_BOTH


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
