"""The admin page's pieces: who may write (OpenID Connect, password or nobody), the version list and
restoring an earlier version. The import itself is components/import_ui.py."""
from __future__ import annotations

import logging
import os

import pandas as pd
import streamlit as st

from components.signin import password_form
from data.formatting import datetime_short, md_escape, number
from data.loading import data_dir_from_env
from data.store import ACTION_LABELS, Store, StoreError, open_store, url_from_env

# How sign-in is set up: the full text for signed-in staff, a short hint where nobody can sign in yet.
SIGN_IN_SETUP = (
    "Zwei Wege sind möglich: **OpenID Connect** – Abschnitt `[auth]` in `.streamlit/secrets.toml`, die zugelassenen "
    "Adressen optional in `[dashboard] admin_emails = \"a@example.de, b@example.de\"` – oder ein **Passwort**: "
    "`.venv/bin/python -m data.auth hash` erzeugt den Hash für `[dashboard] admin_password_hash` in "
    "`.streamlit/secrets.toml` (oder die Umgebungsvariable `DASHBOARD_ADMIN_PASSWORD_HASH`). Gespeichert wird nur der "
    "Hash; Fehlversuche zählt die Umfragedatenbank. Mehr im README, Abschnitt „Echte Antworten importieren“."
)
OPERATOR_HINT = ("Für den Betrieb: Wie eine Anmeldung eingerichtet wird (mit einem Passwort oder über das "
                 "Anmeldesystem der Verwaltung), beschreibt die Anleitung des Dashboards im Abschnitt „Echte "
                 "Antworten importieren“.")
AUTH_KEY = "daten_angemeldet"  # who is signed in with the password (session only)
MESSAGE_KEY = "daten_meldung"  # the result of the last import or restore, shown once
LOG = logging.getLogger("dashboard")


def _secret(section: str, key: str) -> str | None:
    try:
        value = st.secrets.get(section, {}).get(key)
    except Exception:  # noqa: BLE001 – no or unreadable secrets.toml: not configured
        value = None
    return str(value) if value else None


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001
        return False


def password_hash() -> str | None:
    return _secret("dashboard", "admin_password_hash") or os.environ.get("DASHBOARD_ADMIN_PASSWORD_HASH") or None


def editor() -> str | None:
    """The signed-in editor's name for the version history, or None (read-only). Draws the sign-in."""
    if _oidc_configured():
        if st.user.is_logged_in:
            allowed = _secret("dashboard", "admin_emails")
            email = str(st.user.get("email", "") or "")
            if allowed and email.lower() not in {e.strip().lower() for e in allowed.split(",")}:
                st.error(f"Die Anmeldung {md_escape(email)} ist nicht für die Datenverwaltung freigegeben.")
                st.button("Abmelden", on_click=st.logout)
                return None
            name = str(st.user.get("name", "") or email or "angemeldet")
            st.caption(f"Angemeldet als {md_escape(name)}.")
            st.button("Abmelden", on_click=st.logout, icon=":material/logout:")
            return f"{name} (Anmeldung)"
        st.button("Anmelden", on_click=st.login, icon=":material/login:", type="primary")
        return None
    hashed = password_hash()
    if not hashed:  # nobody can sign in: whoever reads this may be the operator setting it up
        st.info("**Nur Lesen:** Importieren und Wiederherstellen sind auf diesem Server nicht eingerichtet.",
                icon=":material/lock:")
        st.markdown(OPERATOR_HINT)  # not a caption: its code spans would be too pale
        return None
    if st.session_state.get(AUTH_KEY):
        st.caption("Angemeldet mit dem Passwort der Datenverwaltung.")
        st.button("Abmelden", on_click=lambda: st.session_state.pop(AUTH_KEY, None), icon=":material/logout:")
        return "Datenverwaltung (Passwort)"
    password_form(hashed, AUTH_KEY)  # attempts counted in the survey database (data.attempts)
    return None


def sign_in_method() -> str | None:
    """How staff sign in here: "OpenID Connect", "Passwort" or None (nobody can)."""
    if _oidc_configured():
        return "OpenID Connect"
    return "Passwort" if password_hash() else None


def sign_in_setup() -> None:
    """For signed-in staff: how the sign-in of this page is set up (README, "Echte Antworten importieren")."""
    method = sign_in_method()
    with st.expander("Wie die Anmeldung eingerichtet ist", icon=":material/key:"):
        st.markdown(f"Auf diesem Server angemeldet wird mit **{md_escape(method or 'keiner Anmeldung')}**. "
                    + SIGN_IN_SETUP)


def store_for_app() -> Store:
    return open_store(url_from_env(data_dir_from_env()))


STAFF_ONLY_COLUMNS = ("Datei", "Kommunen", "Antworten", "Von")


def versions_table(store: Store, staff: bool) -> None:
    """Every version with its date, kind and state. File names, counts and who saved it only for signed-in
    staff: a count that grows by one between two versions, beside figures saved before and after, would let
    anyone work out what the one late municipality answered; a file name may name it."""
    versions = store.versions()
    if not versions:
        st.info("Noch keine Version gespeichert.")
        return
    current = {w: store.current(w).id for w in store.waves()}
    frame = pd.DataFrame({
        "Version": [v.id for v in versions],
        "Welle": [v.wave for v in versions],
        "Gespeichert": [datetime_short(v.created_at) for v in versions],
        "Art": [ACTION_LABELS.get(v.action, v.action) + (f" von Version {v.restored_from}" if v.restored_from else "")
                for v in versions],
        "Datei": [v.file_name for v in versions],
        "Kommunen": [number(v.respondents) for v in versions],
        "Antworten": [number(v.answer_rows) for v in versions],
        "Von": [v.created_by for v in versions],
        "Aktuell": ["ja" if current.get(v.wave) == v.id else "" for v in versions],
        "Zurückgezogen": [v.withdrawal.removeprefix("zurückgezogen ") for v in versions],
    })
    if not staff:
        frame = frame.drop(columns=list(STAFF_ONLY_COLUMNS))
    st.dataframe(frame, hide_index=True, width="stretch")


def restore_section(store: Store, who: str) -> None:
    versions = store.versions()
    current = {store.current(w).id for w in store.waves()}
    older = [v for v in versions if v.id not in current]
    if not older:
        st.caption("Es gibt noch keine frühere Version.")
        return
    described = {v.id: v.description for v in older}
    chosen = st.selectbox("Frühere Version", list(described), format_func=lambda i: described.get(i, str(i)),
                          key="daten_alt")
    if st.button("Diese Version wiederherstellen", icon=":material/history:"):
        try:
            version = store.restore(chosen, who)
        except StoreError as exc:
            st.error(md_escape(str(exc)))
            return
        LOG.info("Wiederherstellung: %s", version.description)
        st.session_state[MESSAGE_KEY] = f"Wiederhergestellt: {version.description}"
        st.rerun()
