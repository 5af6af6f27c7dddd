"""Figures for the overview page."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.filters import Filters


@dataclass(frozen=True)
class ParticipationCounts:
    registered: int
    answered: int
    both: int
    registered_total: int
    answered_total: int
    workshops: int


def participation_counts(all_units: pd.DataFrame, units_in_filter: pd.DataFrame, workshops: pd.DataFrame,
                         filters: Filters) -> ParticipationCounts:
    """Registered and responding units within the filter, and the workshops of the chosen themes.

    The survey's totals count units, so a Verbandsgemeinde that answered once counts once.
    """
    u = units_in_filter
    ws = workshops[workshops["theme"].isin(filters.themes)] if filters.themes else workshops
    return ParticipationCounts(
        registered=int(u["registered"].sum()),
        answered=int(u["answered"].sum()),
        both=int((u["registered"] & u["answered"]).sum()),
        registered_total=int(all_units["registered"].sum()),
        answered_total=int(all_units["answered"].sum()),
        workshops=len(ws),
    )
