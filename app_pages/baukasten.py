"""Baukasten: the draft catalogue of building blocks and recommendations for the Land, the districts and
every municipality – for officers looking for their next step and presenters of the toolkit. Filterable by
theme and size class (sidebar), addressee and full text, with the participating municipalities that already
answered that they do it (named only where data.disclosure allows it for the viewer)."""
from contextlib import nullcontext

import streamlit as st

from components.access import staff_notice
from components.catalogue import block_card, catalogue_filters, contents, draft_notice, theme_heading
from components.frame import page_context
from components.notices import empty_state, filter_caption
from data.catalogue_search import filter_blocks
from data.disclosure import wave_policy
from data.formatting import count_noun, md_escape, number
from views.catalogue import anchor_of, contents_md, doing_sentence, names_note, narrowed_by_md, theme_sections

ctx = page_context()
ds, filters = ctx.dataset, ctx.filters
catalogue = ds.catalogue

st.title("Baukasten für smarte Kommunen")
draft_notice(catalogue)
if not ctx.presenting:  # presenting: the first building blocks in the first screen
    st.markdown("Bausteine und Empfehlungen für die Landespolitik, die Landkreise und jede Kommune – zusammengestellt "
                "aus den Themen der Workshopreihe.")
filter_caption(ctx.filter_line)
with st.expander("Adressat und Volltextsuche") if ctx.presenting else nullcontext():
    addressees, query = catalogue_filters()

if not catalogue.blocks:
    empty_state("Der Baukasten ist nicht geladen.")
    st.stop()
blocks = filter_blocks(catalogue, filters.themes, filters.sizes, addressees, query)
st.markdown(f"**{number(len(blocks))}** von {count_noun(len(catalogue.blocks), 'Baustein', 'Bausteinen')}"
            + narrowed_by_md(addressees, query))
if not blocks:
    empty_state("Kein Baustein passt zu dieser Auswahl. Filter oder Suchbegriff ändern.")
    st.stop()

# Who already does it is an answer: named only where data.disclosure allows it for this viewer.
policy = wave_policy(ds)
staff_notice(ctx.viewer)
named = ctx.viewer.named_units(policy, ds.units["unit_key"])
note = names_note(named, policy)
if note:
    st.caption((":material/visibility: " if named else ":material/visibility_off: ") + md_escape(note))
sections = theme_sections(blocks)
if len(sections) > 1:  # a long page: a short table of contents first (on a phone the page runs long)
    contents(contents_md(sections))
for theme, items in sections:
    theme_heading(theme, len(items), anchor_of(theme))
    for block in items:
        block_card(block, doing_sentence(block, ds.responses, ds.units, named, ds.sample_data))
