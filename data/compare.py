"""Survey waves side by side: shares per option in two waves and their change, per size class, and one
unit's answers over the waves. Never imports streamlit.

The suppression rules are those of data.survey, applied to each wave: a wave's figures for a group are
shown only if data.survey would show them. Restricted to the units that answered a question in both
waves (`both_only`), a group is also hidden when one or two of its units answered in only one wave:
the restricted figure next to the unrestricted one (the single-wave view) would give their answers away.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import pandas as pd

from data.loading import Dataset
from data.model import SIZE_CLASSES
from data.survey import (MIN_GROUP, REASON_COMPLEMENT, REASON_SECONDARY, answering_units, question_result, size_groups,
                         suppress_groups)

REASON_ONE_WAVE = "zu wenige Kommunen, die nur in einer der beiden Wellen geantwortet haben"

# How a unit's answer moved between its first and its last answer to a question.
FORWARD = "weiter"
UNCHANGED = "unverändert"
BACK = "zurück"
CHANGED = "verändert"  # multiple choice: the options are not ordered
NOT_COMPARABLE = "–"  # answered in one wave only


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
    n_both: int  # units of the selection that answered this question in both waves
    both_only: bool
    table: pd.DataFrame  # option, count_a, share_a, count_b, share_b, change_pp (in option order); empty if hidden
    suppressed: bool
    reason: str = ""


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


def _answering(responses: pd.DataFrame, question_id: str, unit_keys: Iterable[str] | None) -> set[str]:
    units = answering_units(responses, question_id)
    return units if unit_keys is None else units & set(unit_keys)


def compare_question(responses_a: pd.DataFrame, responses_b: pd.DataFrame, question: pd.Series,
                     unit_keys: Iterable[str] | None = None, both_only: bool = False,
                     wave_a: str = "A", wave_b: str = "B") -> Comparison:
    """Per option the share of answering units in wave A and in wave B and the change in percentage points.

    `unit_keys`: the selection (None: all units). `both_only`: count only units that answered this question
    in both waves."""
    qid = question["id"]
    chosen = None if unit_keys is None else set(unit_keys)
    sel_a = _answering(responses_a, qid, chosen)
    sel_b = _answering(responses_b, qid, chosen)
    both = sel_a & sel_b
    group_a, group_b = (both, both) if both_only else (sel_a, sel_b)
    ra = question_result(responses_a, question, group_a)
    rb = question_result(responses_b, question, group_b)
    reasons = []
    for wave, responses, result, selected, group in ((wave_a, responses_a, ra, sel_a, group_a),
                                                     (wave_b, responses_b, rb, sel_b, group_b)):
        one_wave_only = 0 < len(selected - group) < MIN_GROUP
        if result.suppressed:
            # Hidden only because of the restriction to both waves: say so rather than "outside the selection".
            restricted = (result.reason == REASON_COMPLEMENT and len(selected - group) > 0
                          and not question_result(responses, question, selected).suppressed)
            reasons.append(_wave_reason(wave, REASON_ONE_WAVE if restricted else result.reason))
        elif one_wave_only:
            reasons.append(_wave_reason(wave, REASON_ONE_WAVE))
    if reasons:
        return Comparison(qid, wave_a, wave_b, ra.n, rb.n, len(both), both_only,
                          pd.DataFrame(columns=TABLE_COLUMNS), True, "; ".join(reasons))
    return Comparison(qid, wave_a, wave_b, ra.n, rb.n, len(both), both_only, _joined(ra.table, rb.table), False)


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


def compare_by_size(responses_a: pd.DataFrame, responses_b: pd.DataFrame, question: pd.Series,
                    units: pd.DataFrame, both_only: bool = False, wave_a: str = "A",
                    wave_b: str = "B") -> pd.DataFrame:
    """The comparison per size class. `units`: the units of the selection, with their size_class.

    Classes are merged as in data.survey.breakdown_by_size when a class is small in either wave. A group is
    shown only if it may be shown in both waves; rows of hidden groups carry no figures, only the reason.
    """
    qid = question["id"]
    options = tuple(question["options"])
    selection = set(units["unit_key"])
    sel = {wave_a: answering_units(responses_a, qid) & selection, wave_b: answering_units(responses_b, qid) & selection}
    both = sel[wave_a] & sel[wave_b]
    group = {w: (both if both_only else s) for w, s in sel.items()}
    of_class = {c: set(units.loc[units["size_class"] == c, "unit_key"]) for c in SIZE_CLASSES}

    # A class is merged with its neighbour if it is small in either wave.
    counts = {w: {c: len(g & of_class[c]) for c in SIZE_CLASSES} for w, g in group.items()}
    smallest = {c: min([counts[w][c] for w in counts if counts[w][c] > 0], default=0) for c in SIZE_CLASSES}
    groups = size_groups(smallest)
    members = {label: set().union(*(of_class[c] for c in classes)) for label, classes in groups}
    sizes = {w: {label: len(group[w] & m) for label, m in members.items()} for w in group}

    hidden: dict[str, list[str]] = {}

    def hide(label: str, reason: str) -> None:
        if reason not in hidden.setdefault(label, []):
            hidden[label].append(reason)

    for w in group:
        for label, reason in suppress_groups(sizes[w]).items():
            hide(label, _wave_reason(w, reason))
        if both_only:
            for label, m in members.items():
                if 0 < len((sel[w] - group[w]) & m) < MIN_GROUP:
                    hide(label, _wave_reason(w, REASON_ONE_WAVE))
    # Hidden groups together must not be small in any wave, or the total minus the shown groups gives them.
    changed = True
    while changed:
        changed = False
        for w in group:
            if 0 < sum(sizes[w][label] for label in hidden) < MIN_GROUP:
                candidates = sorted((sizes[w][label], label) for label in members if label not in hidden)
                if candidates:
                    hide(candidates[0][1], REASON_SECONDARY)
                    changed = True

    frames = []
    for label, _ in groups:
        n_a, n_b = sizes[wave_a][label], sizes[wave_b][label]
        if label in hidden:
            frames.append(pd.DataFrame({"size_class": [label], "option": [None], "count_a": [None],
                                        "share_a": [None], "count_b": [None], "share_b": [None],
                                        "change_pp": [None], "n_a": [n_a], "n_b": [n_b], "shown": [False],
                                        "reason": ["; ".join(hidden[label])]}))
            continue
        table_a = _shares(responses_a, qid, options, group[wave_a] & members[label])
        table_b = _shares(responses_b, qid, options, group[wave_b] & members[label])
        frames.append(_joined(table_a, table_b).assign(size_class=label, n_a=n_a, n_b=n_b, shown=True, reason=""))
    return pd.concat(frames, ignore_index=True)[SIZE_COLUMNS]


def _shares(responses: pd.DataFrame, question_id: str, options: tuple[str, ...], units: set[str]) -> pd.DataFrame:
    sel = responses[(responses["question_id"] == question_id) & responses["unit_key"].isin(units)]
    n = sel["unit_key"].nunique()
    counts = sel.groupby("answer").size().reindex(list(options), fill_value=0).to_numpy()
    return pd.DataFrame({"option": list(options), "count": counts, "share": counts / n if n else 0.0})


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


# --- which waves the survey page shows, and its URL form ---------------------------------------------

WAVE_PARAMS = ("welle", "vergleich", "beide")
YES = ("ja", "1", "true")


@dataclass(frozen=True)
class WaveSelection:
    """One wave alone (`wave`), or wave `a` compared with wave `b`."""

    wave: str | None = None
    a: str | None = None
    b: str | None = None
    both_only: bool = False

    @property
    def compare(self) -> bool:
        return self.wave is None

    def to_query_params(self, newest: str) -> dict[str, list[str]]:
        """URL parameters; the default (the newest wave alone) needs none."""
        if not self.compare:
            return {} if self.wave == newest else {"welle": [self.wave]}
        out = {"vergleich": [self.a, self.b]}
        if self.both_only:
            out["beide"] = ["ja"]
        return out


def default_selection(keys: Sequence[str]) -> WaveSelection:
    return WaveSelection(wave=keys[-1])


def default_comparison(keys: Sequence[str], both_only: bool = False) -> WaveSelection:
    return WaveSelection(a=keys[0], b=keys[-1], both_only=both_only)


def parse_wave_params(params: Mapping[str, Iterable[str] | str], keys: Sequence[str]) -> WaveSelection:
    """?welle=2023 shows one wave; ?vergleich=2023&vergleich=2025[&beide=ja] compares two. Unknown values
    fall back to the default, the newest wave alone. `keys`: the waves, oldest first."""
    def values(name: str) -> list[str]:
        raw = params.get(name, [])
        return [str(v).strip() for v in ([raw] if isinstance(raw, str) else list(raw))[:10]]

    known = list(keys)
    both_only = any(v.lower() in YES for v in values("beide"))
    compared = list(dict.fromkeys(v for v in values("vergleich") if v in known))
    if len(compared) >= 2:
        return WaveSelection(a=compared[0], b=compared[1], both_only=both_only)
    if len(compared) == 1 and len(known) > 1:
        other = known[-1] if compared[0] != known[-1] else known[0]
        return WaveSelection(a=compared[0], b=other, both_only=both_only)
    wave = next((v for v in values("welle") if v in known), None)
    return WaveSelection(wave=wave) if wave else default_selection(known)


# --- a Dataset as it was in one wave -----------------------------------------------------------------

def wave_dataset(ds: Dataset, key: str) -> Dataset:
    """The Dataset with `key`'s answers as its responses (and its sample flag), so every existing view can
    show that wave. The newest wave is the Dataset itself. Nothing of `ds` is changed."""
    if not ds.waves or ds.waves[-1].key == key:
        return ds
    wave = next(w for w in ds.waves if w.key == key)
    units = ds.units
    if len(units):
        units = units.assign(answered=units["unit_key"].isin(set(wave.responses["unit_key"])))
    survey = {**ds.survey, "wave": int(key) if key.isdigit() else key, "sample_data": wave.sample_data,
              "store_version": wave.version.label if wave.version is not None else ds.survey.get("store_version")}
    return dataclasses.replace(ds, responses=wave.responses, units=units, survey=survey,
                               version=f"{ds.version}-welle-{key}")


def comparison_dataset(ds: Dataset, a: str, b: str) -> Dataset:
    """The Dataset as the comparison of waves `a` and `b` is labelled: survey "2023 und 2025", sample data if
    either wave is, both waves' versions; a unit counts as answering if it answered in either wave. Its
    responses stay those of the newest wave; comparisons read the waves themselves."""
    waves = {w.key: w for w in ds.waves}
    first, second = waves[a], waves[b]
    units = ds.units
    if len(units):
        answered = set(first.responses["unit_key"]) | set(second.responses["unit_key"])
        units = units.assign(answered=units["unit_key"].isin(answered))
    labels = [w.version.label for w in (first, second) if w.version is not None]
    survey = {**ds.survey, "wave": f"{a} und {b}", "sample_data": first.sample_data or second.sample_data,
              "store_version": " und ".join(labels) if labels else ds.survey.get("store_version")}
    return dataclasses.replace(ds, units=units, survey=survey, version=f"{ds.version}-vergleich-{a}-{b}")
