"""Datenverwaltung: the survey store's versions for everyone; import and restore for signed-in editors.
Nothing is ever overwritten: every import and every restore is a new version. How sign-in is set up is told
to signed-in staff, and as a short hint where nobody can sign in yet – never to anonymous visitors."""
import streamlit as st

from components.access import staff_name
from components.admin import MESSAGE_KEY, editor, restore_section, sign_in_setup, store_for_app, versions_table
from components.admin_access import disclosure_admin
from components.admin_versions import withdraw_section
from components.frame import page_context
from components.import_ui import import_section
from data.formatting import md_escape
from data.import_view import inert
from data.store import StoreError

ds = page_context().dataset

st.title("Umfragedaten verwalten")
st.markdown("Hier stehen alle **Versionen** der Umfragedaten – jeder Import und jede Wiederherstellung mit Datum "
            "(Datei und Zahl der Kommunen nach Anmeldung); „Aktuell“ ist die Version, die das Dashboard zeigt. Neue Antworten "
            "importieren und frühere Versionen wiederherstellen können nur angemeldete Mitarbeitende; überschrieben "
            "wird dabei nie etwas.")
message = st.session_state.pop(MESSAGE_KEY, None)
if message:
    st.success(inert(message), icon=":material/check_circle:")  # names the uploaded file
try:
    store = store_for_app()
except StoreError as exc:
    st.error(md_escape(str(exc)), icon=":material/database:")
    st.stop()

st.subheader("Versionen")
versions_table(store, staff=staff_name() is not None)
st.subheader("Anmeldung")
who = editor()
if who:
    st.subheader("Neue Antworten importieren")
    import_section(ds, store, who)
    st.subheader("Frühere Version wiederherstellen")
    restore_section(store, who)
    withdraw_section(store, who)
    disclosure_admin(ds, store, who)  # publication policy, releases, access links
    sign_in_setup()  # the technical side of signing in: for staff only, never for anonymous visitors
