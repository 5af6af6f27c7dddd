"""The slide view of /folien: where the presenter is (read from the address on every run, views.slide_nav), the
deck for the current filters (views.deck, built once and shared), the slide itself (title, takeaway, chart or
map, source line) and the presenter's controls (deck, Zurück/Weiter, downloads, notices).

In presentation mode the slide fills the screen without scrolling – the chart takes whatever height the title and
takeaway leave (CSS flex on the viewport, 100vh) – and the controls lie over the top edge, shown while the mouse
moves and faded out three seconds later (components.presentation mounts the small script that notices the
mouse). The keyboard works without them: PageDown, → and Space go on, PageUp and ← back, Home and End to the first
and last slide (components.clicker counts every press, also quick ones from a clicker).
"""
from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

import streamlit as st

from components import keys, presentation
from components.access import disclosure
from components.clicker import presenter_keys
from components.dataset import shared_memo
from components.frame import PageContext
from components.map_widget import boundaries_state
from components.notices import filter_caption
from data.filters import Filters, describe
from data.formatting import md_escape
from data.slides import Sequence
from exports import file_stem
from exports.deck_pdf import build_deck_pdf
from exports.deck_pptx import build_deck_pptx
from views import slide_nav
from views.deck import TITLE, DeckInput, DeckView, SlideView, build_deck
from views.presses import slide_after

CONTROLS_KEY = "folien-steuerung"
SLIDE_KEY = "folie"
CHART_KEY = "folie-grafik"

# Constant CSS, no data values. Only on /folien in presentation mode.
_SLIDE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { height: 100vh; padding-top: 1rem !important; padding-bottom: .5rem !important;
  box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; flex-wrap: nowrap; }
.st-key-fusszeile, .st-key-folien-tasten { display: none !important; }
.st-key-folie { flex: 1 1 0 !important; min-height: 0 !important; height: auto !important; flex-wrap: nowrap !important;
  gap: .5rem !important; }
.st-key-folie h1 { font-size: 2rem !important; line-height: 1.25 !important; padding: 0 0 .15rem 0 !important;
  margin: 0 !important; }
.st-key-folie .sca-folie-kernaussage p, .st-key-folie-kernaussage p { font-size: 1.3rem; line-height: 1.3;
  margin: 0; color: #1b1b1b; }
.st-key-folie > * { flex-shrink: 0 !important; }
.st-key-folie [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
[data-testid="stLayoutWrapper"]:has(> .st-key-folie), [data-testid="stLayoutWrapper"]:has(> .st-key-folie-grafik) {
  flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-folie-grafik { flex: 1 1 0 !important; min-height: 0 !important; height: auto !important; }
.st-key-folie-grafik > [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"]) { flex: 1 1 0;
  min-height: 0; }
[data-testid="stLayoutWrapper"]:has(> .st-key-folie-titel) { flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-folie-titel { flex: 1 1 0 !important; justify-content: center; }
.st-key-folie-titel h1 { font-size: 3rem !important; }
.st-key-folie-titel p { font-size: 1.3rem; }
.st-key-folie-quelle p { font-size: .85rem; color: #4a4a4a; margin: 0; }
.st-key-folien-steuerung { position: fixed; top: 0; left: 0; right: 0; z-index: 1001; background: #ffffff;
  padding: .4rem 11rem .5rem 1.5rem; box-shadow: 0 2px 8px rgba(0, 0, 0, .25); }
</style>
"""


def slide_css() -> None:
    st.html(_SLIDE_CSS)


def _text(text: str) -> str:
    return md_escape(text)


def show_slide(slide: SlideView, *, number: int, show_chart: Callable[[dict, str, str], None]) -> None:
    """The slide as the audience sees it. `show_chart(spec, key, alt)` draws a Vega-Lite chart filling its box."""
    with st.container(key=SLIDE_KEY):
        if slide.kind == TITLE:
            with st.container(key="folie-titel"):
                st.title(_text(slide.title), anchor=False)
                if slide.takeaway:
                    st.markdown(f"**{_text(slide.takeaway)}**")
                for line in slide.lines:
                    st.markdown(_text(line))
        else:
            st.title(_text(slide.title), anchor=False)
            if slide.takeaway:
                with st.container(key="folie-kernaussage"):
                    st.markdown(_text(slide.takeaway))
            with st.container(key=CHART_KEY):
                if slide.chart is not None:
                    show_chart(slide.chart, f"folie_grafik_{number}", slide.alt or slide.takeaway or slide.title)
                elif slide.figures:
                    cols = st.columns(len(slide.figures))
                    for col, f in zip(cols, slide.figures, strict=False):
                        col.metric(_text(f.label), f.value, help=None, border=True)
                        col.caption(_text(f.note))
                elif slide.note:
                    st.info(_text(slide.note), icon=":material/visibility_off:")
        with st.container(key="folie-quelle"):
            st.markdown(_text(slide.source))


def vega_chart(spec: dict, key: str, alt: str) -> None:
    """A slide chart that fills its box (width and height "container")."""
    # theme=None: the slide's own sizes and colours, not Streamlit's chart theme (which also changes the padding the
    # chart reserves for its axis labels and legend).
    # A copy: the deck is shared by all sessions, and Streamlit may add to the spec it is given.
    st.vega_lite_chart(copy.deepcopy(spec), key=key, width="stretch", height="stretch", alt=alt, theme=None)


def navigation_keys(totals: dict[str, int]) -> None:
    """PageDown, →, Space, PageUp, ←, Home and End move through the deck (components/clicker.py); the listener
    draws nothing."""
    with st.container(key="folien-tasten"):
        presenter_keys("folien_tasten", lambda actions, continues: _move(actions, totals, continues))


def presenter_notice(text: str) -> None:
    """A notice for the presenter only: in presentation mode it sits in the fading controls."""
    st.caption(":material/info: " + md_escape(text))


def controls_container():
    return st.container(key=CONTROLS_KEY)


# --- where the presenter is, and the deck -------------------------------------------------------------

# The step the server wrote into the address while the browser may not have it yet: {"from": (deck, slide) as
# the address said, "to": (deck, slide)}. A presenter pressing faster than the server reruns sends the next
# request with the old address; that request must continue from "to", or presses are lost. Cleared when a run
# of the page completes (the browser has the new address by then), so Back and Forward decide again.
UNDERWAY = "_folie_unterwegs"
# The slide the last key presses led to, (deck, slide): presses made before that step reached the browser
# continue from it (views.presses.Presses.continues).
LAST_STEP = "_folie_letzter_schritt"


def _address_position(totals: dict[str, int]) -> slide_nav.Position:
    return slide_nav.position({k: st.query_params.get_all(k) for k in (slide_nav.SET_PARAM, slide_nav.SLIDE_PARAM)},
                              totals)


def _underway_position(totals: dict[str, int]) -> slide_nav.Position:
    """The slide the address asks for – or, while a step the server wrote has not reached the browser yet, the
    slide of that step. Reads only."""
    pos = _address_position(totals)
    underway = st.session_state.get(UNDERWAY)
    if underway and underway["from"] == (pos.theme, pos.number) and underway["to"][0] == pos.theme:
        pos = slide_nav.Position(pos.theme, min(underway["to"][1], pos.total), pos.total)
    return pos


def url_position(totals: dict[str, int]) -> slide_nav.Position:
    """The slide to show: the address decides (also after Back/Forward and reload), unless a step the server
    wrote has not reached the browser yet; then that step's slide, written into the address again."""
    pos = _underway_position(totals)
    if pos != _address_position(totals):
        st.query_params.update(slide_nav.params_for(pos.theme, pos.number))
    return pos


def run_complete() -> None:
    """The page ran to its end: the browser holds the address it wrote."""
    st.session_state.pop(UNDERWAY, None)


def _move(actions: list[str], totals: dict[str, int], continues: bool = False) -> None:
    """Steps (a button, or every key press not yet taken, in order) write the address once (one history entry);
    the run that follows reads the slide from it. Key presses made before the last step reached the browser
    (`continues`) start from that step.

    A callback can be cut short where it sends something to the browser (a newer request interrupts the run):
    the session state is complete before the one write to the address, which comes last – the presses it
    took (components.clicker) and the step they led to are recorded together, so none is lost or taken twice."""
    address = _address_position(totals)
    pos = _underway_position(totals)
    last = st.session_state.get(LAST_STEP)
    if continues and last and last[0] in totals:
        pos = slide_nav.Position(last[0], min(last[1], totals[last[0]]), totals[last[0]])
    number = slide_after(pos.number, pos.total, actions)
    st.session_state[LAST_STEP] = (pos.theme, number)
    if (address.theme, address.number) == (pos.theme, number):
        return  # ← on the first slide: no step, no history entry
    st.session_state[UNDERWAY] = {"from": (address.theme, address.number), "to": (pos.theme, number)}
    st.query_params.update(slide_nav.params_for(pos.theme, number))


def _choose_deck() -> None:
    st.query_params.update(slide_nav.params_for(st.session_state[keys.SLIDE_THEME], 1))


def deck_of(ctx: PageContext, sequence: Sequence) -> DeckView:
    """The whole deck under the current filters, built once per data version, selection and day, shared."""
    ds, filters = ctx.dataset, ctx.filters
    state, _ = boundaries_state()
    areas = state[0].kreise if state else None
    source = str(state[0].meta.get("attribution", "")) if state else ""
    key = (ds.version, sequence.theme, filters.sizes, filters.districts, filters.units, bool(areas), source,
           dt.date.today())
    return shared_memo("folien_deck", 64).get(key, lambda: build_deck(
        ds, sequence, Filters(filters.themes, filters.sizes, filters.districts, filters.units), ctx.choices,
        DeckInput(areas, source), disclosure(ds)))


def slide_controls(ctx: PageContext, sequences: dict[str, Sequence], pos: slide_nav.Position) -> None:
    """Foliensatz, Zurück, "Folie 2 / 5", Weiter, the deck as PDF and PowerPoint, the extra keys, the filters and
    the presenter's notices – in a bar that fades out in presentation mode."""
    totals = slide_nav.totals_of(sequences.values())
    with controls_container():
        st.session_state[keys.SLIDE_THEME] = pos.theme  # the address decides, also after Back/Forward
        # Two rows, so that no label is cut at 1280 px with the sidebar open: the deck and its files, then the steps.
        pick, pdf, pptx = st.columns([3, 1.2, 1.4], vertical_alignment="bottom")
        with pick:
            st.selectbox("Foliensatz", list(sequences), key=keys.SLIDE_THEME, on_change=_choose_deck)
        stem = file_stem(f"Foliensatz {pos.theme}")
        pdf.download_button("PDF", data=lambda: build_deck_pdf(deck_of(ctx, sequences[pos.theme])),
                            file_name=f"{stem}.pdf", mime="application/pdf", on_click="ignore",
                            icon=":material/picture_as_pdf:", key="folien_pdf", width="stretch",
                            help="Foliensatz als PDF (16:9, eine Seite je Folie)")
        pptx.download_button("PowerPoint", data=lambda: build_deck_pptx(deck_of(ctx, sequences[pos.theme])),
                             file_name=f"{stem}.pptx",
                             mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                             on_click="ignore", icon=":material/slideshow:", key="folien_pptx", width="stretch",
                             help="Foliensatz als PowerPoint (.pptx, Titel und Kernaussagen bearbeitbar, mit Notizen)")
        back, where, forward, _ = st.columns([1.4, 1.1, 1.4, 2.7], vertical_alignment="center")
        with back:
            st.button("Zurück", on_click=_move, args=([slide_nav.BACK], totals), disabled=pos.first,
                      icon=":material/arrow_back:", width="stretch", key="folie_zurueck")
        with where:
            st.markdown(f"**Folie {pos.number} / {pos.total}**", text_alignment="center")
        with forward:
            st.button("Weiter", on_click=_move, args=([slide_nav.NEXT], totals), disabled=pos.last,
                      icon=":material/arrow_forward:", width="stretch", key="folie_weiter")
        navigation_keys(totals)
        filter_caption(describe(Filters((pos.theme,), ctx.filters.sizes, ctx.filters.districts, ctx.filters.units),
                                ctx.choices))
        if presentation.active():
            st.caption("Tasten: Bild ab, → oder Leertaste weiter · Bild auf oder ← zurück · Pos1/Ende erste/letzte "
                       "Folie. Die Leiste blendet sich nach drei Sekunden ohne Mausbewegung aus.")
        for notice in presentation.presenter_notices():
            presenter_notice(notice)


__all__ = ["CONTROLS_KEY", "controls_container", "deck_of", "navigation_keys", "presenter_notice", "show_slide",
           "run_complete", "slide_controls", "slide_css", "url_position", "vega_chart"]
