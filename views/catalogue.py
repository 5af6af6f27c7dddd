"""The toolkit (Baukasten) page as plain data: its status line and what each building block says."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from data.baukasten import Block, Catalogue
from data.disclosure import NAMED, Policy
from data.formatting import date_long, sample_mark
from data.profile import units_doing


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
    return (f"{block.theme} · Adressat: {', '.join(block.addressees)} · Aufwand: {block.effort} · passt zu: "
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
