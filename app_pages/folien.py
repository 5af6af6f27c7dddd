"""Foliensätze: prepared decks per workshop theme for the projector – a title slide naming the workshops, the key
figures, the map coloured by the theme's key question, then the theme's questions, each with a one-line takeaway.
For presenters: the slide fits the screen, the clicker and keyboard step through it, and each deck can be taken
away as PDF or PowerPoint. The slide is in the address (/folien?satz=Energie und Klima&folie=3), so a link, a
reload and the browser's Back and Forward show the same slide.
"""
import streamlit as st

from components import presentation, slides
from components.frame import page_context
from components.notices import empty_state
from views import slide_nav

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
