"""Password sign-in for the admin page with attempts counted in the survey database (data.attempts), and
the client address other sign-ins (access links) count their attempts under."""
from __future__ import annotations

import logging

import streamlit as st

from data.attempts import record_result, register_attempt
from data.auth import verify_password
from data.formatting import md_escape
from data.loading import data_dir_from_env
from data.store import StoreError, open_store, url_from_env

LOG = logging.getLogger("dashboard")


def client_source() -> str | None:
    """The visitor's address as the server sees it (None for a local connection). Behind a proxy on the same
    machine Streamlit's server takes it from X-Forwarded-For (only when the proxy connects from 127.0.0.1)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 – no client context: counted as a local connection
        return None
    return address if isinstance(address, str) else None  # AppTest has no real connection


def password_form(hashed: str, auth_key: str) -> None:
    """The password form; on a correct password within the limits st.session_state[auth_key] = True and a
    rerun. Wrong or refused attempts show a German message (how long the lock lasts)."""
    with st.form("daten_login", enter_to_submit=True):
        password = st.text_input("Passwort der Datenverwaltung", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Anmelden", icon=":material/login:")
    if not submitted:
        return
    try:
        store = open_store(url_from_env(data_dir_from_env()))
        verdict = register_attempt(store, "passwort", client_source())
    except StoreError as exc:  # fails closed: without the counter no password is checked
        st.error("Anmelden ist gerade nicht möglich: " + md_escape(str(exc)), icon=":material/database:")
        return
    if not verdict.allowed:
        LOG.warning("Anmeldung an der Datenverwaltung gesperrt (%s, %s)", verdict.scope, verdict.source)
        st.error(verdict.message, icon=":material/lock_clock:")
        return
    ok = verify_password(password, hashed)
    try:
        record_result(store, verdict, ok)
    except StoreError as exc:  # the attempt stays counted as a failure
        LOG.warning("Anmeldeversuch nicht abgeschlossen: %s", exc)
    if ok:
        st.session_state[auth_key] = True
        st.rerun()
    LOG.warning("Fehlgeschlagene Anmeldung an der Datenverwaltung (%s)", verdict.source)
    st.error("Das Passwort stimmt nicht.")
