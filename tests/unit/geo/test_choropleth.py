"""geo.choropleth: what the area map colours (status, size class, population, survey answers per district)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from data.filters import Filters, filter_questions, filter_units, municipality_mask
from data.formatting import percent
from data.loading import load_dataset
from geo import choropleth as ch
from geo.palette import AREA_STATUS
from tests.conftest import REPO
from views.url import filter_params

N_MUNICIPALITIES = 218
N_DISTRICTS = 14

FILTERS = [
    Filters(),
    Filters(sizes=("Großstadt",)),
    Filters(sizes=("Kleinstadt", "Mittelstadt")),
    Filters(districts=("15083",)),
    Filters(units=("150815051",)),  # a whole Verbandsgemeinde
    Filters(units=("15081045",)),  # one member of it
    Filters(sizes=("Landgemeinde",)),  # matches nothing in the shipped data
]
FILTER_IDS = [repr(filter_params(f)) for f in FILTERS]


@pytest.fixture(scope="module")
def ds():
    dataset = load_dataset(REPO / "data")
    assert not dataset.problems, dataset.problems
    assert len(dataset.municipalities) == N_MUNICIPALITIES
    assert len(dataset.districts) == N_DISTRICTS
    return dataset


def expected_status(ds) -> pd.Series:
    """Status per municipality, computed here from the units (a VG member shares its VG's status)."""
    reg = dict(zip(ds.units["unit_key"], ds.units["registered"]))
    ans = dict(zip(ds.units["unit_key"], ds.units["answered"]))
    out = []
    for unit in ds.municipalities["unit_key"]:
        r, a = bool(reg.get(unit, False)), bool(ans.get(unit, False))
        out.append("both" if r and a else "registered" if r else "answered" if a else "none")
    return pd.Series(out, index=ds.municipalities.index)


# --- participation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
def test_by_participation_counts_add_up_to_the_matching_municipalities(ds, filters):
    mask = municipality_mask(ds.municipalities, filters)
    c = ch.by_participation(ds.municipalities, ds.units, mask, sample_data=True)
    assert c.level == "gemeinden"
    assert [e.colour for e in c.legend] == [colour for colour, _ in AREA_STATUS.values()]
    assert sum(e.count for e in c.legend) == int(mask.sum())
    status = expected_status(ds)
    want = status[mask].value_counts().to_dict()
    for key, entry in zip(AREA_STATUS, c.legend):
        assert entry.count == want.get(key, 0), key
    # Matching municipalities take their status colour, the others stay grey.
    assert set(c.fill) == set(ds.municipalities["ags"])
    for ags, st, m in zip(ds.municipalities["ags"], status, mask):
        assert c.fill[ags] == (AREA_STATUS[st][0] if m else ch.NO_DATA), ags
        assert c.values[ags] == AREA_STATUS[st][1]


def test_by_participation_status_mix_in_the_shipped_data(ds):
    mask = municipality_mask(ds.municipalities, Filters())
    c = ch.by_participation(ds.municipalities, ds.units, mask, sample_data=True)
    counts = {k: e.count for k, e in zip(AREA_STATUS, c.legend)}
    assert all(counts[k] > 0 for k in ("both", "registered", "none")), counts
    assert sum(counts.values()) == N_MUNICIPALITIES
    # Members of a participating Verbandsgemeinde share its status.
    members = ds.municipalities[ds.municipalities["vg_key"] == "150905051"]
    assert len(members) > 1
    assert len({c.fill[a] for a in members["ags"]}) == 1
    assert c.fill[members["ags"].iloc[0]] != AREA_STATUS["none"][0]


def test_by_participation_marks_sample_data(ds):
    mask = municipality_mask(ds.municipalities, Filters())
    sample = ch.by_participation(ds.municipalities, ds.units, mask, sample_data=True)
    real = ch.by_participation(ds.municipalities, ds.units, mask, sample_data=False)
    labels = dict(zip(AREA_STATUS, [e.label for e in sample.legend]))
    assert labels["both"].endswith("(Beispieldaten)")
    assert labels["answered"].endswith("(Beispieldaten)")
    assert "(Beispieldaten)" not in labels["registered"] + labels["none"]
    assert not any("Beispieldaten" in e.label for e in real.legend)
    assert [e.count for e in sample.legend] == [e.count for e in real.legend]


# --- size class ------------------------------------------------------------------------------------

@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
def test_by_size(ds, filters):
    m = ds.municipalities
    mask = municipality_mask(m, filters)
    c = ch.by_size(m, mask)
    assert c.level == "gemeinden"
    # Every class some unit falls into, in the classes' order – never the empty "Landgemeinde"
    assert [e.label for e in c.legend] == ["Großstadt", "Mittelstadt", "Kleinstadt"]
    assert len({e.colour for e in c.legend}) == 3
    assert sum(e.count for e in c.legend) == int(mask.sum())
    for entry in c.legend:
        assert entry.count == int((m.loc[mask, "unit_size_class"] == entry.label).sum()), entry.label
    for ags, cls, hit in zip(m["ags"], m["unit_size_class"], mask):
        assert c.fill[ags] == (ch.SIZE_COLOURS[cls] if hit else ch.NO_DATA), ags
        assert c.values[ags] == cls


def test_by_size_uses_the_size_of_the_unit(ds):
    m = ds.municipalities
    c = ch.by_size(m, pd.Series(True, index=m.index))
    member = m[(m["vg_key"].notna()) & (m["size_class"] != m["unit_size_class"])]
    assert len(member), "some VG members are smaller than their Verbandsgemeinde"
    row = member.iloc[0]
    assert c.fill[row["ags"]] == ch.SIZE_COLOURS[row["unit_size_class"]]


# --- population ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, cls", [
    (0, 0), (758, 0), (2_499, 0), (2_500, 1), (4_999, 1), (5_000, 2), (9_999, 2), (10_000, 3), (19_999, 3),
    (20_000, 4), (49_999, 4), (50_000, 5), (99_999, 5), (100_000, 6), (242_172, 6), (10_000_000, 6),
])
def test_population_class_boundaries(value, cls):
    assert ch.population_class(value) == cls


def test_population_labels():
    assert ch.population_labels() == ["unter 2.500", "2.500 bis 4.999", "5.000 bis 9.999", "10.000 bis 19.999",
                                      "20.000 bis 49.999", "50.000 bis 99.999", "ab 100.000"]


def test_population_labels_agree_with_the_classes():
    def as_int(text):
        return int(text.replace(".", ""))

    for i, label in enumerate(ch.population_labels()):
        numbers = [as_int(n) for n in re.findall(r"\d[\d.]*", label)]
        if label.startswith("unter"):
            assert ch.population_class(numbers[0] - 1) == i and ch.population_class(numbers[0]) == i + 1
        elif label.startswith("ab"):
            assert ch.population_class(numbers[0]) == i and ch.population_class(numbers[0] - 1) == i - 1
        else:
            lo, hi = numbers
            assert ch.population_class(lo) == ch.population_class(hi) == i, label
            assert ch.population_class(lo - 1) == i - 1 and ch.population_class(hi + 1) == i + 1, label


def test_by_population_uses_seven_distinct_colours(ds):
    m = ds.municipalities
    mask = pd.Series(True, index=m.index)
    c = ch.by_population(m, mask)
    assert len(c.legend) == 7
    assert [e.label for e in c.legend] == ch.population_labels()
    assert len({e.colour for e in c.legend}) == 7
    assert set(c.fill.values()) == {e.colour for e in c.legend}, "the shipped data fills all seven classes"
    assert sum(e.count for e in c.legend) == N_MUNICIPALITIES
    for ags, pop in zip(m["ags"], m["population"]):
        assert c.fill[ags] == ch.SEQUENTIAL[ch.population_class(pop)], ags
    halle = c.values["15002000"]
    assert halle == "242.172 Einwohner"
    big = [e for e in c.legend if e.label == "ab 100.000"][0]
    assert big.count == int((m["population"] >= 100_000).sum()) == 2


def test_by_population_greys_out_non_matching(ds):
    m = ds.municipalities
    mask = municipality_mask(m, Filters(districts=("15003",)))
    c = ch.by_population(m, mask)
    assert sum(e.count for e in c.legend) == 1
    assert c.fill["15003000"] == ch.SEQUENTIAL[6]
    assert all(colour == ch.NO_DATA for ags, colour in c.fill.items() if ags != "15003000")


# --- shares ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("share, cls", [
    (0.0, 0), (0.1999, 0), (0.2, 1), (0.3999, 1), (0.4, 2), (0.5, 2), (0.6, 3), (0.7999, 3), (0.8, 4), (1.0, 4),
])
def test_share_class(share, cls):
    assert ch.share_class(share) == cls


def test_share_labels():
    nb = "\u202f"
    assert ch.share_labels() == [f"0{nb}% bis unter 20{nb}%", f"20{nb}% bis unter 40{nb}%",
                                 f"40{nb}% bis unter 60{nb}%", f"60{nb}% bis unter 80{nb}%", f"80{nb}% bis 100{nb}%"]


# --- survey answers per district -------------------------------------------------------------------

_WD = {}


def wd_of(ds):
    """The disclosure of the shipped data, built once for this module (read-only)."""
    from data.disclosure import disclosure_of

    if ds.version not in _WD:
        _WD[ds.version] = disclosure_of(ds)
    return _WD[ds.version]


def selection(ds, filters):
    from data.disclosure import Selection

    return Selection.of(filter_units(ds.units, filters, ds.municipalities)["unit_key"], by_name=bool(filters.units))


def independent_counts(ds, qid: str, option: str, units: set[str]) -> tuple[int, int]:
    """Answering units and units choosing `option` among `units`, from the raw responses."""
    answering, choosing = set(), set()
    for unit, q, answer in ds.responses[["unit_key", "question_id", "answer"]].itertuples(index=False):
        if q == qid and unit in units:
            answering.add(unit)
            if answer == option:
                choosing.add(unit)
    return len(answering), len(choosing)


def question_cases():
    ds = load_dataset(REPO / "data")
    return [(q.id, o) for q in ds.questions.itertuples() for o in q.options]


@pytest.mark.parametrize("filters", [Filters(), Filters(sizes=("Kleinstadt", "Mittelstadt")),
                                     Filters(districts=("15081", "15084")), Filters(units=("15082005",))],
                         ids=lambda f: repr(filter_params(f)))
@pytest.mark.parametrize("qid, option", question_cases())
def test_by_question_colours_each_district_by_its_cover(ds, filters, qid, option):
    """Each district of the selection shows the raw count of its cover – the cells of the disclosure rule
    that its part of the selection touches – and says so when that is more than the district."""
    question = ds.questions[ds.questions["id"] == qid].iloc[0]
    wd = wd_of(ds)
    sel = selection(ds, filters)
    c = ch.by_question(wd, question, option, ds.districts, sel, sample_data=True)
    assert c.level == "kreise"
    assert set(c.fill) == set(c.values) == set(ds.districts["district_key"]), "districts only, never municipalities"
    partition = wd.partition(qid)
    district = dict(zip(ds.units["unit_key"], ds.units["district_key"]))
    for key in ds.districts["district_key"]:
        part = {u for u in sel.units if district[u] == key}
        text = c.values[key]
        if not part:
            assert c.fill[key] == ch.NO_DATA and text == "nicht ausgewählt", key
            continue
        if sel.single_unit:
            assert c.fill[key] == ch.SUPPRESSED and "%" not in text and not re.search(r"\d+\s*von", text), text
            continue
        cover = set().union(*(cell for cell in partition.cells if cell & part))
        n, k = independent_counts(ds, qid, option, cover)
        share = k / n
        assert n >= 3
        assert c.fill[key] == ch.SEQUENTIAL[ch.share_class(share) + 1], key
        assert text.startswith(f"„{option}“: {percent(share)} ({k} von {n} Kommunen)"), (key, text)
        assert ("gezeigt:" in text) == (cover != part), (key, text)
    assert sum(e.count for e in c.legend) == N_DISTRICTS
    if not sel.single_unit:
        n_all, _ = independent_counts(ds, qid, option, set(partition.cover(sel.units)))
        assert re.search(rf"\bn = {n_all}(?![\d.])", c.title), c.title
    assert f"„{option}“" in c.title


def test_by_question_never_shows_halle_alone(ds):
    question = ds.questions[ds.questions["id"] == "digitalstrategie"].iloc[0]
    c = ch.by_question(wd_of(ds), question, "Ja", ds.districts, selection(ds, Filters()), True)
    # Halle (Saale) is one unit: its colour is that of the larger group it is counted with, and says which.
    assert c.fill["15002"] not in (ch.SUPPRESSED, ch.NO_DATA)
    assert "gezeigt: Mittel- und Großstädte in der Planungsregion Halle" in c.values["15002"]
    assert "Beispieldaten" in c.note and "größeren Gruppe" in c.note
    # Every district of the state is shown: nothing is left grey when nothing is filtered.
    assert not any(v in (ch.SUPPRESSED, ch.NO_DATA) for v in c.fill.values())


def test_by_question_with_one_municipality_shows_no_share(ds):
    question = ds.questions[ds.questions["id"] == "investitionen"].iloc[0]
    c = ch.by_question(wd_of(ds), question, "Ja", ds.districts, selection(ds, Filters(units=("15002000",))), False)
    assert c.fill["15002"] == ch.SUPPRESSED
    assert set(c.fill.values()) <= {ch.SUPPRESSED, ch.NO_DATA}
    assert not any("%" in v for v in c.values.values())
    assert "Beispieldaten" not in c.note


def test_by_question_legend_has_share_classes_then_not_selected(ds):
    question = ds.questions[ds.questions["id"] == "digitalstrategie"].iloc[0]
    c = ch.by_question(wd_of(ds), question, "Nein", ds.districts, selection(ds, Filters(districts=("15083",))), True)
    assert [e.label for e in c.legend] == ch.share_labels() + ["nicht ausgewählt"]
    assert [e.colour for e in c.legend] == ch.SEQUENTIAL[1:6] + [ch.NO_DATA]


def test_participation_for_the_public_shows_registration_only(ds):
    mask = municipality_mask(ds.municipalities, Filters())
    c = ch.by_participation(ds.municipalities, ds.units, mask, sample_data=True, named=frozenset())
    labels = [e.label for e in c.legend]
    assert labels == ["Angemeldet", "Nicht angemeldet"]
    assert set(c.values.values()) == {"Angemeldet", "Nicht angemeldet"}
    registered = set(ds.units.loc[ds.units["registered"], "unit_key"])
    for ags, unit in zip(ds.municipalities["ags"], ds.municipalities["unit_key"]):
        assert c.fill[ags] == (ch.AREA_STATUS["registered"][0] if unit in registered else ch.AREA_STATUS["none"][0])
    assert "zugestimmt" in c.note


# --- variable choices ------------------------------------------------------------------------------

def test_variable_choices_lists_only_the_questions_passed_in(ds):
    energy = filter_questions(ds.questions, Filters(themes=("Energie und Klima",)))
    choices = ch.variable_choices(energy)
    assert list(choices)[:3] == [ch.PARTICIPATION, ch.SIZE, ch.POPULATION]
    questions = {k[len(ch.QUESTION_PREFIX):]: v for k, v in choices.items() if k.startswith(ch.QUESTION_PREFIX)}
    assert set(questions) == {"energiemonitoring", "klima_massnahmen"}
    for qid, label in questions.items():
        text = ds.questions.loc[ds.questions["id"] == qid, "text"].iloc[0]
        assert label == f"Frage: {text}"
    everything = ch.variable_choices(ds.questions)
    assert len(everything) == 3 + len(ds.questions)
    assert set(ch.variable_choices(ds.questions.iloc[0:0])) == {ch.PARTICIPATION, ch.SIZE, ch.POPULATION}


@pytest.mark.parametrize(("value", "bounds", "expected"), [
    (-0.1, (0.0, 0.5), 0), (0.0, (0.0, 0.5), 0), (0.49, (0.0, 0.5), 0), (0.5, (0.0, 0.5), 1), (7, (0.0, 0.5), 1),
    (5, [10, 20], 0), (20, [10, 20], 1)])
def test_class_index_counts_lower_bounds(value, bounds, expected):
    from geo.palette import class_index
    assert class_index(value, bounds) == expected
