"""Slide sequences ("Foliensätze") for presenting: which views, in which order – data, not code.

Every deck starts with a title slide naming its workshops (views.deck adds it from workshops.csv)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from data.problems import DataError, Problem
from data.schemas import THEMES
from data.yamlio import read_yaml

FILE = "foliensaetze.yaml"
VIEWS = ("uebersicht", "karte", "frage", "groessen")


@dataclass(frozen=True)
class Slide:
    view: str
    question_id: str = ""
    answer: str = ""
    # How a takeaway sentence says an answer, as (answer, predicate in the plural), e.g.
    # ("Nein", "haben noch keine Digitalstrategie") -> "Zwei Drittel der Kleinstädte haben noch keine …".
    phrases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Sequence:
    theme: str
    slides: tuple[Slide, ...]


def load_sequences(path: Path, questions) -> tuple[Sequence, ...]:
    name = path.name
    doc = read_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("foliensaetze"), list):
        raise DataError([Problem(name, None, "foliensaetze", "Die Liste „foliensaetze“ fehlt.")])
    options = dict(zip(questions["id"], questions["options"], strict=False)) if questions is not None else {}
    problems, out = [], []
    for i, raw in enumerate(doc["foliensaetze"], start=1):
        where = f"Foliensatz {i}"
        if not isinstance(raw, dict) or raw.get("thema") not in THEMES or not isinstance(raw.get("folien"), list):
            problems.append(Problem(name, None, "thema",
                                    f"{where}: braucht ein bekanntes „thema“ und eine Liste „folien“."))
            continue
        slides = []
        for j, s in enumerate(raw["folien"], start=1):
            at = f"{where} („{raw['thema']}“), Folie {j}"
            if not isinstance(s, dict) or s.get("ansicht") not in VIEWS:
                problems.append(Problem(name, None, "ansicht", f"{at}: „ansicht“ muss {', '.join(VIEWS)} sein."))
                continue
            qid = str(s.get("frage") or s.get("faerben") or "")
            raw_phrases = s.get("aussagen") or {}
            if not isinstance(raw_phrases, dict):
                problems.append(Problem(name, None, "aussagen", f"{at}: „aussagen“ muss Antwort: Satzteil sein."))
                continue
            unknown = [a for a in raw_phrases if questions is not None and qid in options
                       and str(a) not in options[qid]]
            if unknown:
                problems.append(Problem(name, None, "aussagen",
                                        f"{at}: „{unknown[0]}“ ist keine Antwort auf „{qid}“."))
                continue
            phrases = tuple((str(a), str(t)) for a, t in raw_phrases.items())
            if s["ansicht"] in ("karte", "frage", "groessen"):
                if questions is not None and qid not in options:
                    problems.append(Problem(name, None, "frage", f"{at}: Die Frage „{qid}“ gibt es nicht."))
                    continue
                answer = str(s.get("antwort", ""))
                if s["ansicht"] == "karte" and questions is not None and answer not in options[qid]:
                    problems.append(Problem(name, None, "antwort", f"{at}: „{answer}“ ist keine Antwort auf „{qid}“."))
                    continue
                slides.append(Slide(s["ansicht"], qid, str(s.get("antwort", "")), phrases))
            else:
                slides.append(Slide("uebersicht"))
        out.append(Sequence(raw["thema"], tuple(slides)))
    if problems:
        raise DataError(problems)
    return tuple(out)
