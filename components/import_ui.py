"""The import on /daten: upload, the choices the command line offers (sheet, heading row, unit column), the
open columns a screenful at a time, preview, report and import. Only st.* calls: what to show comes from
data.import_view, every text from a file is made inert (escaped, bare links split) before it reaches markdown
(labels, help, alerts, captions)."""
from __future__ import annotations

import hashlib
import logging

import streamlit as st

from components.admin import MESSAGE_KEY
from data.disclosure import version_change_warning
from data.import_columns import IGNORE, UNIT
from data.import_lss import StructureRefused, read_structure
from data.import_view import (
    CHOOSE,
    KEEP,
    PAGE_SIZE,
    UPLOAD_LIMIT_MB,
    header_row_label,
    inert,
    label_text,
    mapping_frame,
    open_groups,
    page_of,
    preview_frame,
    question_options,
    report,
    size_refusal,
    unit_choices,
    unit_column_options,
    unknown_unit_label,
    value_key,
)
from data.importer import MAX_BYTES, ImportRejected, Plan, check_bytes, import_bytes
from data.loading import Dataset
from data.store import Store, StoreError, checksum_of

MAPPING_KEY = "daten_zuordnung"  # column -> decision (question id, IGNORE, UNIT, META…), chosen on the page
SETTINGS_KEY = "daten_einstellungen"  # sheet and heading row chosen on the page
FILE_KEY = "daten_datei_id"
PAGE_KEY = "daten_seite"
LOG = logging.getLogger("dashboard")


def _key(*parts: object) -> str:
    return "daten_" + hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def show_plan(plan: Plan) -> None:
    head, notes, lines = report(plan)
    if plan.ok:
        st.success(inert(head), icon=":material/check_circle:")
    else:
        body = "\n".join(f"- {inert(line)}" for line in lines)
        st.error(f"{inert(head)}\n\n{body}", icon=":material/error:")
    for note in notes:
        st.caption(inert("Hinweis: " + note))


def _reset(file_id: str) -> None:
    st.session_state[FILE_KEY] = file_id
    st.session_state[MAPPING_KEY] = {}
    st.session_state[SETTINGS_KEY] = {}
    st.session_state[PAGE_KEY] = 1


def _structure():
    with st.expander("LimeSurvey-Export mit Fragecodes oder Antwortcodes? Umfragestruktur (.lss) hinzufügen"):
        st.caption("Besser: in LimeSurvey „Fragen exportieren als: Fragecode & Fragetext“ und „Antworten exportieren "
                   "als: Volle Antworten“ wählen. Sonst hier die Umfragestruktur (Umfrage → Exportieren → "
                   "Umfragestruktur .lss) angeben; mit ihr werden Codes in Fragen und Antworten übersetzt.")
        lss = st.file_uploader("Umfragestruktur (.lss, optional)", type=["lss"], max_upload_size=UPLOAD_LIMIT_MB,
                               key="daten_lss")
    if lss is None:
        return None, ""
    refusal = size_refusal(lss.name, lss.size)
    if refusal:
        st.error(inert(refusal), icon=":material/error:")
        return None, ""
    data = lss.getvalue()
    try:
        return read_structure(data, lss.name), checksum_of(data)
    except StructureRefused as exc:
        st.error(inert(f"{lss.name}: {exc}"), icon=":material/error:")
        return None, ""


def _plan(store: Store, ds: Dataset, data: bytes, name: str, wave: str, given: dict, settings: dict, structure,
          structure_sum: str) -> Plan:
    """The check, memoised in the session for the same file, wave, choices and store state (every rerun of
    the page would otherwise read the file again)."""
    memo_key = (checksum_of(data), name, wave, tuple(sorted(given.items())), tuple(sorted(settings.items())),
                structure_sum, store.head())
    memo = st.session_state.get("daten_plan_memo")
    if memo and memo[0] == memo_key:
        return memo[1]
    plan = check_bytes(store, data, name, wave, ds.questions, ds.municipalities, ds.units, given=given,
                       sheet=settings.get("sheet"), header_row=settings.get("header_row"), structure=structure)
    st.session_state["daten_plan_memo"] = (memo_key, plan)
    return plan


def _choices(plan: Plan, given: dict, settings: dict, generation: str) -> bool:
    """Sheet, heading row and unit column; returns True when a choice changed (the caller reruns)."""
    if plan.header_row is None:  # the file was not read at all
        return False
    cols = list(st.columns(3 if len(plan.sheets) > 1 else 2))
    changed = False
    if len(plan.sheets) > 1:
        sheet = cols.pop(0).selectbox("Tabellenblatt", list(plan.sheets), index=list(plan.sheets).index(plan.sheet),
                                  key=_key("blatt", generation), placeholder=CHOOSE)
        if sheet != plan.sheet:
            settings["sheet"] = sheet
            settings.pop("header_row", None)
            changed = True
    rows = list(plan.header_candidates)
    if plan.header_row in rows:
        row = cols[0].selectbox("Überschriften in Zeile", rows, index=rows.index(plan.header_row),
                                format_func=lambda n: header_row_label(n, plan.candidate_texts),
                                key=_key("kopf", generation), placeholder=CHOOSE,
                                help="Titel- und Gruppenzeilen über den Überschriften werden übersprungen.")
        if row != plan.header_row and not changed:
            settings["header_row"] = row
            changed = True
    options = unit_column_options(plan)
    unit = cols[-1].selectbox("Kommune in Spalte", options,
                             index=options.index(plan.unit_column) if plan.unit_column in options else None,
                             placeholder=CHOOSE, key=_key("kommune", generation),
                             help="Vorgeschlagen ist die Spalte, deren Werte am besten zu Gemeindeschlüsseln oder "
                                  "-namen passen; ein Schlüssel geht vor einem Namen.")
    if unit is not None and unit != plan.unit_column and not changed:
        for col in [c for c, v in given.items() if v == UNIT]:
            given.pop(col)
        given[unit] = UNIT
        changed = True
    return changed


def _open_columns(plan: Plan, ds: Dataset, given: dict, generation: str) -> bool:
    groups = open_groups(plan)
    if not groups:
        return False
    options, labels = question_options(ds.questions)
    st.markdown("**Offene Spalten zuordnen** (die Zuordnung wird für die nächste Datei derselben Welle gespeichert)")
    page = int(st.session_state.get(PAGE_KEY, 1))
    shown, pages, caption = page_of(groups, page)
    if pages > 1:
        left, right = st.columns([1, 3])
        page = left.number_input("Seite", min_value=1, max_value=pages, value=min(page, pages), step=1,
                                 key=_key("seite", generation, pages))
        if page != st.session_state.get(PAGE_KEY, 1):
            st.session_state[PAGE_KEY] = int(page)
            return True
        right.caption(inert(caption))
    changed = False
    for g in shown:
        current = given.get(g.columns[0], CHOOSE)
        hint = ("Ähnliche Fragen: " + ", ".join(g.suggestions)) if g.suggestions else None
        choice = st.selectbox(label_text(g.label), options, index=options.index(current) if current in options else 0,
                              format_func=lambda o: labels.get(o, o), key=_key("map", g.key, generation),
                              help=label_text(hint) if hint else None)
        if choice != CHOOSE and choice != current:
            for col in g.columns:
                given[col] = choice
            changed = True
    if st.button(f"Alle {len(groups)} offenen Spalten nicht übernehmen" if len(groups) > 1 else
                 "Die offene Spalte nicht übernehmen", icon=":material/block:", key=_key("alle", generation)):
        for g in groups:
            for col in g.columns:
                given[col] = IGNORE
        changed = True
    return changed


def _unknown_units(plan: Plan, ds: Dataset, given: dict, generation: str) -> bool:
    """Names that fit no unit exactly: chosen by hand (suggestions first), never taken silently."""
    if not plan.unknown_units:
        return False
    st.markdown("**Kommunen zuordnen** – diese Angaben passen zu keiner Kommune genau; die Wahl wird für die "
                "nächste Datei derselben Welle gespeichert")
    changed = False
    for u in plan.unknown_units[:PAGE_SIZE]:
        options, labels = unit_choices(u, ds.units)
        choice = st.selectbox(label_text(unknown_unit_label(u)), options, key=_key("wert", u.value, generation),
                              format_func=lambda o, labels=labels: labels.get(o, o))
        if choice != CHOOSE:
            given[value_key(u)] = choice
            changed = True
    if len(plan.unknown_units) > PAGE_SIZE:
        st.caption(f"Weitere {len(plan.unknown_units) - PAGE_SIZE} folgen, sobald diese zugeordnet sind.")
    return changed


def _change_one(plan: Plan, ds: Dataset, given: dict, generation: str) -> bool:
    """Any column's role, with three controls however wide the file is."""
    options, labels = question_options(ds.questions)
    with st.expander("Zuordnung einer Spalte ändern"):
        headers = [c.header for c in plan.columns]
        column = st.selectbox("Spalte", headers, key=_key("aendern", generation), placeholder=CHOOSE)
        target = st.selectbox("wird gelesen als", [KEEP] + options[1:], format_func=lambda o: labels.get(o, o),
                              key=_key("ziel", generation), placeholder=CHOOSE)
        if st.button("Zuordnung übernehmen", key=_key("uebernehmen", generation)) and target != KEEP and column:
            if target == UNIT:
                for col in [c for c, v in given.items() if v == UNIT]:
                    given.pop(col)
            given[column] = target
            return True
    return False


def import_section(ds: Dataset, store: Store, who: str) -> None:
    waves = store.waves()
    default_wave = waves[-1] if waves else ds.survey.wave
    wave = st.text_input("Befragungswelle", value=default_wave, max_chars=20, key="daten_welle",
                         help="z. B. 2025 für eine neue Befragung; eine bestehende Welle erhält eine neue Version.")
    upload = st.file_uploader(
        f"Export der Umfrage (CSV, Unicode-Text oder Excel .xlsx, höchstens {MAX_BYTES // 1048576} MB)",
        type=["csv", "txt", "xlsx"], max_upload_size=UPLOAD_LIMIT_MB, key="daten_datei",
        help="Eine Zeile je Kommune, eine Spalte je Frage – z. B. aus LimeSurvey, Microsoft Forms oder eine "
             "eigene Excel-Liste.")
    structure, structure_sum = _structure()
    if upload is None:
        st.session_state.pop(MAPPING_KEY, None)
        st.session_state.pop("daten_plan_memo", None)
        return
    if st.session_state.get(FILE_KEY) != upload.file_id:  # a new file: decide its columns afresh
        _reset(upload.file_id)
    refusal = size_refusal(upload.name, upload.size)
    if refusal:  # said before the upload is read
        st.error(inert(refusal), icon=":material/error:")
        return
    data = upload.getvalue()
    given = dict(st.session_state.get(MAPPING_KEY, {}))
    settings = dict(st.session_state.get(SETTINGS_KEY, {}))
    plan = _plan(store, ds, data, upload.name, wave, given, settings, structure, structure_sum)
    # widgets are keyed by everything they depend on: a changed choice draws fresh ones with the new defaults
    generation = _key(upload.file_id, plan.sheet, plan.header_row, plan.unit_column, sorted(given.items()))
    changed = _choices(plan, given, settings, generation)
    if plan.preview:
        st.markdown("**Vorschau** – die ersten Zeilen, wie sie gelesen werden")
        st.dataframe(preview_frame(plan), hide_index=True, width="stretch")
    if plan.columns:
        with st.expander(f"Zuordnung aller Spalten ({len(plan.columns)})"):
            st.dataframe(mapping_frame(plan, ds.questions), hide_index=True, width="stretch")
    changed = _open_columns(plan, ds, given, generation) or changed
    changed = _unknown_units(plan, ds, given, generation) or changed
    if plan.columns:
        changed = _change_one(plan, ds, given, generation) or changed
    if changed:
        st.session_state[MAPPING_KEY] = given
        st.session_state[SETTINGS_KEY] = settings
        st.rerun()  # check again with the new choices
    show_plan(plan)
    if plan.ok:
        current = store.current(plan.wave)
        warning = version_change_warning(store.answers(current.id) if current else None, plan.answers)
        if warning:
            st.warning(warning, icon=":material/compare_arrows:")
    if st.button("Importieren", type="primary", disabled=not plan.ok, icon=":material/upload:"):
        try:
            version, _ = import_bytes(store, data, upload.name, wave, ds.questions, ds.municipalities, ds.units,
                                      created_by=who, given=given, sheet=settings.get("sheet"),
                                      header_row=settings.get("header_row"), structure=structure)
        except ImportRejected as exc:  # the data changed between check and write
            show_plan(exc.plan)
            return
        except StoreError as exc:
            st.error(inert(str(exc)))
            return
        LOG.info("Import: %s", version.description)
        st.session_state[MESSAGE_KEY] = f"Gespeichert: {version.description}"
        st.rerun()
