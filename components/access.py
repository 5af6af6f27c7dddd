"""Who is looking, and the disclosure of the loaded waves – the pages' one way to data.disclosure.

- `disclosure(ds)`: the cells of a wave, built once per data version and shared read-only by all sessions.
- `viewer()`: staff (signed in on /daten), a municipality (through its personal access link, this browser
  session only) or the public. Read from Streamlit's own sign-in and from session state that no widget
  writes, so a visitor speaking Streamlit's protocol cannot become someone else.
- `redeem_from_url(ds)`: the frame calls it first; `?zugang=TOKEN` binds the link's municipality to this
  session and leaves the address.
"""
from __future__ import annotations

import logging
import math
import os

import streamlit as st

from components.dataset import shared_memo
from components.signin import client_source
from data import access as tokens
from data.attempts import record_result, register_attempt
from data.disclosure import (
    MUNICIPALITY,
    PUBLIC_VIEWER,
    STAFF,
    Selection,
    Viewer,
    WaveDisclosure,
    disclosure_of,
    geography_of,
)
from data.filters import Filters
from data.loading import Dataset, data_dir_from_env
from data.store import StoreError, open_store, url_from_env

LOG = logging.getLogger("dashboard")
PASSWORD_SESSION_KEY = "daten_angemeldet"  # set by components.admin after a password sign-in
SESSION_KEY = "_zugang"  # {"token_id", "unit_key"}: the municipality bound to this session by its link
MESSAGE_KEY = "_zugang_meldung"  # a message about the last link, shown once
TOKEN_PARAM = tokens.URL_PARAM
ATTEMPT_KIND = "zugangslink"  # its limits: data.attempts.LIMITS


# --- disclosure -----------------------------------------------------------------------------------------

def disclosure(ds: Dataset, wave: str | None = None) -> WaveDisclosure:
    """The cells and figures of one wave (default: the Dataset's own), shared by all sessions."""
    key = ds.survey.wave if wave is None else str(wave)

    def build() -> WaveDisclosure:
        geo = shared_memo("geography", 8).get((ds.version,), lambda: geography_of(ds))
        return disclosure_of(ds, None if wave is None else key, geo)

    return shared_memo("disclosure", 32).get((ds.version, key, wave is None), build)


def selection(units, filters: Filters) -> Selection:
    """The units a filter selects, and whether one municipality was chosen by name."""
    keys = units["unit_key"] if hasattr(units, "columns") else units
    return Selection.of(keys, by_name=bool(filters.units))


# --- who is looking -------------------------------------------------------------------------------------

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


def staff_name() -> str | None:
    """The signed-in editor (the same rule as the admin page's sign-in), without drawing anything."""
    if _oidc_configured():
        try:
            logged_in = bool(st.user.is_logged_in)
        except Exception:  # noqa: BLE001
            logged_in = False
        if not logged_in:
            return None
        allowed = _secret("dashboard", "admin_emails")
        email = str(st.user.get("email", "") or "")
        if allowed and email.lower() not in {e.strip().lower() for e in allowed.split(",")}:
            return None
        return str(st.user.get("name", "") or email or "angemeldet")
    if st.session_state.get(PASSWORD_SESSION_KEY) is True:
        return "Datenverwaltung"
    return None


def _store():
    return open_store(url_from_env(data_dir_from_env()))


def viewer() -> Viewer:
    """Staff, the municipality bound to this session by its access link (while the link is valid), or the
    public."""
    name = staff_name()
    if name:
        return Viewer(STAFF, None, name)
    bound = st.session_state.get(SESSION_KEY)
    if isinstance(bound, dict) and bound.get("token_id") is not None:
        try:
            unit = tokens.active_unit(_store(), int(bound["token_id"]))
        except (StoreError, Exception) as exc:  # noqa: BLE001 – a database hiccup must not widen anything
            LOG.warning("Zugangslink nicht prüfbar: %s", exc)
            unit = None
        if unit is not None and unit == bound.get("unit_key"):
            return Viewer(MUNICIPALITY, unit)
        st.session_state.pop(SESSION_KEY, None)
        st.session_state[MESSAGE_KEY] = ("Ihr Zugangslink ist abgelaufen oder wurde widerrufen; die eigenen "
                                         "Antworten werden nicht mehr gezeigt.")
    return PUBLIC_VIEWER


# --- access links ---------------------------------------------------------------------------------------

def redeem_from_url(ds: Dataset) -> None:
    """`?zugang=TOKEN`: check the link (same work for every kind of failure; attempts counted in the survey
    database like password sign-ins, data.attempts), bind its municipality to this session, open its profile
    and take the token out of the address."""
    if TOKEN_PARAM not in st.query_params:
        return
    token = str(st.query_params.get(TOKEN_PARAM, ""))
    del st.query_params[TOKEN_PARAM]
    st.session_state.pop(SESSION_KEY, None)
    try:
        store = _store()
        verdict = register_attempt(store, ATTEMPT_KIND, client_source())
    except StoreError as exc:  # fails closed: without the counter no link is checked
        st.session_state[MESSAGE_KEY] = f"Der Zugangslink kann gerade nicht geprüft werden ({exc})."
        return
    if not verdict.allowed:
        LOG.warning("Zugangslinks gesperrt (%s, %s)", verdict.scope, verdict.source)
        minutes = max(1, math.ceil(verdict.wait_s / 60))
        st.session_state[MESSAGE_KEY] = ("Zu viele ungültige Zugangslinks in kurzer Zeit. Bitte öffnen Sie Ihren Link in "
                                         + ("1 Minute" if minutes == 1 else f"{minutes} Minuten") + " erneut.")
        return
    grant = tokens.redeem(store, token)
    try:
        record_result(store, verdict, grant is not None)
    except StoreError as exc:  # the attempt stays counted as a failure
        LOG.warning("Versuch mit Zugangslink nicht abgeschlossen: %s", exc)
    if grant is None:
        LOG.warning("Ungültiger Zugangslink (%s)", verdict.source)
        st.session_state[MESSAGE_KEY] = tokens.INVALID_MESSAGE
        return
    st.session_state[SESSION_KEY] = {"token_id": grant.token_id, "unit_key": grant.unit_key}
    st.session_state[MESSAGE_KEY] = "ok"
    st.query_params["kommune"] = grant.unit_key


def staff_notice(v: Viewer) -> None:
    """Signed-in staff see names: say so, so that nobody projects it by mistake."""
    if v.role == STAFF:
        st.warning("Angemeldet: Namentliche Antworten sind sichtbar – bitte nicht für Publikum projizieren.",
                   icon=":material/admin_panel_settings:")


def show_message() -> None:
    """The outcome of the last access link, once (success is shown by the profile itself)."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message and message != "ok":
        from data.formatting import md_escape

        st.warning(md_escape(message), icon=":material/key_off:")


def end_session_access() -> None:
    st.session_state.pop(SESSION_KEY, None)


def public_base_url() -> str:
    return os.environ.get("DASHBOARD_PUBLIC_URL", "").strip().rstrip("/")
