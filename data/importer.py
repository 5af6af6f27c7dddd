"""Import a survey export into the survey store: read, map, check everything, then write in one step.

    python -m data.importer import FILE --wave 2025 [--map SPALTE=FRAGE] [--ignore SPALTE] [--unit-column SPALTE]
    python -m data.importer list [--wave 2025]
    python -m data.importer restore VERSION
    python -m data.importer withdraw VERSION   (kept in the list, marked withdrawn, never current again)
    python -m data.importer migrate     (schema up to date, responses.csv taken over; scripts/start.sh runs it)

Reads what survey tools export – one row per respondent, one column per question: CSV (comma or semicolon,
UTF-8 with or without BOM, Windows-1252, decimal comma in numbers) and Excel .xlsx. Microsoft Forms exports
(metadata columns ID, Startzeit, …; several answers in one cell separated by ";") and LimeSurvey exports
(question codes or texts as headers, "code. text" headers, multiple choice as one column per option
"code[Option]" with Y/Ja/1) are the two named examples. Nothing is guessed silently: a column is taken by
question id or text (or a saved/given mapping), a respondent by AGS, Verbandsgemeinde key or exact name;
anything else is a problem with row, column, value and the closest suggestions. An import with problems
writes nothing. Never imports streamlit.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data.formatting import count_noun
from data.problems import Problem
from data.profile import normalise, search, search_entries
from data.store import ANSWER_COLUMNS, Store, StoreError, Version, checksum_of

MAX_BYTES = 10 * 1024 * 1024  # = server.maxUploadSize; the page and the CLI say it
MAX_ROWS = 50_000
XLSX_MAGIC = b"PK\x03\x04"

# Columns survey tools add about the respondent or the submission: never answers, never units.
META_COLUMNS = {normalise(c) for c in [
    "ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", "Zeitpunkt der letzten Änderung",
    "Start time", "Completion time", "Email", "Last modified time",  # Microsoft Forms (de/en)
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl",
    "token", "Antwort ID", "Datum Abgeschickt", "Letzte Seite", "Start-Sprache", "Zufallsstartwert",
    "Datum gestartet", "Datum letzte Aktivität", "IP-Adresse", "Gesamtzeit",  # LimeSurvey (codes / de)
]}
UNIT_COLUMNS = {normalise(c) for c in [
    "unit_key", "AGS", "Gemeindeschlüssel", "Amtlicher Gemeindeschlüssel", "Kommune", "Gemeinde", "Stadt",
    "Name der Kommune", "Kommune (Name oder AGS)", "Ihre Kommune", "Welche Kommune vertreten Sie?",
    "Verbandsgemeinde", "Kommune/Verbandsgemeinde",
]}
# The municipality's consent to be named (data.disclosure): yes/no per row. Read if present, never an answer.
RELEASE_COLUMNS = {normalise(c) for c in [
    "Freigabe", "Freigabe namentlich", "namentlich", "Namentliche Veröffentlichung", "Veröffentlichung namentlich",
    "Einverständnis Veröffentlichung",
]}
CHOSEN = {"y", "yes", "ja", "1", "x", "true", "wahr", "ausgewählt", "ausgewaehlt"}
NOT_CHOSEN = {"", "n", "no", "nein", "0", "false", "falsch", "nicht ausgewählt"}
MULTI_SPLIT = re.compile(r"\s*[;|\n]\s*")
OPTION_COLUMN = re.compile(r"^(?P<base>.+?)\s*\[(?P<option>[^\]]+)\]\s*$")
IGNORE = ""  # mapping value: the column is deliberately left out


@dataclass(frozen=True)
class Table:
    """A read export: header names and rows of text cells. Row numbers as a spreadsheet shows them."""

    file_name: str
    headers: list[str]
    rows: list[list[str]]
    form: str  # e.g. "CSV (UTF-8, Semikolon)" or "Excel (.xlsx)"

    def row_number(self, index: int) -> int:
        return index + 2  # header is row 1


@dataclass
class Plan:
    """What an import would write, and why it may not."""

    file_name: str
    wave: str
    form: str
    mapping: dict[str, str]  # column -> question id, or IGNORE
    unit_column: str | None
    answers: pd.DataFrame
    respondents: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # unmapped column -> close question ids
    checksum: str = ""
    released: frozenset[str] | None = None  # units that agreed to be named (None: the file has no such column)

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self, limit: int | None = None) -> str:
        lines = [f"Datei {self.file_name} ({self.form}), Welle {self.wave}: "
                 f"{count_noun(self.respondents, 'Kommune', 'Kommunen')}, "
                 f"{count_noun(len(self.answers), 'Antwort', 'Antworten')}."]
        lines += [f"Hinweis: {n}" for n in self.notes]
        if self.problems:
            lines.append(f"{count_noun(len(self.problems), 'Problem', 'Probleme')} – es wird nichts gespeichert:")
            shown = self.problems if limit is None else self.problems[:limit]
            lines += [f"- {p}" for p in shown]
            if len(shown) < len(self.problems):
                lines.append(f"- … und {len(self.problems) - len(shown)} weitere")
        else:
            lines.append("Keine Probleme: Die Datei kann importiert werden.")
        return "\n".join(lines)


class ImportRejected(Exception):
    def __init__(self, plan: Plan):
        super().__init__(plan.report())
        self.plan = plan


# --- reading ---------------------------------------------------------------------------------------

def read_table(data: bytes, file_name: str) -> Table:
    """CSV or .xlsx bytes as a table of text cells; raises ImportRejected-style Problems via ValueError."""
    if len(data) > MAX_BYTES:
        raise ValueError(f"Die Datei ist {len(data) / 1048576:.1f} MB groß; erlaubt sind höchstens 10 MB."
                         .replace(".", ","))
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return _read_xlsx(data, file_name)
    return _read_csv(data, file_name)


def _read_csv(data: bytes, file_name: str) -> Table:
    for encoding, label in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")):  # noqa: B007 - label used below
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover – cp1252 decodes nearly everything; undefined bytes end here
        raise ValueError("Die Datei ist weder UTF-8 noch Windows-1252 kodiert.")
    if data.startswith(b"\xef\xbb\xbf"):
        label += " mit BOM"
    first = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=lambda d: _count_outside_quotes(first, d))
    if _count_outside_quotes(first, delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [[c.strip() for c in r] for r in reader]
    except csv.Error as exc:
        raise ValueError(f"Die CSV-Datei ist nicht lesbar ({exc}).") from None
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ValueError("Die Datei ist leer.")
    names = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
    return _table(file_name, rows, f"CSV ({label}, {names[delimiter]})")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _read_xlsx(data: bytes, file_name: str) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 – any broken zip or XML is the same problem for the user
        raise ValueError("Die Excel-Datei ist beschädigt oder kein .xlsx.") from None
    ws = wb.worksheets[0]
    rows = []
    for values in ws.iter_rows(values_only=True):
        rows.append([_cell_text(v) for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    wb.close()
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ValueError("Das erste Tabellenblatt ist leer.")
    return _table(file_name, rows, "Excel (.xlsx)")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y %H:%M")
    return str(value).strip()


def _table(file_name: str, rows: list[list[str]], form: str) -> Table:
    headers = [h.strip() for h in rows[0]]
    width = len(headers)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    if len(body) > MAX_ROWS:
        raise ValueError(f"Die Datei hat mehr als {MAX_ROWS:,} Zeilen.".replace(",", "."))
    return Table(file_name, headers, body, form)


# --- mapping ---------------------------------------------------------------------------------------

def _question_keys(questions: pd.DataFrame) -> dict[str, str]:
    keys = {}
    for qid, text in zip(questions["id"], questions["text"]):
        keys[normalise(qid)] = qid
        keys[normalise(text)] = qid
    return keys


def suggest_mapping(headers: list[str], questions: pd.DataFrame, saved: dict[str, str] | None = None,
                    given: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Column -> question id (or IGNORE) for every column that is certain: given > saved > id or text
    (also "code. text" and "code[Option]"). Uncertain columns are left out, with close suggestions."""
    keys = _question_keys(questions)
    ids = set(questions["id"])
    mapping, suggestions = {}, {}
    for h in headers:
        if given and h in given:
            mapping[h] = given[h]
            continue
        if saved and h in saved and (saved[h] in ids or saved[h] == IGNORE):
            mapping[h] = saved[h]
            continue
        n = normalise(h)
        if not n or n in META_COLUMNS or n in UNIT_COLUMNS or n in RELEASE_COLUMNS:
            continue
        m = OPTION_COLUMN.match(h)
        candidates = [h] + ([m.group("base")] if m else []) + ([h.split(". ", 1)[0], h.split(". ", 1)[1]]
                                                                if ". " in h else [])
        found = next((keys[normalise(c)] for c in candidates if normalise(c) in keys), None)
        if found:
            mapping[h] = found
            continue
        close = difflib.get_close_matches(n, list(keys), n=3, cutoff=0.6)
        suggestions[h] = list(dict.fromkeys(keys[c] for c in close))
    return mapping, suggestions


def find_unit_column(headers: list[str], given: str | None = None) -> str | None:
    if given:
        return given if given in headers else None
    return next((h for h in headers if normalise(h) in UNIT_COLUMNS), None)


# --- checking --------------------------------------------------------------------------------------

def plan_import(table: Table, wave: str, questions: pd.DataFrame, municipalities: pd.DataFrame,
                units: pd.DataFrame, *, saved: dict[str, str] | None = None, given: dict[str, str] | None = None,
                unit_column: str | None = None, checksum: str = "") -> Plan:
    """Everything an import would write, or every reason it may not. Writes nothing."""
    wave = str(wave).strip()
    problems: list[Problem] = []
    notes: list[str] = []
    f = table.file_name
    if not re.fullmatch(r"[0-9A-Za-z_-]{1,20}", wave):
        problems.append(Problem(f, None, None, f"Die Welle „{wave}“ ist ungültig (z. B. 2025)."))
    mapping, suggestions = suggest_mapping(table.headers, questions, saved, given)
    ucol = find_unit_column(table.headers, unit_column)
    if ucol is None:
        problems.append(Problem(f, 1, unit_column, "Keine Spalte nennt die Kommune (AGS, Verbandsgemeinde-Schlüssel "
                                                   "oder Name). Bitte die Spalte angeben."
                                if not unit_column else f"Die Spalte „{unit_column}“ gibt es nicht."))
    ids = set(questions["id"])
    for col, qid in (given or {}).items():
        if col not in table.headers:
            problems.append(Problem(f, 1, col, "Diese Spalte gibt es in der Datei nicht."))
        elif qid != IGNORE and qid not in ids:
            problems.append(Problem(f, 1, col, f"Die Frage „{qid}“ gibt es nicht."))
    dupes = [h for h in set(table.headers) if h and table.headers.count(h) > 1]
    for h in dupes:
        problems.append(Problem(f, 1, h, "Diese Spaltenüberschrift kommt mehrfach vor."))
    for h, close in suggestions.items():
        hint = (" Ähnlich: " + ", ".join(f"„{c}“" for c in close) + ".") if close else ""
        problems.append(Problem(f, 1, h, "Die Spalte ist keiner Frage zugeordnet; bitte zuordnen oder "
                                         f"ausdrücklich ignorieren.{hint}"))
    ignored_meta = [h for h in table.headers if normalise(h) in META_COLUMNS and h not in mapping]
    if ignored_meta:
        notes.append("Nicht übernommen (Angaben des Umfragewerkzeugs): " + ", ".join(ignored_meta) + ".")

    release_col = next((h for h in table.headers if normalise(h) in RELEASE_COLUMNS and h not in mapping), None)
    released: set[str] = set()
    qinfo = {qid: (typ, tuple(opts)) for qid, typ, opts in zip(questions["id"], questions["type"], questions["options"])}
    entries = search_entries(municipalities, units) if len(units) else []
    unit_keys = set(units["unit_key"]) if len(units) else set()
    member_of = dict(zip(municipalities["ags"], municipalities["vg_key"])) if len(municipalities) else {}
    col_index = {h: i for i, h in enumerate(table.headers)}
    rows: list[tuple[str, str, str]] = []
    seen_units: dict[str, int] = {}
    seen_single: set[tuple[str, str]] = set()
    member_notes = []
    for i, row in enumerate(table.rows):
        line = table.row_number(i)
        unit = None
        if ucol is not None:
            raw = row[col_index[ucol]]
            unit, problem, note = _match_unit(raw, unit_keys, member_of, entries)
            if problem:
                problems.append(Problem(f, line, ucol, problem))
            if note:
                member_notes.append(f"Zeile {line}: {note}")
        if unit is not None:
            if unit in seen_units:
                problems.append(Problem(f, line, ucol, f"Die Kommune „{row[col_index[ucol]]}“ hat schon in Zeile "
                                                       f"{seen_units[unit]} geantwortet."))
                continue
            seen_units[unit] = line
        if release_col is not None:
            consent = normalise(row[col_index[release_col]])
            if consent in {normalise(x) for x in CHOSEN}:
                if unit is not None:
                    released.add(unit)
            elif consent not in {normalise(x) for x in NOT_CHOSEN}:
                problems.append(Problem(f, line, release_col, f"„{_short(row[col_index[release_col]])}“ ist weder ja "
                                                              "noch nein."))
        for h, qid in mapping.items():
            if qid == IGNORE or qid not in qinfo or h not in col_index:
                continue
            value = row[col_index[h]]
            typ, options = qinfo[qid]
            m = OPTION_COLUMN.match(h)
            if m and typ == "multi" and normalise(m.group("base")) != normalise(h):
                chosen = _option_column(value, m.group("option"), options)
                if chosen is None:
                    problems.append(Problem(f, line, h, f"„{_short(value)}“ ist weder ausgewählt (Y, Ja, 1) noch "
                                                        "leer."))
                    continue
                if chosen == "":
                    continue
                if chosen not in options:
                    problems.append(Problem(f, line, h, f"„{m.group('option')}“ ist keine Antwortoption der Frage "
                                                        f"„{qid}“ (erlaubt: {' · '.join(options)})."))
                    continue
                values = [chosen]
            elif not value:
                continue
            else:
                values = [v for v in MULTI_SPLIT.split(value) if v] if typ == "multi" else [value]
            for v in dict.fromkeys(values):
                option = _option(v, options)
                if option is None:
                    problems.append(Problem(f, line, h, f"„{_short(v)}“ ist keine Antwortoption der Frage „{qid}“ "
                                                        f"(erlaubt: {' · '.join(options)})."))
                elif typ != "multi" and (unit, qid) in seen_single:
                    problems.append(Problem(f, line, h, f"Für die Frage „{qid}“ ist nur eine Antwort möglich."))
                elif unit is not None:
                    if typ != "multi":
                        seen_single.add((unit, qid))
                    rows.append((unit, qid, option))
    if member_notes:
        notes.append("Mitgliedsgemeinden zählen für ihre Verbandsgemeinde: " + "; ".join(member_notes[:10])
                     + (" …" if len(member_notes) > 10 else ""))
    if not table.rows:
        problems.append(Problem(f, None, None, "Die Datei enthält keine Antworten (nur die Kopfzeile)."))
    if release_col is not None:
        notes.append(f"Spalte „{release_col}“: {len(released)} Kommunen stimmen der namentlichen Veröffentlichung "
                     "ihrer Antworten zu (wirksam, wenn die Welle namentlich veröffentlicht wird).")
    answers = pd.DataFrame(list(dict.fromkeys(rows)), columns=ANSWER_COLUMNS, dtype=object)
    return Plan(f, wave, table.form, mapping, ucol, answers, int(answers["unit_key"].nunique()), problems, notes,
                suggestions, checksum, frozenset(released) if release_col is not None else None)


def _match_unit(raw: str, unit_keys: set[str], member_of: dict, entries) -> tuple[str | None, str | None, str | None]:
    """(unit key, problem, note) for a cell naming a municipality by AGS, VG key or name."""
    value = raw.strip()
    if not value:
        return None, "Die Kommune fehlt.", None
    digits = re.sub(r"[\s.]", "", value)
    digits = re.sub(r",0+$", "", digits)  # 15083040,0 from a spreadsheet with decimal comma
    if digits.isdigit():
        if digits in unit_keys:
            return digits, None, None
        vg = member_of.get(digits)
        if isinstance(vg, str) and vg in unit_keys:
            return vg, None, f"{digits} gehört zur Verbandsgemeinde {vg}"
        return None, f"„{_short(value)}“ ist kein Gemeindeschlüssel (AGS) oder Verbandsgemeinde-Schlüssel aus " \
                     "Sachsen-Anhalt.", None
    found = search(value, entries, limit=5)
    exact = [m for m in found if normalise(m.label) == normalise(value)]
    targets = {m.unit_key for m in exact}
    if len(targets) == 1:
        m = exact[0]
        return m.unit_key, None, (f"„{value}“ {m.note}" if m.note else None)
    if len(targets) > 1:
        return None, f"„{_short(value)}“ ist mehrdeutig: " + ", ".join(f"{m.label} ({m.key})" for m in exact) + \
            ". Bitte den Gemeindeschlüssel (AGS) angeben.", None
    hint = ("Meinten Sie: " + ", ".join(f"„{m.label}“ ({m.key})" for m in found[:3]) + "?") if found else \
        "Keine ähnliche Kommune gefunden."
    return None, f"Die Kommune „{_short(value)}“ ist nicht bekannt. {hint}", None


def _option(value: str, options: tuple[str, ...]) -> str | None:
    if value in options:
        return value
    n = normalise(value)
    return next((o for o in options if normalise(o) == n), None)


def _option_column(value: str, option_label: str, options: tuple[str, ...]) -> str | None:
    """LimeSurvey multiple choice: one column per option. "" = not chosen, the option's text = chosen."""
    v = normalise(value)
    if v in {normalise(x) for x in NOT_CHOSEN}:
        return ""
    if v in {normalise(x) for x in CHOSEN} or v == normalise(option_label):
        code = re.fullmatch(r"(?:SQ|A)?0*(\d+)", option_label.strip(), flags=re.I)
        if code and _option(option_label, options) is None and 1 <= int(code.group(1)) <= len(options):
            return options[int(code.group(1)) - 1]
        return _option(option_label, options) or option_label
    return None


def _short(value: str, limit: int = 60) -> str:
    value = str(value).replace("\n", " ")
    return value if len(value) <= limit else value[:limit - 1] + "…"


# --- writing ---------------------------------------------------------------------------------------

def import_bytes(store: Store, data: bytes, file_name: str, wave: str, questions: pd.DataFrame,
                 municipalities: pd.DataFrame, units: pd.DataFrame, *, created_by: str,
                 given: dict[str, str] | None = None, unit_column: str | None = None) -> tuple[Version, Plan]:
    """Check, then write one new version in one transaction (with the mapping saved for the wave).
    Raises ImportRejected with the full report when anything is wrong; then nothing is written."""
    plan = check_bytes(store, data, file_name, wave, questions, municipalities, units, given=given,
                       unit_column=unit_column)
    if not plan.ok:
        raise ImportRejected(plan)
    version = store.add_version(plan.wave, plan.answers, created_by=created_by, action="import", file_name=file_name,
                                checksum=plan.checksum, mapping=plan.mapping, released=plan.released)
    return version, plan


def check_bytes(store: Store | None, data: bytes, file_name: str, wave: str, questions: pd.DataFrame,
                municipalities: pd.DataFrame, units: pd.DataFrame, *, given: dict[str, str] | None = None,
                unit_column: str | None = None) -> Plan:
    name = Path(file_name).name or "Datei"
    try:
        table = read_table(data, name)
    except ValueError as exc:
        return Plan(name, str(wave), "unbekannt", {}, None, pd.DataFrame(columns=ANSWER_COLUMNS),
                    problems=[Problem(name, None, None, str(exc))])
    saved = store.mapping(str(wave)) if store is not None else {}
    return plan_import(table, wave, questions, municipalities, units, saved=saved, given=given,
                       unit_column=unit_column, checksum=checksum_of(data))


# --- command line ----------------------------------------------------------------------------------

def _pairs(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise SystemExit(f"--map erwartet SPALTE=FRAGE, nicht „{v}“.")
        col, qid = v.rsplit("=", 1)
        out[col.strip()] = qid.strip()
    return out


def main(argv: list[str] | None = None) -> int:
    from data.loading import data_dir_from_env
    from data.store import open_store, url_from_env

    parser = argparse.ArgumentParser(prog="python -m data.importer",
                                     description="Umfrageantworten importieren, Versionen auflisten und wiederherstellen.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="eine Umfrage-Exportdatei (CSV, .xlsx) als neue Version importieren")
    imp.add_argument("file", type=Path)
    imp.add_argument("--wave", required=True, help="Befragungswelle, z. B. 2025")
    imp.add_argument("--map", action="append", default=[], metavar="SPALTE=FRAGE", help="Spalte einer Frage zuordnen")
    imp.add_argument("--ignore", action="append", default=[], metavar="SPALTE", help="Spalte nicht übernehmen")
    imp.add_argument("--unit-column", help="Spalte mit der Kommune (AGS, VG-Schlüssel oder Name)")
    imp.add_argument("--by", default=None, help="wer importiert (Standard: Benutzername)")
    imp.add_argument("--check", action="store_true", help="nur prüfen, nichts schreiben")
    sub.add_parser("migrate", help="Datenbankschema aktualisieren und responses.csv übernehmen (beim Start)")
    lst = sub.add_parser("list", help="alle Versionen, neueste zuerst")
    lst.add_argument("--wave")
    res = sub.add_parser("restore", help="eine frühere Version wieder aktuell machen (als neue Version)")
    res.add_argument("version", type=int)
    res.add_argument("--by", default=None)
    wdr = sub.add_parser("withdraw", help="eine Version zurückziehen (bleibt in der Liste, wird nie mehr angezeigt)")
    wdr.add_argument("version", type=int)
    wdr.add_argument("--by", default=None)
    args = parser.parse_args(argv)

    data_dir = data_dir_from_env()
    try:
        store = open_store(url_from_env(data_dir))
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    who = getattr(args, "by", None) or _user()
    # Only migrate and import may take responses.csv into the store; list, restore and withdraw only read it.
    ds = seeded_dataset(store, data_dir) if args.command in ("migrate", "import") else None
    if args.command == "migrate":
        current = {w: store.current(w) for w in store.waves()}
        print("Umfragedatenbank bereit: " + ("; ".join(f"Welle {w}: {v.label}" for w, v in current.items())
                                             or "noch keine Antworten") + ".")
        return 0
    if args.command == "list":
        versions = store.versions(args.wave)
        if not versions:
            print("Noch keine Versionen.")
        current = {w: store.current(w).id for w in store.waves()}
        for v in versions:
            print(("* " if current.get(v.wave) == v.id else "  ") + v.description)
        return 0
    if args.command in ("restore", "withdraw"):
        try:
            v = (store.restore if args.command == "restore" else store.withdraw)(args.version, who)
        except StoreError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(("Wiederhergestellt: " if args.command == "restore" else "Zurückgezogen: ") + v.description)
        return 0

    if ds.problems:
        print("Der Datenordner hat Fehler; ohne gültige Fragen und Gemeinden ist kein Import möglich:",
              file=sys.stderr)
        for p in ds.problems[:10]:
            print(f"- {p}", file=sys.stderr)
        return 1
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: nicht lesbar ({exc.strerror}).", file=sys.stderr)
        return 1
    given = _pairs(args.map) | {c: IGNORE for c in args.ignore}
    if args.check:
        plan = check_bytes(store, data, args.file.name, args.wave, ds.questions, ds.municipalities, ds.units,
                           given=given, unit_column=args.unit_column)
        print(plan.report())
        return 0 if plan.ok else 1
    try:
        version, plan = import_bytes(store, data, args.file.name, args.wave, ds.questions, ds.municipalities,
                                     ds.units, created_by=who, given=given, unit_column=args.unit_column)
    except ImportRejected as exc:
        print(exc.plan.report(), file=sys.stderr)
        return 1
    except StoreError as exc:  # e.g. a read-only or locked database: one German line, nothing written
        print(f"Nicht gespeichert: {exc}", file=sys.stderr)
        return 1
    print(plan.report())
    print(f"Gespeichert: {version.description}")
    return 0


def seeded_dataset(store: Store, data_dir: Path):
    """The data folder's Dataset; its responses file enters the store first, as when the app starts."""
    from data.loading import load_dataset
    from data.waves import attach_stored_state

    ds = load_dataset(data_dir)
    try:
        responses = (Path(data_dir) / "responses.csv").read_bytes()
    except OSError:
        responses = None
    return attach_stored_state(ds, store, responses)


def _user() -> str:
    import getpass

    try:
        return f"{getpass.getuser()} (Kommandozeile)"
    except Exception:  # noqa: BLE001
        return "Kommandozeile"


if __name__ == "__main__":
    sys.exit(main())
