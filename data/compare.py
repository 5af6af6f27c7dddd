"""Survey waves side by side: shares per option in two waves and their change, per size class, and one
unit's answers over the waves. Never imports streamlit.

What is counted comes from data.disclosure, per wave: each wave's figure is computed on that wave's cover
of the selection. Restricted to the units that answered a question in both waves (`both_only`), both waves
are counted on one common cover, and only where every cell inside it has none or at least three units that
answered in both waves and none or at least three that answered in only one – otherwise the restricted
figure beside the single-wave one would give one or two units away.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from data.disclosure import WaveDisclosure, answer_table, as_selection, both_waves_scope, size_group_label
from data.model import SIZE_CLASSES
from data.survey import result_of

# How a unit's answer moved between its first and its last answer to a question.
FORWARD = "weiter"
UNCHANGED = "unverändert"
BACK = "zurück"
CHANGED = "verändert"  # multiple choice: the options are not ordered
NOT_COMPARABLE = "–"  # answered in one wave only


REASON_NONE_IN_BOTH = "keine Kommune dieser Gruppe hat in beiden Wellen geantwortet"


def _wave_reason(wave: str, reason: str) -> str:
    return f"Welle {wave}: {reason}"


# --- one question, two waves -------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """The answers to one question in two waves, within one selection of units."""

    question_id: str
    wave_a: str
    wave_b: str
    n_a: int  # answering units counted in wave A (with both_only: those that answered in both waves)
    n_b: int
    n_both: int | None  # units counted that answered in both waves; None where that may not be shown
    both_only: bool
    table: pd.DataFrame  # option, count_a, share_a, count_b, share_b, change_pp (in option order); empty if hidden
    suppressed: bool
    reason: str = ""
    notes: tuple[str, ...] = ()  # which larger groups are shown, per wave, where not the selection itself


TABLE_COLUMNS = ["option", "count_a", "share_a", "count_b", "share_b", "change_pp"]


def _joined(table_a: pd.DataFrame, table_b: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "option": list(table_a["option"]),
        "count_a": table_a["count"].to_numpy().astype(int),
        "share_a": table_a["share"].to_numpy().astype(float),
        "count_b": table_b["count"].to_numpy().astype(int),
        "share_b": table_b["share"].to_numpy().astype(float),
    })
    out["change_pp"] = (out["share_b"] - out["share_a"]) * 100
    return out


def compare_question(da: WaveDisclosure, db: WaveDisclosure, question: Mapping, selection=None,
                     both_only: bool = False) -> Comparison:
    """Per option the share of answering units in wave A and in wave B and the change in percentage points.

    `selection`: the units chosen by the filters (None: all). `both_only`: count only units that answered
    this question in both waves."""
    qid = question["id"]
    options = tuple(question["options"])
    wa, wb = da.key, db.key
    empty = pd.DataFrame(columns=TABLE_COLUMNS)
    if both_only:
        scope, units, reason = both_waves_scope(da.partition(qid), db.partition(qid), selection)
        if reason:
            return Comparison(qid, wa, wb, 0, 0, None, True, empty, True, reason)
        if not units:
            return Comparison(qid, wa, wb, 0, 0, 0, True, empty, True, REASON_NONE_IN_BOTH)
        table = _joined(answer_table(da.responses, qid, options, units), answer_table(db.responses, qid, options, units))
        return Comparison(qid, wa, wb, len(units), len(units), len(units), True, table, False,
                          notes=(scope.note,) if scope.note else ())
    ra, rb = result_of(da.figure(qid, selection)), result_of(db.figure(qid, selection))
    reasons = [_wave_reason(w, r.reason) for w, r in ((wa, ra), (wb, rb)) if r.suppressed]
    if reasons:
        return Comparison(qid, wa, wb, ra.n, rb.n, None, False, empty, True, "; ".join(dict.fromkeys(reasons)))
    both_scope, both_units, why = both_waves_scope(da.partition(qid), db.partition(qid), selection)
    n_both = len(both_units) if not why and both_scope.exact and ra.exact and rb.exact else None
    notes = tuple(f"Welle {w}: {r.note}" for w, r in ((wa, ra), (wb, rb)) if r.note)
    return Comparison(qid, wa, wb, ra.n, rb.n, n_both, False, _joined(ra.table, rb.table), False, notes=notes)


def focus_option(comparison: Comparison, question_type: str) -> int:
    """The row a one-sentence summary speaks about: the most advanced option of a single-choice question
    (options run from least to most advanced), the largest change of a multiple-choice question."""
    t = comparison.table
    if question_type == "multi":
        return int(t["change_pp"].abs().to_numpy().argmax())
    return len(t) - 1


# --- per size class ----------------------------------------------------------------------------------

SIZE_COLUMNS = ["size_class", "option", "count_a", "share_a", "count_b", "share_b", "change_pp", "n_a", "n_b",
                "shown", "reason"]


def joint_size_groups(da: WaveDisclosure, db: WaveDisclosure, question_id: str) -> list[tuple[str, frozenset[str]]]:
    """Size groups of both waves together: classes merged in either wave stay merged (label, units)."""
    parent = {c: c for c in SIZE_CLASSES}

    def find(c: str) -> str:
        while parent[c] != c:
            c = parent[c]
        return c

    units: dict[str, frozenset[str]] = {}
    for d in (da, db):
        for g in d.partition(question_id).groups:
            for c in g.classes[1:]:
                parent[find(c)] = find(g.classes[0])
            for c in g.classes:
                units[c] = units.get(c, frozenset()) | frozenset(k for k in g.units if d.geo.size_class.get(k) == c)
    out: dict[str, list[str]] = {}
    for c in SIZE_CLASSES:
        if c in units:
            out.setdefault(find(c), []).append(c)
    return [(size_group_label(cs), frozenset().union(*(units[c] for c in cs))) for cs in out.values()]


def compare_by_size(da: WaveDisclosure, db: WaveDisclosure, question: Mapping, selection=None,
                    both_only: bool = False) -> pd.DataFrame:
    """The comparison per size group (classes merged where either wave merges them). A group counted on a
    larger cover than the selection is named by it; rows of hidden groups carry no figures, only the reason."""
    qid = question["id"]
    sel = as_selection(selection, da.geo)
    frames = []
    for label, members in joint_size_groups(da, db, qid):
        part = sel.units & members
        if not part or sel.single_unit:
            continue
        c = compare_question(da, db, question, part, both_only)
        if c.suppressed:
            frames.append(pd.DataFrame({"size_class": [label], "option": [None], "count_a": [None],
                                        "share_a": [None], "count_b": [None], "share_b": [None],
                                        "change_pp": [None], "n_a": [c.n_a], "n_b": [c.n_b], "shown": [False],
                                        "reason": [c.reason]}))
            continue
        name = label + (" – " + " ".join(c.notes) if c.notes else "")
        frames.append(c.table.assign(size_class=name, n_a=c.n_a, n_b=c.n_b, shown=True, reason=""))
    if not frames:
        return pd.DataFrame(columns=SIZE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[SIZE_COLUMNS]


# --- one unit over the waves -------------------------------------------------------------------------

def movement(question: Mapping, before: Sequence[str], after: Sequence[str]) -> str:
    """weiter / unverändert / zurück between two answers of one unit; "verändert" for a changed multiple
    choice (its options have no order); "–" if one of the answers is missing."""
    if not before or not after:
        return NOT_COMPARABLE
    if set(before) == set(after):
        return UNCHANGED
    if question["type"] == "multi":
        return CHANGED
    options = list(question["options"])
    step = options.index(after[0]) - options.index(before[0])
    return FORWARD if step > 0 else BACK


@dataclass(frozen=True)
class Development:
    """One question of a unit's history: its answer per wave (() where it did not answer) and how the
    answer moved from its first to its last answer."""

    question_id: str
    text: str
    answers: tuple[tuple[str, ...], ...]  # in the order of the waves given
    change: str


def waves_answered(unit_key: str, waves: Sequence[tuple[str, pd.DataFrame]]) -> list[str]:
    """The waves (keys, in the given order) in which the unit answered at least one question."""
    return [key for key, responses in waves if (responses["unit_key"] == unit_key).any()]


def unit_development(unit_key: str, waves: Sequence[tuple[str, pd.DataFrame]],
                     questions: pd.DataFrame) -> list[Development]:
    """Per question the unit answered in any of `waves` (key, responses; oldest first): its answers and
    their movement, in the questionnaire's order."""
    per_wave = []
    for _, responses in waves:
        own = responses[responses["unit_key"] == unit_key]
        per_wave.append({q: tuple(g["answer"]) for q, g in own.groupby("question_id", sort=False)})
    out = []
    for q in questions.itertuples(index=False):
        q = q._asdict()
        answers = tuple(_in_option_order(w.get(q["id"], ()), q["options"]) for w in per_wave)
        given = [a for a in answers if a]
        if not given:
            continue
        change = movement(q, given[0], given[-1]) if len(given) > 1 else NOT_COMPARABLE
        out.append(Development(q["id"], q["text"], answers, change))
    return out


def _in_option_order(chosen: tuple[str, ...], options: Sequence[str]) -> tuple[str, ...]:
    order = {o: i for i, o in enumerate(options)}
    return tuple(sorted(chosen, key=lambda a: order.get(a, len(order))))
