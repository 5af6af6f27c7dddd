"""Import a survey export into the survey store: read, map, check everything, then write in one step.

    python -m data.importer import FILE --wave 2025 [--map SPALTE=FRAGE] [--ignore SPALTE] [--unit-column SPALTE]
                                        [--sheet BLATT] [--header-row N] [--lss STRUKTUR.lss] [--check]
    python -m data.importer list [--wave 2025]
    python -m data.importer restore VERSION
    python -m data.importer withdraw VERSION   (kept in the list, marked withdrawn, never current again)
    python -m data.importer migrate     (schema up to date, responses.csv taken over; scripts/start.sh runs it)

Reads what survey tools export – one row per respondent, one column per question – within fixed limits
(data.import_read): CSV in UTF-8 (with or without BOM), Windows-1252 or UTF-16 (Excel "Unicode-Text"), with
comma, semicolon or tab, and Excel .xlsx (the sheet that looks like the answer table; title and group-label
rows above the headings skipped; true spreadsheet row numbers). Headings of LimeSurvey (all three styles),
Microsoft Forms and our own ids are recognised (data.import_columns); units by key or exact/designated name
(data.import_match). Nothing is guessed silently: what is not certain is a problem with row, column, value and
the closest suggestions; what is deliberately not taken (metadata, free texts, incomplete or superseded
responses, totals rows) is named in a note. An import with problems writes nothing. Never imports streamlit.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from data.formatting import count_noun, number
from data.import_columns import (
    HEADER_KEY,
    IGNORE,
    META,
    RELEASE,
    SHEET_KEY,
    UNIT,
    VALUE,
    Column,
    QuestionIndex,
    classify,
    column_name,
    duplicate_headers,
    propose_header_row,
    sheet_score,
)
from data.import_match import UnitMatcher, fold, short
from data.import_read import LIMITS, Grid, Limits, ReadRefused, Source, read_source
from data.problems import Problem
from data.store import ANSWER_COLUMNS, Store, StoreError, Version, checksum_of

MAX_BYTES = LIMITS.max_bytes  # the page and the CLI say it; the page's uploader lets a little more through
MAX_ROWS = LIMITS.max_rows
CHOSEN = {fold(x) for x in ["y", "yes", "ja", "1", "x", "true", "wahr", "ausgewählt", "gewählt"]}
NOT_CHOSEN = {fold(x) for x in ["", "n", "no", "nein", "0", "false", "falsch", "nicht ausgewählt", "nicht gewählt"]}
NOT_SHOWN = {fold(x) for x in ["N/A", "k.A.", "k. A."]}  # LimeSurvey: the question was never shown
TOTALS = {fold(x) for x in ["Summe", "Gesamt", "Insgesamt", "Total", "Gesamtsumme", "Summe gesamt", "Anzahl",
                            "Summe:", "Gesamt:", "Insgesamt:"]}
ANSWER_CODE = re.compile(r"^(?:A|AO|SQ)\d{1,4}$", re.I)
MULTI_SPLIT = re.compile(r"\s*[;|\n]\s*")
PREVIEW_ROWS = 5
NOTE_ITEMS = 10


@dataclass(frozen=True)
class Table:
    """The heading row and the data rows of the chosen sheet, with their true row numbers."""

    file_name: str
    form: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    header_row: int
    formula_cells: frozenset[tuple[int, int]] = frozenset()
    sheets: tuple[str, ...] = ()
    sheet: str | None = None
    sheet_notes: tuple[str, ...] = ()
    header_candidates: tuple[int, ...] = ()  # row numbers the heading row may be chosen from
    candidate_texts: tuple[tuple[int, str], ...] = ()  # (row number, its first cells) for choosing


@dataclass
class Plan:
    """What an import would write, and why it may not."""

    file_name: str
    wave: str
    form: str
    mapping: dict[str, str]  # column -> question id, IGNORE, UNIT or META…; plus sheet and heading row
    unit_column: str | None
    answers: pd.DataFrame
    respondents: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # open column -> close question ids
    checksum: str = ""
    columns: list[Column] = field(default_factory=list)
    sheets: tuple[str, ...] = ()
    sheet: str | None = None
    header_row: int | None = None
    header_candidates: tuple[int, ...] = ()
    candidate_texts: dict[int, str] = field(default_factory=dict)
    preview: list[tuple[int, list[str]]] = field(default_factory=list)  # first data rows as they are read
    unit_candidates: list[str] = field(default_factory=list)  # columns that may name the unit, best first
    unit_meta: dict[str, dict[str, str]] = field(default_factory=dict)  # meta role -> unit key -> value
    tool: str = ""  # "LimeSurvey", "Microsoft Forms" or ""
    released: frozenset[str] | None = None  # units that agreed to be named (None: the file has no such column)
    unknown_units: list[UnknownUnit] = field(default_factory=list)  # names to assign by hand

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def headline(self) -> str:
        where = f"{self.form}" + (f", Tabellenblatt „{self.sheet}“" if self.sheet else "") + \
            (f", Überschriften in Zeile {self.header_row}" if self.header_row and self.header_row > 1 else "")
        return (f"Datei {self.file_name} ({where}), Welle {self.wave}: "
                f"{count_noun(self.respondents, 'Kommune', 'Kommunen')}, "
                f"{count_noun(len(self.answers), 'Antwort', 'Antworten')}.")

    @property
    def problem_line(self) -> str:
        return f"{count_noun(len(self.problems), 'Problem', 'Probleme')} – es wird nichts gespeichert:"

    def report(self, limit: int | None = None) -> str:
        lines = [self.headline]
        lines += [f"Hinweis: {n}" for n in self.notes]
        if self.problems:
            lines.append(self.problem_line)
            shown = self.problems if limit is None else self.problems[:limit]
            lines += [f"- {p}" for p in shown]
            if len(shown) < len(self.problems):
                lines.append(f"- … und {number(len(self.problems) - len(shown))} weitere")
        else:
            lines.append("Keine Probleme: Die Datei kann importiert werden.")
        return "\n".join(lines)


@dataclass(frozen=True)
class UnknownUnit:
    """A value of the unit column that names no unit exactly: the page offers to assign it by hand."""

    value: str
    lines: tuple[int, ...]
    suggestions: tuple[tuple[str, str], ...]  # (key, label), best first


class ImportRejected(Exception):
    def __init__(self, plan: Plan):
        super().__init__(plan.report())
        self.plan = plan


# --- reading ---------------------------------------------------------------------------------------

def read_table(data: bytes, file_name: str, questions: pd.DataFrame, *, sheet: str | None = None,
               header_row: int | None = None, prefer_sheet: str | None = None, prefer_header: int | None = None,
               limits: Limits = LIMITS, structure=None) -> Table:
    """The export as a table: the sheet (given, else the saved one if the workbook has it, else the one that
    looks most like a survey table) and the heading row (given, else proposed: title and group-label rows
    above the headings are skipped). Raises ReadRefused with a German sentence."""
    index = QuestionIndex(questions, structure)
    wanted = sheet
    if wanted is None and prefer_sheet:
        wanted = prefer_sheet
    try:
        source = read_source(data, file_name, wanted, limits, score_sheet=lambda g: sheet_score(g.rows, index))
    except ReadRefused:
        if sheet is None and wanted is not None:  # the saved sheet is gone or broken: choose afresh
            source = read_source(data, file_name, None, limits, score_sheet=lambda g: sheet_score(g.rows, index))
        else:
            raise
    return table_from_source(source, index, header_row, prefer_header)


def table_from_source(source: Source, index: QuestionIndex, header_row: int | None = None,
                      prefer_header: int | None = None) -> Table:
    grid: Grid = source.grid
    numbers = [n for n, _ in grid.rows]
    candidates = tuple(numbers[:15])
    texts = tuple((n, " · ".join(short(c, 30) for c in cells if c)[:120]) for n, cells in grid.rows[:15])
    if header_row is None:
        header_row = propose_header_row(grid.rows, index)
        if prefer_header in numbers and prefer_header != header_row:
            from data.import_columns import header_score

            cells = dict(grid.rows)
            if header_score(cells[prefer_header], index) >= header_score(cells[header_row], index):
                header_row = prefer_header
    elif header_row not in numbers:
        raise ReadRefused(f"Zeile {header_row} ist leer oder gibt es nicht; die Überschriften müssen in einer "
                          "gefüllten Zeile stehen.")
    position = numbers.index(header_row)
    header_cells = grid.rows[position][1]
    body = grid.rows[position + 1:]
    if len(body) > MAX_ROWS:
        raise ReadRefused(f"Die Datei hat mehr als {number(MAX_ROWS)} Zeilen; erlaubt sind höchstens "
                          f"{number(MAX_ROWS)}.")
    width = max([len(header_cells)] + [len(r) for _, r in body])
    headers = [column_name(h, i) for i, h in enumerate(header_cells + [""] * (width - len(header_cells)))]
    notes = tuple(f"Tabellenblatt „{s.name}“ nicht gelesen: {s.refusal}" for s in source.summaries if s.refusal)
    return Table(source.file_name, source.form, headers, body, header_row, frozenset(grid.formula_cells),
                 tuple(source.sheets), source.sheet, notes, candidates, texts)


# --- checking --------------------------------------------------------------------------------------

@dataclass
class _RowResult:
    line: int
    unit: str | None
    submitted: str
    answers: list[tuple[str, str, str]]
    problems: list[Problem]
    others: list[str]  # free texts not imported ("Sonstiges", comments, Forms "Other")
    unit_notes: list[str]  # member of a Verbandsgemeinde, key and name disagreeing
    codes: list[tuple[str, str]]  # (column, answer code) – reported once per column
    meta: dict[str, str]


def _decisions(saved: dict[str, str] | None, given: dict[str, str] | None) -> dict[str, str]:
    out = {k: v for k, v in (saved or {}).items() if not k.startswith("@")}
    out.update({k: v for k, v in (given or {}).items() if not k.startswith("@")})
    return out


def plan_import(table: Table, wave: str, questions: pd.DataFrame, municipalities: pd.DataFrame,
                units: pd.DataFrame, *, saved: dict[str, str] | None = None, given: dict[str, str] | None = None,
                unit_column: str | None = None, checksum: str = "", structure=None) -> Plan:
    """Everything an import would write, or every reason it may not. Writes nothing."""
    wave = str(wave).strip()
    problems: list[Problem] = []
    notes: list[str] = list(table.sheet_notes)
    f = table.file_name
    if not re.fullmatch(r"[0-9A-Za-z_-]{1,20}", wave):
        problems.append(Problem(f, None, None, f"Die Welle „{wave}“ ist ungültig (z. B. 2025)."))
    index = QuestionIndex(questions, structure)
    decided = _decisions(saved, given)
    ids = set(questions["id"])
    header_set = set(table.headers)
    for col, qid in (given or {}).items():
        if col.startswith("@"):
            continue
        if col not in header_set:
            problems.append(Problem(f, table.header_row, col, "Diese Spalte gibt es in der Datei nicht."))
        elif qid not in (IGNORE, UNIT) and not qid.startswith(META) and qid not in ids:
            problems.append(Problem(f, table.header_row, col, f"Die Frage „{qid}“ gibt es nicht."))
    # a saved choice that no longer fits this questionnaire is simply not used
    decided = {k: v for k, v in decided.items() if v in (IGNORE, UNIT) or v.startswith(META) or v in ids}
    columns = classify(table.headers, index, decided)
    matcher = UnitMatcher(municipalities, units)
    columns, unit_col, candidates, unit_problem = _choose_unit_column(table, columns, matcher, unit_column)
    if unit_problem:
        problems.append(Problem(f, table.header_row, unit_column, unit_problem))
    for h in duplicate_headers(columns):
        problems.append(Problem(f, table.header_row, h, "Diese Spaltenüberschrift kommt mehrfach vor. (In "
                                                        "LimeSurvey hilft der Export mit „Fragecode & Fragetext“.)"))
    suggestions: dict[str, list[str]] = {}
    for c in columns:
        if c.role == "open":
            suggestions[c.header] = list(c.suggestions)
            hint = (" Ähnlich: " + ", ".join(f"„{s}“" for s in c.suggestions) + ".") if c.suggestions else ""
            problems.append(Problem(f, table.header_row, c.header, "Die Spalte ist keiner Frage zugeordnet; bitte "
                                                                   f"zuordnen oder ausdrücklich ignorieren.{hint}"))
    problems += _option_column_problems(f, table.header_row, columns, index)
    tool = _tool(columns)
    code_heads = [c.header for c in columns if c.role == "open" and re.fullmatch(r"(?:G\d+)?Q\d+(\[[^\]]*\])?",
                                                                                c.header)]
    if code_heads and structure is None:
        notes.append("Die Überschriften sind LimeSurvey-Fragecodes (" + ", ".join(code_heads[:3])
                     + (" …" if len(code_heads) > 3 else "") + "). " + HOW_TO_EXPORT)
    meta_names = [c.header for c in columns if c.role == "meta" and c.meta not in ("kommune-name", RELEASE)]
    if meta_names:
        notes.append("Nicht übernommen (Angaben des Umfragewerkzeugs): " + _listing(meta_names) + ".")
    checks = [c.header for c in columns if c.role == "meta" and c.meta == "kommune-name"]
    if checks and unit_col is not None:
        notes.append(f"Die Kommune wird über die Spalte „{table.headers[unit_col]}“ erkannt; "
                     + _listing([f"„{h}“" for h in checks]) + " dient nur zur Kontrolle.")

    values = {k[len(VALUE):]: v for k, v in {**(saved or {}), **(given or {})}.items() if k.startswith(VALUE)}
    rows, skipped, unknown = _read_rows(table, columns, unit_col, matcher, index, tool, values)
    notes += skipped
    chosen, dup_problems, dup_notes = _resolve_duplicates(f, rows, table.headers[unit_col] if unit_col is not None
                                                          else None, matcher.unit_names)
    problems += dup_problems
    notes += dup_notes
    answer_rows: list[tuple[str, str, str]] = []
    unit_notes, others, codes = [], [], []
    unit_meta: dict[str, dict[str, str]] = {}
    for r in rows:
        unit_notes += r.unit_notes  # said for every row, also one superseded or refused as a duplicate
        if r.unit is not None and chosen.get(r.unit) is not r:
            continue  # superseded by a later response of the same unit (said in a note)
        problems += r.problems
        others += r.others
        codes += r.codes
        answer_rows += r.answers
        if r.unit is not None:
            for key, value in r.meta.items():
                unit_meta.setdefault(key, {})[r.unit] = value
    if unit_notes:
        notes.append("Zur Kommune: " + _listing(unit_notes, "; ") + ".")
    if others:
        notes.append("Freitexte (Sonstiges, Kommentare) werden nicht übernommen: " + _listing(others, "; ") + ".")
    problems += _answer_code_problems(f, table.header_row, codes)
    release_col = next((c.header for c in columns if c.role == "meta" and c.meta == RELEASE), None)
    released = None
    if release_col is not None:  # consent to be named (data.disclosure): read, never an answer
        released = frozenset(u for u, v in unit_meta.get(RELEASE, {}).items() if fold(v) in CHOSEN)
        agree = count_noun(len(released), "Kommune stimmt", "Kommunen stimmen")
        notes.append(f"Spalte „{release_col}“: {agree} der namentlichen Veröffentlichung ihrer Antworten zu (wirksam, "
                     "wenn die Welle namentlich veröffentlicht wird).")
    if not table.rows:
        problems.append(Problem(f, None, None, "Die Datei enthält keine Antworten (nur die Kopfzeile)."))
    answers = pd.DataFrame(list(dict.fromkeys(answer_rows)), columns=ANSWER_COLUMNS, dtype=object)
    mapping = {c.header: _mapping_value(c) for c in columns if c.role in ("question", "option", "other", "comment",
                                                                         "ignore", "unit")}
    mapping = {k: v for k, v in mapping.items() if v is not None}
    mapping.update({VALUE + k: v for k, v in values.items()})
    if table.sheet:
        mapping[SHEET_KEY] = table.sheet
    mapping[HEADER_KEY] = str(table.header_row)
    preview = [(n, cells) for n, cells in table.rows[:PREVIEW_ROWS]]
    problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    return Plan(f, wave, table.form + (f", {tool}" if tool else ""), mapping,
                table.headers[unit_col] if unit_col is not None else None, answers,
                int(answers["unit_key"].nunique()), problems, notes, suggestions, checksum, columns, table.sheets,
                table.sheet, table.header_row, table.header_candidates, dict(table.candidate_texts), preview,
                candidates, unit_meta, tool, released=released, unknown_units=unknown)


HOW_TO_EXPORT = ("In LimeSurvey unter „Antworten exportieren“ bitte „Fragen exportieren als: Fragecode & Fragetext“ "
                 "und „Antworten exportieren als: Volle Antworten“ wählen – oder die Umfragestruktur (.lss) "
                 "mitgeben.")


def _mapping_value(c: Column) -> str | None:
    if c.role in ("question", "option", "other", "comment"):
        return c.question_id
    if c.role == "ignore":
        return IGNORE
    if c.role == "unit":
        return UNIT
    return None


def _listing(items: list[str], sep: str = ", ") -> str:
    shown = sep.join(items[:NOTE_ITEMS])
    return shown + (f"{sep}… ({number(len(items) - NOTE_ITEMS)} weitere)" if len(items) > NOTE_ITEMS else "")


def _tool(columns: list[Column]) -> str:
    heads = {fold(c.header) for c in columns}
    if {"fertigstellungszeit", "startzeit"} <= heads or {"completion time", "start time"} <= heads:
        return "Microsoft Forms"
    if any(c.role == "meta" and (fold(c.header).split(" ")[0] in {"id", "submitdate", "lastpage"}
                                 or fold(c.header) in {"antwort id", "response id", "datum abgeschickt",
                                                       "date submitted"}) for c in columns):
        return "LimeSurvey"
    return ""


def _choose_unit_column(table: Table, columns: list[Column], matcher: UnitMatcher, given: str | None):
    """The column that names the unit: given > decided by hand or saved > the column whose values best match
    (a key column wins over a name column) > a heading like "Kommune". A second column naming the unit becomes
    a check column. Returns (columns, index or None, candidates best first, problem)."""
    by_header = {c.header: c for c in columns}
    sample = table.rows[:300]
    scores: dict[int, tuple[float, float]] = {}
    for c in columns:
        if c.role in ("unit", "open", "meta", "ignore") and (c.role != "meta" or c.meta in ("person", "kommune-name")):
            values = [cells[c.index] if c.index < len(cells) else "" for _, cells in sample]
            scores[c.index] = matcher.column_score(values)
    ranked = sorted(scores, key=lambda i: (-max(scores[i][0], scores[i][1]), -(columns[i].role == "unit"), i))
    candidates = [columns[i].header for i in ranked if max(scores[i]) > 0] + \
        [c.header for c in columns if c.role == "unit" and max(scores.get(c.index, (0, 0))) == 0]
    problem = None
    chosen: int | None = None
    if given:
        if given in by_header:
            chosen = by_header[given].index
        else:
            problem = f"Die Spalte „{given}“ gibt es nicht."
    if chosen is None and problem is None:
        by_hand = [c for c in columns if c.role == "unit" and c.how == "von Hand"]
        if by_hand:
            chosen = by_hand[0].index
    if chosen is None and problem is None:
        keys = [i for i in scores if scores[i][0] >= 0.5]
        names = [i for i in scores if scores[i][1] >= 0.3]
        if keys:
            chosen = max(keys, key=lambda i: (scores[i][0], -i))
        elif names:
            chosen = max(names, key=lambda i: (scores[i][1], columns[i].role == "unit", -i))
        else:
            chosen = next((c.index for c in columns if c.role == "unit"), None)
    if chosen is None and problem is None:
        problem = ("Keine Spalte nennt die Kommune (AGS, Regionalschlüssel, Verbandsgemeinde-Schlüssel oder Name). "
                   "Bitte die Spalte mit der Kommune wählen.")
    out = []
    for c in columns:
        if c.index == chosen:
            out.append(Column(c.index, c.header, "unit", how=c.how if c.role == "unit" else "Werte"))
        elif c.role == "unit" or (chosen is not None and c.index in scores and scores[c.index][1] >= 0.5
                                  and c.role in ("open", "meta")):
            out.append(Column(c.index, c.header, "meta", meta="kommune-name", how="Werte"))
        else:
            out.append(c)
    return out, chosen, candidates, problem


def _option_column_problems(f: str, line: int, columns: list[Column], index: QuestionIndex) -> list[Problem]:
    problems = []
    coded: dict[str, list[str]] = {}
    for c in columns:
        if c.role != "option" or c.option is not None:
            continue
        label = c.option_label or ""
        if re.fullmatch(r"(?:SQ|A|AO)?\d{1,4}", label, flags=re.I):
            coded.setdefault(c.question_id or "", []).append(c.header)
        else:
            problems.append(Problem(f, line, c.header, f"„{short(label)}“ ist keine Antwortoption der Frage "
                                                       f"„{c.question_id}“ (erlaubt: "
                                                       f"{' · '.join(index.options.get(c.question_id, ()))})."))
    for qid, heads in coded.items():
        which = (f"Die Spalte „{heads[0]}“ nennt die Antwortoption" if len(heads) == 1 else
                 f"Die Spalten {_listing([f'„{h}“' for h in heads])} nennen die Antwortoptionen")
        problems.append(Problem(f, line, heads[0], f"{which} der Frage „{qid}“ nur als Code. " + HOW_TO_EXPORT))
    return problems


def _is_totals(cells: list[str], unit_col: int | None) -> bool:
    probe = [c for c in cells[:3] if c]
    if unit_col is not None and unit_col < len(cells) and cells[unit_col]:
        probe.insert(0, cells[unit_col])
    return any(fold(p) in TOTALS or fold(p).split(" ")[0] in {"summe", "gesamt", "insgesamt"} for p in probe[:3])


def _read_rows(table: Table, columns: list[Column], unit_col: int | None, matcher: UnitMatcher,
               index: QuestionIndex, tool: str, values: dict[str, str]):
    """Every data row checked: (row results, notes on skipped rows, unit names to assign by hand)."""
    f = table.file_name
    submitted_col = next((c.index for c in columns if c.role == "meta" and c.meta == "abgeschickt"), None)
    meta_cols = [c for c in columns if c.role == "meta" and c.meta not in (None, "kommune-name")]
    release = next((c for c in columns if c.role == "meta" and c.meta == RELEASE), None)
    answer_cols = [c for c in columns if c.role in ("question", "option", "other", "comment")]
    check_col = next((c for c in columns if c.role == "meta" and c.meta == "kommune-name"), None)
    structure = index.structure
    results: list[_RowResult] = []
    totals, incomplete, left_out = [], [], []
    unknown: dict[str, tuple[str, list[int], tuple]] = {}
    formula_reported = set()
    for line, cells in table.rows:
        def get(i: int, cells: list[str] = cells) -> str:
            return cells[i] if i < len(cells) else ""

        if _is_totals(cells, unit_col):
            totals.append(line)
            continue
        if submitted_col is not None and not get(submitted_col):
            incomplete.append(line)
            continue
        row_problems: list[Problem] = []
        others: list[str] = []
        unit_notes: list[str] = []
        codes: list[tuple[str, str]] = []
        unit = None
        if unit_col is not None:
            if (line, unit_col) in table.formula_cells:
                row_problems.append(Problem(f, line, table.headers[unit_col], FORMULA))
            else:
                raw = get(unit_col)
                decided = values.get(fold(raw)) if raw else None
                if decided == IGNORE:
                    left_out.append(f"{line} („{short(raw, 40)}“)")
                    continue
                m = matcher.match(decided or raw)
                unit = m.unit_key
                if decided and unit:
                    unit_notes.append(f"Zeile {line}: „{short(raw)}“ von Hand zugeordnet: {matcher.label(decided)}")
                if m.problem:
                    row_problems.append(Problem(f, line, table.headers[unit_col], m.problem))
                    if raw and not decided:
                        entry = unknown.setdefault(fold(raw), (raw, [], m.suggestions))
                        entry[1].append(line)
                if m.note:
                    unit_notes.append(f"Zeile {line}: {m.note}")
                if unit and check_col is not None and get(check_col.index):
                    named = matcher.match(get(check_col.index)).unit_key
                    if named != unit:
                        unit_notes.append(f"Zeile {line}: Schlüssel und Name („{short(get(check_col.index))}“) "
                                      "nennen verschiedene Kommunen; übernommen wird der Schlüssel")
        if release is not None and fold(get(release.index)) not in CHOSEN | NOT_CHOSEN:
            row_problems.append(Problem(f, line, release.header, f"„{short(get(release.index))}“ ist weder ja noch nein."))
        answers: list[tuple[str, str, str]] = []
        seen_single: set[str] = set()
        for c in answer_cols:
            value = get(c.index)
            if (line, c.index) in table.formula_cells:
                row_problems.append(Problem(f, line, c.header, FORMULA))
                continue
            if not value or fold(value) in NOT_SHOWN:
                continue
            qid = c.question_id or ""
            if c.role in ("other", "comment"):
                others.append(f"Zeile {line}, Spalte „{short(c.header, 40)}“: „{short(value, 40)}“")
                continue
            if c.role == "option":
                chosen = _option_chosen(value, c)
                if chosen is None:
                    row_problems.append(Problem(f, line, c.header, f"„{short(value)}“ ist weder ausgewählt (Y, Ja, 1) "
                                                                   "noch leer (N, Nein, N/A)."))
                elif chosen and c.option is not None:
                    answers.append((unit or "", qid, c.option))
                continue
            typ = index.types.get(qid)
            items = [v for v in MULTI_SPLIT.split(value) if v] if typ == "multi" else [value]
            code = parse_code(c.header)
            for item in dict.fromkeys(items):
                option = index.option(qid, item)
                if option is None and structure is not None and code:
                    option = index.option(qid, structure.answer_text(code, item))
                if option is None:
                    if ANSWER_CODE.match(item):
                        codes.append((c.header, item))
                    elif fold(item) in {"sonstiges", "sonstige", "other", "andere", "anderes"} or \
                            (tool == "Microsoft Forms" and not _close_to_option(item, index.options.get(qid, ()))):
                        others.append(f"Zeile {line}, Spalte „{short(c.header, 40)}“: „{short(item, 40)}“")
                    else:
                        row_problems.append(Problem(f, line, c.header, f"„{short(item)}“ ist keine Antwortoption der "
                                                                       f"Frage „{qid}“ (erlaubt: "
                                                                       f"{' · '.join(index.options.get(qid, ()))})."))
                    continue
                if typ != "multi":
                    if qid in seen_single:
                        row_problems.append(Problem(f, line, c.header, f"Für die Frage „{qid}“ ist nur eine Antwort "
                                                                       "möglich."))
                        continue
                    seen_single.add(qid)
                answers.append((unit or "", qid, option))
        for c in columns:  # formula cells elsewhere: said, not silently dropped
            if c.role not in ("question", "option", "other", "comment", "unit") and (line, c.index) in table.formula_cells:
                formula_reported.add(c.header)
        results.append(_RowResult(line, unit, get(submitted_col) if submitted_col is not None else "",
                                  [a for a in answers if unit], row_problems, others, unit_notes, codes,
                                  {c.meta: get(c.index) for c in meta_cols if get(c.index)}))
    skipped = []
    if totals:
        skipped.append(f"Summenzeilen übersprungen: Zeile {_listing([str(t) for t in totals])}.")
    if incomplete:
        skipped.append(f"{count_noun(len(incomplete), 'unvollständige Antwort', 'unvollständige Antworten')} (ohne "
                       f"„{table.headers[submitted_col]}“) nicht übernommen: Zeile "
                       f"{_listing([str(i) for i in incomplete])}.")
    if left_out:
        skipped.append("Auf Wunsch nicht übernommen: Zeile " + _listing(left_out) + ".")
    if formula_reported:
        skipped.append("Formeln ohne gespeicherten Wert in nicht übernommenen Spalten: "
                       + _listing(sorted(formula_reported)) + ".")
    return results, skipped, [UnknownUnit(raw, tuple(lines), sugg) for raw, lines, sugg in unknown.values()]


FORMULA = ("Die Zelle enthält eine Formel ohne gespeicherten Ergebniswert. Bitte die Datei in Excel öffnen und "
           "speichern (oder die Formel durch ihren Wert ersetzen).")


def parse_code(header: str) -> str | None:
    from data.import_columns import parse_heading

    return parse_heading(header).code


def _close_to_option(item: str, options: tuple[str, ...]) -> bool:
    from rapidfuzz import fuzz

    return any(fuzz.ratio(fold(item), fold(o)) >= 85 for o in options)


def _option_chosen(value: str, c: Column) -> bool | None:
    """A LimeSurvey option column: True when chosen, False when not, None when the cell is neither."""
    v = fold(value)
    if v in NOT_CHOSEN:
        return False
    if v in CHOSEN or v == fold(c.option_label or "") or (c.option and v == fold(c.option)):
        return True
    return None


def _answer_code_problems(f: str, line: int, codes: list[tuple[str, str]]) -> list[Problem]:
    """Answer codes (AO01 …) instead of answers: one message per column, not one per cell."""
    by_column: dict[str, list[str]] = {}
    for column, code in codes:
        by_column.setdefault(column, []).append(code)
    out = []
    for col, codes in by_column.items():
        examples = ", ".join(f"„{c}“" for c in list(dict.fromkeys(codes))[:3])
        out.append(Problem(f, line, col, f"Die Spalte enthält Antwortcodes ({examples}) statt Antworttexten. "
                                         + HOW_TO_EXPORT))
    return out


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
                 "%d.%m.%Y", "%m/%d/%y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%m/%d/%y %H:%M", "%m/%d/%Y %H:%M",
                 "%Y-%m-%dT%H:%M:%S")


def parse_moment(text: str) -> datetime | None:
    t = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt)
        except ValueError:
            continue
    return None


def _resolve_duplicates(f: str, rows: list[_RowResult], unit_header: str | None, names: dict[str, str]):
    """One response per unit: the latest complete one when every response says when it was submitted;
    otherwise a second response of a unit is a problem (which one is right is not ours to guess)."""
    by_unit: dict[str, list[_RowResult]] = {}
    for r in rows:
        if r.unit is not None:
            by_unit.setdefault(r.unit, []).append(r)
    chosen: dict[str, _RowResult] = {}
    problems, replaced = [], []
    for unit, group in by_unit.items():
        if len(group) == 1:
            chosen[unit] = group[0]
            continue
        moments = [parse_moment(r.submitted) for r in group]
        if all(m is not None for m in moments):
            best = max(zip(moments, [r.line for r in group], group))[2]
            chosen[unit] = best
            older = ", ".join(str(r.line) for r in group if r is not best)
            replaced.append(f"{names.get(unit, unit)} ({unit}): Zeile {best.line} statt Zeile {older}")
            continue
        chosen[unit] = group[0]
        for r in group[1:]:
            problems.append(Problem(f, r.line, unit_header, f"Die Kommune {names.get(unit, unit)} ({unit}) hat schon in "
                                                            f"Zeile {group[0].line} geantwortet. (Mit einer Spalte "
                                                            "„Datum Abgeschickt“ würde die neueste Antwort genommen.)"))
            chosen.setdefault(unit, group[0])
    notes = []
    if replaced:
        notes.append("Mehrfach geantwortet – übernommen wird je Kommune die zuletzt abgeschickte Antwort: "
                     + _listing(replaced, "; ") + ".")
    return chosen, problems, notes


# --- writing ---------------------------------------------------------------------------------------

def import_bytes(store: Store, data: bytes, file_name: str, wave: str, questions: pd.DataFrame,
                 municipalities: pd.DataFrame, units: pd.DataFrame, *, created_by: str,
                 given: dict[str, str] | None = None, unit_column: str | None = None, sheet: str | None = None,
                 header_row: int | None = None, structure=None, limits: Limits = LIMITS) -> tuple[Version, Plan]:
    """Check, then write one new version in one transaction (with the mapping saved for the wave).
    Raises ImportRejected with the full report when anything is wrong; then nothing is written."""
    plan = check_bytes(store, data, file_name, wave, questions, municipalities, units, given=given,
                       unit_column=unit_column, sheet=sheet, header_row=header_row, structure=structure,
                       limits=limits)
    if not plan.ok:
        raise ImportRejected(plan)
    version = store.add_version(plan.wave, plan.answers, created_by=created_by, action="import", file_name=file_name,
                                checksum=plan.checksum, mapping=plan.mapping, released=plan.released)
    return version, plan


def check_bytes(store: Store | None, data: bytes, file_name: str, wave: str, questions: pd.DataFrame,
                municipalities: pd.DataFrame, units: pd.DataFrame, *, given: dict[str, str] | None = None,
                unit_column: str | None = None, sheet: str | None = None, header_row: int | None = None,
                structure=None, limits: Limits = LIMITS) -> Plan:
    """Read within the limits, map and check; the wave's saved mapping (columns, unit column, sheet, heading
    row) is used where the caller decides nothing. Writes nothing."""
    name = Path(file_name).name or "Datei"
    saved = store.mapping(str(wave)) if store is not None else {}
    given = dict(given or {})
    sheet = sheet or given.pop(SHEET_KEY, None)
    if header_row is None and str(given.get(HEADER_KEY, "")).isdigit():
        header_row = int(given[HEADER_KEY])
    given.pop(HEADER_KEY, None)
    saved_header = saved.get(HEADER_KEY, "")
    try:
        table = read_table(data, name, questions, sheet=sheet, header_row=header_row,
                           prefer_sheet=saved.get(SHEET_KEY), limits=limits, structure=structure,
                           prefer_header=int(saved_header) if saved_header.isdigit() else None)
    except ReadRefused as exc:
        return Plan(name, str(wave), "nicht gelesen", {}, None, pd.DataFrame(columns=ANSWER_COLUMNS),
                    problems=[Problem(name, None, None, str(exc))])
    return plan_import(table, wave, questions, municipalities, units, saved=saved, given=given,
                       unit_column=unit_column, checksum=checksum_of(data), structure=structure)


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
    imp.add_argument("--unit-column", help="Spalte mit der Kommune (AGS, ARS, VG-Schlüssel oder Name)")
    imp.add_argument("--sheet", help="Tabellenblatt einer Excel-Datei (Standard: das, das wie die Antworttabelle "
                                     "aussieht)")
    imp.add_argument("--header-row", type=int, help="Zeile mit den Überschriften (Standard: erkannt)")
    imp.add_argument("--lss", type=Path, help="LimeSurvey-Umfragestruktur (.lss) für Fragecodes und Antwortcodes")
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
        if args.file.stat().st_size > MAX_BYTES:  # said before the file is read
            size = f"{args.file.stat().st_size / 1048576:.1f}".replace(".", ",")
            print(f"{args.file.name}: Die Datei ist {size} MB groß; erlaubt sind höchstens {MAX_BYTES // 1048576} MB.",
                  file=sys.stderr)
            return 1
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: nicht lesbar ({exc.strerror}).", file=sys.stderr)
        return 1
    given = _pairs(args.map) | {c: IGNORE for c in args.ignore}
    if args.unit_column:
        given[args.unit_column] = UNIT  # saved with the wave's mapping, like a choice on the page
    options = dict(given=given, unit_column=args.unit_column, sheet=args.sheet, header_row=args.header_row)
    if args.lss:
        from data.import_lss import StructureRefused, read_structure

        try:
            options["structure"] = read_structure(args.lss.read_bytes(), args.lss.name)
        except OSError as exc:
            print(f"{args.lss}: nicht lesbar ({exc.strerror}).", file=sys.stderr)
            return 1
        except StructureRefused as exc:
            print(f"{args.lss.name}: {exc}", file=sys.stderr)
            return 1
    if args.check:
        plan = check_bytes(store, data, args.file.name, args.wave, ds.questions, ds.municipalities, ds.units,
                           **options)
        print(plan.report())
        return 0 if plan.ok else 1
    try:
        version, plan = import_bytes(store, data, args.file.name, args.wave, ds.questions, ds.municipalities,
                                     ds.units, created_by=who, **options)
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
