"""The footer on every page: one line with the sources, their reference date and the data version
("Beispieldaten" while sample answers are loaded), and the way to "Über diese Daten" for everything else
(licences, software, what the figures may show)."""
from __future__ import annotations

import streamlit as st

from data.formatting import SAMPLE_LABEL, md_escape
from data.loading import Dataset
from views.about import footer_line

ABOUT_PAGE = "app_pages/ueber.py"


def footer(ds: Dataset, query_params: dict | None = None) -> None:
    """`query_params`: the active filters, kept when the visitor follows the link."""
    line = footer_line(ds)
    answers = f"**{SAMPLE_LABEL}**" if line.sample else "echte Antworten"
    with st.container(key="fusszeile"):  # hidden on slides in presentation mode (the slide has its source line)
        st.divider()
        st.caption(f"**Quellen:** {md_escape(line.sources)} · {md_escape(line.survey)}: {answers}"
                   f"{md_escape(line.version)}")
        st.page_link(ABOUT_PAGE, label="Über diese Daten", icon=":material/info:", query_params=query_params or {})
