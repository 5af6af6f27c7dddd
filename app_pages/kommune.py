"""Kommunenprofil: one municipality or Verbandsgemeinde for its own officers – where it stands, how its
peers answered, who nearby is further along, and which toolkit building blocks come next.
The profile follows the Kommune filter; /kommune?kommune=15083040 opens Barleben."""
import streamlit as st

from components.access import end_session_access, staff_notice
from components.access import viewer as current_viewer
from components.filters import current_filters
from components.notices import sample_banner
from components.profile_view import (
    comparison_section,
    facts_section,
    partners_section,
    recommendations_section,
    search_box,
    steckbrief_button,
)
from components.state import get_dataset
from components.wave_view import development_section
from data.filters import filter_questions, selected_unit_keys
from data.formatting import md_escape
from data.profile import facts

ds = get_dataset()
filters = current_filters()
viewer = current_viewer()

st.title("Kommunenprofil")
search_box(ds)
units = sorted(selected_unit_keys(filters, ds.municipalities))
if not units and st.session_state.get("kommune_suche", "").strip():
    st.stop()  # the search results above are the next step
if not units:
    st.info("Suchen Sie oben eine Kommune oder wählen Sie sie links im Filter „Kommune“ – oder klicken Sie auf "
            "der Karte auf eine Gemeinde.", icon=":material/search:")
    st.stop()
if len(units) > 1:
    names = dict(zip(ds.units["unit_key"], ds.units["name"]))
    unit_key = st.selectbox("Mehrere Kommunen gewählt – Profil von", units, format_func=lambda k: names.get(k, k))
else:
    unit_key = units[0]
f = facts(unit_key, ds.units, ds.municipalities)
if f is None:
    st.warning("Zu dieser Auswahl gibt es kein Profil.")
    st.stop()

member = [a for a in filters.units if a != unit_key and a in set(ds.municipalities["ags"])]
st.header(md_escape(f.name), divider="gray")
if member:
    member_names = ds.municipalities.set_index("ags").loc[member, "name"]
    st.caption("Gewählt: " + md_escape(", ".join(member_names)) + f" – gehört zur {md_escape(f.name)}; das Profil zeigt die "
               "Verbandsgemeinde, die als Einheit an der Befragung teilnimmt.")
sample_banner(ds)
if viewer.role == "municipality" and viewer.unit_key == f.unit_key:
    st.success("Sie sehen die eigenen Antworten dieser Kommune über Ihren persönlichen Zugangslink – nur in diesem "
               "Browserfenster. Alle anderen Seiten zeigen dieselben zusammengefassten Zahlen wie für alle.",
               icon=":material/key:")
    st.button("Zugang beenden", on_click=end_session_access, icon=":material/logout:")
else:
    staff_notice(viewer)
facts_section(ds, f, viewer)

st.subheader("Antworten im Vergleich")
comparisons = comparison_section(ds, f, filter_questions(ds.questions, filters), viewer)
development_section(ds, f.unit_key, f.name, filter_questions(ds.questions, filters), viewer)  # several waves only

st.subheader("Wer ist schon weiter?")
st.caption("Kommunen derselben Größenklasse, die weiter fortgeschritten geantwortet haben – mögliche Partner "
           "für interkommunale Zusammenarbeit, die nächsten zuerst.")
partners_section(ds, f, viewer)

st.subheader("Nächste Schritte")
recs = recommendations_section(ds, f, viewer)
steckbrief_button(ds, f, comparisons, recs, viewer)
