"""The table of participating units, as the text alternative to the map."""
from __future__ import annotations

import streamlit as st

from components.export_ui import report_button, table_buttons
from components.frame import PageContext
from components.narrow import table_or_cards
from data.formatting import count_noun
from views.participants import participants_frame
from views.reports import participants_sections
from views.sources import population_as_of


def participant_table(ctx: PageContext) -> None:
    ds = ctx.dataset
    frame = participants_frame(ds, ctx.filters, ctx.viewer)
    if frame.empty:
        st.info("Keine beteiligte Kommune entspricht den gewählten Filtern.")
        return
    st.caption(f"{count_noun(len(frame), 'Kommune', 'Kommunen')} angemeldet oder mit namentlich gezeigtem "
               f"Fragebogen · Einwohner: Stand {population_as_of(ds.population_date)}. Ob eine Kommune den "
               "Fragebogen beantwortet hat, steht hier nur, wenn sie der namentlichen Veröffentlichung zugestimmt "
               "hat.")
    table_or_cards(frame, "teilnehmende", title_column="Kommune")
    with st.popover("Exportieren", icon=":material/download:"):
        table_buttons(ctx.source, lambda: participants_frame(ds, ctx.filters, ctx.viewer, with_key=True),
                      title="Beteiligte Kommunen", key="teilnehmende",
                      n_text=count_noun(len(frame), "beteiligte Kommune", "beteiligte Kommunen"))
        report_button(ctx.source, title="Karte der Beteiligung", filters_text=ctx.filters_text,
                      sections=lambda: participants_sections(participants_frame(ds, ctx.filters, ctx.viewer,
                                                                                with_key=True)), key="karte")
