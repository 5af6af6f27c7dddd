"""Pieces of the overview page: participation funnel, workshop timeline, programme context."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import PRIMARY, ChartSpec, SizedChart, configure, to_spec
from data.formatting import date_abbrev, date_long, md_escape, number
from data.overview import ParticipationCounts

MUTED = "#b8c4ce"


def funnel_chart(counts: ParticipationCounts, invited: dict) -> SizedChart:
    qualifier = invited.get("qualifier", "")
    rows = pd.DataFrame([
        {"stufe": "Eingeladen", "wert": invited.get("value", 0),
         "label": f"{qualifier} {number(invited.get('value', 0))}".strip()},
        {"stufe": "Fragebogen zurückgesandt", "wert": counts.answered, "label": number(counts.answered)},
        {"stufe": "Angemeldet für die ganze Reihe", "wert": counts.registered, "label": number(counts.registered)},
        {"stufe": "Angemeldet und Fragebogen", "wert": counts.both, "label": number(counts.both)},
    ])
    order = list(rows["stufe"])
    base = alt.Chart(rows).encode(
        y=alt.Y("stufe:N", sort=order, title=None),
        x=alt.X("wert:Q", title="Kommunen (Gemeinden und Verbandsgemeinden)", axis=alt.Axis(tickMinStep=1),
                scale=alt.Scale(domain=[0, max(rows["wert"].max(), 1) * 1.3])),
        tooltip=[alt.Tooltip("stufe:N", title="Stufe"), alt.Tooltip("label:N", title="Kommunen")],
    )
    bars = base.mark_bar(height={"band": 0.7}, cornerRadiusEnd=3).encode(
        color=alt.condition(alt.datum.stufe == "Eingeladen", alt.value(MUTED), alt.value(PRIMARY)))
    text = base.mark_text(align="left", dx=6, fontSize=15, fontWeight="bold", color="#1b1b1b").encode(text="label:N")
    return SizedChart(configure((bars + text).properties(height=200, width="container")), 270)


def timeline_chart(workshops: pd.DataFrame, themes: tuple[str, ...]) -> SizedChart:
    """One row per workshop: title on the axis, a dot at its date, date and venue beside the dot."""
    w = workshops.copy()
    w["datum"] = [date_long(d) for d in w["date"]]
    w["titel"] = [f"{n}. {t}" for n, t in zip(w["number"], w["title"])]
    w["wann_wo"] = [f"{date_abbrev(d)} · {v}" for d, v in zip(w["date"], w["venue"])]
    w["aktiv"] = w["theme"].isin(themes) if themes else True
    w["tag"] = w["date"].dt.strftime("%Y-%m-%d")
    first, last = w["date"].min(), w["date"].max()
    months = [d.strftime("%Y-%m-%d") for d in pd.date_range(first.replace(day=1), last, freq="MS")]
    domain = [(first - pd.Timedelta(days=20)).strftime("%Y-%m-%d"), (last + pd.Timedelta(days=75)).strftime("%Y-%m-%d")]
    base = alt.Chart(w).encode(
        x=alt.X("tag:T", title=None, scale=alt.Scale(domain=domain),
                axis=alt.Axis(format="%b", labelAngle=0, values=months, grid=True, gridColor="#eeeeee")),
        y=alt.Y("titel:N", sort=list(w["titel"]), title=None, axis=alt.Axis(labelLimit=300, labelFontSize=14)),
        tooltip=[alt.Tooltip("titel:N", title="Workshop"), alt.Tooltip("datum:N", title="Datum"),
                 alt.Tooltip("venue:N", title="Ort"), alt.Tooltip("theme:N", title="Themenfeld")],
    )
    colour = alt.condition(alt.datum.aktiv, alt.value(PRIMARY), alt.value(MUTED))
    dots = base.mark_circle(size=220, opacity=1).encode(color=colour)
    text = base.mark_text(align="left", dx=12, fontSize=13).encode(
        text="wann_wo:N", color=alt.condition(alt.datum.aktiv, alt.value("#1b1b1b"), alt.value("#767676")))
    return SizedChart(configure((dots + text).properties(height=40 * len(w), width="container")), 40 * len(w) + 60)


def programme_context(program: dict) -> None:
    if not program:
        return
    fp = program.get("federal_programme", {})
    st.subheader("Worum es geht")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(
            f"Der Bund fördert mit dem Programm **{md_escape(fp.get('name', ''))}** Modellprojekte Smart Cities: "
            f"{md_escape(number(fp.get('funding_eur_million', 0)))} Mio. Euro für "
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


@st.cache_data(show_spinner=False, max_entries=256)
def funnel_spec(counts: ParticipationCounts, invited_value: int, qualifier: str) -> ChartSpec:
    return to_spec(funnel_chart(counts, {"value": invited_value, "qualifier": qualifier}))


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_spec(version: str, themes: tuple[str, ...], _workshops: pd.DataFrame) -> ChartSpec:
    return to_spec(timeline_chart(_workshops, themes))
