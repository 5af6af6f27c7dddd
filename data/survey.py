"""Survey aggregation with small-group suppression.

Every figure carries its n. A result from fewer than MIN_GROUP answering units is not shown, and neither
is one whose complement within the whole survey has fewer than MIN_GROUP units (it could be worked out
by subtracting the shown figure from the unfiltered total). In breakdowns, if exactly one group is
suppressed (or the suppressed groups together have fewer than MIN_GROUP units), the next smallest group is
suppressed too, so that no cell can be recovered from the total.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.model import SIZE_CLASSES

MIN_GROUP = 3

REASON_TOO_FEW = "zu wenige Antworten"
REASON_COMPLEMENT = "zu wenige Antworten außerhalb der Auswahl"
REASON_SECONDARY = "ausgeblendet, damit keine kleine Gruppe errechnet werden kann"
REASON_NONE = "keine Antworten"


@dataclass(frozen=True)
class Result:
    """The answers to one question within a group of units."""

    question_id: str
    n: int  # answering units
    table: pd.DataFrame  # option, count, share (share of answering units), in option order
    suppressed: bool
    reason: str = ""


def answering_units(responses: pd.DataFrame, question_id: str) -> set[str]:
    return set(responses.loc[responses["question_id"] == question_id, "unit_key"])


def _table(responses: pd.DataFrame, question_id: str, options: tuple[str, ...], units: set[str]) -> pd.DataFrame:
    sel = responses[(responses["question_id"] == question_id) & responses["unit_key"].isin(units)]
    n = sel["unit_key"].nunique()
    counts = sel.groupby("answer").size().reindex(list(options), fill_value=0)
    return pd.DataFrame({
        "option": list(options),
        "count": counts.to_numpy().astype(int),
        "share": (counts.to_numpy() / n) if n else [0.0] * len(options),
    })


def question_result(responses: pd.DataFrame, question: pd.Series, unit_keys: set[str] | None) -> Result:
    """The distribution of answers to `question` among `unit_keys` (None: all units)."""
    qid = question["id"]
    everyone = answering_units(responses, qid)
    units = everyone if unit_keys is None else everyone & set(unit_keys)
    n = len(units)
    table = _table(responses, qid, tuple(question["options"]), units)
    if n == 0:
        return Result(qid, 0, table, True, REASON_NONE)
    if n < MIN_GROUP:
        return Result(qid, n, table.iloc[0:0], True, REASON_TOO_FEW)
    rest = len(everyone) - n
    if 0 < rest < MIN_GROUP:
        return Result(qid, n, table.iloc[0:0], True, REASON_COMPLEMENT)
    return Result(qid, n, table, False)


def suppress_groups(sizes: dict[str, int]) -> dict[str, str]:
    """Which groups of a breakdown to hide, and why. `sizes` maps group -> answering units."""
    hidden = {g: REASON_TOO_FEW for g, n in sizes.items() if 0 < n < MIN_GROUP}
    # The total minus the shown groups gives the hidden groups together, so together they must not be
    # small either: one hidden group (or e.g. two of one unit each) takes the next smallest group along.
    if hidden and sum(sizes[g] for g in hidden) < MIN_GROUP:
        candidates = sorted((n, g) for g, n in sizes.items() if n >= MIN_GROUP)
        if candidates:
            hidden[candidates[0][1]] = REASON_SECONDARY
    for g, n in sizes.items():
        if n == 0:
            hidden.setdefault(g, REASON_NONE)
    return hidden


# Small outer classes are merged with their neighbour before anything is suppressed: "Mittel- und
# Großstädte" says more than hiding both. Order: the class that may be absorbed, the one absorbing it.
MERGES = [("Großstadt", "Mittelstadt", "Mittel- und Großstädte"),
          ("Landgemeinde", "Kleinstadt", "Kleinstädte und Landgemeinden")]


def size_groups(sizes: dict[str, int]) -> list[tuple[str, tuple[str, ...]]]:
    """The groups of a size-class breakdown: (label, size classes), in the order of SIZE_CLASSES."""
    members = {c: (c,) for c in SIZE_CLASSES}
    labels = {c: c for c in SIZE_CLASSES}
    for small, into, label in MERGES:
        if 0 < sizes.get(small, 0) < MIN_GROUP and sizes.get(into, 0) > 0:
            members[into] = members[into] + members.pop(small)
            labels[into] = label
            labels.pop(small)
    return [(labels[c], members[c]) for c in SIZE_CLASSES if c in members]


def breakdown_by_size(responses: pd.DataFrame, question: pd.Series, units: pd.DataFrame) -> pd.DataFrame:
    """Per size class (small outer classes merged with their neighbour): option, count, share, n, and
    whether the group is shown.

    `units` are the units in the current filter (with their size_class). Rows of hidden groups carry
    no counts, only the reason.
    """
    qid = question["id"]
    everyone = answering_units(responses, qid)
    by_class = {c: everyone & set(units.loc[units["size_class"] == c, "unit_key"]) for c in SIZE_CLASSES}
    groups = size_groups({c: len(u) for c, u in by_class.items()})
    members = {label: set().union(*(by_class[c] for c in classes)) for label, classes in groups}
    sizes = {label: len(u) for label, u in members.items()}
    hidden = suppress_groups(sizes)
    frames = []
    for label, _ in groups:
        if label in hidden:
            frames.append(pd.DataFrame({"size_class": [label], "option": [None], "count": [None], "share": [None],
                                        "n": [sizes[label]], "shown": [False], "reason": [hidden[label]]}))
            continue
        t = _table(responses, qid, tuple(question["options"]), members[label])
        frames.append(t.assign(size_class=label, n=sizes[label], shown=True, reason=""))
    out = pd.concat(frames, ignore_index=True)
    return out[["size_class", "option", "count", "share", "n", "shown", "reason"]]


def count_answer(responses: pd.DataFrame, question_id: str, answer: str, unit_keys: set[str]) -> tuple[int, int]:
    """How many of `unit_keys` that answered `question_id` chose `answer`: (count, n)."""
    sel = responses[(responses["question_id"] == question_id) & responses["unit_key"].isin(unit_keys)]
    n = sel["unit_key"].nunique()
    return int((sel["answer"] == answer).sum()), int(n)
