"""Key presses from a presenter's clicker, counted so that none is lost.

The browser numbers every press (components/clicker.py) and sends the recent ones as one state value. When a
presenter presses faster than the server reruns, Streamlit merges what arrives into the newest value; a button
trigger would then count three presses as one. Here the server takes every press it has not yet taken, in order,
so three quick presses move three slides. Pure: the page keeps what was taken in its session state.

Where a press starts from: the server writes each step into the address, but a press made before the browser
has that address arrives with the old one. So each run tells the browser the last press whose step it now shows,
and the browser sends that number with each press: a press made while a step already taken had not reached the
browser continues from the server's last step, not from the (stale) address. Otherwise the address decides (it
also carries Back and Forward).

What the browser sends is not trusted: at most MAX_EVENTS presses, known actions only, increasing numbers.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from views.slide_nav import BACK, FIRST, LAST, NEXT, Position, step

ACTIONS = (NEXT, BACK, FIRST, LAST)
MAX_EVENTS = 50
MAX_ID_LENGTH = 40


@dataclass(frozen=True)
class Presses:
    source: str  # one browser window (a reload starts a new one)
    new: tuple[tuple[int, str], ...]  # (number, action) not yet taken, in order
    # The first new press was made before the browser had the step of the last press taken: continue from that
    # step, not from the address the request brought.
    continues: bool = False


def _int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def new_presses(value: object, taken: Mapping[str, int]) -> Presses | None:
    """The presses in `value` (the component's state: {"id": ..., "events": [[n, action, shown], ...]}, `shown`
    the last press whose step the browser showed) that come after the last one taken from the same window; None
    for anything malformed."""
    if not isinstance(value, Mapping):
        return None
    source, events = value.get("id"), value.get("events")
    if not isinstance(source, str) or not 0 < len(source) <= MAX_ID_LENGTH or not isinstance(events, list):
        return None
    last = int(taken.get(source, 0))
    new: list[tuple[int, str]] = []
    shown: list[int | None] = []
    for event in events[-MAX_EVENTS:]:
        if not (isinstance(event, (list, tuple)) and len(event) in (2, 3)):
            continue
        number, action = event[0], event[1]
        seen = event[2] if len(event) == 3 and _int(event[2]) else None
        if not _int(number) or action not in ACTIONS:
            continue
        if number > last and (not new or number > new[-1][0]):
            new.append((number, action))
            shown.append(seen)
    continues = bool(new) and last > 0 and shown[0] is not None and shown[0] < last
    return Presses(source, tuple(new), continues)


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


@dataclass(frozen=True)
class PageStep:
    target: str | None  # the page (url_path) to switch to; None: stay
    underway: tuple[str, str] | None  # (from, to): the switch the browser may not have seen yet, else None


def page_step(paths: Sequence[str], current: str, actions: Sequence[str],
              underway: tuple[str, str] | None) -> PageStep:
    """Where the presses taken in this run lead, among the pages `paths` (in the navigation's order).

    A press sent from the page the server has just left (`underway` = (that page, the page it switched to))
    continues from the page switched to, so quick presses are not lost. A run without presses keeps that
    record only on the page switched to: on any other page the browser moved by itself (Back, a link)."""
    if not actions:
        return PageStep(None, underway if underway and current == underway[1] else None)
    if current not in paths:
        return PageStep(None, None)
    start = underway[1] if underway and underway[0] == current and underway[1] in paths else current
    target = paths[page_after(list(paths).index(start), len(paths), actions)]
    if target == current:
        return PageStep(None, None)  # ← on the first page, or back where the browser is: no switch
    return PageStep(target, (current, target))
