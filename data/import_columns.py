"""What each column of an upload is: a question, one option of a multiple-choice question, the unit, a
metadata field of the survey tool, a free text ("Sonstiges"/comment), or not yet known.

Headings are recognised in the forms survey tools write them:

- LimeSurvey, all three heading styles: "Fragecode" (`G01Q02`, `G01Q06[SQ001]`, `G01Q06[other]`),
  "Vollständiger Fragetext" (`Welche …? [Energie und Klima]`, `… [Sonstiges]`) and "Fragecode & Fragetext"
  (`G01Q06[SQ001]. Welche …? [Energie und Klima]`), with its metadata columns in German and English
  (Antwort ID/Response ID, Datum Abgeschickt/Date submitted, Letzte Seite/Last page, Start-Sprache/Start
  language, Zufallsstartwert/Seed, Zugangsschlüssel/Token, …, or their codes id, submitdate, …);
- Microsoft Forms (ID, Startzeit, Fertigstellungszeit, E-Mail, Name, then one column per question);
- our own question ids and texts (`digitalstrategie`, `prioritaeten[Energie und Klima]`).

The column-role model is open: a metadata role is a `MetaRole` in META_ROLES (key, German label, headings);
adding one (e.g. a per-unit release "Freigabe") makes it recognised, shown, saved with the mapping and its
values available per unit in the import plan. Never imports streamlit.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from data.import_match import fold

IGNORE = ""  # mapping value: the column is deliberately left out
UNIT = "@kommune"  # mapping value: the column names the unit
META = "@angabe:"  # mapping value prefix: a metadata role, e.g. "@angabe:abgeschickt"
SHEET_KEY = "@blatt"  # mapping entry: the sheet of a workbook
HEADER_KEY = "@kopfzeile"  # mapping entry: the row that holds the headings
VALUE = "@wert:"  # mapping entry prefix + folded cell value of the unit column -> unit key chosen by hand, or
#                   IGNORE: that response is not taken


@dataclass(frozen=True)
class MetaRole:
    key: str  # stored in the mapping as META + key
    label: str  # German, shown on the page
    headings: tuple[str, ...]


META_ROLES: tuple[MetaRole, ...] = (
    MetaRole("antwort-id", "Antwort-ID", ("id", "Antwort ID", "Antwort-ID", "Response ID", "ID")),
    MetaRole("abgeschickt", "Datum abgeschickt", (
        "submitdate", "Datum Abgeschickt", "Date submitted", "Fertigstellungszeit", "Completion time",
        "Abgeschlossen am", "Eingereicht")),
    MetaRole("begonnen", "Datum begonnen", ("startdate", "Datum gestartet", "Date started", "Startzeit",
                                            "Start time")),
    MetaRole("letzte-aktivitaet", "Letzte Aktivität", (
        "datestamp", "Datum letzte Aktivität", "Datum der letzten Aktivität", "Date last action",
        "Zeitpunkt der letzten Änderung", "Last modified time")),
    MetaRole("letzte-seite", "Letzte Seite", ("lastpage", "Letzte Seite", "Last page")),
    MetaRole("sprache", "Sprache", ("startlanguage", "Start-Sprache", "Startsprache", "Start language")),
    MetaRole("zufallsstartwert", "Zufallsstartwert", ("seed", "Zufallsstartwert", "Seed")),
    MetaRole("zugangsschluessel", "Zugangsschlüssel", ("token", "Zugangsschlüssel", "Zugangscode", "Token",
                                                       "Access code", "Teilnahmeschlüssel")),
    MetaRole("ip-adresse", "IP-Adresse", ("ipaddr", "IP-Adresse", "IP address")),
    MetaRole("verweis", "Verweis-URL", ("refurl", "Verweis-URL", "Referrer URL")),
    MetaRole("gesamtzeit", "Gesamtzeit", ("interviewtime", "Gesamtzeit", "Total time")),
    MetaRole("e-mail", "E-Mail der antwortenden Person", ("E-Mail", "Email", "E-Mail-Adresse", "Mail")),
    MetaRole("person", "Name der antwortenden Person", ("Name", "Ansprechperson", "Ansprechpartner")),
    MetaRole("kommune-name", "Name der Kommune (nur zur Kontrolle des Schlüssels)", ()),
    MetaRole("freigabe", "Freigabe der namentlichen Veröffentlichung (ja/nein, data.disclosure)", (
        "Freigabe", "Freigabe namentlich", "namentlich", "Namentliche Veröffentlichung", "Veröffentlichung namentlich",
        "Einverständnis Veröffentlichung")),
)
RELEASE = "freigabe"  # the MetaRole whose values (ja/nein) say which units may be named
META_BY_KEY = {r.key: r for r in META_ROLES}
_META_HEADINGS = {fold(h): r.key for r in META_ROLES for h in r.headings}

UNIT_HEADINGS = {fold(c) for c in [
    "unit_key", "AGS", "Gemeindeschlüssel", "Amtlicher Gemeindeschlüssel", "Gemeindekennziffer", "GKZ", "ARS",
    "Regionalschlüssel", "Amtlicher Regionalschlüssel", "Kommune", "Gemeinde", "Stadt", "Name der Kommune",
    "Kommune (Name oder AGS)", "Ihre Kommune", "Welche Kommune vertreten Sie?", "Verbandsgemeinde",
    "Kommune/Verbandsgemeinde", "Gemeindename", "Name der Gemeinde", "Gebietskörperschaft",
]}
OTHER_LABELS = {fold(x) for x in ["other", "Sonstiges", "Sonstige", "Andere", "Anderes", "Other", "Weitere"]}
COMMENT_LABELS = {fold(x) for x in ["comment", "Kommentar", "Comment", "Anmerkung", "Bemerkung"]}

# "G01Q06[SQ001]. Text [Option]" – a code (with bracketed sub-codes), a separator, the text
_CODE_TEXT = re.compile(r"^(?P<code>[A-Za-z_][A-Za-z0-9_]{0,63}(?:\[[^\[\]]{1,64}\])*)\s*(?:\.|:|-|–|\|)\s+(?P<text>.+)$",
                        re.S)
_CODE = re.compile(r"^(?P<base>[A-Za-z_][A-Za-z0-9_]{0,63})(?:\[(?P<sub>[^\[\]]{1,64})\])?(?:\[[^\[\]]*\])?$")
_TRAILING_OPTION = re.compile(r"^(?P<base>.+?)\s*\[(?P<option>[^\[\]]+)\]\s*$", re.S)
LIMESURVEY_CODE = re.compile(r"^(?:G\d+)?Q\d+$|^[A-Za-z][A-Za-z0-9]{0,19}$")
SUBQUESTION_CODE = re.compile(r"^(?:SQ|A|AO)?\d{1,4}$", re.I)


@dataclass(frozen=True)
class Heading:
    """A heading taken apart: code, sub-code (option or other/comment), text, option label from the text."""

    raw: str
    code: str | None = None
    sub: str | None = None
    text: str | None = None
    option: str | None = None


def parse_heading(raw: str) -> Heading:
    h = raw.strip()
    code = sub = text = option = None
    m = _CODE_TEXT.match(h)
    if m:
        c = _CODE.match(m.group("code"))
        if c:
            code, sub, text = c.group("base"), c.group("sub"), m.group("text").strip()
    if code is None:
        c = _CODE.match(h)
        if c and (c.group("sub") is not None or " " not in h):
            code, sub = c.group("base"), c.group("sub")
        else:
            text = h
    if text:
        t = _TRAILING_OPTION.match(text)
        if t:
            text, option = t.group("base").strip(), t.group("option").strip()
    return Heading(h, code, sub, text, option)


@dataclass(frozen=True)
class Column:
    """One column of the upload and what it is."""

    index: int
    header: str  # as shown (an empty heading becomes "Spalte F")
    role: str  # question | option | other | comment | unit | meta | ignore | open
    question_id: str | None = None
    option: str | None = None  # option columns: the option it stands for (None: not known → problem)
    option_label: str | None = None  # the label or code the heading gives
    meta: str | None = None  # MetaRole key
    how: str = ""  # how it was decided: "von Hand", "gespeichert", "Kennung", "Fragetext", …
    suggestions: tuple[str, ...] = ()  # open columns: close question ids, best first

    @property
    def decided(self) -> bool:
        return self.role != "open"

    def target_label(self, question_texts: dict[str, str]) -> str:
        """German, for the page's overview of the mapping."""
        if self.role == "question":
            return f"Frage {self.question_id}"
        if self.role == "option":
            return f"Frage {self.question_id}, Option „{self.option or self.option_label}“"
        if self.role == "other":
            return f"Freitext „Sonstiges“ zu {self.question_id or 'einer Frage'} (nicht übernommen)"
        if self.role == "comment":
            return "Kommentar (nicht übernommen)"
        if self.role == "unit":
            return "Kommune"
        if self.role == "meta":
            role = META_BY_KEY.get(self.meta or "")
            return (role.label if role else "Angabe des Umfragewerkzeugs") + " (nicht übernommen)"
        if self.role == "ignore":
            return "nicht übernehmen"
        return "noch nicht zugeordnet"


class QuestionIndex:
    """Our questions by id and by folded text; close matches by rapidfuzz."""

    def __init__(self, questions: pd.DataFrame, structure=None):
        self.ids = list(questions["id"])
        self.types = dict(zip(questions["id"], questions["type"]))
        self.options = {q: tuple(o) for q, o in zip(questions["id"], questions["options"])}
        self.texts = dict(zip(questions["id"], questions["text"]))
        self.keys: dict[str, str] = {}
        for qid, text in self.texts.items():
            self.keys[fold(qid)] = qid
            self.keys[fold(text)] = qid
        self._choices = [fold(t) for t in self.texts.values()] + [fold(q) for q in self.ids]
        self._choice_ids = list(self.texts) + self.ids
        self.structure = structure  # a LimeSurvey survey structure (.lss) or None

    def find(self, *candidates: str | None) -> str | None:
        for c in candidates:
            if c:
                qid = self.keys.get(fold(c))
                if qid:
                    return qid
        return None

    def option(self, qid: str, label: str | None) -> str | None:
        if not label:
            return None
        options = self.options.get(qid, ())
        if label in options:
            return label
        f = fold(label)
        return next((o for o in options if fold(o) == f), None)

    def close(self, text: str, limit: int = 3) -> tuple[str, ...]:
        q = fold(text)
        if not q:
            return ()
        found = process.extract(q, self._choices, scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=60)
        out: list[str] = []
        for _t, _s, i in found:
            qid = self._choice_ids[i]
            if qid not in out:
                out.append(qid)
        return tuple(out[:limit])


def column_name(header: str, index: int) -> str:
    from data.import_read import column_letters

    return header.strip() or f"Spalte {column_letters(index)}"


def classify(headers: list[str], index: QuestionIndex, decided: dict[str, str]) -> list[Column]:
    """A Column for every heading. `decided` maps a heading to a question id, IGNORE, UNIT or META + key
    (chosen by hand or saved for the wave) and wins over recognition."""
    columns = []
    for i, raw in enumerate(headers):
        name = column_name(raw, i)
        if name in decided:
            columns.append(_from_decision(i, name, decided[name], index))
        else:
            columns.append(_recognise(i, name, index))
    return columns


def _from_decision(i: int, name: str, value: str, index: QuestionIndex) -> Column:
    how = "von Hand"
    if value == IGNORE:
        return Column(i, name, "ignore", how=how)
    if value == UNIT:
        return Column(i, name, "unit", how=how)
    if value.startswith(META):
        return Column(i, name, "meta", meta=value[len(META):], how=how)
    if value not in index.types:
        return Column(i, name, "open", how=f"unbekannte Frage „{value}“")
    return _question_column(i, name, value, parse_heading(name), index, how)


def _question_column(i: int, name: str, qid: str, h: Heading, index: QuestionIndex, how: str) -> Column:
    """A column that belongs to question `qid`: the whole answer, one option, or a free text."""
    sub = h.sub
    label = h.option
    structure = index.structure
    if sub and fold(sub) in OTHER_LABELS or (label and fold(label) in OTHER_LABELS and index.option(qid, label) is None):
        return Column(i, name, "other", question_id=qid, how=how)
    if sub and fold(sub) in COMMENT_LABELS or (label and fold(label) in COMMENT_LABELS
                                                and index.option(qid, label) is None):
        return Column(i, name, "comment", question_id=qid, how=how)
    if index.types.get(qid) == "multi" and (sub or label):
        if not label and sub and structure is not None:
            label = structure.subquestion_text(h.code, sub)
        option = index.option(qid, label) or index.option(qid, sub)
        return Column(i, name, "option", question_id=qid, option=option, option_label=label or sub, how=how)
    return Column(i, name, "question", question_id=qid, how=how)


def _recognise(i: int, name: str, index: QuestionIndex) -> Column:
    h = parse_heading(name)
    folded = fold(name)
    meta = _META_HEADINGS.get(folded)
    if meta is None and h.code and h.text and not h.sub:
        meta = _META_HEADINGS.get(fold(h.code)) if fold(h.code) in {"id", "submitdate", "lastpage", "startlanguage",
                                                                     "seed", "token", "startdate", "datestamp",
                                                                     "ipaddr", "refurl", "interviewtime"} else None
        meta = meta or _META_HEADINGS.get(fold(h.text))
    if meta:
        return Column(i, name, "meta", meta=meta, how="Angabe des Umfragewerkzeugs")
    structure = index.structure
    code_text = structure.question_text(h.code) if (structure is not None and h.code) else None
    qid = index.find(h.code, h.text, code_text, name)
    if qid is None and h.option and not h.code:
        qid = index.find(f"{h.text} [{h.option}]")
    if qid:
        how = "Kennung" if h.code and index.find(h.code) == qid else (
            "Umfragestruktur" if code_text and index.find(code_text) == qid else "Fragetext")
        return _question_column(i, name, qid, h, index, how)
    if folded in UNIT_HEADINGS or (h.text and fold(h.text) in UNIT_HEADINGS):
        return Column(i, name, "unit", how="Überschrift")
    close = index.close(code_text or h.text or name)
    return Column(i, name, "open", suggestions=close)


def duplicate_headers(columns: list[Column]) -> list[str]:
    counts = Counter(c.header for c in columns)  # one pass: a wide file stays linear
    return [h for h, n in counts.items() if n > 1]


def header_score(cells: list[str], index: QuestionIndex) -> float:
    """How much a row looks like the heading row: recognised headings count most, numbers count against."""
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return len(filled) * 0.1
    recognised = numeric = 0
    for c in filled[:200]:
        if re.fullmatch(r"[\d.,\s:-]+", c):
            numeric += 1
            continue
        f = fold(c)
        h = parse_heading(c)
        if f in _META_HEADINGS or f in UNIT_HEADINGS or index.find(h.code, h.text, c) is not None:
            recognised += 1
    return 3 * recognised + len(filled) - 2 * numeric


def propose_header_row(rows: list[tuple[int, list[str]]], index: QuestionIndex, scan: int = 15) -> int:
    """The row number of the heading row among the first non-empty rows (title and group-label rows above
    the headings have fewer filled or recognised cells)."""
    best, best_score = rows[0][0], float("-inf")
    for number, cells in rows[:scan]:
        score = header_score(cells, index)
        if score > best_score:
            best, best_score = number, score
    return best


def sheet_score(rows: list[tuple[int, list[str]]], index: QuestionIndex) -> float:
    if not rows:
        return float("-inf")
    best = max(header_score(cells, index) for _, cells in rows[:15])
    return best * 10 + min(len(rows), 1_000) / 100
