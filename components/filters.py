"""The shared sidebar filters: widgets with constant keys (components.keys), kept in the URL by
components.url_state (thema, groesse, kreis, kommune)."""
from __future__ import annotations

import streamlit as st

from components import keys
from components.url_state import UrlSection, publish, restore
from data.filters import DISTRICT, FILTER_NAMES, NOT_APPLIED, SIZE, THEME, UNIT, Choices, Filters
from data.formatting import md_escape
from data.loading import Dataset
from data.model import SIZE_CLASS_LABELS, SIZE_CLASS_TITLE, short_name, sort_key
from views.url import FILTER_PARAMS, Parsed, filter_params, parse_query_params


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


def _seed(parsed: Parsed) -> None:
    f = parsed.filters
    st.session_state[keys.THEMES] = list(f.themes)
    st.session_state[keys.SIZES] = list(f.sizes)
    st.session_state[keys.DISTRICTS] = list(f.districts)
    st.session_state[keys.UNITS] = list(f.units)
    st.session_state[keys.NOTICES] = parsed.notices


def size_help(sizes: tuple[str, ...]) -> str:
    """The size filter's help: what the classes mean, with the range of each class offered."""
    ranges = "; ".join(SIZE_CLASS_LABELS.get(c, c) for c in sizes)
    return ("Nach der Einwohnerzahl der Einheit (Gemeinde oder ganze Verbandsgemeinde), angelehnt an die Stadt- "
            f"und Gemeindetypen des BBSR: {ranges}.")


def url_section(choices: Choices) -> UrlSection:
    # present: a page switch made by the server (the presenter's keys) drops every widget's state, these too.
    return UrlSection("filter", FILTER_PARAMS, parse=lambda params: parse_query_params(params, choices), seed=_seed,
                      present=lambda: all(k in st.session_state for k in keys.FILTER_KEYS))


def selected() -> Filters:
    """The filters as the widgets hold them (read once per run by the frame: components.frame)."""
    return Filters(
        themes=tuple(st.session_state.get(keys.THEMES, [])),
        sizes=tuple(st.session_state.get(keys.SIZES, [])),
        districts=tuple(st.session_state.get(keys.DISTRICTS, [])),
        units=tuple(st.session_state.get(keys.UNITS, [])),
    )


def choose_unit(unit_key: str) -> None:
    """Select one municipality in the Kommune filter (a map click, a search hit); for callbacks."""
    st.session_state[keys.UNITS] = [unit_key]


def _reset() -> None:
    for k in keys.FILTER_KEYS:
        st.session_state[k] = []


# A filter the page does not apply: greyed (grey label and chips, dashed frame), still changeable – the choice
# stays for the other pages. Colours keep at least 4.5:1 against their background (tests/browser accessibility).
_FILTER_CSS = (
    "<style>"
    "[class*='st-key-filter_aus_'] [data-testid='stWidgetLabel'] p { color: #555b66; }"
    " [class*='st-key-filter_aus_'] [data-testid='stMultiSelect'] div[role='group'] { border-style: dashed;"
    " border-color: #636973; background: transparent; }"
    " [class*='st-key-filter_aus_'] [data-testid='stMultiSelect'] [data-tag] { background-color: #636973 !important; }"
    # Streamlit's caption (opacity 0.6) is too light on the sidebar's background (axe colour-contrast).
    " [class*='st-key-filter_aus_'] [data-testid='stCaptionContainer'] { opacity: 1; color: #555b66; }"
    "</style>"
)


# A chosen value is read whole ("Altmarkkreis Salzwedel"), wrapped if need be, never cut off with "…".
_CHIP_CSS = (
    "<style>[data-testid='stSidebar'] [data-testid='stMultiSelect'] [data-tag] { height: auto; }"
    " [data-testid='stSidebar'] [data-testid='stMultiSelect'] [data-tag] span { white-space: normal;"
    " overflow: visible; text-overflow: clip; overflow-wrap: anywhere; }</style>"
)


def _filter_box(name: str, applies: tuple[str, ...]):
    """The container of one filter widget; its key says whether the page applies the filter (CSS above)."""
    return st.container(key=f"filter_{'an' if name in applies else 'aus'}_{name}")


def _not_applied(name: str, applies: tuple[str, ...], key: str) -> None:
    if name not in applies and applies:  # a page that applies none says so once, under the heading
        kept = " – die Auswahl bleibt für die anderen Seiten" if st.session_state.get(key) else ""
        st.caption(f":material/block: {NOT_APPLIED.capitalize()}{kept}.")


def sidebar_filters(ds: Dataset, applies: tuple[str, ...] = FILTER_NAMES) -> Filters:
    """Draw the filters in the sidebar, keep them in the URL and return the active selection. `applies`: the
    filters the current page applies (app_pages.registry); the others are shown as not applying here."""
    choices = choices_for(ds)
    section = url_section(choices)
    restore(section)
    # Drop values the current data no longer knows (e.g. after a data update).
    for key, allowed in ((keys.DISTRICTS, choices.districts), (keys.UNITS, choices.units)):
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in allowed]

    with st.sidebar:
        st.markdown("### Filter")
        st.html(_CHIP_CSS)
        if not applies:
            with st.container(key="filter_aus_alle"):
                st.caption(":material/block: Auf dieser Seite gilt kein Filter – die Auswahl bleibt für die "
                           "anderen Seiten.")
        if set(FILTER_NAMES) - set(applies):
            st.html(_FILTER_CSS)
        with _filter_box(THEME, applies):
            st.multiselect("Themenfeld", options=list(choices.themes), key=keys.THEMES, select_all=False,
                           placeholder="Alle Themenfelder")
            _not_applied(THEME, applies, keys.THEMES)
        with _filter_box(SIZE, applies):
            # The class name alone, so that a chip in the narrow sidebar is never cut ("Kleinstadt (5.000 bi…");
            # the ranges stand in the help.
            st.multiselect(SIZE_CLASS_TITLE, options=list(choices.sizes), key=keys.SIZES, select_all=False,
                           placeholder="Alle Größenklassen", help=size_help(choices.sizes))
            _not_applied(SIZE, applies, keys.SIZES)
        districts, units, unit_labels = _options(ds.version, ds)
        with _filter_box(DISTRICT, applies):
            st.multiselect("Landkreis / kreisfreie Stadt", options=districts, key=keys.DISTRICTS, select_all=False,
                           format_func=lambda k: choices.districts.get(k, k), placeholder="Alle Kreise")
            _not_applied(DISTRICT, applies, keys.DISTRICTS)
        with _filter_box(UNIT, applies):
            st.multiselect("Kommune", options=units, key=keys.UNITS, select_all=False,
                           format_func=lambda k: unit_labels.get(k, k),
                           placeholder="Alle Kommunen",
                           help="Gemeinden und Verbandsgemeinden; Mitgliedsgemeinden stehen mit ihrer "
                                "Verbandsgemeinde in Klammern.")
            _not_applied(UNIT, applies, keys.UNITS)
        filters = selected()
        if filters.active:
            st.button("Filter zurücksetzen", on_click=_reset, icon=":material/filter_alt_off:",
                      width="stretch")
        for notice in st.session_state.get(keys.NOTICES, []):
            st.caption(md_escape(notice))
    publish(section, filter_params(filters))
    return filters
