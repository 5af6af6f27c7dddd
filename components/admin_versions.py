"""Admin page: withdrawing a version (e.g. one that a broken configuration once wrote). A withdrawn version
stays in the history, marked, and is never current again; its wave shows its newest remaining version."""
from __future__ import annotations

import logging

import streamlit as st

from data.formatting import md_escape
from data.store import Store, StoreError

LOG = logging.getLogger("dashboard")
MESSAGE_KEY = "daten_meldung"  # shown once by app_pages/daten.py (same key as components.admin)


def withdraw_section(store: Store, who: str) -> None:
    """Heading, choice of a version, confirmation and the button – for signed-in editors only."""
    st.subheader("Version zurückziehen")
    try:
        versions = [v for v in store.versions() if not v.withdrawn]
    except StoreError as exc:
        st.error(md_escape(str(exc)), icon=":material/database:")
        return
    if not versions:
        st.caption("Es gibt keine Version, die zurückgezogen werden könnte.")
        return
    st.caption("Eine zurückgezogene Version bleibt in der Liste (als zurückgezogen markiert), wird aber nie mehr "
               "angezeigt; die Welle zeigt dann ihre neueste übrige Version. Rückgängig machen: die Version "
               "wiederherstellen.")
    described = {v.id: v.description for v in versions}
    chosen = st.selectbox("Version", list(described), format_func=lambda i: described.get(i, str(i)),
                          key="daten_zurueckziehen", index=None, placeholder="Version wählen")
    sure = st.checkbox("Ja, diese Version zurückziehen", key="daten_zurueckziehen_ok", disabled=chosen is None)
    if st.button("Version zurückziehen", icon=":material/block:", disabled=chosen is None or not sure,
                 key="daten_zurueckziehen_los"):
        try:
            version = store.withdraw(chosen, who)
        except StoreError as exc:
            st.error(md_escape(str(exc)), icon=":material/database:")
            return
        LOG.info("Zurückgezogen: %s", version.description)
        st.session_state[MESSAGE_KEY] = f"Zurückgezogen: {version.description}"
        st.rerun()
