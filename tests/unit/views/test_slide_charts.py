"""Slide charts: valid Vega-Lite, text of at least 20 px, at most ten ticks, values on stacked segments, a map
that fits any size with its legend beside it and labels that never overlap."""
from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import shapely

from data.disclosure import disclosure_of
from data.loading import load_dataset
from data.survey import breakdown_by_size, question_result
from views import slide_charts
from views import slide_style as style
from views.slide_charts import DistrictShare, district_map, place_labels, question_bars, size_breakdown

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def ds():
    return load_dataset(REPO / "data")


def _question(ds, qid):
    q = ds.questions.set_index("id").loc[qid].copy()
    q["id"] = qid
    return q


def _walk(node, key):
    """Every value of `key` anywhere in a spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _walk(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, key)


def _text_sizes(spec):
    sizes = list(_walk(spec, "fontSize")) + list(_walk(spec, "labelFontSize")) + list(_walk(spec, "titleFontSize"))
    return [s for s in sizes if isinstance(s, (int, float))]


def _valid(spec):
    alt.Chart.from_dict(spec) if "mark" in spec else alt.LayerChart.from_dict(spec)  # raises when invalid


def _data(spec):
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


@pytest.fixture(scope="module")
def charts(ds):
    slide_charts.VALIDATE = True  # Altair checks each spec against the Vega-Lite schema
    try:
        q = _question(ds, "digitalstrategie")
        wd = disclosure_of(ds)
        r = question_result(wd, q["id"], None)
        multi = _question(ds, "klima_massnahmen")
        shares = [DistrictShare(k, n, 0.5 if i % 3 else None, 5) for i, (k, n) in
                  enumerate(zip(ds.districts["district_key"], ds.districts["name"], strict=False))]
        return {
            "bars": question_bars(r.table, multi=False, description="d"),
            "multi": question_bars(question_result(wd, multi["id"], None).table, multi=True, description="d"),
            "stack": size_breakdown(breakdown_by_size(wd, q["id"], None), tuple(q["options"]), description="d"),
            "dots": district_map(shares, "Ja", description="d",
                                 points=ds.municipalities[["lon", "lat", "district_key"]]),
        }
    finally:
        slide_charts.VALIDATE = False


@pytest.mark.parametrize("name", ["bars", "multi", "stack", "dots"])
def test_charts_are_valid_and_fill_their_container(charts, name):
    spec = charts[name]
    _valid(spec)
    assert spec["width"] == "container" and spec["height"] == "container"
    assert spec["config"]["autosize"]["type"] == "fit"
    json.dumps(spec)  # plain JSON, ready for the browser and for vl-convert


@pytest.mark.parametrize("name", ["bars", "multi", "stack", "dots"])
def test_no_text_below_twenty_pixels(charts, name):
    sizes = _text_sizes(charts[name])
    assert sizes, "the chart sets its type sizes"
    assert min(sizes) >= style.MIN_TEXT_PX, sizes


@pytest.mark.parametrize("name", ["bars", "multi", "stack"])
def test_at_most_ten_axis_ticks(charts, name):
    values = [v for v in _walk(charts[name], "values")
              if isinstance(v, list) and all(isinstance(x, (int, float)) for x in v)]
    assert values, "the share axis has explicit tick values"
    assert all(len(v) <= style.MAX_TICKS for v in values)
    assert [0, 0.25, 0.5, 0.75, 1] in values


def test_bars_carry_share_and_count(charts):
    rows = _data(charts["bars"])
    values = {r["option"]: r["value"] for r in rows}
    assert values["Ja"] == "47\u202f% (16)" and values["Nein"] == "32\u202f% (11)"


def test_long_answers_are_wrapped_not_cut(charts):
    rows = _data(charts["multi"])
    wrapped = [r["answer"] for r in rows if r["option"] == "Kommunale Wärmeplanung mit digitalem Zwilling"][0]
    assert "\n" in wrapped and wrapped.replace("\n", " ") == "Kommunale Wärmeplanung mit digitalem Zwilling"
    assert all(len(line) <= slide_charts.WRAP_CHARS for line in wrapped.split("\n"))


def test_stacked_segments_carry_their_values_in_white(charts, ds):
    spec = charts["stack"]
    rows = [r for r in _data(spec) if "share" in r]
    shown = [r for r in rows if r["share"] >= 0.08]
    assert shown and all(r["value"].endswith("%") for r in shown)
    # each group's segments add up to the whole bar
    for group in {r["group"] for r in rows}:
        assert sum(r["share"] for r in rows if r["group"] == group) == pytest.approx(1.0)
    texts = [layer for layer in spec["layer"] if isinstance(layer.get("mark"), dict) and layer["mark"]["type"] == "text"
             and layer["encoding"].get("text", {}).get("field") == "value"]
    assert texts and texts[0]["mark"]["color"] == "#ffffff"
    colours = spec["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert all(style.contrast_ratio(c) >= 3 for c in colours)


def test_hidden_size_classes_show_a_reason_not_numbers(ds):
    q = _question(ds, "digitalstrategie")
    table = breakdown_by_size(disclosure_of(ds), q["id"], None)
    table = table[table["shown"]]  # and one group hidden, and a group hidden as data.disclosure hides one
    hidden = pd.DataFrame({"size_class": ["Landgemeinden"], "option": [None], "count": [None], "share": [None],
                           "n": [0], "shown": [False], "reason": ["keine Antworten"], "exact": [False]})
    spec = size_breakdown(pd.concat([table, hidden], ignore_index=True), tuple(q["options"]), description="d")
    reasons = [r for r in _data(spec) if "reason" in r]
    assert [r["reason"] for r in reasons] == ["nicht ausgewiesen: keine Antworten"]
    assert all("Landgemeinden" not in r.get("group", "") for r in _data(spec) if "share" in r)


def test_map_fits_the_state_and_keeps_the_legend_off_the_map(charts):
    spec = charts["dots"]
    assert spec["projection"]["type"] == "mercator"
    assert "scale" not in spec["projection"] and "center" not in spec["projection"]  # fitted to the data
    legends = list(_walk(spec["layer"], "legend"))
    assert legends and all(lg.get("orient") == "right" for lg in legends if isinstance(lg, dict))
    assert len([r for r in _data(spec) if "klasse" in r]) == 218  # every municipality, the whole state


def test_map_areas_from_boundaries(ds):
    def square(x, y):
        return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}

    areas = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"key": "15001", "name": "Nord"}, "geometry": square(11, 52)},
        {"type": "Feature", "properties": {"key": "15002", "name": "Süd"}, "geometry": square(11, 51)}]}
    spec = district_map([DistrictShare("15001", "Nord", 0.8, 5), DistrictShare("15002", "Süd", None, 2)], "Ja",
                        description="d", areas=areas)
    geo = [layer for layer in spec["layer"] if layer["mark"]["type"] == "geoshape"][0]
    props = {f["properties"]["name"]: f["properties"] for f in geo["data"]["values"]}
    assert props["Nord"]["klasse"] == "75\u202f% bis 100\u202f%" and props["Nord"]["wert"] == "80\u202f%"
    assert props["Süd"]["klasse"] == "zu wenige Antworten" and props["Süd"]["wert"] == "zu wenige Antworten"
    texts = [r["text"] for r in _data(spec) if "text" in r]
    assert "Nord\n80\u202f%" in texts and "Süd" in texts  # the hidden district is named, without a figure


def _boxes(labels, height, font=style.MAP_LABEL_PX):
    extent = (10.5, 50.9, 13.2, 53.1)
    px = slide_charts.map_scale(extent, (height * 4, height))
    out = []
    for lab in labels:
        if lab["min_scale"] > px + 1e-9:
            continue
        x, y = slide_charts._mercator(lab["lon"], lab["lat"])
        out.append(slide_charts._text_box(x, y, lab["lines"], px, font))
    return out


@pytest.mark.parametrize("height", [360, 420, 520, 700, 1000])
def test_placed_labels_never_overlap_at_any_size(ds, height):
    points = ds.municipalities
    anchors = [{"lon": float(p["lon"].mean()), "lat": float(p["lat"].mean()), "priority": len(p),
                "lines": [name, "50 %"], "forms": [[name, "50 %"], [name]]}
               for name, p in points.groupby("district_name")]
    labels = place_labels(anchors, (10.5, 50.9, 13.2, 53.1))
    boxes = _boxes(labels, height)
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert slide_charts._overlaps(a, b, 0) is False
    # a larger map shows at least as many labels
    assert len(_boxes(labels, height * 2)) >= len(boxes)


def test_labels_stay_on_their_district():
    home = shapely.box(11.0, 52.0, 11.3, 52.1)
    anchors = [{"lon": 11.15, "lat": 52.05, "priority": 2, "lines": ["Erster Name"]},
               {"lon": 11.15, "lat": 52.05, "priority": 1, "lines": ["Zweiter"],
                "inside": lambda lon, lat: home.contains(shapely.Point(lon, lat))}]
    labels = place_labels(anchors, (10.5, 50.9, 13.2, 53.1))
    for lab in labels:
        if lab["lines"] == ["Zweiter"]:
            assert home.contains(shapely.Point(lab["lon"], lab["lat"]))
