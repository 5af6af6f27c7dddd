"""Pieces of the overview page: participation funnel, workshop timeline, programme context."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import INK, PRIMARY, ChartSpec, SizedChart, configure, to_spec
from data.formatting import date_abbrev, date_long, md_escape, number
from data.overview import SeriesFacts

MUTED = "#b8c4ce"


def funnel_chart(facts: SeriesFacts) -> SizedChart:
    """The series' real key figures as bars, each step's name above its bar (readable on a phone too).

    No numeric axis: "über 70" invited is not an exact 70, so its bar runs on past 70 and fades out instead
    of ending at a number."""
    open_end = facts.invited_qualifier.strip().lower() in ("über", "mehr als", "rund", "etwa")
    rows = pd.DataFrame([
        {"stufe": "Eingeladen", "wert": facts.invited, "label": facts.invited_text, "eingeladen": True},
        {"stufe": "Fragebogen zurückgesandt", "wert": facts.questionnaires, "label": number(facts.questionnaires),
         "eingeladen": False},
        {"stufe": "Angemeldet für die ganze Reihe", "wert": facts.registered, "label": number(facts.registered),
         "eingeladen": False},
    ])
    order = list(rows["stufe"])
    row = 52
    top = max(rows["wert"].max(), 1) * 1.3
    y = alt.Y("stufe:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3))
    base = alt.Chart(rows).encode(
        y=y, tooltip=[alt.Tooltip("stufe:N", title="Stufe"), alt.Tooltip("label:N", title="Kommunen")])
    x = alt.X("wert:Q", title=None, axis=None, scale=alt.Scale(domain=[0, top]))
    bars = base.mark_bar(cornerRadiusEnd=0 if open_end else 3).encode(
        x=x, color=alt.condition(alt.datum.eingeladen, alt.value(MUTED), alt.value(PRIMARY)))
    layers = [bars]
    label_x = alt.X("wert:Q")
    if open_end:
        # "über 70": the bar fades out over the next tenth instead of ending at exactly 70.
        fade = pd.DataFrame({"stufe": ["Eingeladen"], "von": [facts.invited], "bis": [facts.invited * 1.12]})
        gradient = alt.Gradient(gradient="linear", stops=[alt.GradientStop(color=MUTED, offset=0),
                                                          alt.GradientStop(color="#ffffff", offset=1)],
                                x1=0, x2=1, y1=0, y2=0)
        layers.append(alt.Chart(fade).mark_bar(color=gradient).encode(
            y=y, x=alt.X("von:Q", scale=alt.Scale(domain=[0, top]), axis=None), x2="bis:Q"))
        rows["label_at"] = [v * (1.12 if e else 1) for v, e in zip(rows["wert"], rows["eingeladen"])]
        base = alt.Chart(rows).encode(y=y)
        label_x = alt.X("label_at:Q", scale=alt.Scale(domain=[0, top]), axis=None)
    names = base.mark_text(align="left", baseline="bottom", dy=-(row * 0.45 / 2) - 3, fontSize=14, color=INK,
                           x=0).encode(text="stufe:N")
    text = base.mark_text(align="left", dx=6, fontSize=15, fontWeight="bold", color=INK).encode(x=label_x,
                                                                                                  text="label:N")
    plot = row * len(rows)
    return SizedChart(configure(alt.layer(*layers, names, text).properties(height=plot, width="container")), plot + 40)


def timeline_chart(workshops: pd.DataFrame, themes: tuple[str, ...]) -> SizedChart:
    """One row per workshop: its title above, a dot at its date with date and venue beside it."""
    w = workshops.copy()
    w["datum"] = [date_long(d) for d in w["date"]]
    w["titel"] = [f"{n}. {t}" for n, t in zip(w["number"], w["title"])]
    w["wann_wo"] = [f"{date_abbrev(d)} · {v}" for d, v in zip(w["date"], w["venue"])]
    w["aktiv"] = w["theme"].isin(themes) if themes else True
    w["tag"] = w["date"].dt.strftime("%Y-%m-%d")
    first, last = w["date"].min(), w["date"].max()
    months = [d.strftime("%Y-%m-%d") for d in pd.date_range(first.replace(day=1), last, freq="MS")]
    domain = [(first - pd.Timedelta(days=10)).strftime("%Y-%m-%d"), (last + pd.Timedelta(days=10)).strftime("%Y-%m-%d")]
    row = 54
    y = alt.Y("titel:N", sort=list(w["titel"]), title=None, axis=None,
              scale=alt.Scale(paddingInner=0.5, paddingOuter=0.3))
    base = alt.Chart(w).encode(
        y=y,
        tooltip=[alt.Tooltip("titel:N", title="Workshop"), alt.Tooltip("datum:N", title="Datum"),
                 alt.Tooltip("venue:N", title="Ort"), alt.Tooltip("theme:N", title="Themenfeld")],
    )
    x = alt.X("tag:T", title=None, scale=alt.Scale(domain=domain),
              axis=alt.Axis(format="%b", labelAngle=0, values=months, grid=True, gridColor="#eeeeee",
                            labelColor=INK, labelOverlap=True))
    text_colour = alt.condition(alt.datum.aktiv, alt.value(INK), alt.value("#6b6b6b"))
    dots = base.mark_circle(size=200, opacity=1).encode(
        x=x, color=alt.condition(alt.datum.aktiv, alt.value(PRIMARY), alt.value(MUTED)))
    names = base.mark_text(align="left", baseline="bottom", dy=-16, fontSize=14, fontWeight="bold", x=0).encode(
        text="titel:N", color=text_colour)
    when = base.mark_text(align="left", dx=12, fontSize=13).encode(x=alt.X("tag:T"), text="wann_wo:N",
                                                                   color=text_colour)
    plot = row * len(w)
    return SizedChart(configure((dots + names + when).properties(height=plot, width="container")), plot + 50)


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


@st.cache_data(show_spinner=False, max_entries=16)
def funnel_spec(facts: SeriesFacts) -> ChartSpec:
    return to_spec(funnel_chart(facts))


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_spec(version: str, themes: tuple[str, ...], _workshops: pd.DataFrame) -> ChartSpec:
    return to_spec(timeline_chart(_workshops, themes))
