"""Notices that pages share: the sample-data banner, the active filters, empty states."""
from __future__ import annotations

import streamlit as st

from data.filters import NOT_APPLIED, FilterPart
from data.formatting import md_escape


def sample_banner(sample_data: bool, compact: bool = False) -> None:
    """The sample-data label; `compact` (presentation mode) keeps it to one line above the chart."""
    if sample_data and compact:
        st.caption(":material/science: **Beispieldaten** – erzeugte Antworten, keine echten Angaben der Kommunen.")
    elif sample_data:
        st.warning(
            "**Beispieldaten:** Die Antworten der Kurzbefragung 2023 sind nicht öffentlich. Alle Auswertungen "
            "der Befragung zeigen erzeugte Beispieldaten, keine echten Angaben der Kommunen.",
            icon=":material/science:",
        )


def filter_caption(line: str | list[FilterPart]) -> None:
    """The active filters in one line (a page's PageContext.filter_line): a filter the page does not apply
    stands in italics with "gilt hier nicht"."""
    parts = [FilterPart("", line)] if isinstance(line, str) else line
    st.caption(":material/filter_alt: " + " · ".join(
        md_escape(p.text) if p.applies else f"_{md_escape(p.text)} – {NOT_APPLIED}_" for p in parts))


def empty_state(sentence: str) -> None:
    st.info(sentence, icon=":material/info:")


def profile_pointer(sentence: str, label: str, params: dict[str, list[str]]) -> None:
    """One municipality chosen by name: what this page shows of it, and the way to its profile (views.survey:
    SINGLE_UNIT, SINGLE_UNIT_ON, profile_label) with the filters kept."""
    st.info(sentence, icon=":material/location_city:")
    st.page_link("app_pages/kommune.py", label=label, icon=":material/arrow_forward:", query_params=params)
