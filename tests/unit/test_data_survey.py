"""Survey aggregation and small-group suppression, on small synthetic frames and on the shipped data."""
from __future__ import annotations

import itertools
import random
from pathlib import Path

import pandas as pd
import pytest

from data.loading import load_dataset
from data.model import SIZE_CLASSES
from data.survey import (MIN_GROUP, REASON_COMPLEMENT, REASON_NONE, REASON_SECONDARY, REASON_TOO_FEW,
                         answering_units, breakdown_by_size, count_answer, question_result, size_groups,
                         suppress_groups)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"

OPTIONS = ("Nein", "Ja, in Erarbeitung", "Ja")
Q = pd.Series({"id": "strategie", "type": "single", "options": OPTIONS})
MULTI = pd.Series({"id": "themen", "type": "multi", "options": ("Energie", "Verkehr", "Handel", "Keine")})


def responses_of(answers: dict[str, str | list[str]], question_id: str = "strategie") -> pd.DataFrame:
    """One row per unit and chosen option, like load_responses returns."""
    rows = []
    for unit, a in answers.items():
        for option in ([a] if isinstance(a, str) else a):
            rows.append((unit, question_id, option))
    return pd.DataFrame(rows, columns=["unit_key", "question_id", "answer"])


# 10 answering units: 3 Nein, 2 in Erarbeitung, 5 Ja
TEN = {f"u{i:02d}": a for i, a in enumerate(["Nein"] * 3 + ["Ja, in Erarbeitung"] * 2 + ["Ja"] * 5)}


@pytest.fixture
def ten() -> pd.DataFrame:
    other = responses_of({"u00": "Ja", "x99": "Ja"}, question_id="anderes")  # another question must not count
    return pd.concat([responses_of(TEN), other], ignore_index=True)


# --- question_result -----------------------------------------------------------------------------

def test_counts_and_shares_in_option_order(ten):
    r = question_result(ten, Q, None)
    assert r.question_id == "strategie"
    assert r.n == 10
    assert not r.suppressed
    assert r.reason == ""
    assert list(r.table["option"]) == list(OPTIONS)
    assert list(r.table["count"]) == [3, 2, 5]
    assert list(r.table["share"]) == pytest.approx([0.3, 0.2, 0.5])


def test_option_order_follows_question_not_frequency(ten):
    reordered = Q.copy()
    reordered["options"] = ("Ja", "Nein", "Ja, in Erarbeitung")
    r = question_result(ten, reordered, None)
    assert list(r.table["option"]) == ["Ja", "Nein", "Ja, in Erarbeitung"]
    assert list(r.table["count"]) == [5, 3, 2]


def test_unchosen_option_has_zero_count():
    r = question_result(responses_of({"a": "Ja", "b": "Ja", "c": "Nein"}), Q, None)
    assert list(r.table["count"]) == [1, 0, 2]
    assert list(r.table["share"]) == pytest.approx([1 / 3, 0.0, 2 / 3])


def test_subset_of_units(ten):
    keys = {"u00", "u01", "u03", "u05", "u06", "u07", "u08"}  # 2 Nein, 1 in Erarbeitung, 4 Ja; complement 3
    r = question_result(ten, Q, keys)
    assert (r.n, r.suppressed) == (7, False)
    assert list(r.table["count"]) == [2, 1, 4]
    assert list(r.table["share"]) == pytest.approx([2 / 7, 1 / 7, 4 / 7])


def test_units_that_did_not_answer_are_ignored(ten):
    keys = {"u00", "u01", "u02", "u03", "u04", "nicht", "geantwortet", "x99"}
    r = question_result(ten, Q, keys)
    assert r.n == 5
    assert r.table["count"].sum() == 5


@pytest.mark.parametrize("k", [1, 2])
def test_too_few(ten, k):
    r = question_result(ten, Q, set(list(TEN)[:k]))
    assert r.n == k
    assert r.suppressed
    assert r.reason == REASON_TOO_FEW
    assert len(r.table) == 0


def test_exactly_min_group_is_shown(ten):
    assert MIN_GROUP == 3
    r = question_result(ten, Q, {"u00", "u03", "u05"})
    assert (r.n, r.suppressed) == (3, False)
    assert list(r.table["count"]) == [1, 1, 1]


@pytest.mark.parametrize("k", [8, 9])
def test_complement_too_small(ten, k):
    r = question_result(ten, Q, set(list(TEN)[:k]))
    assert r.n == k
    assert r.suppressed
    assert r.reason == REASON_COMPLEMENT
    assert len(r.table) == 0


def test_complement_counts_all_answering_units_not_the_filter(ten):
    # 7 chosen + 2 units that did not answer: the complement among answering units is 3, so it is shown
    keys = set(list(TEN)[:7]) | {"nicht1", "nicht2"}
    r = question_result(ten, Q, keys)
    assert (r.n, r.suppressed) == (7, False)


def test_whole_survey_is_never_complement_suppressed(ten):
    r = question_result(ten, Q, set(TEN))
    assert (r.n, r.suppressed) == (10, False)


def test_no_answers(ten):
    r = question_result(ten, Q, {"nobody"})
    assert (r.n, r.suppressed, r.reason) == (0, True, REASON_NONE)
    empty = question_result(ten.iloc[0:0], Q, None)
    assert (empty.n, empty.suppressed, empty.reason) == (0, True, REASON_NONE)
    assert empty.table["count"].sum() == 0


def test_answering_units_and_count_answer(ten):
    assert answering_units(ten, "strategie") == set(TEN)
    assert answering_units(ten, "anderes") == {"u00", "x99"}
    assert count_answer(ten, "strategie", "Ja", set(TEN)) == (5, 10)
    assert count_answer(ten, "strategie", "Nein", {"u00", "u09", "zz"}) == (1, 2)


# --- multi-choice ------------------------------------------------------------------------------------

def test_multi_choice_counts_each_unit_once_per_option():
    r_frame = responses_of({
        "a": ["Energie", "Verkehr"],
        "b": ["Energie"],
        "c": ["Energie", "Verkehr", "Handel"],
        "d": ["Keine"],
    }, question_id="themen")
    r = question_result(r_frame, MULTI, None)
    assert r.n == 4  # units, not rows
    assert dict(zip(r.table["option"], r.table["count"])) == {"Energie": 3, "Verkehr": 2, "Handel": 1, "Keine": 1}
    assert dict(zip(r.table["option"], r.table["share"])) == pytest.approx(
        {"Energie": 0.75, "Verkehr": 0.5, "Handel": 0.25, "Keine": 0.25})
    assert r.table["share"].sum() == pytest.approx(1.75)
    assert r.table["share"].sum() > 1
    assert count_answer(r_frame, "themen", "Energie", {"a", "b", "c", "d"}) == (3, 4)


def test_multi_choice_from_file(data_dir):
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
    q = ds.questions.set_index("id").loc["mobilitaet_angebote"].copy()
    q["id"] = "mobilitaet_angebote"
    res = question_result(r, q, None)
    assert res.n == 34
    assert res.table["count"].sum() == len(r[r["question_id"] == "mobilitaet_angebote"])


# --- suppress_groups -------------------------------------------------------------------------------------

def test_nothing_hidden_when_all_groups_large():
    assert suppress_groups({"A": 3, "B": 10, "C": 50}) == {}


def test_primary_and_secondary_suppression():
    hidden = suppress_groups({"A": 1, "B": 7, "C": 4, "D": 20})
    assert hidden == {"A": REASON_TOO_FEW, "C": REASON_SECONDARY}


def test_secondary_picks_smallest_remaining_group():
    hidden = suppress_groups({"A": 2, "B": 3, "C": 3, "D": 9})
    assert hidden["A"] == REASON_TOO_FEW
    assert list(hidden.values()).count(REASON_SECONDARY) == 1
    assert {g for g, why in hidden.items() if why == REASON_SECONDARY} <= {"B", "C"}
    assert "D" not in hidden


def test_two_hidden_groups_need_no_secondary():
    assert suppress_groups({"A": 1, "B": 2, "C": 9}) == {"A": REASON_TOO_FEW, "B": REASON_TOO_FEW}


def test_two_hidden_groups_that_together_are_too_small_take_a_third_along():
    # total minus the shown groups would reveal the two single units together
    hidden = suppress_groups({"A": 1, "B": 1, "C": 9, "D": 20})
    assert hidden == {"A": REASON_TOO_FEW, "B": REASON_TOO_FEW, "C": REASON_SECONDARY}


def test_empty_groups():
    hidden = suppress_groups({"A": 0, "B": 5, "C": 6})
    assert hidden == {"A": REASON_NONE}
    hidden = suppress_groups({"A": 0, "B": 2, "C": 6})
    assert hidden == {"A": REASON_NONE, "B": REASON_TOO_FEW, "C": REASON_SECONDARY}


def test_single_hidden_group_without_candidate():
    assert suppress_groups({"A": 2, "B": 0}) == {"A": REASON_TOO_FEW, "B": REASON_NONE}


def test_hidden_groups_can_never_be_worked_out():
    """For every breakdown, the hidden groups together are empty or at least MIN_GROUP units."""
    for sizes in itertools.product([0, 1, 2, 3, 4, 7], repeat=4):
        groups = dict(zip("ABCD", sizes))
        hidden = suppress_groups(groups)
        assert all(0 < n < MIN_GROUP for g, n in groups.items() if hidden.get(g) == REASON_TOO_FEW)
        assert all(n == 0 for g, n in groups.items() if hidden.get(g) == REASON_NONE)
        assert {g for g, n in groups.items() if 0 < n < MIN_GROUP} <= set(hidden)
        together = sum(n for g, n in groups.items() if g in hidden)
        shown_total = sum(n for g, n in groups.items() if g not in hidden)
        if shown_total:  # if nothing is shown there is nothing to subtract from
            assert together == 0 or together >= MIN_GROUP, (groups, hidden)


# --- breakdown_by_size ------------------------------------------------------------------------------------

def _units(sizes: dict[str, int]) -> pd.DataFrame:
    rows = [(f"{c[:2]}{i}", c) for c in SIZE_CLASSES for i in range(sizes.get(c, 0))]
    return pd.DataFrame(rows, columns=["unit_key", "size_class"])


def test_breakdown_merges_a_small_outer_class_into_its_neighbour():
    units = _units({"Großstadt": 1, "Mittelstadt": 4, "Kleinstadt": 6, "Landgemeinde": 0})
    rng = random.Random(1)
    responses = responses_of({k: rng.choice(OPTIONS) for k in units["unit_key"]})
    b = breakdown_by_size(responses, Q, units)
    assert list(b.columns) == ["size_class", "option", "count", "share", "n", "shown", "reason"]
    assert list(dict.fromkeys(b["size_class"])) == ["Mittel- und Großstädte", "Kleinstadt", "Landgemeinde"]
    merged = b[b["size_class"] == "Mittel- und Großstädte"]
    assert merged["shown"].all() and merged["n"].tolist() == [5, 5, 5]
    expected = responses[responses["unit_key"].str.match(r"^(Gr|Mi)")]["answer"].value_counts()
    assert merged["count"].tolist() == [int(expected.get(o, 0)) for o in OPTIONS]
    assert b.loc[b["size_class"] == "Landgemeinde", "reason"].tolist() == [REASON_NONE]


def test_breakdown_hides_small_groups_without_counts():
    # Großstadt cannot merge (no Mittelstadt answered): it is hidden, and so is the next smallest group.
    units = _units({"Großstadt": 1, "Mittelstadt": 0, "Kleinstadt": 6, "Landgemeinde": 4})
    rng = random.Random(1)
    responses = responses_of({k: rng.choice(OPTIONS) for k in units["unit_key"]})
    b = breakdown_by_size(responses, Q, units)
    by = {c: b[b["size_class"] == c] for c in SIZE_CLASSES}
    assert by["Großstadt"]["reason"].tolist() == [REASON_TOO_FEW]
    assert by["Landgemeinde"]["reason"].tolist() == [REASON_SECONDARY]
    assert by["Mittelstadt"]["reason"].tolist() == [REASON_NONE]
    for c in ("Großstadt", "Mittelstadt", "Landgemeinde"):
        rows = by[c]
        assert len(rows) == 1
        assert not rows["shown"].iloc[0]
        assert rows[["option", "count", "share"]].isna().all(axis=None)
    shown = by["Kleinstadt"]
    assert shown["shown"].all()
    assert list(shown["option"]) == list(OPTIONS)
    assert shown["n"].tolist() == [6, 6, 6]
    expected = responses[responses["unit_key"].str.startswith("Kl")]["answer"].value_counts()
    assert shown["count"].tolist() == [int(expected.get(o, 0)) for o in OPTIONS]
    assert shown["share"].sum() == pytest.approx(1.0)


def test_breakdown_counts_only_units_in_filter():
    units = _units({"Mittelstadt": 5, "Kleinstadt": 5})
    answers = {k: "Ja" for k in units["unit_key"]}
    answers.update({"extra1": "Nein", "extra2": "Nein", "extra3": "Nein"})  # not in the filter
    b = breakdown_by_size(responses_of(answers), Q, units)
    shown = b[b["shown"]]
    assert set(shown["size_class"]) == {"Mittelstadt", "Kleinstadt"}
    assert shown.loc[shown["option"] == "Nein", "count"].sum() == 0
    assert shown.loc[shown["option"] == "Ja", "count"].tolist() == [5, 5]


def test_breakdown_never_exposes_hidden_counts_random():
    rng = random.Random(2023)
    for _ in range(200):
        sizes = {c: rng.choice([0, 1, 2, 3, 4, 6]) for c in SIZE_CLASSES}
        units = _units(sizes)
        responses = responses_of({k: rng.choice(OPTIONS) for k in units["unit_key"]})
        b = breakdown_by_size(responses, Q, units)
        hidden = b[~b["shown"]]
        assert hidden[["option", "count", "share"]].isna().all(axis=None)
        assert hidden.groupby("size_class").size().eq(1).all()
        group_sizes = {label: sum(sizes[c] for c in classes) for label, classes in size_groups(sizes)}
        assert set(hidden["size_class"]) == set(suppress_groups(group_sizes))
        together = int(hidden["n"].sum())
        total = question_result(responses, Q, set(units["unit_key"]))
        if not total.suppressed and b["shown"].any():
            # the filter's total minus the shown groups must not single out fewer than MIN_GROUP units
            assert together == 0 or together >= MIN_GROUP, sizes


def test_breakdown_on_shipped_data():
    ds = load_dataset(DATA)
    q = ds.questions.iloc[0]
    b = breakdown_by_size(ds.responses, q, ds.units)
    n = b.groupby("size_class", sort=False)["n"].first().to_dict()
    answered = ds.units[ds.units["answered"]].groupby("size_class").size().to_dict()
    assert answered["Großstadt"] == 2  # too few alone: merged with the Mittelstädte
    assert n == {"Mittel- und Großstädte": answered["Großstadt"] + answered["Mittelstadt"],
                 "Kleinstadt": answered["Kleinstadt"], "Landgemeinde": 0}
    hidden = b[~b["shown"]]
    assert hidden["size_class"].tolist() == ["Landgemeinde"]
    assert hidden["count"].isna().all()
    assert b[b["shown"]]["count"].notna().all()
