"""The map widget: a folium map through streamlit-folium.

Pan and zoom never rerun the app (only a click is returned); a click on a municipality selects it in the
Kommune filter, so the rest of the app follows. Layer data and the rendered map (the strings the
st_folium component receives) are computed once per data version, boundaries, filter selection and
colouring, and shared by all sessions: a hundred phones opening the same view build the map once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import folium
import numpy as np
import shapely
import streamlit as st
import streamlit_folium

from components import keys
from components.access import disclosure, viewer
from components.access import selection as selection_of
from components.state import get_dataset
from components.export_ui import source_line
from data.filters import Filters, describe, filter_questions, filter_units, municipality_mask, selected_unit_keys
from data.loading import Dataset
from exports.map_image import area_map_png, participant_map_png
from geo import choropleth
from geo import store as geo_boundaries
from geo.assets import publish_script
from geo.mapbuilder import (
    AreaMapData,
    MapData,
    area_layers,
    build_area_map,
    build_map,
    geometry_script,
    participant_layers,
)

MAP_KEY = "karte_map"
MAP_HEIGHT = 620
COLOUR_KEY = "karte_faerben"
OPTION_KEY = "karte_antwort"
BASEMAP_KEY = "karte_hintergrund"


def units_for_map(ds: Dataset, staff: bool):
    """Whether a unit answered is itself an answer: the maps show it to signed-in staff only."""
    return ds.units if staff or not len(ds.units) else ds.units.assign(answered=False)


@st.cache_data(show_spinner=False, max_entries=256)
def _layers(version: str, themes: tuple, sizes: tuple, districts: tuple, units: tuple, staff: bool,
            _ds: Dataset) -> MapData:
    filters = Filters(themes, sizes, districts, units)
    ds = _ds
    mask = municipality_mask(ds.municipalities, filters)
    selected = set(filters.units) | selected_unit_keys(filters, ds.municipalities)
    return participant_layers(ds.municipalities, units_for_map(ds, staff), ds.workshops, ds.districts, mask,
                              selected, sample_data=ds.sample_data, height=MAP_HEIGHT, questionnaire=staff)


def participant_layers_for(ds: Dataset, filters: Filters, staff: bool = False) -> MapData:
    """The point map's layers, computed once per data version, filter selection and audience."""
    return _layers(ds.version, filters.themes, filters.sizes, filters.districts, filters.units, staff, ds)


# --- boundaries ------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=4)
def _boundaries(path: str, mtime_ns: int, size: int):
    """Read-only geometry shared by all sessions (plain dicts that nothing mutates), plus a spatial index."""
    b = geo_boundaries.load(geo_boundaries.Path(path).parent)
    polygons = [shapely.geometry.shape(f["geometry"]) for f in b.gemeinden["features"]]
    keys_ = [f["properties"]["key"] for f in b.gemeinden["features"]]
    return b, shapely.STRtree(polygons), polygons, keys_, publish_script("grenzen", geometry_script(b))


def boundaries_state():
    """(Boundaries or None, German problem or None). An unreadable file is a notice, never a crash."""
    path = geo_boundaries.geo_dir_from_env() / geo_boundaries.FILE_NAME
    try:
        stat = path.stat()
    except OSError:
        return None, None
    try:
        return _boundaries(str(path), stat.st_mtime_ns, stat.st_size), None
    except geo_boundaries.BoundaryError as exc:
        return None, str(exc)


# --- clicks ----------------------------------------------------------------------------------------

def municipality_at(lat: float, lon: float, ds: Dataset) -> str | None:
    """The AGS of the municipality at a clicked point: its area if boundaries exist, else the nearest
    point within 4 km."""
    state, _ = boundaries_state()
    if state is not None:
        _, tree, polygons, keys_, _ = state
        point = shapely.Point(lon, lat)
        for i in tree.query(point, predicate="intersects"):
            return keys_[int(i)]
    m = ds.municipalities
    if not len(m):
        return None
    d = (m["lat"] - lat) ** 2 + ((m["lon"] - lon) * np.cos(np.radians(lat))) ** 2
    i = int(np.argmin(d.to_numpy()))
    return m["ags"].iloc[i] if d.iloc[i] ** 0.5 * 111 < 4 else None


def _on_click() -> None:
    value = st.session_state.get(MAP_KEY) or {}
    # The map's own click: its point is the pointer, or the centre of the circle drawn there (geo.mapbuilder);
    # workshop icons and labels take no pointer, so they never hide the municipality beneath them.
    clicked = value.get("last_clicked")
    if not clicked:
        return
    ags = municipality_at(float(clicked["lat"]), float(clicked["lng"]), get_dataset())
    if ags:
        st.session_state[keys.KOMMUNE] = [ags]


RETURNED = ["last_clicked"]


@dataclass(frozen=True)
class RenderedMap:
    """What streamlit-folium's component needs for one map: plain strings, shared read-only."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    hash_key: str


def render_map(m: folium.Map) -> RenderedMap:
    """The steps of `streamlit_folium.st_folium` (0.27.4) up to the component call, for a plain folium.Map
    without feature groups or layer control; tests/unit/test_map_render.py compares the result with
    st_folium's own arguments, so an upgrade that changes them is noticed."""
    sf = streamlit_folium
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    map_id = sf.get_full_id(m)
    css_links: list[str] = []
    js_links: list[str] = []
    stack = [m]
    while stack:  # the same walk as st_folium's (depth first, children in order)
        elem = stack.pop()
        if isinstance(elem, folium.elements.JSCSSMixin):
            css_links.extend(href for _, href in getattr(elem, "default_css", []))
            js_links.extend(src for _, src in getattr(elem, "default_js", []))
        stack.extend(reversed(list(getattr(elem, "_children", {}).values())))
    return RenderedMap(script, header, html, map_id, tuple(dict.fromkeys(css_links)), tuple(dict.fromkeys(js_links)),
                       sf.generate_js_hash(script, MAP_KEY, False))


@st.cache_resource(show_spinner=False, max_entries=256)
def _rendered(cache_key: tuple, _build: Callable[[], folium.Map]) -> RenderedMap:
    return render_map(_build())


def _filter_key(filters: Filters) -> tuple:
    return filters.themes, filters.sizes, filters.districts, filters.units


def _show(cache_key: tuple, build: Callable[[], folium.Map]) -> None:
    """Send the map of this view; it is built and rendered only the first time any session asks for it."""
    r = _rendered(cache_key, build)

    def on_change() -> None:  # as st_folium: the component's value under our key, then our handler
        st.session_state[MAP_KEY] = st.session_state.get(r.hash_key, {})
        _on_click()

    streamlit_folium._component_func(
        script=r.script, header=r.header, html=r.html, id=r.map_id, key=r.hash_key, height=MAP_HEIGHT,
        width=None, returned_objects=RETURNED,
        default={k: None for k in RETURNED},
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(r.css_links), js_links=list(r.js_links), on_change=on_change, wrap_longitude=False)


# --- the map page's widget -------------------------------------------------------------------------

def _filter_text(ds: Dataset, filters: Filters) -> str:
    from components.filters import choices_for

    return describe(filters, choices_for(ds))


def picture_button(ds: Dataset, filters: Filters, build: Callable[[], bytes]) -> None:
    """The map as a PNG with title, legend, source and date – rendered on the server only when clicked."""
    st.download_button("Karte als Bild (PNG)", data=build, file_name="Karte-Beteiligung.png", mime="image/png",
                       key="karte_png", on_click="ignore", icon=":material/image:")


@st.cache_data(show_spinner=False, max_entries=256)
def _area_layers(version: str, bmeta: str, variable: str, option: str, themes: tuple, sizes: tuple,
                 districts: tuple, units: tuple, staff: bool, _ds: Dataset, _boundaries) -> tuple[AreaMapData, str]:
    ds, b = _ds, _boundaries
    filters = Filters(themes, sizes, districts, units)
    mask = municipality_mask(ds.municipalities, filters)
    selected = set(filters.units) | selected_unit_keys(filters, ds.municipalities)
    colouring = colouring_for(ds, filters, variable, option, mask, staff)
    return area_layers(b, colouring, ds.municipalities, ds.districts, ds.workshops, mask, selected,
                       MAP_HEIGHT), colouring


def colouring_for(ds: Dataset, filters: Filters, variable: str, option: str, mask,
                  staff: bool = False) -> choropleth.Colouring:
    if variable == choropleth.SIZE:
        return choropleth.by_size(ds.municipalities, mask)
    if variable == choropleth.POPULATION:
        return choropleth.by_population(ds.municipalities, mask)
    if variable.startswith(choropleth.QUESTION_PREFIX):
        qid = variable[len(choropleth.QUESTION_PREFIX):]
        q = ds.questions[ds.questions["id"] == qid]
        if len(q):
            units = filter_units(ds.units, filters, ds.municipalities)
            return choropleth.by_question(disclosure(ds), q.iloc[0], option, ds.districts,
                                          selection_of(units, filters), ds.sample_data)
    return choropleth.by_participation(ds.municipalities, ds.units, mask, ds.sample_data,
                                       None if staff else frozenset())


def map_controls(ds: Dataset, filters: Filters, with_boundaries: bool) -> tuple[str, str, str]:
    """Färben nach (with boundaries), Antwort (for a question) and Hintergrund."""
    variable, option = choropleth.PARTICIPATION, ""
    cols = st.columns([3, 2, 2]) if with_boundaries else st.columns([3, 2])
    if with_boundaries:
        choices = choropleth.variable_choices(filter_questions(ds.questions, filters))
        if st.session_state.get(COLOUR_KEY) not in choices:
            st.session_state[COLOUR_KEY] = choropleth.PARTICIPATION
        with cols[0]:
            variable = st.selectbox("Färben nach", list(choices), format_func=lambda k: choices[k], key=COLOUR_KEY,
                                    help="Fragen folgen dem Themenfeld-Filter; Antworten werden je Kreis gezeigt, "
                                         "nie für einzelne Kommunen.")
        if variable.startswith(choropleth.QUESTION_PREFIX):
            q = ds.questions[ds.questions["id"] == variable[len(choropleth.QUESTION_PREFIX):]].iloc[0]
            options = list(q["options"])
            if st.session_state.get(OPTION_KEY) not in options:
                st.session_state[OPTION_KEY] = options[-1]
            with cols[1]:
                option = st.selectbox("Anteil der Antwort", options, key=OPTION_KEY)
    from geo.mapbuilder import BASEMAP_LABELS
    with cols[-1]:
        basemap = st.selectbox("Hintergrund", list(BASEMAP_LABELS), format_func=lambda k: BASEMAP_LABELS[k],
                               key=BASEMAP_KEY,
                               help="Ohne Hintergrund lädt die Karte nichts von fremden Servern. Ein Hintergrund "
                                    "lädt Kacheln vom gewählten Anbieter.")
    return variable, option, basemap


def show_karte(ds: Dataset, filters: Filters, preset: tuple[str, str] | None = None) -> bool:
    """Draw the map page's map; True when it shows areas (boundaries imported), False for points.

    `preset` (variable, option) fixes the colouring, as a slide does; otherwise the user chooses."""
    state, problem = boundaries_state()
    if problem:
        st.warning(f"Die Gemeindegrenzen sind nicht lesbar: {problem} Die Karte zeigt Punkte.",
                   icon=":material/warning:")
    if preset is None:
        variable, option, basemap = map_controls(ds, filters, state is not None)
    else:
        (variable, option), basemap = preset, "keine"
    staff = viewer().role == "staff"
    if state is None:
        _show(("punkte", ds.version, _filter_key(filters), basemap, staff),
              lambda: build_map(participant_layers_for(ds, filters, staff), MAP_HEIGHT, basemap))
        if preset is None:
            picture_button(ds, filters, lambda: participant_map_png(
                participant_layers_for(ds, filters, staff), title="Karte der Beteiligung",
                subtitle_lines=[_filter_text(ds, filters)], footer=source_line(ds)))
        return False
    b = state[0]

    def layers():
        return _area_layers(ds.version, b.meta.get("imported", ""), variable, option, filters.themes,
                            filters.sizes, filters.districts, filters.units, staff, ds, b)

    def build() -> folium.Map:
        return build_area_map(b, layers()[0], basemap, MAP_HEIGHT, geometry_url=state[4])

    view = ("flaechen", ds.version, b.meta.get("imported", ""), state[4], variable, option, _filter_key(filters),
            basemap, staff)
    _show(view, build)
    if preset is None:
        picture_button(ds, filters, lambda: area_map_png(
            b, *layers(), title="Karte der Beteiligung" if variable == choropleth.PARTICIPATION else "Karte",
            subtitle_lines=[_filter_text(ds, filters)],
            footer=f"{source_line(ds)} · Grenzen: {b.meta.get('attribution', '')}"))
    edition = b.meta.get("edition")
    st.caption(f"Grenzen: {b.meta.get('attribution', '')}, {b.meta.get('product', '')}"
               + (f", Stand {edition[8:10]}.{edition[5:7]}.{edition[:4]}" if edition else "")
               + ". Ein Klick auf eine Gemeinde wählt sie im Filter „Kommune“ aus.")
    return True
