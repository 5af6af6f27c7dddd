"""The map as a picture: what the screen map shows (points or areas, legend with counts, labels that fit,
workshop places), with title, filters, source and date; rendered offline by vl-convert."""
from __future__ import annotations

import re

import pytest

from data.filters import Filters, municipality_mask
from data.loading import load_dataset
from exports.images import chart_svg, png_size
from exports.map_image import (
    LABEL_ZOOM,
    VENUE_NOTE,
    WIDTH,
    LegendItem,
    area_map_spec,
    participant_map_png,
    point_map_spec,
)
from geo import boundaries as gb
from geo import choropleth as ch
from geo.mapbuilder import area_layers, participant_layers
from geo.palette import POINT_STATUS
from tests.conftest import BOUNDARIES, DATA

TEXT = re.compile(r"<(?:text|tspan)\b[^>]*>([^<]+)")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def layers(ds):
    mask = municipality_mask(ds.municipalities, Filters())
    return participant_layers(ds.municipalities, ds.units, ds.workshops, ds.districts, mask, {"15083040"})


def texts(svg: str) -> list[str]:
    import html

    return [html.unescape(t) for t in TEXT.findall(svg)]


def test_point_spec_draws_every_municipality_the_venues_and_the_labels_that_fit(ds, layers):
    items = [LegendItem(label, colour) for _, (colour, label) in POINT_STATUS.items()]
    spec = point_map_spec(layers.points, layers.icons, items, "Beteiligung")
    data = spec["datasets"]
    assert len(data["points"]) == len(ds.municipalities) == 218
    assert sorted(v["numbers"] for v in data["venues"]) == ["1 · 6", "2", "3", "4", "5"]
    fitting = [i for i in layers.icons if isinstance(i.get("minZoom"), float) and i["minZoom"] <= LABEL_ZOOM]
    assert len(data["labels"]) == len(fitting) and 10 < len(fitting) < 218
    assert "Barleben" in {lb["name"] for lb in data["labels"]}  # the selected one is labelled first
    selected = [p for p in data["points"] if p["selected"]]
    assert len(selected) == 1
    assert {p["legend"] for p in data["points"]} <= {i.label for i in items}
    colour = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")["encoding"]["color"]
    assert colour["scale"]["range"] == [c for c, _ in POINT_STATUS.values()]


def test_point_picture_has_title_filters_legend_counts_and_source(ds, layers):
    from exports.map_image import participant_map_png  # noqa: F401 – the PNG path is tested below

    items = [LegendItem(f"{label}: {layers.counts.by_status.get(k, 0)}", colour)
             for k, (colour, label) in POINT_STATUS.items()]
    spec = point_map_spec(layers.points, layers.icons, items, "Beteiligung an der Workshopreihe")
    svg = chart_svg(spec, title="Karte der Beteiligung", subtitle_lines=["Kommune: Barleben", VENUE_NOTE],
                    footer="Quelle: Kurzbefragung 2023 (Beispieldaten) · erstellt am 03.12.2026", width=WIDTH)
    words = texts(svg)
    assert "Karte der Beteiligung" in words and "Kommune: Barleben" in words and VENUE_NOTE in words
    for k, (_, label) in POINT_STATUS.items():
        assert f"{label}: {layers.counts.by_status.get(k, 0)}" in words
    assert any("erstellt am 03.12.2026" in w for w in words)
    assert "Barleben" in words and "Halle (Saale)" in words and "1 · 6" in words


def test_participant_png(layers):
    png = participant_map_png(layers, title="Karte der Beteiligung", subtitle_lines=["Keine Filter"],
                              footer="Quelle: Test")
    width, height = png_size(png)
    assert width == 2 * WIDTH and height > width  # the state is taller than wide


def test_area_spec_with_imported_boundaries(ds, tmp_path):
    gb.import_path(BOUNDARIES, tmp_path, ds.municipalities)
    b = gb.load(tmp_path)
    mask = municipality_mask(ds.municipalities, Filters())
    col = ch.by_size(ds.municipalities, mask)
    data = area_layers(b, col, ds.municipalities, ds.districts, ds.workshops, mask, set())
    items = [LegendItem(e.label, e.colour) for e in col.legend]
    spec = area_map_spec(b.gemeinden, b.kreise, b.land, col.fill, col.level, data.icons, items, col.title)
    shapes = [layer for layer in spec["layer"] if layer["mark"]["type"] == "geoshape"]
    assert shapes[0]["mark"]["stroke"] == "#1b1b1b"  # the state outline from the imported boundaries
    areas = shapes[1]["data"]["values"]
    assert len(areas) == 218
    assert {a["properties"]["legend"] for a in areas} <= {i.label for i in items}
    assert len(shapes[2]["data"]["values"]) == 14  # district outlines on top
    svg = chart_svg(spec, title="Gemeindegrößenklasse", subtitle_lines=[], footer="Quelle: Test", width=WIDTH)
    assert "Kleinstadt" in texts(svg)


def test_public_point_picture_never_says_who_answered(ds, monkeypatch):
    """data.disclosure: the public map (and its picture) shows registration only, never the questionnaire."""
    import exports.map_image as mi

    mask = municipality_mask(ds.municipalities, Filters())
    public = participant_layers(ds.municipalities, ds.units.assign(answered=False), ds.workshops, ds.districts, mask,
                                set(), questionnaire=False)
    seen = {}
    monkeypatch.setattr(mi, "map_png", lambda spec, **kw: seen.setdefault("spec", spec) and b"")
    mi.participant_map_png(public, title="Karte der Beteiligung", subtitle_lines=[], footer="Quelle: Test")
    colour = next(layer for layer in seen["spec"]["layer"] if layer["mark"]["type"] == "circle")["encoding"]["color"]
    labels = colour["scale"]["domain"]
    assert not any("Fragebogen" in label for label in labels), labels
    assert any(label.startswith("Nicht angemeldet") for label in labels), labels
    assert not any("Fragebogen" in str(p.get("tip", "")) for p in public.points)


def test_point_picture_draws_the_seat_outline_clockwise_under_the_points_and_names_it(layers, monkeypatch):
    import shapely

    import exports.map_image as mi

    spec = point_map_spec(layers.points, layers.icons, [], "Beteiligung", outline=layers.outline)
    first = spec["layer"][0]
    assert first["mark"]["type"] == "geoshape" and first["mark"]["strokeDash"] == [6, 5]
    ring = first["data"]["values"][0]["geometry"]["coordinates"][0]
    assert not shapely.LinearRing(ring).is_ccw  # d3-geo: a counter-clockwise ring would fill the whole globe
    assert point_map_spec(layers.points, layers.icons, [], "Beteiligung")["layer"][0]["mark"]["type"] == "circle"
    svg = chart_svg(spec, title="Karte", subtitle_lines=[mi.OUTLINE_NOTE], footer="Quelle: Test", width=WIDTH)
    assert mi.OUTLINE_NOTE in texts(svg)
    seen = {}
    monkeypatch.setattr(mi, "map_png", lambda spec, **kw: seen.update(kw) or b"")
    mi.participant_map_png(layers, title="Karte", subtitle_lines=[], footer="Quelle: Test")
    assert seen["subtitle_lines"][-1] == mi.OUTLINE_NOTE
