"""The admin page's pieces: who may write (OpenID Connect, password or nobody), the version list, the
import with its mapping and report, and restoring an earlier version."""
from __future__ import annotations

import hashlib
import logging
import os

import pandas as pd
import streamlit as st

from components.signin import password_form
from data.formatting import count_noun, datetime_short, md_escape, number
from data.importer import IGNORE, MAX_BYTES, ImportRejected, Plan, check_bytes, import_bytes
from data.loading import Dataset, data_dir_from_env
from data.store import ACTION_LABELS, Store, StoreError, open_store, url_from_env

AUTH_KEY = "daten_angemeldet"  # who is signed in with the password (session only)
MAPPING_KEY = "daten_zuordnung"  # column -> question id, chosen on the page
MESSAGE_KEY = "daten_meldung"  # the result of the last import or restore, shown once
LOG = logging.getLogger("dashboard")
CHOOSE = "— bitte wählen —"


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
    if not hashed:
        st.info("**Nur Lesen:** Für Importe und Wiederherstellungen ist keine Anmeldung eingerichtet – weder "
                "OpenID Connect (`[auth]` in `.streamlit/secrets.toml`) noch ein Passwort "
                "(`python -m data.auth hash`). Siehe README, Abschnitt „Echte Antworten importieren“.",
                icon=":material/lock:")
        return None
    if st.session_state.get(AUTH_KEY):
        st.caption("Angemeldet mit dem Passwort der Datenverwaltung.")
        st.button("Abmelden", on_click=lambda: st.session_state.pop(AUTH_KEY, None), icon=":material/logout:")
        return "Datenverwaltung (Passwort)"
    password_form(hashed, AUTH_KEY)  # attempts counted in the survey database (data.attempts)
    return None


def store_for_app() -> Store:
    return open_store(url_from_env(data_dir_from_env()))


def versions_table(store: Store) -> None:
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
    st.dataframe(frame, hide_index=True, width="stretch")


def show_plan(plan: Plan) -> None:
    units = count_noun(plan.respondents, "Kommune", "Kommunen")
    answers = count_noun(len(plan.answers), "Antwort", "Antworten")
    head = f"**{md_escape(plan.file_name)}** ({md_escape(plan.form)}), Welle {md_escape(plan.wave)}: {units}, {answers}."
    for note in plan.notes:
        st.caption(md_escape(note))
    if plan.ok:
        st.success(head + " Keine Probleme – die Datei kann importiert werden.", icon=":material/check_circle:")
        return
    lines = [f"- {md_escape(p)}" for p in plan.problems[:50]]
    if len(plan.problems) > 50:
        lines.append(f"- … und {number(len(plan.problems) - 50)} weitere")
    problems = count_noun(len(plan.problems), "Problem", "Probleme")
    st.error(head + f" **{problems} – es wird nichts gespeichert:**\n\n" + "\n".join(lines),
             icon=":material/error:")


def _map_key(column: str) -> str:
    return "daten_map_" + hashlib.sha1(column.encode("utf-8")).hexdigest()[:12]


def mapping_editor(plan: Plan, ds: Dataset, given: dict[str, str]) -> dict[str, str]:
    """A choice for every column that is not certain (and every column decided here before); returns the
    columns the user has decided."""
    open_columns = list(plan.suggestions) + [c for c in given if c not in plan.suggestions]
    decided: dict[str, str] = {}
    if not open_columns:
        return decided
    labels = {qid: f"{qid} – {text}" for qid, text in zip(ds.questions["id"], ds.questions["text"])}
    options = [CHOOSE, IGNORE] + list(labels)
    st.markdown("**Spalten zuordnen** (die Zuordnung wird für die nächste Datei derselben Welle gespeichert)")
    for col in open_columns:
        current = given.get(col, CHOOSE)
        suggestion = plan.suggestions.get(col, [])
        choice = st.selectbox(
            col, options, index=options.index(current) if current in options else 0, key=_map_key(col),
            format_func=lambda o: "nicht übernehmen" if o == IGNORE else labels.get(o, o),
            help=("Ähnliche Fragen: " + ", ".join(suggestion)) if suggestion else None)
        if choice != CHOOSE:
            decided[col] = choice
    return decided


def import_section(ds: Dataset, store: Store, who: str) -> None:
    waves = store.waves()
    default_wave = waves[-1] if waves else str(ds.survey.get("wave", ""))
    wave = st.text_input("Befragungswelle", value=default_wave, max_chars=20, key="daten_welle",
                         help="z. B. 2025 für eine neue Befragung; eine bestehende Welle erhält eine neue Version.")
    upload = st.file_uploader(f"Export der Umfrage (CSV oder Excel .xlsx, höchstens {MAX_BYTES // 1048576} MB)",
                              type=["csv", "xlsx"], max_upload_size=MAX_BYTES // 1048576, key="daten_datei",
                              help="Eine Zeile je Kommune, eine Spalte je Frage – z. B. aus LimeSurvey oder "
                                   "Microsoft Forms.")
    if upload is None:
        st.session_state.pop(MAPPING_KEY, None)
        return
    if st.session_state.get("daten_datei_id") != upload.file_id:  # a new file: decide its columns afresh
        st.session_state["daten_datei_id"] = upload.file_id
        st.session_state[MAPPING_KEY] = {}
    data = upload.getvalue()
    given = dict(st.session_state.get(MAPPING_KEY, {}))
    plan = check_bytes(store, data, upload.name, wave, ds.questions, ds.municipalities, ds.units, given=given)
    decided = mapping_editor(plan, ds, given)
    if decided != given:
        st.session_state[MAPPING_KEY] = decided
        st.rerun()  # check again with the new mapping
    show_plan(plan)
    if st.button("Importieren", type="primary", disabled=not plan.ok, icon=":material/upload:"):
        try:
            version, _ = import_bytes(store, data, upload.name, wave, ds.questions, ds.municipalities, ds.units,
                                      created_by=who, given=given)
        except ImportRejected as exc:  # the data changed between check and write
            show_plan(exc.plan)
            return
        except StoreError as exc:
            st.error(md_escape(str(exc)))
            return
        LOG.info("Import: %s", version.description)
        st.session_state[MESSAGE_KEY] = f"Gespeichert: {version.description}"
        st.rerun()


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
