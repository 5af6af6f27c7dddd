"""What a phone shows instead of wide content: tables as cards, key figures two by two. Both forms are sent,
the browser's width picks one (CSS media queries, no data values): the server cannot know the screen."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from views.cards import cards, rows_md

NARROW_MAX_PX = 640  # Streamlit stacks columns below this width too
WIDE = "sca-breit-"  # container key prefixes; Streamlit gives each container the class st-key-<key>
NARROW = "sca-schmal-"
FIGURES = "sca-kennzahlen-"

# Constant CSS, no data values. Streamlit's own test ids; checked in tests/browser/test_phone.py.
NARROW_CSS = f"""
<style>
@media (max-width: {NARROW_MAX_PX}px) {{
  [class*="st-key-{WIDE}"] {{ display: none !important; }}
  [class*="st-key-{FIGURES}"] [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap !important; gap: 0.5rem !important; }}
  [class*="st-key-{FIGURES}"] [data-testid="stColumn"] {{ flex: 1 1 calc(50% - 0.5rem) !important;
    width: calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important; }}
  [class*="st-key-{FIGURES}"] [data-testid="stMetricValue"] {{ font-size: 1.45rem; }}
  [class*="st-key-{FIGURES}"] [data-testid="stMetric"] {{ padding: 0.5rem 0.6rem; }}
}}
@media (min-width: {NARROW_MAX_PX + 1}px) {{
  [class*="st-key-{NARROW}"] {{ display: none !important; }}
}}
</style>
"""


def style() -> None:
    """Mounted once per run by app.py."""
    st.html(NARROW_CSS)


def table_or_cards(frame: pd.DataFrame, key: str, title_column: str | None = None,
                   draw_table: Callable[[pd.DataFrame], None] | None = None, compact: bool = False) -> None:
    """The table on a wide screen, one card per row on a phone – or, `compact` (a short table inside a box of
    its own), one line per row. `draw_table` draws the wide form (default: a plain st.dataframe as wide as the
    page)."""
    with st.container(key=WIDE + key):
        if draw_table is None:
            st.dataframe(frame, hide_index=True, width="stretch")
        else:
            draw_table(frame)
    with st.container(key=NARROW + key, gap="small"):
        if compact:
            st.markdown(rows_md(frame, title_column))
            return
        for card in cards(frame, title_column):
            with st.container(border=True):
                st.markdown(card.markdown())


def figure_columns(count: int, key: str) -> list:
    """Columns for key figures: side by side on a wide screen, two by two on a phone."""
    with st.container(key=FIGURES + key):
        return st.columns(count)
