"""Figures for the overview page: the series' real key facts, and the filtered counts beside them."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.disclosure import Selection, WaveDisclosure
from data.filters import Filters


@dataclass(frozen=True)
class SeriesFacts:
    """The workshop series as it was – facts from program.yaml and workshops.csv, never from the answers."""

    invited: int
    invited_qualifier: str  # "über": the exact number is not known
    registered: int
    questionnaires: int
    workshops: int

    @property
    def invited_text(self) -> str:
        from data.formatting import number

        return f"{self.invited_qualifier} {number(self.invited)}".strip()


def series_facts(program: dict, participants: pd.DataFrame, workshops: pd.DataFrame) -> SeriesFacts:
    invited = program.get("invited", {}) or {}
    registered = program.get("registered")
    if not isinstance(registered, int):
        registered = int(participants["registered"].astype(bool).sum()) if len(participants) else 0
    questionnaires = program.get("questionnaires")
    return SeriesFacts(int(invited.get("value", 0) or 0), str(invited.get("qualifier", "") or ""), int(registered),
                       int(questionnaires) if isinstance(questionnaires, int) else 0, len(workshops))


@dataclass(frozen=True)
class ParticipationCounts:
    registered: int  # units of the selection registered for the series (participants.csv: a fact)
    registered_total: int
    answered: int  # units that answered, counted on the cover of the selection (data.disclosure)
    answered_note: str  # which larger group that is, when it is not the selection
    answered_shown: bool
    workshops: int


def participation_counts(all_units: pd.DataFrame, units_in_filter: pd.DataFrame, workshops: pd.DataFrame,
                         filters: Filters, wd: WaveDisclosure) -> ParticipationCounts:
    """Registered units within the filter (a public fact), responding units on the cover of the filter (an
    answer: whether a unit took part must not be computable for one or two), and the chosen themes' workshops.
    The survey's totals count units, so a Verbandsgemeinde that answered once counts once."""
    u = units_in_filter
    ws = workshops[workshops["theme"].isin(filters.themes)] if filters.themes else workshops
    answered = wd.respondents(Selection.of(u["unit_key"], by_name=bool(filters.units)))
    return ParticipationCounts(
        registered=int(u["registered"].sum()),
        registered_total=int(all_units["registered"].sum()),
        answered=answered.n,
        answered_note=answered.note,
        answered_shown=answered.shown,
        workshops=len(ws),
    )
