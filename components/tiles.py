"""Key-figure tiles."""
from __future__ import annotations

import streamlit as st


def tiles(items: list[tuple[str, str, str | None]]) -> None:
    """Each item: (label, value, help/caption)."""
    cols = st.columns(len(items))
    for col, (label, value, caption) in zip(cols, items):
        with col:
            st.metric(label, value, border=True)
            if caption:
                st.caption(caption)
