"""What the frame (app.py) reads once per run and hands to the page it runs: the dataset, the active filters
and their choices, and who is looking. Pages take it with `page_context()` – no page loads the data or reads
the filter widgets itself."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data.disclosure import Viewer
from data.filters import Choices, FilterPart, Filters, describe, filter_line
from data.loading import Dataset
from views.sources import Source

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    dataset: Dataset
    filters: Filters
    choices: Choices
    presenting: bool  # presentation mode: large type for the projector
    viewer: Viewer  # staff, a municipality through its access link, or the public (components.access)
    ignored: Filters = Filters()  # chosen filters this page does not apply (app_pages.registry); `filters` has the rest

    @property
    def source(self) -> Source:
        """The source every export names (the survey as loaded; the survey page relabels it for a wave)."""
        return Source.of(self.dataset)

    @property
    def filters_text(self) -> str:
        """The active filters in a short German line."""
        return describe(self.filters, self.choices)

    @property
    def filter_line(self) -> list[FilterPart]:
        """The page's filter line: the filters it applies, then the chosen ones it does not."""
        return filter_line(self.filters, self.ignored, self.choices)


def provide(context: PageContext) -> None:
    """Called by app.py once per run, before the page runs."""
    st.session_state[_KEY] = context


def page_context() -> PageContext:
    return st.session_state[_KEY]
