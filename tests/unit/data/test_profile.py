"""The municipality profile: search, facts, peers (public figures), named partners, recommendations."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.baukasten import Block, Catalogue, Condition
from data.disclosure import WaveDisclosure, geography_of
from data.loading import load_dataset
from data.model import haversine_km
from data.profile import (
    MAX_QUERY,
    answers_of,
    facts,
    further_along,
    nearby_workshops,
    normalise,
    peer_groups,
    recommendations,
    search,
    search_entries,
    units_doing,
)

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def ds():
    return load_dataset(REPO / "data")


@pytest.fixture(scope="module")
def entries(ds):
    return search_entries(ds.municipalities, ds.units)


@pytest.mark.parametrize("query,expected", [
    ("Weissenfels", "Weißenfels"), ("weißenfels", "Weißenfels"), ("WEISSENFELS", "Weißenfels"),
    ("Wittenberg", "Lutherstadt Wittenberg"), ("Lutherstadt Wittenberg", "Lutherstadt Wittenberg"),
    ("Eisleben", "Lutherstadt Eisleben"), ("Stendal", "Stendal"), ("Hansestadt Stendal", "Stendal"),
    ("Schoenebeck", "Schönebeck (Elbe)"), ("Schönebeck", "Schönebeck (Elbe)"), ("Stassfurt", "Staßfurt"),
    ("Magdebrug", "Magdeburg"), ("Halle", "Halle (Saale)"),
])
def test_search_tolerates_umlauts_prefixes_and_typos(entries, query, expected):
    assert search(query, entries)[0].label == expected


def test_search_finds_verbandsgemeinden_and_leads_members_to_their_vg(entries):
    vg = search("An der Finne", entries)[0]
    assert vg.unit_key == "150845051" and vg.note == ""
    goldbeck = search("Goldbeck", entries)[0]
    assert goldbeck.label == "Goldbeck"
    assert goldbeck.unit_key == "150905051"
    assert goldbeck.note == "gehört zur Verbandsgemeinde Arneburg-Goldbeck"


def test_search_finds_every_unit_and_municipality_by_its_own_name(ds, entries):
    for name, key in zip(ds.units["name"], ds.units["unit_key"]):
        assert key in {m.unit_key for m in search(name, entries)}, name
    for name, key in zip(ds.municipalities["name"], ds.municipalities["unit_key"]):
        assert key in {m.unit_key for m in search(name, entries)}, name


def test_empty_and_unknown_queries_find_nothing(entries):
    assert search("   ", entries) == []
    assert search("Xyzzyhausen", entries) == []


def test_only_the_first_characters_of_a_query_count(entries):
    assert [m.label for m in search("Barleben" + " " * MAX_QUERY + "Magdeburg", entries)][:1] == ["Barleben"]
    assert search("Barleben Magdeburg", entries) == []  # the part cut off would have changed the answer


def test_normalise():
    assert normalise("Lutherstadt Wittenberg") == "wittenberg"
    assert normalise("Verbandsgemeinde An der Finne") == "an der finne"
    assert normalise("Köthen (Anhalt)") == normalise("Koethen Anhalt") == "kothen anhalt"


def test_facts_of_barleben_and_a_verbandsgemeinde(ds):
    f = facts("15083040", ds.units, ds.municipalities)
    assert (f.name, f.district_name, f.population, f.size_class, f.members) == ("Barleben", "Börde", 9238, "Kleinstadt", ())
    assert f.density == pytest.approx(9238 / 29.85)
    assert f.registered
    vg = facts("150845051", ds.units, ds.municipalities)
    members = ds.municipalities[ds.municipalities["vg_key"] == "150845051"]
    assert vg.kind == "Verbandsgemeinde" and len(vg.members) == len(members) == 7
    assert vg.population == int(members["population"].sum())
    assert facts("99999999", ds.units, ds.municipalities) is None


def test_nearby_workshops_are_sorted_by_distance(ds):
    f = facts("15083040", ds.units, ds.municipalities)
    near = nearby_workshops(f, ds.workshops)
    assert near.iloc[0]["venue"] == "Barleben" and near.iloc[0]["km"] == pytest.approx(0, abs=0.01)
    assert list(near["km"]) == sorted(near["km"])


def _units(spec):
    rows = []
    for key, size, district in spec:
        rows.append({"unit_key": key, "name": key, "kind": "Gemeinde", "district_key": district,
                     "district_name": "Kreis " + district, "population": 10000, "area_km2": 10.0, "lat": 52.0,
                     "lon": 11.5 + len(rows) * 0.1, "members": 1, "size_class": size, "registered": True,
                     "answered": True})
    return pd.DataFrame(rows)


Q = pd.Series({"id": "q", "type": "single", "options": ("Nein", "Teilweise", "Ja"), "text": "Frage?"})


def test_peer_groups_are_the_public_figures_of_size_class_district_and_state(ds):
    wd = WaveDisclosure("2023", geography_of(ds), ds.responses, ds.questions)
    groups = peer_groups(wd, "15083040", "digitalstrategie", ds.units)  # Barleben, a Kleinstadt in Börde
    assert [g.label for g in groups] == ["Kleinstädte", "Landkreis Börde", "Sachsen-Anhalt"]
    for g, members in zip(groups, [ds.units.loc[ds.units["size_class"] == "Kleinstadt", "unit_key"],
                                   ds.units.loc[ds.units["district_key"] == "15083", "unit_key"],
                                   ds.units["unit_key"]]):
        figure = wd.figure("digitalstrategie", set(members))
        assert g.n == figure.n and list(g.table["count"]) == list(figure.table["count"])
        # the unit itself is counted: a figure without it beside the public one would give its answer away
        assert "15083040" in figure.scope.units
    assert groups[2].n == 34 and groups[1].n == 4 and not groups[1].note


def test_a_peer_group_too_small_on_its_own_names_the_larger_group(ds):
    wd = WaveDisclosure("2023", geography_of(ds), ds.responses, ds.questions)
    groups = {g.label: g for g in peer_groups(wd, "15002000", "digitalstrategie", ds.units)}  # Halle
    assert set(groups) == {"Großstädte", "Halle (Saale)", "Sachsen-Anhalt"}
    assert groups["Halle (Saale)"].note.startswith("Halle (Saale): gezeigt werden Mittel- und Großstädte in der "
                                                    "Planungsregion Halle")
    assert all(g.table is not None and g.n >= 3 for g in groups.values())


def test_further_along_lists_named_units_of_the_same_size_class_ahead_nearest_first():
    units = _units([("me", "Kleinstadt", "1"), ("far", "Kleinstadt", "1"), ("near", "Kleinstadt", "1"),
                    ("same", "Kleinstadt", "1"), ("big", "Mittelstadt", "1"), ("hidden", "Kleinstadt", "1")])
    units.loc[units["unit_key"] == "near", "lon"] = 11.55
    units.loc[units["unit_key"] == "far", "lon"] = 13.0
    responses = pd.DataFrame({"unit_key": ["me", "far", "near", "same", "big", "hidden"], "question_id": "q",
                              "answer": ["Teilweise", "Ja", "Ja", "Teilweise", "Ja", "Ja"]})
    named = frozenset({"me", "far", "near", "same", "big"})  # "hidden" did not agree to be named
    out = further_along("me", Q, units, responses, named, ("Teilweise",))
    assert list(out["unit_key"]) == ["near", "far"]
    assert out["km"].iloc[0] == pytest.approx(haversine_km(52.0, 11.5, 52.0, 11.55))
    assert further_along("me", Q, units, responses, frozenset(), ("Teilweise",)).empty


def test_further_along_without_the_own_answer_never_depends_on_it():
    units = _units([("me", "Kleinstadt", "1"), ("x", "Kleinstadt", "1"), ("y", "Kleinstadt", "1"),
                    ("z", "Kleinstadt", "1")])
    for mine in ("Nein", "Teilweise", "Ja"):
        responses = pd.DataFrame({"unit_key": ["me", "x", "y", "z"], "question_id": "q",
                                  "answer": [mine, "Nein", "Teilweise", "Ja"]})
        # the viewer may not see "me"'s answer: everyone named past the first step, whatever "me" answered
        out = further_along("me", Q, units, responses, frozenset({"x", "y", "z"}), None)
        assert list(out["unit_key"]) == ["y", "z"]


BLOCK = Block("strategie", "Digitalstrategie erarbeiten", "b", "Strategie und Organisation", ("Kommune",),
              ("Kleinstadt", "Mittelstadt"), "v", "mittel", (), (Condition("digitalstrategie", ("Nein",)),),
              (Condition("digitalstrategie", ("Ja",)),), "q")
LAND = Block("land", "Förderlotse", "b", "Strategie und Organisation", ("Land",), ("Kleinstadt",), "v", "hoch", (),
             (Condition("digitalstrategie", ("Nein",)),), (), "q")


def test_recommendations_follow_answers_size_class_and_addressee(ds):
    cat = Catalogue("Entwurf", "", "", (BLOCK, LAND))
    recs = recommendations("x", "Kleinstadt", {"digitalstrategie": ("Nein",)}, ds.questions, cat)
    assert [r.block.id for r in recs] == ["strategie"]
    assert "Digitalstrategie" in recs[0].reasons[0] and "„Nein“" in recs[0].reasons[0]
    assert recommendations("x", "Kleinstadt", {"digitalstrategie": ("Ja",)}, ds.questions, cat) == []
    assert recommendations("x", "Großstadt", {"digitalstrategie": ("Nein",)}, ds.questions, cat) == []
    starter = recommendations("x", "Kleinstadt", {}, ds.questions, cat)
    assert [r.block.id for r in starter] == ["strategie"] and "keine Angaben" in starter[0].reasons[0]
    hidden = recommendations("x", "Kleinstadt", None, ds.questions, cat)  # answers the viewer may not see
    assert [r.block.id for r in hidden] == ["strategie"] and "Angaben" not in hidden[0].reasons[0]
    assert hidden[0].reasons[0].startswith("Zur Frage „Hat Ihre Kommune bereits eine Digitalstrategie?“: ")


def test_first_steps_give_each_its_own_reason(ds):
    """Without shown answers the shipped catalogue's first steps name the question each belongs to."""
    recs = recommendations("x", "Kleinstadt", None, ds.questions, ds.catalogue)
    assert len(recs) >= 2
    questions = {r.reasons[0] for r in recs}
    assert len(questions) > 1, questions


def test_a_shipped_unit_without_strategy_gets_at_least_one_recommendation(ds):
    if not ds.catalogue.blocks:
        pytest.fail("data/baukasten.yaml fehlt oder ist leer")
    without = ds.responses[(ds.responses["question_id"] == "digitalstrategie") & (ds.responses["answer"] == "Nein")]
    key = without["unit_key"].iloc[0]
    size = ds.units.set_index("unit_key").at[key, "size_class"]
    recs = recommendations(key, size, answers_of(key, ds.responses), ds.questions, ds.catalogue)
    assert any("digitalstrategie" in {c.question_id for c in r.block.recommended_if} for r in recs)


def test_units_doing_lists_only_named_participants_that_answered_so():
    units = _units([("a", "Kleinstadt", "1"), ("b", "Kleinstadt", "1"), ("c", "Kleinstadt", "1"),
                    ("d", "Kleinstadt", "1")])
    units.loc[units["unit_key"] == "c", "registered"] = False
    responses = pd.DataFrame({"unit_key": ["a", "b", "c", "d"], "question_id": "digitalstrategie",
                              "answer": ["Ja", "Nein", "Ja", "Ja"]})
    everyone = frozenset(units["unit_key"])
    assert units_doing(BLOCK, responses, units, everyone) == ["a", "d"]
    assert units_doing(BLOCK, responses, units, everyone, only_participants=False) == ["a", "c", "d"]
    assert units_doing(BLOCK, responses, units, frozenset({"a", "b", "c"})) == ["a"]  # d not released
    assert units_doing(BLOCK, responses, units, frozenset()) == []
