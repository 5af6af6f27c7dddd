"""Notices that pages share: the sample-data banner, the active filters, empty states."""
from __future__ import annotations

import streamlit as st

from data.filters import Filters, describe
from data.formatting import md_escape
from data.loading import Dataset
from components.filters import choices_for


def sample_banner(ds: Dataset) -> None:
    if ds.sample_data:
        st.warning(
            "**Beispieldaten:** Die Antworten der Kurzbefragung 2023 sind nicht öffentlich. Alle Auswertungen "
            "der Befragung zeigen erzeugte Beispieldaten, keine echten Angaben der Kommunen.",
            icon=":material/science:",
        )


def filter_caption(ds: Dataset, filters: Filters) -> None:
    st.caption(":material/filter_alt: " + md_escape(describe(filters, choices_for(ds))))


def empty_state(sentence: str) -> None:
    st.info(sentence, icon=":material/info:")
