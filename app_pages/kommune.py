"""Kommunenprofil: one municipality or Verbandsgemeinde for its own officers – where it stands, how its
peers answered, how it moved over the survey waves, who nearby is further along, and which toolkit
building blocks come next. The profile follows the Kommune filter; /kommune?kommune=15083040 opens Barleben.
Its own answers show only to its officers through their access link, to signed-in staff, or where the unit
agreed to be named (data.disclosure).
"""
import streamlit as st

from components.access import end_session_access, staff_notice
from components.frame import page_context
from components.notices import sample_banner
from components.profile_view import (
    comparison_section,
    development_section,
    facts_section,
    partners_section,
    recommendations_section,
    search_box,
    steckbrief_button,
    unit_choice,
)
from data.disclosure import MUNICIPALITY
from data.filters import filter_questions, selected_unit_keys
from data.formatting import md_escape
from data.profile import facts
from views.profile import member_note_md

ctx = page_context()
ds, filters, viewer = ctx.dataset, ctx.filters, ctx.viewer

st.title("Kommunenprofil")
units = sorted(selected_unit_keys(filters, ds.municipalities))
query = "" if ctx.presenting and units else search_box(ds)  # presenting a profile: no search above it
if not units and query.strip():
    st.stop()  # the search results above are the next step
if not units:
    st.info("Suchen Sie oben eine Kommune oder wählen Sie sie links im Filter „Kommune“ – oder klicken Sie auf "
            "der Karte auf eine Gemeinde.", icon=":material/search:")
    st.stop()
f = facts(unit_choice(ds, units), ds.units, ds.municipalities)
if f is None:
    st.warning("Zu dieser Auswahl gibt es kein Profil.")
    st.stop()

st.header(md_escape(f.name), divider="gray")
members = [a for a in filters.units if a != f.unit_key and a in set(ds.municipalities["ags"])]
if members:
    st.caption(member_note_md(list(ds.municipalities.set_index("ags").loc[members, "name"]), f.name))
sample_banner(ds.sample_data, compact=ctx.presenting)
if viewer.role == MUNICIPALITY and viewer.unit_key == f.unit_key:
    st.success("Sie sehen die eigenen Antworten dieser Kommune über Ihren persönlichen Zugangslink – nur in diesem "
               "Browserfenster. Alle anderen Seiten zeigen dieselben zusammengefassten Zahlen wie für alle.",
               icon=":material/key:")
    st.button("Zugang beenden", on_click=end_session_access, icon=":material/logout:")
else:
    staff_notice(viewer)
facts_section(ds, f, viewer)

questions = filter_questions(ds.questions, filters)
st.subheader("Antworten im Vergleich")
comparisons = comparison_section(ds, f, questions, viewer)
development_section(ds, f, questions, viewer)  # with several waves only

st.subheader("Wer ist schon weiter?")
partners_section(ds, f, viewer)

st.subheader("Nächste Schritte")
steckbrief_button(ds, f, comparisons, recommendations_section(ds, f, viewer), viewer)
