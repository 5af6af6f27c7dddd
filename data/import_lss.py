"""A LimeSurvey survey structure file (.lss) read for its codes: question code → question text, sub-question
code → option text, answer code → answer text. With it, an export with question codes as headings
("G01Q02", "G01Q06[SQ001]") and answer codes as values ("AO03") maps like one with full texts.

Both layouts are read: LimeSurvey 3 (texts inside the question and answer rows) and LimeSurvey 4 and later
(texts in question_l10ns and answer_l10ns). The file is parsed as a stream within limits; a document type
definition is refused. Never imports streamlit.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from xml.parsers import expat

from data.formatting import number

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
MAX_FIELD = 32_767
SECTIONS = ("questions", "subquestions", "question_l10ns", "answers", "answer_l10ns")


class StructureRefused(ValueError):
    """A German sentence: why the structure file cannot be used."""


def plain(text: str) -> str:
    """Question texts are HTML in LimeSurvey; the export flattens them the same way."""
    t = re.sub(r"<[^>]{0,2000}>", " ", text or "")
    return re.sub(r"\s+", " ", html.unescape(t)).strip()


@dataclass(frozen=True)
class SurveyStructure:
    language: str
    questions: dict[str, str]  # question code -> text
    subquestions: dict[tuple[str, str], str]  # (question code, sub-question code) -> text
    answers: dict[tuple[str, str], str]  # (question code, answer code) -> text

    def question_text(self, code: str | None) -> str | None:
        return self.questions.get(code or "")

    def subquestion_text(self, code: str | None, sub: str | None) -> str | None:
        return self.subquestions.get((code or "", sub or ""))

    def answer_text(self, code: str | None, value: str) -> str | None:
        return self.answers.get((code or "", value.strip()))


def read_structure(data: bytes, file_name: str = "Umfragestruktur.lss") -> SurveyStructure:
    if len(data) > MAX_BYTES:
        raise StructureRefused(f"Die Umfragestruktur ist größer als {MAX_BYTES // 1048576} MB.")
    rows: dict[str, list[dict[str, str]]] = {s: [] for s in SECTIONS}
    languages: list[str] = []
    state = {"path": [], "row": None, "field": None, "text": [], "len": 0, "count": 0}

    def refuse_dtd(*_args):
        raise StructureRefused("Die Umfragestruktur enthält eine Dokumenttyp-Definition (DTD) und wird nicht "
                               "gelesen.")

    def start(name, _attrs):
        path = state["path"]
        path.append(name)
        if len(path) > 12:
            raise StructureRefused("Die Umfragestruktur ist zu tief verschachtelt.")
        if len(path) == 4 and path[1] in SECTIONS and path[2] == "rows" and name == "row":
            state["count"] += 1
            if state["count"] > MAX_ROWS:
                raise StructureRefused(f"Die Umfragestruktur hat mehr als {number(MAX_ROWS)} Einträge.")
            state["row"] = {}
        elif state["row"] is not None and len(path) == 5:
            state["field"], state["text"], state["len"] = name, [], 0
        elif len(path) == 3 and path[1] == "languages" and name == "language":
            state["field"], state["text"], state["len"] = "language", [], 0

    def text(data):
        if state["field"] is not None:
            state["len"] += len(data)
            if state["len"] > MAX_FIELD:
                raise StructureRefused(f"Ein Eintrag der Umfragestruktur ist länger als {number(MAX_FIELD)} Zeichen.")
            state["text"].append(data)

    def end(name):
        path = state["path"]
        if state["row"] is not None and len(path) == 5 and state["field"] == name:
            state["row"][name] = "".join(state["text"]).strip()
            state["field"] = None
        elif len(path) == 3 and path[1] == "languages" and name == "language":
            languages.append("".join(state["text"]).strip())
            state["field"] = None
        elif len(path) == 4 and name == "row" and state["row"] is not None:
            rows[path[1]].append(state["row"])
            state["row"] = None
        path.pop()

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        for i in range(0, len(data), 65536):
            parser.Parse(data[i:i + 65536], False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise StructureRefused(f"Die Datei {file_name} ist keine lesbare LimeSurvey-Umfragestruktur (XML-Fehler in "
                               f"Zeile {exc.lineno}).") from None
    if not rows["questions"]:
        raise StructureRefused(f"Die Datei {file_name} enthält keine Fragen – ist es eine LimeSurvey-"
                               "Umfragestruktur (.lss)?")
    language = languages[0] if languages else ""

    def in_language(row: dict[str, str]) -> bool:
        return not language or not row.get("language") or row.get("language") == language

    q_text = {r["qid"]: plain(r.get("question", "")) for r in rows["question_l10ns"] if in_language(r) and "qid" in r}
    codes: dict[str, str] = {}
    questions: dict[str, str] = {}
    for r in rows["questions"]:
        if not in_language(r) or r.get("parent_qid", "0") not in ("0", ""):
            continue
        codes[r.get("qid", "")] = r.get("title", "")
        questions[r.get("title", "")] = plain(r.get("question", "")) or q_text.get(r.get("qid", ""), "")
    subquestions: dict[tuple[str, str], str] = {}
    for r in rows["subquestions"] + [r for r in rows["questions"] if r.get("parent_qid", "0") not in ("0", "")]:
        if not in_language(r):
            continue
        parent = codes.get(r.get("parent_qid", ""))
        if parent:
            subquestions[(parent, r.get("title", ""))] = plain(r.get("question", "")) or q_text.get(r.get("qid", ""), "")
    a_text = {r["aid"]: plain(r.get("answer", "")) for r in rows["answer_l10ns"] if in_language(r) and "aid" in r}
    answers: dict[tuple[str, str], str] = {}
    for r in rows["answers"]:
        if not in_language(r) or r.get("scale_id", "0") not in ("0", ""):
            continue
        parent = codes.get(r.get("qid", ""))
        if parent:
            answers[(parent, r.get("code", ""))] = plain(r.get("answer", "")) or a_text.get(r.get("aid", ""), "")
    return SurveyStructure(language, questions, subquestions, answers)
