"""Sending a chart: its Vega-Lite spec (built and validated once in views.charts) with one accessible name."""
from __future__ import annotations

import streamlit as st

from views.charts import ChartSpec, SizedChart, to_spec


def show_chart(chart: SizedChart | ChartSpec, key: str, alt_text: str | None = None) -> None:
    """The chart with one accessible name: its description (title, n) and the text alternative together.
    (Streamlit logs a warning with a stack trace on every run when a spec's description and `alt` meet.)"""
    spec = chart if isinstance(chart, ChartSpec) else to_spec(chart)
    if alt_text:
        alt = f"{spec.description}. {alt_text}" if spec.description else alt_text
        st.vega_lite_chart(spec.display, key=key, width="stretch", height=spec.height, alt=alt)
    else:
        st.vega_lite_chart(spec.spec, key=key, width="stretch", height=spec.height)
