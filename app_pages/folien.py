"""Foliensätze: prepared decks per workshop theme for the projector – a title slide naming the workshops, the key
figures, the map coloured by the theme's key question, then the theme's questions, each with a one-line takeaway.
For presenters: the slide fits the screen, the clicker and keyboard step through it, and each deck can be taken
away as PDF or PowerPoint. The slide is in the address (/folien?satz=Energie und Klima&folie=3), so a link, a
reload and the browser's Back and Forward show the same slide.
"""
import datetime as dt

import streamlit as st

from components import presentation, slides
from components.export_ui import file_stem
from components.access import disclosure
from components.filters import choices_for, current_filters
from components.map_widget import boundaries_state
from components.notices import empty_state, filter_caption
from components.state import get_dataset, shared_memo
from data.filters import Filters
from exports.deck_pdf import build_deck_pdf
from exports.deck_pptx import build_deck_pptx
from views import slide_nav
from views.deck import DeckInput, DeckView, build_deck

ds = get_dataset()
filters = current_filters()
sequences = {s.theme: s for s in ds.sequences}
if not sequences:
    st.title("Foliensätze")
    empty_state("Es sind keine Foliensätze hinterlegt (data/foliensaetze.yaml).")
    st.stop()
totals = slide_nav.totals_of(ds.sequences)


def _url_position() -> slide_nav.Position:
    return slide_nav.position({k: st.query_params.get_all(k) for k in (slide_nav.SET_PARAM, slide_nav.SLIDE_PARAM)},
                              totals)


def _go(action: str) -> None:
    """A step writes the address only (one history entry); the run that follows reads the slide from it."""
    pos = _url_position()
    st.query_params.update(slide_nav.params_for(pos.theme, slide_nav.step(pos, action)))


def _choose_deck() -> None:
    st.query_params.update(slide_nav.params_for(st.session_state["folien_satz"], 1))


def _deck(theme: str) -> DeckView:
    """The whole deck under the current filters, built once per data version, selection and day, shared."""
    state, _ = boundaries_state()
    areas = state[0].kreise if state else None
    source = str(state[0].meta.get("attribution", "")) if state else ""
    key = (ds.version, theme, filters.sizes, filters.districts, filters.units, bool(areas), source,
           dt.date.today())
    return shared_memo("folien_deck", 64).get(key, lambda: build_deck(
        ds, sequences[theme], Filters(filters.themes, filters.sizes, filters.districts, filters.units),
        choices_for(ds), DeckInput(areas, source), disclosure(ds)))


pos = _url_position()
deck = _deck(pos.theme)
slide = deck.slides[pos.number - 1]
steps = {"next": slide_nav.NEXT, "back": slide_nav.BACK, "first": slide_nav.FIRST, "last": slide_nav.LAST}

if presentation.active():
    slides.slide_css()
with slides.controls_container():
    st.session_state["folien_satz"] = pos.theme  # the address decides, also after Back/Forward
    pick, back, where, forward, files = st.columns([4, 1.3, 1.1, 1.3, 2.6], vertical_alignment="bottom")
    with pick:
        st.selectbox("Foliensatz", list(sequences), key="folien_satz", on_change=_choose_deck)
    with back:
        st.button("Zurück", on_click=_go, args=(slide_nav.BACK,), disabled=pos.first, shortcut="Left",
                  icon=":material/arrow_back:", width="stretch", key="folie_zurueck")
    with where:
        st.markdown(f"**Folie {pos.number} / {pos.total}**", text_alignment="center")
    with forward:
        st.button("Weiter", on_click=_go, args=(slide_nav.NEXT,), disabled=pos.last, shortcut="Right",
                  icon=":material/arrow_forward:", width="stretch", key="folie_weiter")
    with files:
        stem = file_stem(f"Foliensatz {pos.theme}")
        a, b = st.columns(2)
        a.download_button("PDF", data=lambda: build_deck_pdf(_deck(pos.theme)), file_name=f"{stem}.pdf",
                          mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                          key="folien_pdf", width="stretch", help="Foliensatz als PDF (16:9, eine Seite je Folie)")
        b.download_button("PowerPoint", data=lambda: build_deck_pptx(_deck(pos.theme)), file_name=f"{stem}.pptx",
                          mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                          on_click="ignore", icon=":material/slideshow:", key="folien_pptx", width="stretch",
                          help="Foliensatz als PowerPoint (.pptx, Titel und Kernaussagen bearbeitbar, mit Notizen)")
    slides.navigation_keys(_go, first=pos.first, last=pos.last, steps=steps)
    filter_caption(ds, Filters((pos.theme,), filters.sizes, filters.districts, filters.units))
    if presentation.active():
        st.caption("Tasten: Bild ab, → oder Leertaste weiter · Bild auf oder ← zurück · Pos1/Ende erste/letzte Folie. "
                   "Die Leiste blendet sich nach drei Sekunden ohne Mausbewegung aus.")
    for notice in presentation.presenter_notices():
        slides.presenter_notice(notice)

slides.show_slide(slide, number=pos.number, show_chart=slides.vega_chart)
