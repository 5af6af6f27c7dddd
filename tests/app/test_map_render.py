"""The shared map rendering (components.folium_bridge: render_map, send) sends exactly what st_folium would
send, for the point map and the area map, so caching the rendered map changes nothing the browser sees."""
from __future__ import annotations

import pytest
import streamlit_folium

from components import folium_bridge as fb
from components import keys
from components import map_widget as mw
from data.filters import Filters, municipality_mask
from data.loading import load_dataset
from geo import boundaries as gb
from geo import choropleth as ch
from geo.mapbuilder import area_layers, build_area_map, build_map, participant_layers
from tests.conftest import BOUNDARIES, DATA


@pytest.fixture(scope="module")
def ds():
    dataset = load_dataset(DATA)
    assert not dataset.problems
    return dataset


def st_folium_args(m, monkeypatch) -> dict:
    seen = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: seen.update(kw))
    streamlit_folium.st_folium(m, key=keys.MAP, height=mw.MAP_HEIGHT, use_container_width=True,
                               returned_objects=mw.RETURNED)
    return seen


def sent_args(r: fb.RenderedMap, monkeypatch) -> dict:
    seen = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: seen.update(kw))
    fb.send(r, keys.MAP, mw.MAP_HEIGHT, mw.RETURNED, on_change=lambda: None)
    return seen


def assert_same(build, monkeypatch):
    expected = st_folium_args(build(), monkeypatch)
    r = fb.render_map(build(), keys.MAP)
    assert r.script == expected["script"]
    assert r.header == expected["header"]
    assert r.html == expected["html"]
    assert r.map_id == expected["id"]
    assert r.hash_key == expected["key"]
    assert list(r.css_links) == expected["css_links"]
    assert list(r.js_links) == expected["js_links"]
    assert {k: None for k in mw.RETURNED} == expected["default"]
    assert "leaflet" in " ".join(r.js_links)
    # The component call itself: every argument as st_folium passes it (the change handler aside).
    sent = sent_args(r, monkeypatch)
    assert set(sent) == set(expected)
    assert {k: v for k, v in sent.items() if k != "on_change"} == {k: v for k, v in expected.items() if k != "on_change"}


@pytest.mark.parametrize("basemap", ["keine", "topplus"])
def test_point_map_renders_like_st_folium(ds, basemap, monkeypatch):
    mask = municipality_mask(ds.municipalities, Filters())
    data = participant_layers(ds.municipalities, ds.units, ds.workshops, ds.districts, mask, {"15083040"},
                              sample_data=ds.sample_data, height=mw.MAP_HEIGHT)
    assert_same(lambda: build_map(data, mw.MAP_HEIGHT, basemap), monkeypatch)


def test_area_map_renders_like_st_folium(ds, tmp_path, monkeypatch):
    gb.import_path(BOUNDARIES, tmp_path, ds.municipalities)
    b = gb.load(tmp_path)
    mask = municipality_mask(ds.municipalities, Filters())
    colouring = ch.by_size(ds.municipalities, mask)
    data = area_layers(b, colouring, ds.municipalities, ds.districts, ds.workshops, mask, set(), mw.MAP_HEIGHT)
    assert_same(lambda: build_area_map(b, data, "keine", mw.MAP_HEIGHT, geometry_url="/app/static/x.js"),
                monkeypatch)


def test_rendered_map_is_stable_across_builds(ds):
    """Two sessions asking for the same view get the same component key, so a rerun keeps the map."""
    mask = municipality_mask(ds.municipalities, Filters())
    data = participant_layers(ds.municipalities, ds.units, ds.workshops, ds.districts, mask, set(),
                              sample_data=ds.sample_data, height=mw.MAP_HEIGHT)
    a, b = (fb.render_map(build_map(data, mw.MAP_HEIGHT, "keine"), keys.MAP) for _ in range(2))
    assert a == b
