"""Foliensätze: prepared decks per workshop theme for the projector – a title slide naming the workshops, the key
figures, the map coloured by the theme's key question, then the theme's questions, each with a one-line takeaway.
For presenters: the slide fits the screen, the clicker and keyboard step through it, and each deck can be taken
away as PDF or PowerPoint. The slide is in the address (/folien?satz=Energie und Klima&folie=3), so a link, a
reload and the browser's Back and Forward show the same slide.
"""
import streamlit as st

from components import presentation, slides
from components.access import selection
from components.frame import page_context
from components.notices import empty_state, profile_pointer
from data.filters import filter_units
from views import slide_nav
from views.survey import SINGLE_UNIT_ON, profile_label
from views.url import filter_params

ctx = page_context()
sequences = {s.theme: s for s in ctx.dataset.sequences}
if not sequences:
    st.title("Foliensätze")
    empty_state("Es sind keine Foliensätze hinterlegt (data/foliensaetze.yaml).")
    st.stop()

pos = slides.url_position(slide_nav.totals_of(sequences.values()))
if presentation.active():
    slides.slide_css()
slides.slide_controls(ctx, sequences, pos)
slides.show_slide(slides.deck_of(ctx, sequences[pos.theme]).slides[pos.number - 1], number=pos.number,
                  show_chart=slides.vega_chart)
slides.run_complete()
chosen = selection(filter_units(ctx.dataset.units, ctx.filters, ctx.dataset.municipalities), ctx.filters)
if chosen.single_unit and not presentation.active():  # below the slide: the slide keeps its screen
    profile_pointer(SINGLE_UNIT_ON["folien"], profile_label(ctx.dataset.units, chosen), filter_params(ctx.filters))
