"""views.charts and views.overview: chart specs are validated once and carry their datasets as the Arrow bytes
Streamlit would make of them; the overview's key figures and charts."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from data.disclosure import Selection, disclosure_of
from data.filters import Filters, filter_units
from data.loading import load_dataset
from data.overview import participation_counts, series_facts
from data.survey import Result
from tests.conftest import DATA
from views.charts import arrow_bytes, question_chart, to_spec
from views.overview import (
    funnel_alt_text,
    funnel_chart,
    key_figures,
    key_figures_table,
    questionnaires_note,
    timeline_chart,
)
from views.questions import question_row, single_view


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def _table(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def test_arrow_bytes_are_what_streamlit_sends(ds):
    view = single_view(question_row(ds.questions, "digitalstrategie"), disclosure_of(ds),
                       Selection.of(ds.units["unit_key"]))
    charts = [view.chart, view.by_size]
    assert all(c is not None for c in charts)
    for chart in charts:
        for name, data in chart.spec["datasets"].items():
            records = _table(data).to_pylist()
            ours, streamlits = _table(arrow_bytes(records)), _table(convert_anything_to_arrow_bytes(pd.DataFrame(records)))
            assert ours.equals(streamlits), name
            assert ours.schema.equals(streamlits.schema, check_metadata=False), name


def test_to_spec_separates_the_description_from_what_is_displayed(ds):
    spec = to_spec(funnel_chart(series_facts(ds.program, ds.participants, ds.workshops)))
    assert "description" not in spec.display and spec.height > 0
    assert all(isinstance(v, bytes) for v in spec.spec["datasets"].values())
    steps = [r["step"] for v in spec.spec["datasets"].values() for r in _table(v).to_pylist() if "label" in r]
    assert steps == ["Eingeladen", "Fragebogen zurückgesandt", "Angemeldet für die ganze Reihe"]


def test_key_figures_are_the_series_facts_and_follow_the_filters(ds):
    facts = series_facts(ds.program, ds.participants, ds.workshops)
    wd = disclosure_of(ds)
    counts = participation_counts(ds.units, ds.units, ds.workshops, Filters(), wd)
    tiles = key_figures(facts, counts, Filters(), ds.workshops, sample_data=True)
    assert [(t.label, t.value) for t in tiles] == [("Eingeladen", "über 70"), ("Angemeldet", "21"),
                                                   ("Fragebögen", "34"), ("Workshops", "6")]
    assert tiles[2].caption == "zurückgesandt (Kurzbefragung 2023)"  # a fact of the series, not sample data
    big = Filters(sizes=("Großstadt",))
    counts = participation_counts(ds.units, filter_units(ds.units, big, ds.municipalities), ds.workshops, big, wd)
    tiles = key_figures(facts, counts, big, ds.workshops, sample_data=True)
    assert tiles[1].value == "1" and tiles[1].caption == "für die ganze Reihe · von 21 insgesamt"
    # Two Großstädte answered: the questionnaires are counted on a larger group, which the note names.
    assert counts.answered_shown and counts.answered_note
    assert tiles[2].value == str(counts.answered)
    assert tiles[2].caption == "zurückgesandt in einer größeren Gruppe (siehe unten) · Beispieldaten"
    assert questionnaires_note(counts, big, True) == "Fragebögen (Beispieldaten): " + counts.answered_note
    table = key_figures_table(tiles, big, sample_data=True)
    assert list(table["Wert"])[:2] == ["über 70", "1"] and table["Wert"].iloc[2].endswith("(Beispieldaten)")
    assert funnel_alt_text(facts).startswith("über 70 eingeladene Kommunen, 34 zurückgesandte Fragebögen")


def test_timeline_marks_the_workshops_of_the_chosen_theme(ds):
    spec = to_spec(timeline_chart(ds.workshops, ("Energie und Klima",)))
    rows = [r for v in spec.spec["datasets"].values() for r in _table(v).to_pylist()]
    active = {r["heading"] for r in rows if r["active"]}
    assert active == {f"{w.number}. {w.title}" for w in ds.workshops.itertuples() if w.theme == "Energie und Klima"}


def test_the_share_axis_title_of_a_multiple_choice_chart_takes_two_lines_and_their_room():
    table = pd.DataFrame({"option": ["A", "B"], "count": [3, 5], "share": [0.375, 0.625]})
    result = Result("q", 8, table, suppressed=False)
    single = question_chart(result, "Frage", "n = 8", multi=False)
    multi = question_chart(result, "Frage", "n = 8", multi=True)
    title = lambda c: c.chart.to_dict()["layer"][0]["encoding"]["x"]["title"]  # noqa: E731
    assert title(single) == "Anteil der antwortenden Kommunen"
    assert title(multi) == ["Anteil der antwortenden Kommunen", "(Mehrfachnennung)"]
    assert multi.height == single.height + 18
    assert question_chart(result, "Frage", "n = 8", multi=True, large=True).height == \
        question_chart(result, "Frage", "n = 8", multi=False, large=True).height + 26


@pytest.mark.parametrize("count,verb", [(1, "antwortete"), (2, "antworteten"), (0, "antworteten")])
def test_summary_sentence_agrees_in_number(count, verb):
    from views.questions import summary_sentence

    table = pd.DataFrame({"option": ["Nein", "Ja"], "count": [3 - count, count], "share": [(3 - count) / 3, count / 3]})
    assert summary_sentence(Result("q", 3, table, False), "single") == f"{count} von 3 Kommunen {verb} „Ja“."
