"""The shared filters and the overview figures that depend on them (their URL form: test_views_url.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from data.filters import (
    FILTER_NAMES,
    NO_FILTERS,
    Choices,
    FilterPart,
    Filters,
    describe,
    filter_line,
    filter_questions,
    filter_units,
    municipality_mask,
    selected_unit_keys,
    split,
)
from data.loading import load_dataset
from data.overview import participation_counts
from data.schemas import THEMES

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"

FINNE = "150845051"  # Verbandsgemeinde An der Finne, 7 members
BAD_BIBRA = "15084015"  # member of An der Finne
HALLE = "15002000"
BURGENLANDKREIS = "15084"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def choices(ds) -> Choices:
    return Choices.from_data(ds.units, ds.municipalities, ds.districts)


# --- choices ---------------------------------------------------------------------------------------

def test_choices_from_data(choices, ds):
    assert choices.themes == tuple(THEMES)
    # Every unit of Saxony-Anhalt (Einheitsgemeinde or whole Verbandsgemeinde) has 5.000 inhabitants or more:
    # "Landgemeinde" would always filter to nothing, so it is not offered.
    assert set(ds.units["size_class"]) == {"Großstadt", "Mittelstadt", "Kleinstadt"}
    assert choices.sizes == ("Großstadt", "Mittelstadt", "Kleinstadt")
    assert len(choices.districts) == 14
    assert choices.districts[BURGENLANDKREIS] == "Burgenlandkreis"
    # 122 units plus the members of Verbandsgemeinden, which can be chosen by name too
    n_members = int(ds.municipalities["vg_key"].notna().sum())
    assert len(choices.units) == 122 + n_members
    assert choices.units[FINNE] == "Verbandsgemeinde An der Finne"
    assert choices.units[BAD_BIBRA] == "Bad Bibra (Verbandsgemeinde An der Finne)"
    assert choices.units[HALLE] == "Halle (Saale)"


# --- filtering -----------------------------------------------------------------------------------------

def test_filter_units_by_size(ds):
    out = filter_units(ds.units, Filters(sizes=("Großstadt",)), ds.municipalities)
    assert set(out["unit_key"]) == {"15002000", "15003000"}  # Halle, Magdeburg
    out = filter_units(ds.units, Filters(sizes=("Mittelstadt", "Kleinstadt")), ds.municipalities)
    assert len(out) == 120
    assert set(out["size_class"]) == {"Mittelstadt", "Kleinstadt"}


def test_filter_units_by_district(ds):
    out = filter_units(ds.units, Filters(districts=(BURGENLANDKREIS,)), ds.municipalities)
    assert len(out) > 0
    assert (out["district_key"] == BURGENLANDKREIS).all()
    assert FINNE in set(out["unit_key"])
    expected = ds.units[ds.units["district_key"] == BURGENLANDKREIS]
    assert len(out) == len(expected)


def test_filter_units_by_kommune(ds):
    out = filter_units(ds.units, Filters(units=(HALLE, FINNE)), ds.municipalities)
    assert set(out["unit_key"]) == {HALLE, FINNE}


def test_vg_member_selects_its_vg_unit(ds):
    f = Filters(units=(BAD_BIBRA,))
    assert selected_unit_keys(f, ds.municipalities) == {FINNE}
    out = filter_units(ds.units, f, ds.municipalities)
    assert list(out["unit_key"]) == [FINNE]


def test_filters_combine_with_and(ds):
    f = Filters(sizes=("Großstadt",), districts=(BURGENLANDKREIS,))
    assert len(filter_units(ds.units, f, ds.municipalities)) == 0
    f = Filters(sizes=("Kleinstadt",), districts=(BURGENLANDKREIS,), units=(BAD_BIBRA, HALLE))
    assert list(filter_units(ds.units, f, ds.municipalities)["unit_key"]) == [FINNE]


def test_no_filter_keeps_everything(ds):
    assert len(filter_units(ds.units, Filters(), ds.municipalities)) == 122
    assert municipality_mask(ds.municipalities, Filters()).all()
    assert len(filter_questions(ds.questions, Filters())) == 13


def test_municipality_mask_vg_key_selects_all_members(ds):
    m = ds.municipalities
    mask = municipality_mask(m, Filters(units=(FINNE,)))
    assert mask.sum() == 7
    assert (m.loc[mask, "vg_key"] == FINNE).all()


def test_municipality_mask_member_stands_for_itself(ds):
    m = ds.municipalities
    mask = municipality_mask(m, Filters(units=(BAD_BIBRA,)))
    assert list(m.loc[mask, "ags"]) == [BAD_BIBRA]


def test_municipality_mask_size_is_that_of_the_unit(ds):
    m = ds.municipalities
    mask = municipality_mask(m, Filters(sizes=("Kleinstadt",)))
    # Bad Bibra itself has under 5.000 inhabitants but its VG is a Kleinstadt
    bibra = m[m["ags"] == BAD_BIBRA]
    assert bibra["size_class"].iloc[0] == "Landgemeinde"
    assert bool(mask[bibra.index[0]])
    assert not municipality_mask(m, Filters(sizes=("Landgemeinde",))).any()
    assert mask.sum() == ds.units.loc[ds.units["size_class"] == "Kleinstadt", "members"].sum()


def test_municipality_mask_district(ds):
    m = ds.municipalities
    mask = municipality_mask(m, Filters(districts=("15002", "15003")))
    assert set(m.loc[mask, "ags"]) == {"15002000", "15003000"}


def test_filter_questions_by_theme(ds):
    out = filter_questions(ds.questions, Filters(themes=("Energie und Klima",)))
    assert list(out["id"]) == ["energiemonitoring", "klima_massnahmen"]
    out = filter_questions(ds.questions, Filters(themes=("Energie und Klima", "Verkehr und Mobilität")))
    assert set(out["theme"]) == {"Energie und Klima", "Verkehr und Mobilität"}
    assert len(out) == 4


# --- describe ------------------------------------------------------------------------------------------

def test_describe_without_filters(choices):
    assert describe(Filters(), choices) == "Keine Filter aktiv – alle Kommunen und Themenfelder"


def test_describe_with_filters(choices):
    f = Filters(themes=("Energie und Klima",), sizes=("Kleinstadt", "Mittelstadt"), districts=(BURGENLANDKREIS,),
                units=(BAD_BIBRA, HALLE))
    assert describe(f, choices) == (
        "Themenfeld: Energie und Klima · Größenklasse: Kleinstadt, Mittelstadt · Landkreis: Burgenlandkreis · "
        "Kommune: Bad Bibra (Verbandsgemeinde An der Finne), Halle (Saale)")


def test_split_keeps_the_applied_filters_and_names_the_ignored_ones():
    f = Filters(themes=("Energie und Klima",), sizes=("Kleinstadt",), districts=(BURGENLANDKREIS,), units=(HALLE,))
    applied, ignored = split(f, ("thema", "groesse"))
    assert applied == Filters(themes=("Energie und Klima",), sizes=("Kleinstadt",))
    assert ignored == Filters(districts=(BURGENLANDKREIS,), units=(HALLE,))
    assert split(f, FILTER_NAMES) == (f, Filters())
    assert split(f, ()) == (Filters(), f)
    assert f.only(["kommune"]) == Filters(units=(HALLE,)) and not Filters().only(FILTER_NAMES).active


def test_filter_line_marks_what_the_page_ignores(choices):
    applied, ignored = split(Filters(sizes=("Kleinstadt",), units=(HALLE,)), ("thema", "groesse"))
    assert filter_line(applied, ignored, choices) == [
        FilterPart("groesse", "Größenklasse: Kleinstadt"), FilterPart("kommune", "Kommune: Halle (Saale)", False)]
    # only ignored filters chosen: the line names them, it does not claim that no filter is active
    assert filter_line(Filters(), Filters(units=(HALLE,)), choices) == [
        FilterPart("kommune", "Kommune: Halle (Saale)", False)]
    assert filter_line(Filters(), Filters(), choices) == [FilterPart("", NO_FILTERS)]
    # exports name the applied filters only
    assert describe(applied, choices) == "Größenklasse: Kleinstadt"


def test_describe_unknown_key_falls_back_to_key(choices):
    assert describe(Filters(districts=("99999",)), choices) == "Landkreis: 99999"


# --- overview -----------------------------------------------------------------------------------------------

def test_participation_counts_all(ds):
    from data.disclosure import disclosure_of

    c = participation_counts(ds.units, ds.units, ds.workshops, Filters(), disclosure_of(ds))
    assert (c.registered, c.answered, c.answered_note) == (21, 34, "")
    assert (c.registered_total, c.workshops) == (21, 6)


def test_participation_counts_filtered(ds):
    from data.disclosure import disclosure_of

    wd = disclosure_of(ds)
    f = Filters(themes=("Energie und Klima",), districts=(BURGENLANDKREIS,))
    u = filter_units(ds.units, f, ds.municipalities)
    c = participation_counts(ds.units, u, ds.workshops, f, wd)
    assert c.registered == int(u["registered"].sum())  # registration is a public fact: counted exactly
    assert FINNE in set(u.loc[u["registered"], "unit_key"])
    assert c.registered < 21
    assert c.registered_total == 21
    # whether a unit answered is an answer: the count is that of the cover, which says so when larger
    cover = wd.participation.cover(set(u["unit_key"]))
    assert c.answered == len(cover & set(ds.responses["unit_key"]))
    assert (c.answered_note == "") == (cover == set(u["unit_key"]))
    assert c.workshops == 1
    strategie = participation_counts(ds.units, u, ds.workshops, Filters(themes=("Strategie und Organisation",)), wd)
    assert strategie.workshops == 2


def test_series_facts_come_from_the_programme_never_from_the_answers(ds):
    from data.overview import series_facts

    facts = series_facts(ds.program, ds.participants, ds.workshops)
    assert (facts.invited, facts.invited_qualifier, facts.invited_text) == (70, "über", "über 70")
    assert (facts.registered, facts.questionnaires, facts.workshops) == (21, 34, 6)
    fewer = ds.responses[ds.responses["unit_key"] != "15003000"]  # the answers do not change the facts
    assert series_facts(ds.program, ds.participants, ds.workshops) == facts and len(fewer) < len(ds.responses)


def test_choices_offer_a_size_class_once_a_unit_falls_into_it(ds):
    units = ds.units.copy()
    units.loc[units.index[0], "size_class"] = "Landgemeinde"
    offered = Choices.from_data(units, ds.municipalities, ds.districts).sizes
    assert offered == ("Großstadt", "Mittelstadt", "Kleinstadt", "Landgemeinde")  # in the classes' order
