"""Survey figures for the pages: one question's answers for a filter selection, overall and per size group.

What is counted is decided by data.disclosure: every figure is computed on the cover of the selection (the
cells it touches), never on the selection itself, and says so when the two differ. Every figure carries its n.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from data.disclosure import Figure, Selection, WaveDisclosure


@dataclass(frozen=True)
class Result:
    """The answers to one question within a group of units."""

    question_id: str
    n: int  # answering units counted
    table: pd.DataFrame  # option, count, share (share of answering units), in option order; empty if not shown
    suppressed: bool
    reason: str = ""
    exact: bool = True  # counted exactly the selection; otherwise a larger group (`scope`)
    scope: str = ""  # the group counted, when it is not the selection
    note: str = ""  # one German sentence saying which group is shown and why


def result_of(figure: Figure) -> Result:
    s = figure.scope
    if not s.shown:
        return Result(figure.question_id, 0, figure.table, True, s.reason)
    return Result(figure.question_id, s.n, figure.table, False, "", s.exact, s.label, s.note)


def question_result(wd: WaveDisclosure, question_id: str, selection: Selection | Iterable[str] | None) -> Result:
    """The distribution of answers to a question on the cover of `selection` (None: all units)."""
    return result_of(wd.figure(question_id, selection))


BREAKDOWN_COLUMNS = ["size_class", "option", "count", "share", "n", "shown", "reason", "exact"]


def breakdown_by_size(wd: WaveDisclosure, question_id: str, selection: Selection | Iterable[str] | None) -> pd.DataFrame:
    """Per size group the selection touches (small classes merged as the cells are): option, count, share, n.
    A group that could not be counted on its own is named by the larger group that is shown instead; the
    groups together make up exactly the figure of the whole selection."""
    frames = []
    for group, figure in wd.by_size(question_id, selection):
        r = result_of(figure)
        if r.suppressed:
            frames.append(pd.DataFrame({"size_class": [group.label], "option": [None], "count": [None],
                                        "share": [None], "n": [0], "shown": [False], "reason": [r.reason],
                                        "exact": [False]}))
            continue
        label = group.label if r.exact else r.scope[:1].upper() + r.scope[1:]
        frames.append(r.table.assign(size_class=label, n=r.n, shown=True, reason="", exact=r.exact))
    if not frames:
        return pd.DataFrame(columns=BREAKDOWN_COLUMNS)
    return pd.concat(frames, ignore_index=True)[BREAKDOWN_COLUMNS]
