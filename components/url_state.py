"""The one way the dashboard keeps a view in the URL, for every part that has URL parameters: the shared
filters and the presentation mode (app.py), the survey waves (survey page) and the slide (slides page).

A part (UrlSection) names its parameters (views.url), how to parse them and how to put a parsed value into
its widgets. Before its widgets are drawn, `restore` seeds them from the URL on a session's first visit or
when someone edited or pasted the URL; when a page change dropped the widgets' state (Streamlit forgets the
state of widgets that were not drawn), it seeds them from what the part last wrote. After the widgets,
`publish` writes the part's parameters and remembers them. Page links of st.navigation drop the query
string, so an empty URL within a session means "page changed", never "selection cleared".

Why not Streamlit's `bind="query-params"` (1.67): a bound widget writes its format_func label into the URL,
not its value – /kommune?kommune=15083040 would become ?kommune=Barleben and every published link would
break (streamlit/streamlit#14224, still open) – and it drops invalid values silently, where the dashboard
names them in a German notice.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from views.url import Params

MAX_PARAMS = 50  # a URL with more parameters is read only this far


@dataclass(frozen=True)
class UrlSection:
    """One part of the view that lives in the URL."""

    name: str
    params: tuple[str, ...]
    parse: Callable[[Params], Any]  # the whole query -> a parsed value (unknown values dropped, with notices)
    seed: Callable[[Any], None]  # a parsed value -> the part's widget state
    present: Callable[[], bool] = lambda: True  # False when the widgets' state was dropped (page change)

    @property
    def state_key(self) -> str:
        return f"_url_{self.name}"  # what this part last wrote into the URL


def query() -> dict[str, list[str]]:
    """The current URL parameters (at most MAX_PARAMS of them)."""
    return {k: st.query_params.get_all(k) for k in list(st.query_params.keys())[:MAX_PARAMS]}


def _own(section: UrlSection) -> dict[str, list[str]]:
    return {p: st.query_params.get_all(p) for p in section.params if st.query_params.get_all(p)}


def restore(section: UrlSection) -> None:
    """Seed the part's widgets before they are drawn: from the URL when it is new to this session, else
    from what the part last wrote if a page change dropped their state."""
    url = _own(section)
    last = st.session_state.get(section.state_key)
    if last is None or (url and url != last):
        section.seed(section.parse(query()))
    elif not section.present():
        section.seed(section.parse(last))


def publish(section: UrlSection, params: dict[str, list[str]]) -> None:
    """Write the part's parameters (leaving every other parameter as it is) and remember them."""
    if _own(section) != params:
        for p in section.params:
            if p in params:
                st.query_params[p] = params[p]
            elif p in st.query_params:
                del st.query_params[p]
    st.session_state[section.state_key] = params
