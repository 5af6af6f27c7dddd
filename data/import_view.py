"""What the import part of /daten shows, as plain data: the size check before a file is read, the choices
(sheet, heading row, unit column) with their labels, the open columns grouped and paged so that the page never
draws more than a screenful of controls, the overview of the mapping, the preview and the report.
Escaping is the component's job; nothing here imports streamlit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from data.formatting import BREAKS, WORD_JOINER, count_noun, md_escape, number
from data.import_columns import IGNORE, META, META_ROLES, UNIT, VALUE, parse_heading
from data.import_match import fold
from data.importer import MAX_BYTES, Plan, UnknownUnit

PAGE_SIZE = 8  # mapping controls on one screen
UPLOAD_LIMIT_MB = 20  # the uploader lets this much through so that our German message, not Streamlit's, says no
PREVIEW_COLUMNS = 30
REPORT_LINES = 50
CHOOSE = "— bitte wählen —"
KEEP = "— unverändert —"


def inert(value: object) -> str:
    """Text from an upload for markdown bodies (alerts, captions): data.formatting.md_escape – no markup, and
    bare addresses split so that GFM does not link them."""
    return md_escape(value)


_LABEL_SPECIAL = set("\\`*_~[]<>$|")


def label_text(value: object) -> str:
    """Text from an upload for a widget label or help: labels know only inline markdown, and Streamlit also
    puts the label as written into the aria-label – so only what could become emphasis, code, a link, an image,
    HTML or LaTeX is escaped (brackets, not parentheses or full stops), and bare links are split as md_escape does."""
    text = BREAKS.sub(" ", str(value))
    text = re.sub(r"(?i)(https?|ftp|mailto|xmpp)(:)", "\\1" + WORD_JOINER + "\\2", text)
    # shortcodes (":material/…:", ":streamlit:", ":smile:", ":red[…]") and HTML entities ("&#x1F600;") are
    # drawn in labels too: a word joiner after the colon or ampersand keeps them as written
    text = re.sub(r":(?=[A-Za-z_])", ":" + WORD_JOINER, text)
    text = re.sub(r"&(?=#?\w+;)", "&" + WORD_JOINER, text)
    text = re.sub(r"(?i)\b(www)(\.)", "\\1" + WORD_JOINER + "\\2", text)
    text = text.replace("@", "@" + WORD_JOINER)
    return "".join("\\" + ch if ch in _LABEL_SPECIAL else ch for ch in text)


def size_refusal(file_name: str, size: int) -> str | None:
    """Said before the upload is read."""
    if size <= MAX_BYTES:
        return None
    mb = f"{size / 1048576:.1f}".replace(".", ",")
    return f"Die Datei „{file_name}“ ist {mb} MB groß; erlaubt sind höchstens {MAX_BYTES // 1048576} MB."


@dataclass(frozen=True)
class OpenGroup:
    """Open columns decided together: the option columns of one LimeSurvey question, or one column."""

    key: str
    label: str
    columns: tuple[str, ...]
    suggestions: tuple[str, ...]


def open_groups(plan: Plan) -> list[OpenGroup]:
    groups: dict[str, list[str]] = {}
    suggestions: dict[str, tuple[str, ...]] = {}
    for c in plan.columns:
        if c.role != "open":
            continue
        h = parse_heading(c.header)
        key = f"{h.code}[…]" if (h.code and h.sub) else c.header
        groups.setdefault(key, []).append(c.header)
        suggestions.setdefault(key, c.suggestions)
    out = []
    for key, cols in groups.items():
        label = key if len(cols) == 1 else f"{key} ({count_noun(len(cols), 'Spalte', 'Spalten')})"
        out.append(OpenGroup(key, label, tuple(cols), suggestions[key]))
    return out


def page_of(groups: list[OpenGroup], page: int) -> tuple[list[OpenGroup], int, str]:
    """The groups on page `page` (1-based), the number of pages and a caption ("Spalten 9–16 von 40")."""
    pages = max(1, -(-len(groups) // PAGE_SIZE))
    page = min(max(1, page), pages)
    shown = groups[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    first = (page - 1) * PAGE_SIZE + 1
    caption = "" if pages == 1 else (f"Offene Spalten {number(first)}–{number(first + len(shown) - 1)} von "
                                     f"{number(len(groups))}")
    return shown, pages, caption


def question_options(questions: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Choices for an open column: choose, leave out, the unit, each question, each metadata role."""
    labels = {qid: f"{qid} – {text}" for qid, text in zip(questions["id"], questions["text"])}
    labels[IGNORE] = "nicht übernehmen"
    labels[UNIT] = "Kommune (Schlüssel oder Name)"
    for role in META_ROLES:
        labels[META + role.key] = f"Angabe: {role.label} (nicht übernehmen)"
    options = [CHOOSE, IGNORE] + list(questions["id"]) + [UNIT] + [META + r.key for r in META_ROLES]
    labels[CHOOSE] = CHOOSE
    return options, labels


def mapping_frame(plan: Plan, questions: pd.DataFrame) -> pd.DataFrame:
    texts = dict(zip(questions["id"], questions["text"]))
    return pd.DataFrame({
        "Spalte": [c.header for c in plan.columns],
        "wird gelesen als": [c.target_label(texts) for c in plan.columns],
        "erkannt über": [c.how for c in plan.columns],
    })


def preview_frame(plan: Plan) -> pd.DataFrame:
    """The first data rows as they will be read (text cells; unique column names for the table)."""
    heads = [c.header for c in plan.columns][:PREVIEW_COLUMNS]
    seen: dict[str, int] = {}
    unique = []
    for h in heads:
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    rows = [[str(n)] + [(cells[i] if i < len(cells) else "") for i in range(len(heads))] for n, cells in plan.preview]
    return pd.DataFrame(rows, columns=["Zeile"] + unique, dtype=object)


def header_row_label(number_: int, plan_preview: dict[int, str]) -> str:
    text = plan_preview.get(number_, "")
    return f"Zeile {number_}" + (f": {text}" if text else "")


def unit_column_options(plan: Plan) -> list[str]:
    """Columns that may name the unit, the likely ones first."""
    first = [c for c in plan.unit_candidates]
    return first + [c.header for c in plan.columns if c.header not in first]


def unknown_unit_label(u: UnknownUnit) -> str:
    lines = ", ".join(str(n) for n in u.lines[:5]) + (" …" if len(u.lines) > 5 else "")
    return f"„{u.value}“ ({'Zeile' if len(u.lines) == 1 else 'Zeilen'} {lines})"


def unit_choices(u: UnknownUnit, units: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """For a name that fits no unit exactly: the suggestions first, then every unit, then "leave the response
    out". Keys are what the page stores (VALUE + folded name -> key)."""
    labels = {key: f"{label} – Vorschlag" for key, label in u.suggestions}
    for key, name in zip(units["unit_key"], units["name"]):
        labels.setdefault(key, f"„{name}“ ({key})")
    labels[IGNORE] = "diese Antwort nicht übernehmen"
    labels[CHOOSE] = CHOOSE
    return [CHOOSE] + list(dict.fromkeys([k for k, _ in u.suggestions] + sorted(
        units["unit_key"], key=lambda k: labels[k].casefold()))) + [IGNORE], labels


def value_key(u: UnknownUnit) -> str:
    return VALUE + fold(u.value)


def report(plan: Plan, limit: int = REPORT_LINES) -> tuple[str, list[str], list[str]]:
    """(headline, notes, problem lines) – plain text; "1 Problem", "2 Probleme"."""
    head = plan.headline
    if plan.ok:
        return head + " Keine Probleme – die Datei kann importiert werden.", list(plan.notes), []
    lines = [str(p) for p in plan.problems[:limit]]
    if len(plan.problems) > limit:
        lines.append(f"… und {number(len(plan.problems) - limit)} weitere")
    return head + " " + plan.problem_line, list(plan.notes), lines
