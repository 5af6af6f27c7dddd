"""The shared sidebar filters. They live in session state under constant keys and mirror the URL.

On a session's first run (or when someone edits the URL) the URL seeds the widgets; afterwards every
change of a widget is written back into the URL, so a copied link reopens the same view.
"""
from __future__ import annotations

import streamlit as st

from data.filters import PARAMS, Choices, Filters, parse_query_params
from data.loading import Dataset
from data.formatting import md_escape
from data.model import SIZE_CLASS_LABELS, SIZE_CLASS_TITLE, short_name, sort_key
from components import keys


def _url_filters() -> dict[str, list[str]]:
    return {p: st.query_params.get_all(p) for p in PARAMS if st.query_params.get_all(p)}


@st.cache_resource(show_spinner=False, max_entries=8)
def _choices(version: str, _ds: Dataset) -> Choices:
    return Choices.from_data(_ds.units, _ds.municipalities, _ds.districts)


def choices_for(ds: Dataset) -> Choices:
    """The filters' options, built once per data version and shared (immutable)."""
    return _choices(ds.version, ds)


@st.cache_resource(show_spinner=False, max_entries=8)
def _options(version: str, _ds: Dataset) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, str]]:
    """Districts and units in German alphabetical order, and the units' short labels (shared, read-only)."""
    choices = _choices(version, _ds)
    districts = tuple(sorted(choices.districts, key=lambda k: sort_key(choices.districts[k])))
    units = tuple(sorted(choices.units, key=lambda k: sort_key(choices.units[k])))
    return districts, units, {k: short_name(v) for k, v in choices.units.items()}


def _seed_from_url(choices: Choices) -> None:
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    parsed = parse_query_params(params, choices)
    f = parsed.filters
    st.session_state[keys.THEMA] = list(f.themes)
    st.session_state[keys.GROESSE] = list(f.sizes)
    st.session_state[keys.KREIS] = list(f.districts)
    st.session_state[keys.KOMMUNE] = list(f.units)
    st.session_state[keys.NOTICES] = parsed.notices
    st.session_state[keys.LAST_URL] = f.to_query_params()


def current_filters() -> Filters:
    return Filters(
        themes=tuple(st.session_state.get(keys.THEMA, [])),
        sizes=tuple(st.session_state.get(keys.GROESSE, [])),
        districts=tuple(st.session_state.get(keys.KREIS, [])),
        units=tuple(st.session_state.get(keys.KOMMUNE, [])),
    )


def write_url(filters: Filters, mode: dict[str, str] | None = None) -> None:
    """Mirror the filters (and the presentation mode) in the URL; called once per run, after the page."""
    wanted = filters.to_query_params()
    mode = mode or {}
    current_mode = {"modus": st.query_params.get("modus")} if st.query_params.get("modus") else {}
    if _url_filters() != wanted or current_mode != mode:
        keep = {k: st.query_params.get_all(k) for k in st.query_params.keys() if k not in PARAMS and k != "modus"}
        st.query_params.from_dict({**keep, **wanted, **mode})
    st.session_state[keys.LAST_URL] = wanted


def _reset() -> None:
    for k in keys.FILTER_KEYS.values():
        st.session_state[k] = []


def sidebar_filters(ds: Dataset) -> Filters:
    """Draw the filters in the sidebar and return the active selection."""
    choices = choices_for(ds)
    url = _url_filters()
    first_run = keys.LAST_URL not in st.session_state
    # Page links of st.navigation drop the query string: an empty URL within a session means "page
    # changed", not "filters cleared". A reload starts a new session and seeds from the URL again.
    if first_run or (url and url != st.session_state[keys.LAST_URL]):
        _seed_from_url(choices)
    # Drop values the current data no longer knows (e.g. after a data update).
    for key, allowed in ((keys.KREIS, choices.districts), (keys.KOMMUNE, choices.units)):
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in allowed]

    with st.sidebar:
        st.markdown("### Filter")
        st.multiselect("Themenfeld", options=list(choices.themes), key=keys.THEMA, select_all=False,
                       placeholder="Alle Themenfelder")
        st.multiselect(SIZE_CLASS_TITLE, options=list(choices.sizes), key=keys.GROESSE, select_all=False,
                       format_func=lambda c: SIZE_CLASS_LABELS.get(c, c), placeholder="Alle Größenklassen",
                       help="Nach der Einwohnerzahl der Einheit (Gemeinde oder ganze Verbandsgemeinde), "
                            "angelehnt an die Stadt- und Gemeindetypen des BBSR.")
        districts, units, unit_labels = _options(ds.version, ds)
        st.multiselect("Landkreis / kreisfreie Stadt", options=districts, key=keys.KREIS, select_all=False,
                       format_func=lambda k: choices.districts.get(k, k), placeholder="Alle Kreise")
        st.multiselect("Kommune", options=units, key=keys.KOMMUNE, select_all=False,
                       format_func=lambda k: unit_labels.get(k, k),
                       placeholder="Alle Kommunen",
                       help="Gemeinden und Verbandsgemeinden; Mitgliedsgemeinden stehen mit ihrer "
                            "Verbandsgemeinde in Klammern.")
        filters = current_filters()
        if filters.active:
            st.button("Filter zurücksetzen", on_click=_reset, icon=":material/filter_alt_off:",
                      width="stretch")
        for notice in st.session_state.get(keys.NOTICES, []):
            st.caption(md_escape(notice))
    return filters
