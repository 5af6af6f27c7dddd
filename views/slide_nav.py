"""Where a presenter is in the slide decks, read from the address (satz, folie) – the one place that decides it,
so that a link, a reload and the browser's Back and Forward all show the same slide.

Pure: the page hands in the query parameters and the decks' lengths and gets a clamped position back; a
step (next, back, first, last) gives the parameters to write.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SET_PARAM = "satz"
SLIDE_PARAM = "folie"
MAX_PARAM_LENGTH = 100

NEXT, BACK, FIRST, LAST = "weiter", "zurueck", "erste", "letzte"


@dataclass(frozen=True)
class Position:
    theme: str
    number: int  # 1-based
    total: int

    @property
    def first(self) -> bool:
        return self.number <= 1

    @property
    def last(self) -> bool:
        return self.number >= self.total


def _one(params: Mapping[str, object], name: str) -> str:
    value = params.get(name, "")
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value)[:MAX_PARAM_LENGTH]


def position(params: Mapping[str, object], totals: Mapping[str, int]) -> Position:
    """The slide the address asks for; an unknown deck opens the first deck, a slide number outside the deck
    (or not a number) the nearest slide."""
    themes: Sequence[str] = list(totals)
    if not themes:
        return Position("", 1, 0)
    wanted = _one(params, SET_PARAM)
    theme = wanted if wanted in totals else themes[0]
    total = max(int(totals[theme]), 1)
    raw = _one(params, SLIDE_PARAM).strip()
    number = int(raw) if raw.isdigit() and len(raw) <= 6 else 1
    return Position(theme, min(max(number, 1), total), total)


def step(pos: Position, action: str) -> int:
    """The slide number after a step."""
    if action == NEXT:
        return min(pos.number + 1, pos.total)
    if action == BACK:
        return max(pos.number - 1, 1)
    if action == FIRST:
        return 1
    if action == LAST:
        return pos.total
    raise ValueError(f"unbekannter Schritt: {action}")


def params_for(theme: str, number: int) -> dict[str, str]:
    return {SET_PARAM: theme, SLIDE_PARAM: str(number)}


def totals_of(sequences) -> dict[str, int]:
    """Deck -> number of slides, the title slide included (data.slides.Sequence)."""
    return {s.theme: len(s.slides) + 1 for s in sequences}


def share_params(sequences, params: Mapping[str, object]) -> dict[str, list[str]]:
    """What a link to the slide the address asks for must carry (for the QR code): deck and slide, exactly."""
    totals = totals_of(sequences)
    if not totals:
        return {}
    pos = position(params, totals)
    return {k: [v] for k, v in params_for(pos.theme, pos.number).items()}
