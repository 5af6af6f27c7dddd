"""geo.choropleth: what the area map colours (status, size class, population, survey answers per district)."""
from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
import pytest

from data.filters import Filters, filter_questions, filter_units, municipality_mask
from data.formatting import percent
from data.loading import load_dataset
from data.model import SIZE_CLASSES
from geo import choropleth as ch
from geo.palette import AREA_STATUS
from tests.conftest import REPO

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
FILTER_IDS = [repr(f.to_query_params()) for f in FILTERS]


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
    assert [e.label for e in c.legend] == list(SIZE_CLASSES)
    assert len({e.colour for e in c.legend}) == len(SIZE_CLASSES)
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

def independent_counts(ds, qid: str, option: str, unit_keys: set[str]) -> tuple[dict, dict]:
    """Answering units and units choosing `option`, per district, computed from the raw responses."""
    district = dict(zip(ds.units["unit_key"], ds.units["district_key"]))
    answering, choosing = defaultdict(set), defaultdict(set)
    for unit, q, answer in ds.responses[["unit_key", "question_id", "answer"]].itertuples(index=False):
        if q != qid or unit not in unit_keys:
            continue
        answering[district[unit]].add(unit)
        if answer == option:
            choosing[district[unit]].add(unit)
    return ({k: len(v) for k, v in answering.items()}, {k: len(v) for k, v in choosing.items()})


def question_cases():
    ds = load_dataset(REPO / "data")
    return [(q.id, o) for q in ds.questions.itertuples() for o in q.options]


@pytest.mark.parametrize("filters", [Filters(), Filters(sizes=("Kleinstadt", "Mittelstadt")),
                                     Filters(districts=("15081", "15084")), Filters(units=("15082005",))],
                         ids=lambda f: repr(f.to_query_params()))
@pytest.mark.parametrize("qid, option", question_cases())
def test_by_question_matches_an_independent_count(ds, filters, qid, option):
    question = ds.questions[ds.questions["id"] == qid].iloc[0]
    unit_keys = set(filter_units(ds.units, filters, ds.municipalities)["unit_key"])
    c = ch.by_question(question, option, ds.responses, ds.units, ds.districts, unit_keys, sample_data=True)
    assert c.level == "kreise"
    assert set(c.fill) == set(c.values) == set(ds.districts["district_key"]), "districts only, never municipalities"
    n_of, k_of = independent_counts(ds, qid, option, unit_keys)
    for key in ds.districts["district_key"]:
        n, k = n_of.get(key, 0), k_of.get(key, 0)
        text = c.values[key]
        if n < 3:
            assert c.fill[key] == (ch.SUPPRESSED if n else ch.NO_DATA), key
            assert "%" not in text and "von" not in text and option not in text, text
            assert not re.search(r"\d+\s*von\s*\d+", text), text
        else:
            share = k / n
            assert c.fill[key] == ch.SEQUENTIAL[ch.share_class(share) + 1], key
            assert text == f"„{option}“: {percent(share)} ({k} von {n} Kommunen)", key
    assert sum(e.count for e in c.legend) == N_DISTRICTS
    shown = [e.count for e in c.legend[:5]]
    assert sum(shown) == sum(1 for n in n_of.values() if n >= 3)
    suppressed = [e for e in c.legend if e.colour == ch.SUPPRESSED][0]
    assert suppressed.count == sum(1 for n in n_of.values() if 0 < n < 3)
    no_data = [e for e in c.legend if e.colour == ch.NO_DATA][0]
    assert no_data.count == N_DISTRICTS - len(n_of)
    assert re.search(rf"\bn = {sum(n_of.values())}(?![\d.])", c.title), c.title
    assert f"„{option}“" in c.title


def test_by_question_suppresses_small_districts_in_the_shipped_data(ds):
    question = ds.questions[ds.questions["id"] == "digitalstrategie"].iloc[0]
    c = ch.by_question(question, "Ja", ds.responses, ds.units, ds.districts, set(ds.units["unit_key"]), True)
    n_of, k_of = independent_counts(ds, "digitalstrategie", "Ja", set(ds.units["unit_key"]))
    # The shipped data has every case: no answers, one or two answers, and exactly three.
    assert n_of.get("15001", 0) == 0 and c.fill["15001"] == ch.NO_DATA
    assert c.values["15001"] == "keine Antworten"
    assert n_of["15002"] == 1 and c.fill["15002"] == ch.SUPPRESSED  # Halle (Saale) alone
    assert n_of["15084"] == 2 and c.fill["15084"] == ch.SUPPRESSED
    assert c.values["15084"] == "weniger als 3 Antworten – nicht ausgewiesen"
    assert n_of["15081"] == 3 and c.fill["15081"] not in (ch.SUPPRESSED, ch.NO_DATA)
    assert c.values["15081"] == f"„Ja“: {percent(k_of.get('15081', 0) / 3)} ({k_of.get('15081', 0)} von 3 Kommunen)"
    assert "Beispieldaten" in c.note
    assert re.search(r"\b(3|drei)\b", c.note), "the note names the threshold"


def test_by_question_with_one_unit_in_the_filter_shows_no_share(ds):
    question = ds.questions[ds.questions["id"] == "investitionen"].iloc[0]
    c = ch.by_question(question, "Ja", ds.responses, ds.units, ds.districts, {"15002000"}, sample_data=False)
    assert c.fill["15002"] == ch.SUPPRESSED
    assert set(c.fill.values()) <= {ch.SUPPRESSED, ch.NO_DATA}
    assert not any("%" in v for v in c.values.values())
    assert "Beispieldaten" not in c.note


def test_by_question_legend_has_share_classes_then_suppressed_then_no_data(ds):
    question = ds.questions[ds.questions["id"] == "digitalstrategie"].iloc[0]
    c = ch.by_question(question, "Nein", ds.responses, ds.units, ds.districts, set(ds.units["unit_key"]), True)
    assert [e.label for e in c.legend] == ch.share_labels() + ["weniger als 3 Antworten", "keine Antworten"]
    assert [e.colour for e in c.legend] == ch.SEQUENTIAL[1:6] + [ch.SUPPRESSED, ch.NO_DATA]


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
