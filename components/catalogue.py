"""The toolkit page's pieces: its filters and one card per building block."""
from __future__ import annotations

import streamlit as st

from components import keys
from data.baukasten import ADDRESSEES, Block, Catalogue
from data.formatting import count_noun, md_escape
from data.profile import MAX_QUERY
from views.catalogue import block_facts, draft_note


def draft_notice(catalogue: Catalogue) -> None:
    if catalogue.is_draft:
        status, rest = draft_note(catalogue)
        st.warning(f"**{md_escape(status)}** {md_escape(rest)}", icon=":material/edit_note:")


def catalogue_filters() -> tuple[list[str], str]:
    """Adressat and full-text search (theme and size class come from the sidebar)."""
    left, right = st.columns([2, 3])
    with left:
        addressees = st.multiselect("Adressat", ADDRESSEES, key=keys.ADDRESSEES, placeholder="Alle Adressaten")
    with right:
        query = st.text_input("Volltextsuche", key=keys.CATALOGUE_SEARCH, max_chars=MAX_QUERY,
                              placeholder="z. B. Förderung, Wärmeplanung, Daten")
    return addressees, query


def block_card(block: Block, doing: str) -> None:
    with st.container(border=True):
        st.markdown(f"#### {md_escape(block.title)}")
        st.caption(md_escape(block_facts(block)))
        st.markdown(md_escape(block.description))
        details = [f"**Voraussetzungen:** {md_escape(block.prerequisites)}"]
        if block.funding:
            details.append(f"**Förderwege:** {md_escape('; '.join(block.funding))}")
        details.append(f"**Quelle:** {md_escape(block.source)}")
        with st.expander("Voraussetzungen, Förderwege, Quelle" if block.funding else "Voraussetzungen, Quelle"):
            st.markdown("  \n".join(details))
        if doing:
            st.caption(md_escape(doing))


def contents(markdown: str) -> None:
    """The page's table of contents (views.catalogue.contents_md)."""
    with st.container(border=True, key="baukasten-inhalt"):
        st.markdown("**Themenfelder**")
        st.markdown(markdown)


def theme_heading(theme: str, count: int, anchor: str) -> None:
    st.subheader(f"{md_escape(theme)} · {count_noun(count, 'Baustein', 'Bausteine')}", anchor=anchor, divider="gray")
