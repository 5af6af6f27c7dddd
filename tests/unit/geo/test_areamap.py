"""geo.mapbuilder's area map, drawn with the real BKG VG5000 boundaries imported into tmp_path."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from data.filters import Filters, filter_units, municipality_mask, selected_unit_keys
from data.loading import load_dataset
from geo import assets
from geo import boundaries as gb
from geo import choropleth as ch
from geo.html import escape
from geo.mapbuilder import BASEMAPS, area_layers, build_area_map
from tests.conftest import BOUNDARIES, DATA

N_GEM, N_VWG, N_KRS = 218, 18, 14
ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
CDN_HOSTS = ("jsdelivr", "cdnjs", "unpkg", "bootstrapcdn", "code.jquery.com")
URL = re.compile(r"https?://[^\s\"'<>`)\\]+")
JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
VARIABLES = [ch.PARTICIPATION, ch.SIZE, ch.POPULATION, "frage:digitalstrategie", "frage:klima_massnahmen"]


def js_decoded(html_text: str) -> str:
    """The map HTML with JavaScript string escapes resolved: the strings as Leaflet receives them."""
    return JS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), html_text).replace('\\"', '"')


@pytest.fixture(scope="module")
def ds():
    dataset = load_dataset(DATA)
    assert not dataset.problems, dataset.problems
    return dataset


@pytest.fixture(scope="module")
def boundaries(ds, tmp_path_factory):
    out = tmp_path_factory.mktemp("geo")
    gb.import_path(BOUNDARIES, out, ds.municipalities)
    b = gb.load(out)
    assert b is not None
    return b


def colouring(ds, variable: str, filters: Filters = Filters(), option: str | None = None):
    mask = municipality_mask(ds.municipalities, filters)
    if variable == ch.PARTICIPATION:
        return ch.by_participation(ds.municipalities, ds.units, mask, ds.sample_data), mask
    if variable == ch.SIZE:
        return ch.by_size(ds.municipalities, mask), mask
    if variable == ch.POPULATION:
        return ch.by_population(ds.municipalities, mask), mask
    from data.disclosure import Selection, disclosure_of

    q = ds.questions[ds.questions["id"] == variable[len(ch.QUESTION_PREFIX):]].iloc[0]
    units = filter_units(ds.units, filters, ds.municipalities)
    sel = Selection.of(units["unit_key"], by_name=bool(filters.units))
    return ch.by_question(disclosure_of(ds), q, option or q["options"][-1], ds.districts, sel,
                          ds.sample_data), mask


def render(ds, boundaries, variable: str, filters: Filters = Filters(), basemap: str = "keine",
           municipalities: pd.DataFrame | None = None, selected: set[str] | None = None):
    mun = ds.municipalities if municipalities is None else municipalities
    col, mask = colouring(ds, variable, filters)
    if selected is None:
        selected = set(filters.units) | selected_unit_keys(filters, mun)
    data = area_layers(boundaries, col, mun, ds.districts, ds.workshops, mask, selected)
    html_text = build_area_map(boundaries, data, basemap).get_root().render()
    return html_text, data, col


@pytest.fixture(scope="module")
def maps(ds, boundaries):
    return {v: render(ds, boundaries, v) for v in VARIABLES}


def embedded_collections(html_text: str) -> dict[str, dict]:
    """The GeoJSON collections embedded in the map's script, by layer name."""
    decoder = json.JSONDecoder()
    found = {}
    for m in re.finditer(r'"(gemeinden|verbandsgemeinden|kreise)":\s*(?=\{"type":\s*"FeatureCollection")',
                         html_text):
        found[m.group(1)], _ = decoder.raw_decode(html_text, m.end())
    return found


def embedded_object(html_text: str, var: str) -> dict:
    m = re.search(rf"var {var} = ", html_text)
    assert m, var
    value, _ = json.JSONDecoder().raw_decode(html_text, m.end())
    return value


# --- geometry and legend ---------------------------------------------------------------------------

@pytest.mark.parametrize("variable", VARIABLES)
def test_map_embeds_every_area(maps, variable):
    html_text, _, _ = maps[variable]
    keys8 = re.findall(r'"key":\s*"(15\d{6})"', html_text)
    assert len(keys8) == N_GEM and len(set(keys8)) == N_GEM
    collections = embedded_collections(html_text)
    assert set(collections) == {"gemeinden", "verbandsgemeinden", "kreise"}
    assert len(collections["gemeinden"]["features"]) == N_GEM
    assert len(collections["verbandsgemeinden"]["features"]) == N_VWG
    assert len(collections["kreise"]["features"]) == N_KRS
    assert {f["properties"]["key"] for f in collections["kreise"]["features"]} == \
        {f"150{n:02d}" for n in (1, 2, 3)} | {f"150{n}" for n in range(81, 92)}


@pytest.mark.parametrize("variable", VARIABLES)
def test_styles_follow_the_colouring(maps, ds, variable):
    html_text, data, col = maps[variable]
    styles = embedded_object(html_text, "styles")
    assert styles == json.loads(json.dumps(data.styles))
    assert len(styles["gemeinden"]) == N_GEM and len(styles["kreise"]) == N_KRS
    if col.level == "gemeinden":
        for ags, style in styles["gemeinden"].items():
            assert style["fillColor"] == col.fill[ags], ags
        assert all(s.get("fill") is False for s in styles["kreise"].values()), "districts drawn as outlines"
    else:
        for key, style in styles["kreise"].items():
            assert style["fillColor"] == col.fill[key] and style["fill"] is True, key
        assert all(s.get("fill") is False for s in styles["gemeinden"].values()), \
            "answers are never drawn per municipality"


@pytest.mark.parametrize("variable", VARIABLES)
def test_legend_title_and_attribution(maps, variable):
    html_text, _, col = maps[variable]
    legend = re.search(r"div\.innerHTML = `(.*?)`;", html_text, re.S)
    assert legend, "legend present"
    body = legend.group(1)
    assert f"<h4>{escape(col.title)}</h4>" in body
    assert f"Grenzen: {escape(ATTRIBUTION)}" in body
    for entry in col.legend:
        assert f"{escape(entry.label)}: {entry.count}<" in body, entry.label


def test_question_map_names_the_larger_group_of_small_districts(maps, ds):
    html_text, data, col = maps["frage:digitalstrategie"]
    tips = embedded_object(html_text, "tips")
    assert not [k for k, colour in col.fill.items() if colour in (ch.SUPPRESSED, ch.NO_DATA)]
    for key in col.fill:
        assert "\u202f%" in tips["kreise"][key], key
    assert "gezeigt: Mittel- und Großstädte in der Planungsregion Halle" in tips["kreise"]["15002"]
    # The municipality tooltips carry no answer either.
    assert not any("„" in t or "%" in t for t in tips["gemeinden"].values())


# --- what the map loads ----------------------------------------------------------------------------

@pytest.mark.parametrize("variable", VARIABLES)
def test_no_cdn_and_without_basemap_no_url_at_all(maps, variable):
    html_text, _, _ = maps[variable]
    lowered = html_text.lower()
    for host in CDN_HOSTS:
        assert host not in lowered, host
    assert URL.findall(html_text) == []
    assert "L.tileLayer" not in html_text
    for spec in BASEMAPS.values():
        if spec:
            assert spec["url"] not in html_text
    assert f'<script src="{assets.leaflet_js_url()}"></script>' in html_text


@pytest.mark.parametrize("basemap, other", [("osm", "topplus"), ("topplus", "osm")])
def test_basemap_loads_only_its_tiles(ds, boundaries, basemap, other):
    html_text, _, _ = render(ds, boundaries, ch.PARTICIPATION, basemap=basemap)
    spec = BASEMAPS[basemap]
    assert URL.findall(html_text) == [spec["url"]]
    assert html_text.count("L.tileLayer") == 1
    decoded = js_decoded(html_text)
    assert spec["attribution"] in decoded
    assert BASEMAPS[other]["url"] not in html_text
    assert BASEMAPS[other]["attribution"] not in decoded
    lowered = html_text.lower()
    for host in CDN_HOSTS:
        assert host not in lowered, host


def test_unknown_basemap_loads_nothing(ds, boundaries):
    html_text, _, _ = render(ds, boundaries, ch.PARTICIPATION, basemap="gibt-es-nicht")
    assert URL.findall(html_text) == []


# --- escaping --------------------------------------------------------------------------------------

PAYLOAD = '<img src=x onerror=alert(1)>`${alert(1)}`\\"\'</script>'


@pytest.mark.parametrize("variable", [ch.PARTICIPATION, "frage:digitalstrategie"])
def test_hostile_names_appear_only_escaped(ds, boundaries, maps, variable):
    m = ds.municipalities.copy()
    seat = m.index[m["name"] == "Stendal"][0]  # a district seat: also a map label
    member = m.index[m["vg_key"] == "150905051"][0]
    m.loc[seat, "name"] = "Seat " + PAYLOAD
    m.loc[member, "name"] = "Member " + PAYLOAD
    m.loc[member, "vg_name"] = "VG " + PAYLOAD
    districts = ds.districts.copy()
    districts.loc[districts["seat"] == "Stendal", "seat"] = "Seat " + PAYLOAD
    col, mask = colouring(ds, variable)
    data = area_layers(boundaries, col, m, districts, ds.workshops, mask, set())
    html_text = build_area_map(boundaries, data, "keine").get_root().render()
    baseline = maps[variable][0]

    escaped = escape(PAYLOAD)
    strings = js_decoded(html_text)
    assert f"<b>Member {escaped}</b>" in strings
    assert f"Teil der VG {escaped}" in strings
    assert f'<div class="sca-label">Seat {escaped}</div>' in strings
    for text in (html_text, strings):
        assert PAYLOAD not in text
        assert "<img" not in text
        assert "${" not in text
        assert "alert(1)}" not in text
    assert html_text.count("`") == baseline.count("`")
    assert html_text.lower().count("</script") == baseline.lower().count("</script")


def test_hostile_boundary_names_appear_only_escaped(ds, boundaries):
    """A municipality in the boundary file but not in municipalities.csv gets a tooltip from its name."""
    b = gb.Boundaries(boundaries.meta, json.loads(json.dumps(boundaries.gemeinden)),
                      boundaries.verbandsgemeinden, boundaries.kreise, boundaries.land)
    b.gemeinden["features"][0]["properties"]["name"] = "Neu " + PAYLOAD
    m = ds.municipalities[ds.municipalities["ags"] != b.gemeinden["features"][0]["properties"]["key"]]
    col, _ = colouring(ds, ch.SIZE)
    mask = pd.Series(True, index=m.index)
    data = area_layers(b, col, m, ds.districts, ds.workshops, mask, set())
    html_text = build_area_map(b, data, "keine").get_root().render()
    tips = embedded_object(html_text, "tips")
    key = b.gemeinden["features"][0]["properties"]["key"]
    assert tips["gemeinden"][key] == f"<b>Neu {escape(PAYLOAD)}</b>"
    # In the geometry the name stays data: a JSON string inside the script, with < and > escaped, so it can
    # neither open a tag nor close the script; the tooltip above is the only place it becomes HTML.
    gemeinden = embedded_collections(html_text)["gemeinden"]
    assert gemeinden["features"][0]["properties"]["name"] == "Neu " + PAYLOAD
    assert "<img" not in html_text
    assert html_text.lower().count("</script") == maps_baseline(ds, boundaries).lower().count("</script")


def maps_baseline(ds, boundaries) -> str:
    return render(ds, boundaries, ch.SIZE)[0]


# --- selection -------------------------------------------------------------------------------------

@pytest.mark.parametrize("variable", [ch.PARTICIPATION, ch.POPULATION, "frage:digitalstrategie"])
def test_selected_municipality_gets_weight_3(ds, boundaries, variable):
    html_text, data, _ = render(ds, boundaries, variable, Filters(units=("15003000",)))
    styles = embedded_object(html_text, "styles")
    heavy = {k for k, s in styles["gemeinden"].items() if s.get("weight") == 3}
    assert heavy == {"15003000"}
    assert styles["gemeinden"]["15003000"]["color"] == "#000000"


def test_selected_verbandsgemeinde_rings_all_its_members(ds, boundaries):
    html_text, _, _ = render(ds, boundaries, ch.PARTICIPATION, Filters(units=("150815051",)))
    styles = embedded_object(html_text, "styles")
    heavy = {k for k, s in styles["gemeinden"].items() if s.get("weight") == 3}
    members = set(ds.municipalities.loc[ds.municipalities["vg_key"] == "150815051", "ags"])
    assert len(members) > 1
    assert heavy == members


def test_nothing_selected_nothing_ringed(maps):
    styles = embedded_object(maps[ch.PARTICIPATION][0], "styles")
    assert not any(s.get("weight") == 3 for s in styles["gemeinden"].values())


def test_filtered_out_municipalities_are_faded(ds, boundaries):
    html_text, _, _ = render(ds, boundaries, ch.SIZE, Filters(districts=("15003",)))
    styles = embedded_object(html_text, "styles")
    assert "fillOpacity" not in styles["gemeinden"]["15003000"]
    assert all(s.get("fillOpacity") == 0.35 for k, s in styles["gemeinden"].items() if k != "15003000")
