"""The toolkit catalogue (Baukasten): building blocks with the answers that make them a recommendation.

data/baukasten.yaml is validated like the other files: every problem names the file, the line, the entry
and the field, in German.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from data.csvio import read_text
from data.model import SIZE_CLASSES
from data.problems import DataError, Problem
from data.schemas import THEMES
from data.yamlio import parse_yaml

FILE = "baukasten.yaml"
ADDRESSEES = ["Land", "Landkreis", "Kommune"]
EFFORT = ["gering", "mittel", "hoch"]
# The fields of an entry in baukasten.yaml (German, as the file's authors write them); Block names them in English.
FIELDS = ["id", "titel", "beschreibung", "themenfeld", "adressaten", "groessenklassen", "voraussetzungen",
          "aufwand", "foerderung", "empfohlen_wenn", "umgesetzt_wenn", "quelle"]


@dataclass(frozen=True)
class Condition:
    question_id: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One building block; the comments name its field in baukasten.yaml."""

    id: str
    title: str  # titel
    description: str  # beschreibung
    theme: str  # themenfeld
    addressees: tuple[str, ...]  # adressaten: Land, Landkreis, Kommune
    size_classes: tuple[str, ...]  # groessenklassen
    prerequisites: str  # voraussetzungen
    effort: str  # aufwand: gering, mittel, hoch
    funding: tuple[str, ...]  # foerderung
    recommended_if: tuple[Condition, ...]  # empfohlen_wenn
    done_if: tuple[Condition, ...]  # umgesetzt_wenn
    source: str  # quelle


@dataclass(frozen=True)
class Catalogue:
    status: str  # "Entwurf" until it is "beschlossen"
    as_of: str  # stand
    note: str  # hinweis
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def is_draft(self) -> bool:
        return self.status.strip().lower() != "beschlossen"


EMPTY = Catalogue("Entwurf", "", "")


def _lines(text: str) -> tuple[int | None, dict[int, int], dict[tuple[int, str], int]]:
    """Line numbers of the list `bausteine`, of each entry and of each entry's fields (1-based)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return None, {}, {}
    entries: dict[int, int] = {}
    fields: dict[tuple[int, str], int] = {}
    seq_line = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "bausteine" and isinstance(value, yaml.SequenceNode):
                seq_line = key.start_mark.line + 1
                for i, item in enumerate(value.value):
                    entries[i] = item.start_mark.line + 1
                    if isinstance(item, yaml.MappingNode):
                        for k, _ in item.value:
                            fields[(i, str(k.value))] = k.start_mark.line + 1
    return seq_line, entries, fields


def _texts(value) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def load_catalogue(path: Path, questions) -> Catalogue:
    """Read and check the catalogue against the questionnaire. Raises DataError with every problem."""
    name = path.name
    text = read_text(path)
    doc = parse_yaml(text, name)
    if not isinstance(doc, dict) or not isinstance(doc.get("bausteine"), list):
        raise DataError([Problem(name, None, "bausteine", "Die Liste „bausteine“ fehlt.")])
    seq_line, entry_lines, field_lines = _lines(text)
    options = {} if questions is None else dict(zip(questions["id"], questions["options"]))
    problems: list[Problem] = []
    blocks: list[Block] = []
    seen: dict[str, int] = {}

    for i, raw in enumerate(doc["bausteine"]):
        where = f"Eintrag {i + 1}"

        def bad(field_name: str | None, message: str) -> None:
            line = field_lines.get((i, field_name), entry_lines.get(i, seq_line)) if field_name else entry_lines.get(i)
            ident = raw.get("id") if isinstance(raw, dict) else None
            label = f"{where} („{ident}“)" if ident else where
            problems.append(Problem(name, line, field_name, f"{label}: {message}"))

        if not isinstance(raw, dict):
            bad(None, "ist kein Eintrag mit Feldern.")
            continue
        missing = [f for f in FIELDS if f not in raw]
        for f in missing:
            bad(None, f"Das Feld „{f}“ fehlt.")
        for f in raw:
            if f not in FIELDS:
                bad(f, f"Unbekanntes Feld „{f}“.")
        if missing:
            continue
        ident = raw["id"]
        if not isinstance(ident, str) or not ident or not all(c.isalnum() or c == "-" for c in ident) \
                or ident != ident.lower():
            bad("id", f"„{ident}“ ist keine gültige Kennung (Kleinbuchstaben, Ziffern, Bindestriche).")
        elif ident in seen:
            bad("id", f"Die Kennung „{ident}“ gibt es schon in Eintrag {seen[ident] + 1}.")
        else:
            seen[ident] = i
        for f in ("titel", "beschreibung", "voraussetzungen", "quelle"):
            if not isinstance(raw[f], str) or not raw[f].strip():
                bad(f, "Der Text fehlt.")
        if raw["themenfeld"] not in THEMES:
            bad("themenfeld", f"„{raw['themenfeld']}“ ist kein Themenfeld ({' · '.join(THEMES)}).")
        addressees = _texts(raw["adressaten"])
        if not addressees or any(a not in ADDRESSEES for a in addressees):
            bad("adressaten", f"Erlaubt sind {', '.join(ADDRESSEES)} (als Liste).")
        classes = _texts(raw["groessenklassen"])
        if not classes or any(k not in SIZE_CLASSES for k in classes):
            bad("groessenklassen", f"Erlaubt sind {', '.join(SIZE_CLASSES)} (als Liste).")
        if raw["aufwand"] not in EFFORT:
            bad("aufwand", f"„{raw['aufwand']}“ ist kein Aufwand ({', '.join(EFFORT)}).")
        funding = _texts(raw["foerderung"])
        if funding is None:
            bad("foerderung", "Erwartet wird eine Liste von Texten (auch leer: []).")
        conditions = {}
        for f in ("empfohlen_wenn", "umgesetzt_wenn"):
            conds = []
            value = raw[f]
            if not isinstance(value, list):
                bad(f, "Erwartet wird eine Liste von Bedingungen (auch leer: []).")
            else:
                for c in value:
                    if not isinstance(c, dict) or set(c) != {"frage", "antworten"} or _texts(c.get("antworten")) is None:
                        bad(f, "Jede Bedingung braucht „frage“ und eine Liste „antworten“.")
                        continue
                    qid = c["frage"]
                    if questions is not None and qid not in options:
                        bad(f, f"Die Frage „{qid}“ gibt es in questions.csv nicht.")
                        continue
                    for a in c["antworten"]:
                        if questions is not None and a not in options[qid]:
                            bad(f, f"„{a}“ ist keine Antwortoption der Frage „{qid}“.")
                    conds.append(Condition(qid, tuple(c["antworten"])))
            conditions[f] = tuple(conds)
        if not problems:  # with any problem the whole file is rejected below
            blocks.append(Block(
                id=str(ident), title=str(raw["titel"]).strip(), description=str(raw["beschreibung"]).strip(),
                theme=raw["themenfeld"], addressees=tuple(addressees or ()), size_classes=tuple(classes or ()),
                prerequisites=str(raw["voraussetzungen"]).strip(), effort=str(raw["aufwand"]),
                funding=tuple(funding or ()), recommended_if=conditions.get("empfohlen_wenn", ()),
                done_if=conditions.get("umgesetzt_wenn", ()), source=str(raw["quelle"]).strip(),
            ))
    if problems:
        raise DataError(problems)
    return Catalogue(str(doc.get("status", "Entwurf")), str(doc.get("stand", "")), str(doc.get("hinweis", "")),
                     tuple(blocks))
