"""The admin page's disclosure pieces, for signed-in staff only: how each survey wave is published (and who
agreed to be named), and personal access links with which a municipality sees its own answers."""
from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from components.access import public_base_url
from data import access as tokens
from data.disclosure import NAMED, POLICIES, POLICY_LABELS, SUMMARISED, wave_policy
from data.formatting import date_short, datetime_short, md_escape
from data.loading import Dataset
from data.model import sort_key
from data.store import Store, StoreError

LOG = logging.getLogger("dashboard")
NEW_LINK_KEY = "_neuer_zugangslink"  # the link just issued: shown once, never stored
MESSAGE_KEY = "_zugang_verwaltung_meldung"


def _unit_names(ds: Dataset) -> dict[str, str]:
    names = dict(zip(ds.units["unit_key"], ds.units["name"]))
    return dict(sorted(names.items(), key=lambda kv: sort_key(kv[1])))


def publication_section(ds: Dataset, store: Store, who: str) -> None:
    """Per wave: zusammengefasst (only groups of at least three) or namentlich (released units by name), and
    the units that agreed. Saving makes a new version (the history shows who changed it)."""
    waves = store.waves()
    if not waves:
        st.caption("Noch keine Befragungswelle gespeichert.")
        return
    names = _unit_names(ds)
    wave = st.selectbox("Befragungswelle", waves, index=len(waves) - 1, key="freigabe_welle")
    current = wave_policy(ds, wave)
    st.caption(f"Jetzt: **{md_escape(POLICY_LABELS[current.mode])}**, "
               f"{len(current.released)} Kommunen haben der namentlichen Veröffentlichung zugestimmt.")
    with st.form(f"freigabe_{wave}"):
        mode = st.radio("Veröffentlichung", POLICIES, index=POLICIES.index(current.mode),
                        format_func=lambda p: POLICY_LABELS[p], horizontal=True,
                        help="„namentlich“ zeigt die Antworten freigegebener Kommunen mit Namen (Profil, „Wer ist "
                             "schon weiter?“, Baukasten). Zahlen für Gruppen zeigen nie weniger als drei Kommunen.")
        released = st.multiselect("Kommunen, die der namentlichen Veröffentlichung zugestimmt haben",
                                  list(names), default=sorted(k for k in current.released if k in names),
                                  format_func=lambda k: names.get(k, k), placeholder="keine")
        if st.form_submit_button("Speichern (als neue Version)", icon=":material/save:"):
            try:
                version = store.set_publication(wave, mode, frozenset(released), who)
            except StoreError as exc:
                st.error(md_escape(str(exc)))
                return
            LOG.info("Veröffentlichung geändert: %s", version.description)
            st.session_state[MESSAGE_KEY] = (f"Gespeichert: Welle {wave} wird {mode} veröffentlicht "
                                             f"({len(released)} Kommunen freigegeben) – {version.label}.")
            st.rerun()
    if current.mode == NAMED and not current.released:
        st.caption("Namentlich, aber niemand freigegeben: Es erscheinen keine Namen.")
    elif current.mode == SUMMARISED and current.released:
        st.caption("Die Freigaben wirken erst, wenn die Welle namentlich veröffentlicht wird.")


def _link(token: str) -> str:
    """The address a municipality opens: DASHBOARD_PUBLIC_URL if set, else the host this page runs on."""
    base = public_base_url()
    if not base:
        parts = urlsplit(st.context.url or "http://localhost:8501/")
        base = urlunsplit((parts.scheme, parts.netloc, "", "", "")).rstrip("/")
    return f"{base}/kommune?{tokens.URL_PARAM}={token}"


def access_links_section(ds: Dataset, store: Store, who: str) -> None:
    """Issue, list and revoke personal access links."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.success(md_escape(message), icon=":material/check_circle:")
    names = _unit_names(ds)
    new = st.session_state.pop(NEW_LINK_KEY, None)
    if new:
        st.success(f"Zugangslink für **{md_escape(names.get(new['unit'], new['unit']))}**, gültig bis "
                   f"{md_escape(new['until'])}. Er wird nur jetzt angezeigt – bitte kopieren und der Kommune auf "
                   "sicherem Weg schicken:", icon=":material/key:")
        st.code(new["link"], language=None, wrap_lines=True)
    today = dt.datetime.now(tokens.BERLIN).date()
    with st.form("zugang_neu", clear_on_submit=True):
        left, right = st.columns([3, 2])
        unit = left.selectbox("Kommune", list(names), format_func=lambda k: names.get(k, k), index=None,
                              placeholder="Kommune wählen", key="zugang_kommune")
        until = right.date_input("Gültig bis", value=today + dt.timedelta(days=tokens.DEFAULT_DAYS), min_value=today,
                                 max_value=today + dt.timedelta(days=tokens.MAX_DAYS), format="DD.MM.YYYY")
        if st.form_submit_button("Zugangslink erstellen", icon=":material/add_link:"):
            if unit is None:
                st.error("Bitte eine Kommune wählen.")
            else:
                try:
                    token, record = tokens.issue(store, unit, who, until, today=today)
                except StoreError as exc:
                    st.error(md_escape(str(exc)))
                else:
                    LOG.info("Zugangslink %s für %s erstellt", record.id, unit)
                    st.session_state[NEW_LINK_KEY] = {"unit": unit, "link": _link(token), "until": date_short(until)}
                    st.rerun()
    issued = tokens.tokens(store)
    if not issued:
        st.caption("Noch kein Zugangslink erstellt.")
        return
    frame = pd.DataFrame({
        "Nr.": [t.id for t in issued],
        "Kommune": [names.get(t.unit_key, t.unit_key) for t in issued],
        "Erstellt": [datetime_short(t.created_at) for t in issued],
        "Von": [t.created_by for t in issued],
        "Gültig bis": [date_short((t.expires_at - dt.timedelta(seconds=1)).astimezone(tokens.BERLIN).date())
                       for t in issued],
        "Zuletzt benutzt": [datetime_short(t.last_used_at) if t.last_used_at else "–" for t in issued],
        "Status": [t.status() for t in issued],
    })
    st.dataframe(frame, hide_index=True, width="stretch")
    active = {t.id: f"Nr. {t.id} – {names.get(t.unit_key, t.unit_key)}" for t in issued if t.active()}
    if not active:
        return
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    chosen = left.selectbox("Zugangslink widerrufen", list(active), format_func=lambda i: active[i],
                            key="zugang_widerrufen")
    if right.button("Widerrufen", icon=":material/link_off:"):
        try:
            tokens.revoke(store, chosen, who)
        except StoreError as exc:
            st.error(md_escape(str(exc)))
            return
        LOG.info("Zugangslink %s widerrufen", chosen)
        st.session_state[MESSAGE_KEY] = f"Widerrufen: {active[chosen]}. Wer ihn geöffnet hat, sieht sofort nichts mehr."
        st.rerun()


def disclosure_admin(ds: Dataset, store: Store, who: str) -> None:
    """Both sections under their headings (one call from app_pages/daten.py)."""
    st.subheader("Veröffentlichung")
    publication_section(ds, store, who)
    st.subheader("Zugangslinks für Kommunen")
    st.caption("Ein persönlicher Link zeigt einer Kommune ihr eigenes Profil mit ihren Antworten neben den Gruppen – "
               "nur in dem Browserfenster, in dem sie ihn öffnet. Gespeichert wird nur eine Prüfsumme des Links.")
    access_links_section(ds, store, who)
