"""The map widget: a folium map through streamlit-folium.

Pan and zoom never rerun the app (only a click is returned); a click on a municipality selects it in the
Kommune filter, so the rest of the app follows. Layer data is computed once per data version and filter
selection; the folium map itself is built fresh for every session run and never shared.
"""
from __future__ import annotations

import numpy as np
import shapely
import streamlit as st
from streamlit_folium import st_folium

from components import keys
from components.state import get_dataset
from data.filters import Filters, filter_questions, filter_units, municipality_mask, selected_unit_keys
from data.loading import Dataset
from geo import store as geo_boundaries
from geo import choropleth
from geo.assets import publish_script
from geo.mapbuilder import (AreaMapData, MapData, area_layers, build_area_map, build_map, geometry_script,
                            participant_layers)

MAP_KEY = "karte_map"
MAP_HEIGHT = 620
COLOUR_KEY = "karte_faerben"
OPTION_KEY = "karte_antwort"
BASEMAP_KEY = "karte_hintergrund"


@st.cache_data(show_spinner=False, max_entries=256)
def _layers(version: str, themes: tuple, sizes: tuple, districts: tuple, units: tuple, _ds: Dataset) -> MapData:
    filters = Filters(themes, sizes, districts, units)
    ds = _ds
    mask = municipality_mask(ds.municipalities, filters)
    selected = set(filters.units) | selected_unit_keys(filters, ds.municipalities)
    return participant_layers(ds.municipalities, ds.units, ds.workshops, ds.districts, mask, selected,
                              sample_data=ds.sample_data, height=MAP_HEIGHT)


def participant_layers_for(ds: Dataset, filters: Filters) -> MapData:
    """The point map's layers, computed once per data version and filter selection."""
    return _layers(ds.version, filters.themes, filters.sizes, filters.districts, filters.units, ds)


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
    clicked = value.get("last_object_clicked")
    if not clicked:
        return
    ags = municipality_at(float(clicked["lat"]), float(clicked["lng"]), get_dataset())
    if ags:
        st.session_state[keys.KOMMUNE] = [ags]


def _show(m) -> None:
    st_folium(m, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_object_clicked"], on_change=_on_click)


# --- the map page's widget -------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=256)
def _area_layers(version: str, bmeta: str, variable: str, option: str, themes: tuple, sizes: tuple,
                 districts: tuple, units: tuple, _ds: Dataset, _boundaries) -> tuple[AreaMapData, str]:
    ds, b = _ds, _boundaries
    filters = Filters(themes, sizes, districts, units)
    mask = municipality_mask(ds.municipalities, filters)
    selected = set(filters.units) | selected_unit_keys(filters, ds.municipalities)
    colouring = colouring_for(ds, filters, variable, option, mask)
    return area_layers(b, colouring, ds.municipalities, ds.districts, ds.workshops, mask, selected,
                       MAP_HEIGHT), colouring.title


def colouring_for(ds: Dataset, filters: Filters, variable: str, option: str, mask) -> choropleth.Colouring:
    if variable == choropleth.SIZE:
        return choropleth.by_size(ds.municipalities, mask)
    if variable == choropleth.POPULATION:
        return choropleth.by_population(ds.municipalities, mask)
    if variable.startswith(choropleth.QUESTION_PREFIX):
        qid = variable[len(choropleth.QUESTION_PREFIX):]
        q = ds.questions[ds.questions["id"] == qid]
        if len(q):
            units = filter_units(ds.units, filters, ds.municipalities)
            return choropleth.by_question(q.iloc[0], option, ds.responses, ds.units, ds.districts,
                                          set(units["unit_key"]), ds.sample_data)
    return choropleth.by_participation(ds.municipalities, ds.units, mask, ds.sample_data)


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
    if state is None:
        data = participant_layers_for(ds, filters)
        _show(build_map(data, MAP_HEIGHT, basemap))
        if not problem:
            # The commands stand in quotes, not as inline code: the caption's faded text (opacity 0.6) leaves
            # Streamlit's green code colour at 3:1 contrast, below WCAG AA (4.5:1).
            st.caption("Ohne amtliche Grenzen zeigt die Karte Punkte. Flächen und Kreisgrenzen erscheinen nach "
                       "dem Import: „python -m geo.boundaries fetch“ (lädt VG250 beim BKG) oder "
                       "„python -m geo.boundaries import DATEI“.")
        return False
    b = state[0]
    data, _ = _area_layers(ds.version, b.meta.get("imported", ""), variable, option, filters.themes, filters.sizes,
                           filters.districts, filters.units, ds, b)
    _show(build_area_map(b, data, basemap, MAP_HEIGHT, geometry_url=state[4]))
    edition = b.meta.get("edition")
    st.caption(f"Grenzen: {b.meta.get('attribution', '')}, {b.meta.get('product', '')}"
               + (f", Stand {edition[8:10]}.{edition[5:7]}.{edition[:4]}" if edition else "")
               + ". Ein Klick auf eine Gemeinde wählt sie im Filter „Kommune“ aus.")
    return True
