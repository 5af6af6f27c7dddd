"""The toolkit (Baukasten) page as plain data: its status line and what each building block says."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from data.baukasten import Block, Catalogue
from data.disclosure import NAMED, Policy
from data.formatting import count_noun, date_long, md_escape, sample_mark
from data.profile import units_doing
from data.schemas import THEMES


def as_of_text(value: str) -> str:
    """"27. April 2023" for an ISO date, else the value as written."""
    try:
        return date_long(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def draft_note(catalogue: Catalogue) -> tuple[str, str]:
    """What is said while the catalogue is a draft: its status ("Entwurf") and "(Stand 1. Dezember 2023): …"."""
    return catalogue.status, f"(Stand {as_of_text(catalogue.as_of)}): {catalogue.note}"


def block_facts(block: Block) -> str:
    """The block's facts under its title (its theme is the section it stands in)."""
    return (f"Adressat: {', '.join(block.addressees)} · Aufwand: {block.effort} · passt zu: "
            f"{', '.join(block.size_classes)}")


def names_note(named: frozenset[str], policy: Policy) -> str:
    """Said once above the blocks: whether and which municipalities are named as already doing a block."""
    if not named:
        return ("Welche Kommunen einen Baustein schon umsetzen, wird nicht genannt: Die Befragung wird nur "
                "zusammengefasst veröffentlicht.")
    if policy.mode == NAMED:
        return "Genannt werden nur Kommunen, die der namentlichen Veröffentlichung ihrer Antworten zugestimmt haben."
    return ""


def doing_sentence(block: Block, responses: pd.DataFrame, units: pd.DataFrame, named: frozenset[str],
                   sample_data: bool) -> str:
    """Which participating units say they already do what the block proposes – only units whose answers the
    viewer may see by name (`named`, data.disclosure); "" when the block names no answers or nobody is named."""
    if not block.done_if or not named:
        return ""
    doing = units_doing(block, responses, units, named)
    sample = sample_mark(sample_data, "paren")
    if doing:
        return f"Teilnehmende Kommunen, die angeben, das schon zu tun{sample}: " + ", ".join(doing)
    if len(named) == len(units):
        return f"Noch keine teilnehmende Kommune gibt an, das schon zu tun{sample}."
    return f"Keine der namentlich genannten Kommunen gibt an, das schon zu tun{sample}."


# --- the page's sections: one per theme, with a short table of contents on top ---------------------------

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def anchor_of(theme: str) -> str:
    """A theme's section anchor: "Energie und Klima" -> "thema-energie-und-klima" (ASCII, stable for links)."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in theme.lower().translate(_UMLAUTS))
    return "thema-" + "-".join(part for part in slug.split("-") if part)


def theme_sections(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """The blocks grouped by theme, in the themes' order (THEMES; an unknown theme after them), each group in the
    catalogue's order."""
    order = {t: i for i, t in enumerate(THEMES)}
    themes = sorted({b.theme for b in blocks}, key=lambda t: (order.get(t, len(order)), t))
    return [(t, [b for b in blocks if b.theme == t]) for t in themes]


def contents_md(sections: list[tuple[str, list[Block]]]) -> str:
    """The table of contents: a link to every theme's section with its number of blocks (markdown, escaped)."""
    return "\n".join(f"- [{md_escape(theme)} ({count_noun(len(items), 'Baustein', 'Bausteine')})](#{anchor_of(theme)})"
                     for theme, items in sections)


def narrowed_by_md(addressees: list[str], query: str) -> str:
    """What the page's own fields narrow the list by, after its count (markdown, escaped; "" when nothing):
    the sidebar's filter line does not know them."""
    parts = []
    if addressees:
        parts.append("Adressat: " + md_escape(", ".join(addressees)))
    if query.strip():
        parts.append(f"Suche: „{md_escape(query.strip()[:100])}“")
    return "".join(" · " + p for p in parts)
