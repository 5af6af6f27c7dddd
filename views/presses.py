"""Key presses from a presenter's clicker, counted so that none is lost.

The browser numbers every press (components/clicker.py) and sends the recent ones as one state value. When a
presenter presses faster than the server reruns, Streamlit merges what arrives into the newest value; a button
trigger would then count three presses as one. Here the server takes every press it has not yet taken, in order,
so three quick presses move three slides. Pure: the page keeps what was taken in its session state.

What the browser sends is not trusted: at most MAX_EVENTS presses, known actions only, increasing numbers.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from views.slide_nav import BACK, FIRST, LAST, NEXT, Position, step

ACTIONS = (NEXT, BACK, FIRST, LAST)
MAX_EVENTS = 50
MAX_ID_LENGTH = 40


@dataclass(frozen=True)
class Presses:
    source: str  # one browser window (a reload starts a new one)
    new: tuple[tuple[int, str], ...]  # (number, action) not yet taken, in order


def new_presses(value: object, taken: Mapping[str, int]) -> Presses | None:
    """The presses in `value` (the component's state: {"id": ..., "events": [[n, action], ...]}) that come after
    the last one taken from the same window; None for anything malformed."""
    if not isinstance(value, Mapping):
        return None
    source, events = value.get("id"), value.get("events")
    if not isinstance(source, str) or not 0 < len(source) <= MAX_ID_LENGTH or not isinstance(events, list):
        return None
    last = int(taken.get(source, 0))
    new: list[tuple[int, str]] = []
    for event in events[-MAX_EVENTS:]:
        if not (isinstance(event, (list, tuple)) and len(event) == 2):
            continue
        number, action = event
        if isinstance(number, bool) or not isinstance(number, int) or action not in ACTIONS:
            continue
        if number > last and (not new or number > new[-1][0]):
            new.append((number, action))
    return Presses(source, tuple(new))


def slide_after(number: int, total: int, actions) -> int:
    """The slide (1-based) after the presses, one after another, clamped to the deck."""
    for action in actions:
        number = step(Position("", number, total), action)
    return number


def page_after(index: int, count: int, actions) -> int:
    """The page (index in the navigation's order) after the presses; Pos1/Ende do not leave the page."""
    for action in actions:
        if action == NEXT:
            index = min(index + 1, count - 1)
        elif action == BACK:
            index = max(index - 1, 0)
    return index
