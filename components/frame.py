"""What the frame (app.py) reads once per run and hands to the page it runs: the dataset, the active filters
and their choices, and who is looking. Pages take it with `page_context()` – no page loads the data or reads
the filter widgets itself."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data.disclosure import Viewer
from data.filters import Choices, Filters, describe
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

    @property
    def source(self) -> Source:
        """The source every export names (the survey as loaded; the survey page relabels it for a wave)."""
        return Source.of(self.dataset)

    @property
    def filters_text(self) -> str:
        """The active filters in a short German line."""
        return describe(self.filters, self.choices)


def provide(context: PageContext) -> None:
    """Called by app.py once per run, before the page runs."""
    st.session_state[_KEY] = context


def page_context() -> PageContext:
    return st.session_state[_KEY]
