"""The page "Über diese Daten": sources, licences, software, what Beispieldaten means, which figures are shown."""
from __future__ import annotations

import streamlit as st

from data.formatting import md_escape
from views.about import About, Entry


def _entries(entries: tuple[Entry, ...]) -> None:
    lines = []
    for e in entries:
        details = [md_escape(e.source)] + [md_escape(x) for x in (e.as_of,) if x]
        details += [f"Lizenz: {md_escape(e.licence)}"] if e.licence else []
        lines.append(f"- **{md_escape(e.what)}**  \n  " + " · ".join(details))
    st.markdown("\n".join(lines))


def about_page(view: About) -> None:
    st.title("Über diese Daten")
    st.markdown("Woher die Zahlen und Karten dieses Dashboards stammen, wie aktuell sie sind, unter welchen "
                "Bedingungen sie weitergegeben werden dürfen und welche Zahlen es überhaupt zeigt.")
    st.subheader("Datenstand")
    st.markdown(md_escape(view.data_state))
    st.caption("Die Fußzeile jeder Seite und jeder Export nennen denselben Stand.")
    st.subheader("Was „Beispieldaten“ bedeutet")
    st.markdown(md_escape(view.sample_text))
    st.subheader("Welche Zahlen gezeigt werden")
    st.markdown(md_escape(view.disclosure_text))
    st.subheader("Quellen der Daten")
    _entries(view.data)
    st.subheader("Karte")
    st.markdown(md_escape(view.map_note))
    _entries(view.map)
    st.subheader("Software")
    _entries(view.software)
    st.caption("Alle Pakete mit ihren festen Versionen stehen in requirements.txt des Dashboards.")
