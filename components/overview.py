"""Pieces of the overview page: key-figure tiles, the cached funnel and timeline charts, programme context."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.narrow import figure_columns
from data.formatting import md_escape, number
from data.overview import SeriesFacts
from views.charts import ChartSpec, to_spec
from views.overview import Tile, funnel_chart, timeline_chart


def tiles(items: list[Tile]) -> None:
    """Key figures side by side, each with its caption."""
    cols = figure_columns(len(items), "uebersicht")
    for col, tile in zip(cols, items):
        with col, st.container(border=True, height="stretch"):  # the caption inside its tile, tiles of one height
            st.metric(tile.label, tile.value)
            if tile.caption:
                st.caption(tile.caption)


def programme_context(program: dict) -> None:
    if not program:
        return
    fp = program.get("federal_programme", {})
    st.subheader("Worum es geht")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(
            f"Der Bund fördert mit dem Programm **{md_escape(fp.get('name', ''))}** Modellprojekte Smart Cities: "
            f"{md_escape(number(fp.get('funding_eur_million', 0)))}\u00a0Mio.\u00a0Euro für "
            f"{md_escape(number(fp.get('model_projects', 0)))} Modellprojekte "
            f"({md_escape(fp.get('note', ''))}). Die Workshopreihe hilft Kommunen in Sachsen-Anhalt, "
            "solche Mittel selbst zu beantragen und voneinander zu lernen."
        )
        apps = program.get("supported_applications", [])
        if apps:
            st.markdown("**Begleitete Förderanträge**")
            st.markdown("\n".join(f"- {md_escape(a.get('name', ''))} – {md_escape(a.get('status', ''))}"
                                  for a in apps))
    with right:
        goals = program.get("goals", [])
        if goals:
            st.markdown("**Ziele der Initiative**")
            st.markdown("\n".join(f"- {md_escape(g)}" for g in goals))


@st.cache_data(show_spinner=False, max_entries=16)
def funnel_spec(facts: SeriesFacts) -> ChartSpec:
    return to_spec(funnel_chart(facts))


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_spec(version: str, themes: tuple[str, ...], _workshops: pd.DataFrame) -> ChartSpec:
    return to_spec(timeline_chart(_workshops, themes))
