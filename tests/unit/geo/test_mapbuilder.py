"""geo.mapbuilder: the participant map built from the shipped data, rendered to standalone HTML."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from data.filters import Filters, municipality_mask
from data.loading import load_dataset
from data.model import municipality_status, status_of
from geo import assets
from geo.html import escape
from geo.mapbuilder import map_html, participant_map, view_for_bounds
from geo.palette import POINT_STATUS as STATUS_STYLE
from tests.conftest import DATA
from views.url import filter_params

N_MUNICIPALITIES = 218
CDN_HOSTS = ("jsdelivr", "cdnjs", "unpkg", "bootstrapcdn", "code.jquery.com")
# Marker options travel as JSON inside the map's script, whether folium writes one script per marker or
# the map ships all points as one JSON array: the tests read the options, not the script around them.
CLASS_NAME = re.compile(r'"className":\s*"(gemeinde(?: [^"]*)?)"')
VENUE_ICON = re.compile(r'sca-venue workshop-ort\\"\\u003e(.*?)\\u003c/div\\u003e')
JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def js_decoded(html_text: str) -> str:
    """The map HTML with JavaScript string escapes resolved: the strings as Leaflet receives them."""
    return JS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), html_text).replace('\\"', '"')


@pytest.fixture(scope="module")
def ds():
    dataset = load_dataset(DATA)
    assert not dataset.problems, dataset.problems
    return dataset


def build(ds, filters: Filters = Filters(), municipalities: pd.DataFrame | None = None, **kw):
    mun = ds.municipalities if municipalities is None else municipalities
    mask = municipality_mask(mun, filters)
    m, counts = participant_map(mun, kw.pop("units", ds.units), kw.pop("workshops", ds.workshops),
                                kw.pop("districts", ds.districts), mask, **kw)
    return map_html(m), counts, mask


@pytest.fixture(scope="module")
def full(ds):
    return build(ds)


def marker_classes(html_text: str) -> list[str]:
    """The className of every municipality marker in the rendered map."""
    return CLASS_NAME.findall(html_text)


def venue_labels(html_text: str) -> list[str]:
    return [js_decoded(v) for v in VENUE_ICON.findall(html_text)]


# --- the full map ----------------------------------------------------------------------------------

def test_every_municipality_is_one_circle_marker(ds, full):
    html_text, counts, _ = full
    classes = marker_classes(html_text)
    assert len(ds.municipalities) == N_MUNICIPALITIES
    assert len(classes) == N_MUNICIPALITIES
    assert all(c.split()[0] == "gemeinde" for c in classes), set(classes)
    assert all(re.search(r"\bstatus-(both|registered|answered|none)\b", c) for c in classes)
    assert not any("ausgeblendet" in c for c in classes), "nothing is filtered"
    assert counts.shown == counts.total == N_MUNICIPALITIES


def test_venue_markers_share_a_place(full):
    html_text, _, _ = full
    venues = venue_labels(html_text)
    assert len(venues) == 5, venues
    assert "1 · 6" in venues, venues  # Magdeburg: Auftakt and Abschluss in one marker
    assert sorted(venues) == ["1 · 6", "2", "3", "4", "5"]
    # The icons take no pointer; Magdeburg's own tooltip names both workshops held there.
    decoded = js_decoded(html_text)
    assert re.search(r"<b>Magdeburg</b>.*?Workshop 1\. Auftaktveranstaltung \(27\. Apr\. 2023\)<br>"
                     r"Workshop 6\. Abschlussveranstaltung \(7\. Dez\. 2023\)</div>", decoded)
    assert '"interactive": false' in decoded.replace("interactive: false", '"interactive": false')


def test_legend(full):
    html_text, counts, _ = full
    assert "Beteiligung an der Workshopreihe" in html_text
    for colour, label in STATUS_STYLE.values():
        assert colour in html_text
        assert label in html_text
    assert f"{N_MUNICIPALITIES} von {N_MUNICIPALITIES} Gemeinden entsprechen den Filtern" in html_text
    legend = re.search(r"sca-legend\"\);\s*div\.innerHTML = `(.*?)`;", html_text, re.S).group(1)
    for key, n in counts.by_status.items():
        assert f"{STATUS_STYLE[key][1]}" in legend
        assert re.search(rf"{re.escape(STATUS_STYLE[key][1])}(?: \(Beispieldaten\))?: {n}<", legend), key


def test_legend_counts_the_venue_markers(full):
    html_text, _, _ = full
    venues = len(venue_labels(html_text))
    assert venues == 5
    assert f"Workshop-Ort ({venues})" in html_text


def test_no_cdn_only_local_leaflet(full):
    html_text, _, _ = full
    urls = re.findall(r"https?://[^\s\"'<>`)]+", html_text)
    assert urls == [], urls
    lowered = html_text.lower()
    for host in CDN_HOSTS:
        assert host not in lowered, host
    assert f'<script src="{assets.leaflet_js_url()}"></script>' in html_text
    assert f'href="{assets.leaflet_css_url()}"' in html_text
    assert f'href="{assets.map_css_url()}"' in html_text
    assert assets.leaflet_js_url().startswith("/app/static/vendor/leaflet-")
    # Only our own scripts and stylesheets are loaded.
    assert re.findall(r'<script src="([^"]+)"', html_text) == [assets.leaflet_js_url()]
    assert sorted(re.findall(r'<link rel="stylesheet" href="([^"]+)"', html_text)) == \
        sorted([assets.leaflet_css_url(), assets.map_css_url()])


# --- status ----------------------------------------------------------------------------------------

def test_status_of():
    assert status_of(True, True) == "both"
    assert status_of(True, False) == "registered"
    assert status_of(False, True) == "answered"
    assert status_of(False, False) == "none"


def test_vg_members_share_the_status_of_their_verbandsgemeinde(ds):
    status = municipality_status(ds.municipalities, ds.units)
    m = ds.municipalities
    vgs = ds.units[(ds.units["kind"] == "Verbandsgemeinde") & (ds.units["registered"] | ds.units["answered"])]
    assert len(vgs), "the shipped data has participating Verbandsgemeinden"
    for vg in vgs.itertuples():
        members = m[m["vg_key"] == vg.unit_key]
        assert len(members) == vg.members
        expected = status_of(vg.registered, vg.answered)
        assert expected != "none"
        assert set(status[members.index]) == {expected}, vg.name


def test_status_on_a_small_frame():
    municipalities = pd.DataFrame({
        "ags": ["1", "2", "3", "4", "5"],
        "unit_key": ["1", "VG", "VG", "4", "5"],
    }, index=[10, 11, 12, 13, 14])
    units = pd.DataFrame({
        "unit_key": ["1", "VG", "4"],
        "registered": [True, True, False],
        "answered": [False, True, False],
    })
    status = municipality_status(municipalities, units)
    assert list(status.index) == [10, 11, 12, 13, 14]
    # "5" is not a unit at all (not in participants): not taking part.
    assert list(status) == ["registered", "both", "both", "none", "none"]


def test_map_classes_follow_the_status(ds, full):
    html_text, _, _ = full
    status = municipality_status(ds.municipalities, ds.units)
    found = pd.Series([c.split()[1] for c in marker_classes(html_text)]).value_counts().to_dict()
    assert found == {f"status-{k}": v for k, v in status.value_counts().items()}


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(sizes=("Großstadt",)),
    Filters(sizes=("Kleinstadt", "Mittelstadt")),
    Filters(districts=("15083",)),
    Filters(units=("150815051",)),  # a whole Verbandsgemeinde
    Filters(units=("15081045",)),  # one member of it
    Filters(sizes=("Landgemeinde",)),  # matches nothing in the shipped data
], ids=lambda f: repr(filter_params(f)))
def test_counts_add_up_to_the_matching_municipalities(ds, filters):
    _, counts, mask = build(ds, filters)
    assert counts.shown == int(mask.sum())
    assert counts.total == N_MUNICIPALITIES
    assert sum(counts.by_status.values()) == counts.shown
    assert set(counts.by_status) <= set(STATUS_STYLE)
    status = municipality_status(ds.municipalities, ds.units)
    assert counts.by_status == status[mask].value_counts().to_dict()


# --- filters ---------------------------------------------------------------------------------------

def test_filter_marks_non_matching_markers(ds):
    html_text, counts, mask = build(ds, Filters(sizes=("Großstadt",)))
    classes = marker_classes(html_text)
    assert len(classes) == N_MUNICIPALITIES
    hidden = [c for c in classes if "ausgeblendet" in c.split()]
    assert counts.shown == int(mask.sum()) == 2  # Halle (Saale) and Magdeburg
    assert len(hidden) == N_MUNICIPALITIES - 2
    assert all(c.startswith("gemeinde ") for c in hidden)
    assert f"2 von {N_MUNICIPALITIES} Gemeinden entsprechen den Filtern" in html_text


def test_filter_matching_nothing_still_draws_every_point(ds):
    html_text, counts, mask = build(ds, Filters(sizes=("Landgemeinde",)))
    assert not mask.any()
    classes = marker_classes(html_text)
    assert len(classes) == N_MUNICIPALITIES
    assert all("ausgeblendet" in c.split() for c in classes)
    assert counts.shown == 0 and counts.by_status == {}


def test_selected_municipality_is_ringed(ds):
    m = ds.municipalities
    mask = municipality_mask(m, Filters(units=("15003000",)))
    fmap, _ = participant_map(m, ds.units, ds.workshops, ds.districts, mask, {"15003000"})
    html_text = map_html(fmap)
    assert len(re.findall(r'"color":\s*"#000000"', html_text)) == 1



def test_a_small_chosen_municipality_stands_out_and_lies_on_top(ds):
    from geo.mapbuilder import SELECTED_RADIUS, participant_layers

    m = ds.municipalities
    small = m.sort_values("population").iloc[0]
    data = participant_layers(m, ds.units, ds.workshops, ds.districts, municipality_mask(m, Filters()),
                              {small["ags"]})
    last = data.points[-1]
    assert (last["lat"], last["lon"]) == (float(small["lat"]), float(small["lon"]))
    assert last["style"]["color"] == "#000000" and last["style"]["radius"] >= SELECTED_RADIUS


# --- escaping --------------------------------------------------------------------------------------

PAYLOAD = '<img src=x onerror=alert(1)>`${alert(1)}`\\"\'</script>'


def test_hostile_names_appear_only_escaped(ds, full):
    m = ds.municipalities.copy()
    districts = ds.districts.copy()
    units = ds.units.copy()
    workshops = ds.workshops.copy()
    # A district seat (gets a label), a member of a participating Verbandsgemeinde (tooltip names the VG).
    seat = m.index[m["name"] == "Stendal"][0]
    member = m.index[m["vg_key"] == "150905051"][0]
    m.loc[seat, "name"] = "Seat " + PAYLOAD
    districts.loc[districts["seat"] == "Stendal", "seat"] = "Seat " + PAYLOAD
    m.loc[member, "name"] = "Member " + PAYLOAD
    m.loc[member, "district_name"] = "District " + PAYLOAD
    units.loc[units["unit_key"] == "150905051", "name"] = "VG " + PAYLOAD
    workshops.loc[0, "title"] = "Title " + PAYLOAD
    workshops.loc[0, "venue"] = "Venue " + PAYLOAD

    html_text, _, _ = build(ds, municipalities=m, districts=districts, units=units, workshops=workshops)
    baseline, _, _ = full

    escaped = escape(PAYLOAD)
    strings = js_decoded(html_text)  # what Leaflet puts into tooltips and icons (as innerHTML)
    assert f"<b>Member {escaped}</b><br>District {escaped}<br>" in strings
    assert f"Teil der VG {escaped}" in strings
    assert f"Workshop 1. Title {escaped} (27. Apr. 2023)" in strings
    assert f'<div class="sca-label">Seat {escaped}</div>' in strings
    # Even as the browser decodes the script's strings, none of the payload is markup or a placeholder.
    for text in (html_text, strings):
        assert PAYLOAD not in text
        assert "<img" not in text
        assert "${" not in text
        assert "alert(1)}" not in text
    # The document itself: no extra backtick (template literal) and no extra closing script tag.
    assert html_text.count("`") == baseline.count("`")
    assert html_text.lower().count("</script") == baseline.lower().count("</script")


# --- view ------------------------------------------------------------------------------------------

def test_view_fits_the_whole_state(ds):
    m = ds.municipalities
    (lat, lon), zoom = view_for_bounds(m["lat"].min(), m["lon"].min(), m["lat"].max(), m["lon"].max(), 620)
    assert 7 <= zoom <= 8.5
    assert zoom * 4 == int(zoom * 4), "quarter steps (zoomSnap 0.25)"
    assert m["lat"].min() < lat < m["lat"].max()
    assert m["lon"].min() < lon < m["lon"].max()


def test_view_zooms_in_on_a_small_box():
    state, state_zoom = view_for_bounds(50.94, 10.56, 53.04, 13.19, 620)
    (lat, lon), zoom = view_for_bounds(52.0, 11.4, 52.3, 11.8, 620)  # around Magdeburg
    assert zoom > state_zoom
    assert zoom <= 11
    assert 52.0 < lat < 52.3 and lon == pytest.approx(11.6)


def test_view_for_a_single_point_is_capped():
    _, zoom = view_for_bounds(52.13, 11.63, 52.13, 11.63, 620)
    assert zoom == 11


def test_map_view_follows_the_filter(ds, full):
    html_text, _, _ = full
    small, _, _ = build(ds, Filters(districts=("15003",)))  # Magdeburg alone

    def zoom_of(text):
        return float(re.search(r'"zoom":\s*([0-9.]+)', text).group(1))

    assert 7 <= zoom_of(html_text) <= 8.5
    assert zoom_of(small) > zoom_of(html_text)
