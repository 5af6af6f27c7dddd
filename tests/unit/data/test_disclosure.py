"""The disclosure rule, attacked: every selection a URL can reach, on the shipped answers and on answer sets
built to break it. What an attacker sees is every published figure (n and the count per option) of every
view; the finest groups they can compute are the *atoms* of the counted sets (units that no figure tells
apart). No atom may hold one or two protected units, and every figure must be a union of publishable cells."""
from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from data.compare import compare_by_size, compare_question
from data.disclosure import (
    MUNICIPALITY,
    NAMED,
    PUBLIC_VIEWER,
    REASON_BOTH,
    REASON_SINGLE,
    REASON_STATE,
    STAFF,
    SUMMARISED,
    THRESHOLD,
    Geography,
    Policy,
    Selection,
    Viewer,
    WaveDisclosure,
    answer_table,
    both_waves_scope,
    build_partition,
    geography_of,
    load_planning_regions,
    policy_from_config,
    read_planning_regions,
    single_region,
    size_group_label,
    viewer_on_page,
    why_not_named,
)
from data.problems import DataError
from data.profile import peer_groups
from data.survey import breakdown_by_size, question_result
from tests.disclosure_cases import (
    OPTIONS,
    QUESTIONS,
    Case,
    adversarial_cases,
    disclosure,
    responses,
    shipped,
    units_where,
    url_selections,
)

REPO = Path(__file__).resolve().parents[3]
CASES = adversarial_cases()
SELECTIONS = url_selections()


# --- what an attacker sees ------------------------------------------------------------------------------

def protected_units(wd: WaveDisclosure) -> frozenset[str]:
    return frozenset(wd.geo.units) - wd.policy.public


def independent_cell_check(wd: WaveDisclosure, qid: str) -> None:
    """Every cell, recounted from the raw answers: at least THRESHOLD protected units answered and at least one
    did not (or the cell holds released units only); together the cells are every unit, once."""
    p = wd.partition(qid) if qid != "*" else wd.participation
    answered = set(wd.responses["unit_key"]) if qid == "*" else \
        set(wd.responses.loc[wd.responses["question_id"] == qid, "unit_key"])
    if not p.shown:
        assert p.cells == ()
        return
    seen = []
    for cell in p.cells:
        seen += list(cell)
        prot = cell - wd.policy.public
        if prot:
            r = len(prot & answered)
            assert r >= THRESHOLD, (qid, sorted(cell))
            assert r < len(prot), ("every protected unit of a cell answered", qid, sorted(cell))
    assert sorted(seen) == sorted(wd.geo.units)


def atoms(sets: list[frozenset[str]], universe: frozenset[str]) -> list[frozenset[str]]:
    """The finest groups of `universe` that the sets tell apart."""
    groups: dict[tuple, set[str]] = {}
    for u in universe:
        groups.setdefault(tuple(u in s for s in sets), set()).add(u)
    return [frozenset(g) for g in groups.values()]


def assert_no_small_atom(counted: list[frozenset[str]], wd: WaveDisclosure, respondents: frozenset[str]) -> None:
    protected = protected_units(wd)
    for atom in atoms(counted, respondents):
        k = len(atom & protected)
        assert k == 0 or k >= THRESHOLD, sorted(atom)
    # the brief's form: no two visible figures differ by a group of one or two
    for a, b in itertools.combinations(set(counted), 2):
        for x, y in ((a, b), (b, a)):
            if x <= y:
                assert len((y - x) & protected) not in (1, 2), (sorted(x), sorted(y))


def published(wd: WaveDisclosure, qid: str, selections=SELECTIONS) -> list[frozenset[str]]:
    """The counted sets of every single-wave view of one question: survey page (and slides, workshops,
    exports), size classes, the map per district, the profile's peer groups."""
    counted = []
    for params, sel in selections:
        f = wd.figure(qid, sel)
        if sel.single_unit:
            assert not f.shown and f.scope.reason == REASON_SINGLE, params
            continue
        if not f.shown:
            continue
        assert f.scope.units == wd.partition(qid).cover(sel.units)
        assert f.scope.respondents == f.scope.units & wd.partition(qid).respondents
        assert f.scope.exact == (f.scope.units == sel.units)
        counted.append(f.scope.respondents)
        parts = wd.by_size(qid, sel)
        if parts:
            assert frozenset().union(*(fig.scope.respondents for _, fig in parts)) == f.scope.respondents
        counted += [fig.scope.respondents for _, fig in parts if fig.shown]
        counted += [fig.scope.respondents for fig in wd.by_district(qid, sel).values() if fig.shown]
    return counted


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_url_selection_is_a_union_of_publishable_cells(case: Case):
    wd = disclosure(case)
    for qid in ("strategie", "themen", "*"):
        independent_cell_check(wd, qid)
    for qid in ("strategie", "themen"):
        counted = published(wd, qid)
        respondents = wd.partition(qid).respondents
        if not wd.partition(qid).shown:
            assert not counted
            continue
        assert_no_small_atom(counted, wd, respondents)
    # taking part at all (the survey page's "x antwortende Kommunen", the overview's questionnaires)
    counted = [wd.respondents(sel).respondents for _, sel in SELECTIONS if wd.respondents(sel).shown]
    if counted:
        assert_no_small_atom(counted, wd, wd.participation.respondents)


@pytest.mark.parametrize("case", CASES[:6], ids=[c.name for c in CASES[:6]])
def test_figures_are_the_raw_counts_of_their_cover(case: Case):
    """What a page prints is computed from the raw answers of the cover – checked without data.disclosure."""
    wd = disclosure(case)
    raw = case.responses
    for _params, sel in SELECTIONS[:60]:
        r = question_result(wd, "strategie", sel)
        f = wd.figure("strategie", sel)
        if r.suppressed:
            assert not f.shown
            continue
        mine = raw[(raw["question_id"] == "strategie") & raw["unit_key"].isin(f.scope.units)]
        assert r.n == mine["unit_key"].nunique()
        expected = mine.groupby("answer").size().reindex(list(OPTIONS), fill_value=0)
        assert list(r.table["count"]) == list(expected)
        assert r.exact == f.scope.exact and (r.note == "") == r.exact
        rows = breakdown_by_size(wd, "strategie", sel)
        assert rows.groupby("size_class", sort=False)["n"].first().sum() == r.n
        assert rows["count"].sum() == r.table["count"].sum()


def test_the_halle_case_from_the_issue():
    """/umfrage?kreis=15083 and /umfrage?kreis=15083&kreis=15002 must not differ by Halle alone."""
    ds = shipped()
    wd = WaveDisclosure("2023", geography_of(ds), ds.responses, ds.questions)
    boerde = set(units_where(ds, "15083"))
    a = wd.figure("digitalstrategie", boerde)
    b = wd.figure("digitalstrategie", boerde | {"15002000"})
    assert a.shown and b.shown
    assert a.scope.exact and a.n == 4
    assert not b.scope.exact and "Halle" in b.scope.label
    assert b.n - a.n >= THRESHOLD
    assert (b.table["count"] - a.table["count"]).sum() >= THRESHOLD
    assert b.scope.note.startswith("Gezeigt: ") and "zu wenige Antworten" in b.scope.note


def test_a_single_municipality_gets_no_figure_but_a_set_of_two_gets_its_cover():
    ds = shipped()
    wd = WaveDisclosure("2023", geography_of(ds), ds.responses, ds.questions)
    one = wd.figure("digitalstrategie", Selection.of(["15083040"], by_name=True))
    assert not one.shown and one.scope.reason == REASON_SINGLE
    assert wd.by_size("digitalstrategie", Selection.of(["15083040"], by_name=True)) == []
    two = wd.figure("digitalstrategie", Selection.of(["15083040", "15003000"], by_name=True))
    assert two.shown and not two.scope.exact and two.n >= THRESHOLD


def test_the_whole_state_is_exact_and_too_few_answers_show_nothing():
    ds = shipped()
    wd = WaveDisclosure("2023", geography_of(ds), ds.responses, ds.questions)
    total = wd.figure("digitalstrategie", None)
    assert total.scope.exact and total.n == 34
    few = disclosure(Case("two", responses({"15003000": "Ja", "15083040": "Nein"})))
    f = few.figure("strategie", None)
    assert not f.shown and f.scope.reason == REASON_STATE
    everyone = next(c for c in CASES if c.name == "everyone")
    assert not disclosure(everyone).figure("strategie", None).shown  # nobody's participation would be hidden


def test_cells_are_deterministic_and_independent_of_order():
    ds = shipped()
    geo = geography_of(ds)
    shuffled = Geography(tuple(reversed(geo.units)), geo.size_class, geo.district, geo.district_names,
                         geo.city_districts, geo.regions)
    r = set(ds.responses.loc[ds.responses["question_id"] == "digitalstrategie", "unit_key"])
    one, two = build_partition(geo, r), build_partition(shuffled, r)
    assert sorted(sorted(c) for c in one.cells) == sorted(sorted(c) for c in two.cells)


def test_small_classes_merge_with_their_neighbour_and_cells_stay_in_their_size_group():
    ds = shipped()
    wd = WaveDisclosure("2023", geography_of(ds), ds.responses, ds.questions)
    p = wd.partition("digitalstrategie")
    labels = [g.label for g in p.groups]
    assert "Mittel- und Großstädte" in labels and "Großstädte" not in labels
    for cell in p.cells:
        assert len({g.label for g in p.groups if cell <= g.units}) == 1
    assert size_group_label(["Kleinstadt", "Landgemeinde"]) == "Kleinstädte und Landgemeinden"
    assert size_group_label(["Großstadt", "Mittelstadt", "Kleinstadt"]) == "Groß-, Mittel- und Kleinstädte"


def test_released_units_do_not_count_toward_three_in_a_named_wave():
    ds = shipped()
    geo = geography_of(ds)
    boerde = units_where(ds, "15083", "Kleinstadt")  # 13 units
    others = units_where(ds, "15090", "Kleinstadt")[:1] + ["15088205", "15085055"]  # small towns elsewhere
    answers = responses({k: "Ja" for k in boerde[:4] + others} | {"15003000": "Nein", "15002000": "Ja",
                                                                  "15091375": "Ja"})
    summarised = WaveDisclosure("2023", geo, answers, QUESTIONS)
    assert summarised.figure("strategie", boerde).scope.exact  # four answers: Börde's small towns on their own
    named = WaveDisclosure("2023", geo, answers, QUESTIONS, Policy(NAMED, frozenset(boerde[:2])))
    f = named.figure("strategie", boerde)
    assert not f.scope.exact  # only two protected answers left in Börde: merged
    released_only = WaveDisclosure("2023", geo, answers, QUESTIONS, Policy(NAMED, frozenset(boerde)))
    cell = released_only.partition("strategie").cover(boerde)
    assert cell == frozenset(boerde)  # a cell of released units only is fine
    assert Policy(SUMMARISED, frozenset(boerde)).public == frozenset()  # released, but the wave is not named


# --- two waves ------------------------------------------------------------------------------------------

def two_waves(case: Case, seed: int) -> tuple[WaveDisclosure, WaveDisclosure]:
    import random

    rng = random.Random(seed)
    a = case.responses
    keys = sorted(set(a["unit_key"]))
    stay = set(rng.sample(keys, max(0, int(len(keys) * 0.7))))
    ds = shipped()
    newcomers = rng.sample(sorted(set(ds.units["unit_key"]) - set(keys)), min(12, 122 - len(keys)))
    b = pd.concat([a[a["unit_key"].isin(stay)].assign(answer=lambda f: f["answer"]),
                   responses({k: rng.choice(OPTIONS) for k in newcomers})], ignore_index=True)
    return disclosure(case, "2023"), disclosure(Case(case.name, b, case.policy), "2025")


WAVE_CASES = [c for c in CASES if c.name in ("shipped sample", "halle", "one and two", "random 0.3", "random 0.5")]


@pytest.mark.parametrize("case", WAVE_CASES, ids=[c.name for c in WAVE_CASES])
def test_wave_comparisons_and_both_waves_mode_never_isolate_one_or_two(case: Case):
    da, db = two_waves(case, 7)
    q = {"id": "strategie", "type": "single", "options": OPTIONS}
    counted = {"a": [], "b": []}
    for _params, sel in SELECTIONS[:15] + SELECTIONS[15::4]:
        if sel.single_unit:
            c = compare_question(da, db, q, sel)
            assert c.suppressed
            continue
        for both in (False, True):
            c = compare_question(da, db, q, sel, both_only=both)
            if c.suppressed:
                assert c.reason and c.table.empty
                continue
            if both:
                scope, units, why = both_waves_scope(da.partition("strategie"), db.partition("strategie"), sel)
                assert not why and c.n_a == c.n_b == len(units)
                # per cell of either wave: answered in both / only in this wave, each none or ≥ 3
                for p in (da.partition("strategie"), db.partition("strategie")):
                    for cell in {p.cells[p.cell_of[k]] for k in scope.units}:
                        prot = cell - p.public
                        in_both = prot & units
                        assert len(in_both) == 0 or len(in_both) >= THRESHOLD
                        only = (prot & p.respondents) - units
                        assert len(only) == 0 or len(only) >= THRESHOLD
                counted["a"].append(units)
                counted["b"].append(units)
                table = answer_table(da.responses, "strategie", OPTIONS, units)
                assert list(c.table["count_a"]) == list(table["count"])
            else:
                fa, fb = da.figure("strategie", sel), db.figure("strategie", sel)
                assert (c.n_a, c.n_b) == (fa.n, fb.n)
                counted["a"].append(fa.scope.respondents)
                counted["b"].append(fb.scope.respondents)
            rows = compare_by_size(da, db, q, sel, both_only=both)
            shown = rows[rows["shown"]]
            assert set(shown["n_a"]) <= set(range(THRESHOLD, 200)) | {0}
    for key, wd in (("a", da), ("b", db)):
        # everything published for the wave, single-wave views and the comparison's restricted figures together
        everything = published(wd, "strategie", SELECTIONS[:120]) + counted[key]
        if wd.partition("strategie").shown:
            assert_no_small_atom(everything, wd, wd.partition("strategie").respondents)


def test_both_waves_mode_hidden_when_one_or_two_answered_in_one_wave_only():
    ds = shipped()
    geo = geography_of(ds)
    small_towns = units_where(ds, "15083", "Kleinstadt")
    a = responses({k: "Ja" for k in small_towns[:8]})
    b = responses({k: "Nein" for k in small_towns[:7]})  # one Börde town answered only in 2023
    da, db = WaveDisclosure("2023", geo, a, QUESTIONS), WaveDisclosure("2025", geo, b, QUESTIONS)
    q = {"id": "strategie", "type": "single", "options": OPTIONS}
    c = compare_question(da, db, q, None, both_only=True)
    assert c.suppressed and c.reason == REASON_BOTH
    plain = compare_question(da, db, q, None)
    assert not plain.suppressed and (plain.n_a, plain.n_b) == (8, 7)


# --- profile peers --------------------------------------------------------------------------------------

def test_peer_groups_are_public_covers_including_the_unit():
    ds = shipped()
    wd = WaveDisclosure("2023", geography_of(ds), ds.responses, ds.questions)
    groups = peer_groups(wd, "15083040", "digitalstrategie", ds.units)  # Barleben: Kleinstadt in Börde
    assert [g.label for g in groups] == ["Kleinstädte", "Landkreis Börde", "Sachsen-Anhalt"]
    small_towns = set(ds.units.loc[ds.units["size_class"] == "Kleinstadt", "unit_key"])
    assert groups[0].n == wd.figure("digitalstrategie", small_towns).n
    assert groups[2].n == 34
    halle = peer_groups(wd, "15002000", "digitalstrategie", ds.units)
    assert halle[0].note and "Mittel- und Großstädte" in halle[0].note  # Großstädte alone cannot be shown


# --- policy, roles, regions -----------------------------------------------------------------------------

def test_who_may_see_named_answers():
    summarised = Policy(SUMMARISED, frozenset({"15083040"}))
    named = Policy(NAMED, frozenset({"15083040"}))
    assert not PUBLIC_VIEWER.may_name(summarised, "15083040")
    assert PUBLIC_VIEWER.may_name(named, "15083040")
    assert not PUBLIC_VIEWER.may_name(named, "15003000")
    staff = Viewer(STAFF, None, "Team")
    assert staff.may_name(summarised, "15003000")
    own = Viewer(MUNICIPALITY, "15003000")
    assert own.may_name(summarised, "15003000") and not own.may_name(summarised, "15083040")
    assert own.named_units(named, ["15003000", "15083040", "15002000"]) == {"15003000", "15083040"}
    assert "zusammengefasst" in why_not_named(summarised) and "zugestimmt" in why_not_named(named)


def test_policy_from_survey_config_is_safe_by_default():
    assert policy_from_config({}) == Policy()
    assert policy_from_config({"veroeffentlichung": "irgendwas"}).mode == SUMMARISED
    p = policy_from_config({"veroeffentlichung": "namentlich", "freigegeben": ["15083040", 15003000]})
    assert p.mode == NAMED and p.released == {"15083040", "15003000"}


def test_the_shipped_planning_regions():
    ds = shipped()
    regions = load_planning_regions(REPO / "data" / "planning_regions.csv", ds.districts["district_key"])
    assert [r.name for r in regions.regions] == ["Altmark", "Magdeburg", "Harz", "Anhalt-Bitterfeld-Wittenberg",
                                                 "Halle"]
    assert regions.region_of("15002").name == "Halle" and regions.region_of("15003").name == "Magdeburg"
    assert sorted(d for r in regions.regions for d in r.districts) == sorted(ds.districts["district_key"])
    for r in regions.regions:
        assert r.source and all(r.name in regions.named(n).neighbours for n in r.neighbours)


@pytest.mark.parametrize("rows, message", [
    ("Altmark,15081|15090,Magdeburg,x\nMagdeburg,15003|15081,Altmark,x\n", "schon in Zeile 2"),
    ("Altmark,15081,Magdeburg,x\nMagdeburg,15003,Altmark,x\n", "gehört zu keiner Planungsregion"),
    ("Altmark,15081|15090,Harz,x\nMagdeburg,15003|15083,Altmark,x\n", "Nachbarregion „Harz“ ist unbekannt"),
    ("Altmark,15081|15090,Magdeburg,x\nMagdeburg,15003|15083,,x\n", "nicht umgekehrt"),
    ("Altmark,15081|15090,,x\nMagdeburg,15003|15083,,x\n", "nicht alle Planungsregionen"),
])
def test_broken_planning_regions_are_reported_with_line_and_column(tmp_path, rows, message):
    path = tmp_path / "planning_regions.csv"
    path.write_text("region,districts,neighbours,source\n" + rows, encoding="utf-8")
    known = ["15081", "15090", "15003", "15083"]
    with pytest.raises(DataError) as exc:
        load_planning_regions(path, known)
    assert any(message.lower() in str(p).lower() for p in exc.value.problems), exc.value.problems
    regions, problems = read_planning_regions(tmp_path, tmp_path, known)
    assert problems and regions == single_region(known)  # coarser, never finer


def test_a_broken_regions_file_makes_the_cells_coarser_not_finer(tmp_path):
    ds = shipped()
    geo = geography_of(ds)
    coarse = Geography(geo.units, geo.size_class, geo.district, geo.district_names, geo.city_districts,
                       single_region(ds.districts["district_key"]))
    r = set(ds.responses.loc[ds.responses["question_id"] == "digitalstrategie", "unit_key"])
    fine, rough = build_partition(geo, r), build_partition(coarse, r)
    for cell in rough.cells:
        assert build_partition(coarse, r).cover(cell) == cell
    assert len(rough.cells) <= len(fine.cells)


def test_loading_reports_a_broken_regions_file(data_dir):
    from data.loading import load_dataset

    (data_dir / "planning_regions.csv").write_text("region,districts,neighbours,source\nAltmark,15081,,x\n",
                                                   encoding="utf-8")
    ds = load_dataset(data_dir)
    assert "planning_regions.csv" in ds.failed_files
    assert any(p.file == "planning_regions.csv" for p in ds.problems)
    assert len(ds.regions.regions) == 1  # the whole state as one region


def test_the_policy_comes_from_survey_yaml_and_travels_with_the_store(data_dir, tmp_path):
    from data.disclosure import wave_policy
    from data.loading import load_dataset
    from data.store import open_store
    from data.waves import attach_store

    store = open_store(f"sqlite:///{tmp_path / 'umfrage.sqlite'}")
    responses = (data_dir / "responses.csv").read_bytes()
    plain = attach_store(load_dataset(data_dir), store, responses)
    assert wave_policy(plain) == Policy() and plain.waves[0].policy == Policy()
    survey = data_dir / "survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8") + 'veroeffentlichung: namentlich\nfreigegeben: ["15083040"]\n',
                      encoding="utf-8")
    ds = attach_store(load_dataset(data_dir), store, responses)  # the new settings make a new version
    assert wave_policy(ds) == Policy(NAMED, frozenset({"15083040"}))
    assert [v.policy for v in store.versions()] == ["namentlich", None]
    assert wave_policy(load_dataset(data_dir)) == Policy(NAMED, frozenset({"15083040"}))  # without the store too
    # Staff change it on the admin page: a new version, which wins over the file.
    store.set_publication("2023", SUMMARISED, frozenset(), "Team")
    ds = attach_store(load_dataset(data_dir), store, responses)
    assert wave_policy(ds) == Policy()


def test_an_access_link_opens_the_own_answers_on_the_profile_only():
    own = Viewer(MUNICIPALITY, "15083040")
    assert viewer_on_page(own, "kommune") == own
    for page in ("", "karte", "baukasten", "umfrage", "workshops", "folien", "daten"):
        assert viewer_on_page(own, page) == PUBLIC_VIEWER
    staff = Viewer(STAFF, None, "Datenverwaltung")
    assert viewer_on_page(staff, "karte") == staff  # signed-in staff are warned on every page instead


def test_a_version_changing_fewer_than_three_units_is_flagged_for_staff():
    from data.disclosure import changed_units, version_change_warning

    def frame(rows):
        return pd.DataFrame(rows, columns=["unit_key", "question_id", "answer"])

    base = frame([("a", "q", "Ja"), ("b", "q", "Nein"), ("c", "q", "Ja"), ("d", "q", "Nein")])
    late = frame(list(base.itertuples(index=False)) + [("e", "q", "Ja")])
    assert changed_units(base, late) == {"e"}
    assert "nur die Antworten von 1 Kommune" in version_change_warning(base, late)
    fixed = frame([("a", "q", "Nein"), ("b", "q", "Nein"), ("c", "q", "Ja")])  # a changed, d withdrawn
    assert changed_units(base, fixed) == {"a", "d"}
    assert "von 2 Kommunen" in version_change_warning(base, fixed)
    batch = frame(list(base.itertuples(index=False)) + [("e", "q", "Ja"), ("f", "q", "Ja"), ("g", "q", "Nein")])
    assert version_change_warning(base, batch) == ""  # three late answers together
    assert version_change_warning(base, base) == "" and version_change_warning(None, late) == ""
