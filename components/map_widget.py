"""The map widget: a folium map through streamlit-folium (components.folium_bridge).

Pan and zoom never rerun the app (only a click is returned); a click on a municipality selects it in the
Kommune filter, so the rest of the app follows. Layer data and the rendered map are computed once per data
version, boundaries, filter selection and colouring, and shared by all sessions: a hundred phones opening
the same view build the map once.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext

import folium
import streamlit as st

from components import keys
from components.access import disclosure, selection
from components.filters import choices_for, choose_unit
from components.folium_bridge import RenderedMap, render_map, send
from components.frame import page_context
from components.url_state import UrlSection, publish, restore
from data.disclosure import STAFF, Viewer
from data.filters import Filters, describe, filter_questions, filter_units
from data.formatting import md_escape
from data.loading import Dataset
from exports.map_image import area_map_png, participant_map_png
from geo import choropleth
from geo import store as geo_boundaries
from geo.assets import publish_script
from geo.mapbuilder import BASEMAP_LABELS, AreaMapData, MapData, build_area_map, build_map, geometry_script
from views.map import AreaIndex, area_layers_for, boundaries_caption, municipality_at, point_layers, question_options
from views.sources import COORDINATES, Source
from views.url import COLOUR_PARAMS, colour_params, parse_colour_params

MAP_HEIGHT = 620
RETURNED = ["last_clicked"]


@st.cache_data(show_spinner=False, max_entries=256)
def _points(version: str, filters: Filters, staff: bool, _ds: Dataset) -> MapData:
    return point_layers(_ds, filters, MAP_HEIGHT, staff)


@st.cache_data(show_spinner=False, max_entries=256)
def _areas(version: str, imported: str, variable: str, option: str, filters: Filters, staff: bool, _ds: Dataset,
           _boundaries) -> tuple[AreaMapData, choropleth.Colouring]:
    units = filter_units(_ds.units, filters, _ds.municipalities)
    return area_layers_for(_ds, filters, _boundaries, variable, option, MAP_HEIGHT, disclosure(_ds),
                           selection(units, filters), staff)


# --- boundaries ------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=4)
def _boundaries(path: str, mtime_ns: int, size: int):
    """Read-only geometry shared by all sessions (plain dicts that nothing mutates), its spatial index and the
    URL of the geometry as a static script."""
    b = geo_boundaries.load(geo_boundaries.Path(path).parent)
    return b, AreaIndex.of(b), publish_script("grenzen", geometry_script(b))


def boundaries_state():
    """((Boundaries, AreaIndex, geometry URL) or None, German problem or None). Unreadable is a notice."""
    path = geo_boundaries.geo_dir_from_env() / geo_boundaries.FILE_NAME
    try:
        stat = path.stat()
    except OSError:
        return None, None
    try:
        return _boundaries(str(path), stat.st_mtime_ns, stat.st_size), None
    except geo_boundaries.BoundaryError as exc:
        return None, str(exc)


# --- sending the map -------------------------------------------------------------------------------

def _on_click() -> None:
    # The map's own click: its point is the pointer, or the centre of the circle drawn there (geo.mapbuilder);
    # workshop icons and labels take no pointer, so they never hide the municipality beneath them.
    clicked = (st.session_state.get(keys.MAP) or {}).get("last_clicked")
    if not clicked:
        return
    state, _ = boundaries_state()
    ags = municipality_at(float(clicked["lat"]), float(clicked["lng"]), page_context().dataset.municipalities,
                          state[1] if state is not None else None)
    if ags:
        choose_unit(ags)


@st.cache_resource(show_spinner=False, max_entries=256)
def _rendered(cache_key: tuple, _build: Callable[[], folium.Map]) -> RenderedMap:
    return render_map(_build(), keys.MAP)


def _show(cache_key: tuple, build: Callable[[], folium.Map]) -> None:
    """Send the map of this view; it is built and rendered only the first time any session asks for it."""
    send(_rendered(cache_key, build), keys.MAP, MAP_HEIGHT, RETURNED, _on_click)


# --- the map page's widget -------------------------------------------------------------------------

def picture_button(build: Callable[[], bytes]) -> None:
    """The map as a PNG with title, legend, source and date – rendered on the server only when clicked."""
    st.download_button("Karte als Bild (PNG)", data=build, file_name="Karte-Beteiligung.png", mime="image/png",
                       key="karte_png", on_click="ignore", icon=":material/image:")


_COLOUR_NOTICE = "_karte_faerben_hinweis"  # what the last seeding from a link could not show, said once


def _colour_section(ds: Dataset, choices: list[str]) -> UrlSection:
    """Färben nach and Anteil der Antwort live in the URL (views.url: faerben, antwort)."""
    def parse(params):
        return parse_colour_params(params, choices, choropleth.PARTICIPATION, lambda v: question_options(ds, v))

    def seed(parsed) -> None:
        (variable, option), notice = parsed
        st.session_state[keys.COLOUR_BY] = variable
        if option:
            st.session_state[keys.COLOUR_OPTION] = option
        if notice:
            st.session_state[_COLOUR_NOTICE] = notice

    return UrlSection("faerben", COLOUR_PARAMS, parse=parse, seed=seed,
                      present=lambda: st.session_state.get(keys.COLOUR_BY) in choices)


def map_controls(ds: Dataset, filters: Filters, with_boundaries: bool) -> tuple[str, str, str]:
    """Färben nach (with boundaries), Antwort (for a question) and Hintergrund."""
    variable, option = choropleth.PARTICIPATION, ""
    cols = st.columns([3, 2, 2]) if with_boundaries else st.columns([3, 2])
    if with_boundaries:
        choices = choropleth.variable_choices(filter_questions(ds.questions, filters))
        section = _colour_section(ds, list(choices))
        restore(section)
        if st.session_state.get(keys.COLOUR_BY) not in choices:
            st.session_state[keys.COLOUR_BY] = choropleth.PARTICIPATION
        with cols[0]:
            variable = st.selectbox("Färben nach", list(choices), format_func=lambda k: choices[k],
                                    key=keys.COLOUR_BY,
                                    help="Alle Fragen der Umfrage; Antworten werden je Kreis gezeigt, nie für "
                                         "einzelne Kommunen.")
        options = question_options(ds, variable)
        if options:
            if st.session_state.get(keys.COLOUR_OPTION) not in options:
                st.session_state[keys.COLOUR_OPTION] = options[-1]
            with cols[1]:
                option = st.selectbox("Anteil der Antwort", options, key=keys.COLOUR_OPTION)
        publish(section, colour_params(variable, option, choropleth.PARTICIPATION))
        notice = st.session_state.pop(_COLOUR_NOTICE, None)
        if notice:
            st.caption(":material/link_off: " + md_escape(notice))
    with cols[-1]:
        basemap = st.selectbox("Hintergrund", list(BASEMAP_LABELS), format_func=lambda k: BASEMAP_LABELS[k],
                               key=keys.BASEMAP,
                               help="Ohne Hintergrund lädt die Karte nichts von fremden Servern. Ein Hintergrund "
                                    "lädt Kacheln vom gewählten Anbieter.")
    return variable, option, basemap


def show_map(ds: Dataset, filters: Filters, viewer: Viewer, preset: tuple[str, str] | None = None,
             controls_below: bool = False) -> bool:
    """Draw the map page's map; True when it shows areas (boundaries imported), False for points. Who
    answered is shown to signed-in staff only (data.disclosure).

    `preset` (variable, option) fixes the colouring, as a slide does; otherwise the user chooses, in controls
    above the map or (`controls_below`, presentation mode: the map in the first screen) below it."""
    staff = viewer.role == STAFF
    state, problem = boundaries_state()
    if problem:
        st.warning(f"Die Gemeindegrenzen sind nicht lesbar: {problem} Die Karte zeigt Punkte.",
                   icon=":material/warning:")
    slot = st.container() if controls_below else nullcontext()  # the map's place, above controls drawn later
    if preset is None:
        variable, option, basemap = map_controls(ds, filters, state is not None)
    else:
        (variable, option), basemap = preset, "keine"
    if state is None:
        with slot:
            _show(("punkte", ds.version, filters, basemap, staff),
                  lambda: build_map(_points(ds.version, filters, staff, ds), MAP_HEIGHT, basemap))
        if preset is None:
            picture_button(lambda: participant_map_png(
                _points(ds.version, filters, staff, ds), title="Karte der Beteiligung",
                subtitle_lines=[describe(filters, choices_for(ds))],
                footer=f"{Source.of(ds).line(dt.date.today())} · {COORDINATES}"))  # the points: GeoNames
        return False
    b, _, geometry_url = state
    imported = b.meta.get("imported", "")

    def layers() -> tuple[AreaMapData, choropleth.Colouring]:
        return _areas(ds.version, imported, variable, option, filters, staff, ds, b)

    def build() -> folium.Map:
        return build_area_map(b, layers()[0], basemap, MAP_HEIGHT, geometry_url=geometry_url)

    with slot:
        _show(("flaechen", ds.version, imported, geometry_url, variable, option, filters, basemap, staff), build)
    if preset is None:
        picture_button(lambda: area_map_png(
            b, *layers(), title="Karte der Beteiligung" if variable == choropleth.PARTICIPATION else "Karte",
            subtitle_lines=[describe(filters, choices_for(ds))],
            footer=f"{Source.of(ds).line(dt.date.today())} · Grenzen: {b.meta.get('attribution', '')}"))
    st.caption(md_escape(boundaries_caption(b.meta)))
    return True
