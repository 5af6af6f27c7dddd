"""The overview page as plain data: the series' key figures (facts from program.yaml, with filters the
selection's counts beside them), the participation funnel and the workshop timeline."""
from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from data.filters import Filters
from data.formatting import date_abbrev, date_long, number, period, sample_mark
from data.overview import ParticipationCounts, SeriesFacts
from views.charts import INK, MUTED, PRIMARY, SizedChart, configure
from views.sources import SERIES


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    caption: str | None = None


FACTS_SOURCE = f"Quelle: {SERIES}"


def by_place(filters: Filters) -> bool:
    """Whether the filters select places (size class, district, municipality) rather than only themes."""
    return bool(filters.sizes or filters.districts or filters.units)


def questionnaires_tile(facts: SeriesFacts, counts: ParticipationCounts, filters: Filters,
                        sample_data: bool) -> Tile:
    """The series' questionnaires (a fact) – or, with places chosen, the answering units on the cover of the
    selection (from the loaded answers, marked while they are sample data)."""
    if not by_place(filters):
        return Tile("Fragebögen", number(facts.questionnaires), "zurückgesandt (Kurzbefragung 2023)")
    if counts.answered_shown:
        caption = (f"zurückgesandt · von {number(facts.questionnaires)} insgesamt" if not counts.answered_note
                   else "zurückgesandt in einer größeren Gruppe (siehe unten)") + sample_mark(sample_data)
        return Tile("Fragebögen", number(counts.answered), caption)
    return Tile("Fragebögen", "–", "für diese Auswahl nicht einzeln ausgewiesen")


def key_figures(facts: SeriesFacts, counts: ParticipationCounts, filters: Filters, workshops: pd.DataFrame,
                sample_data: bool) -> list[Tile]:
    """The four tiles of the overview: invited, registered, questionnaires, workshops."""
    placed = by_place(filters)
    return [
        Tile("Eingeladen", facts.invited_text,
             "Kommunen, Gesamtzahl der Reihe (ohne Filter)" if filters.active else "Kommunen in Sachsen-Anhalt"),
        Tile("Angemeldet", number(counts.registered if placed else facts.registered),
             f"für die ganze Reihe · von {number(facts.registered)} insgesamt" if placed
             else "für die ganze Reihe (Gemeinden und Verbandsgemeinden)"),
        questionnaires_tile(facts, counts, filters, sample_data),
        Tile("Workshops", number(counts.workshops), "im gewählten Themenfeld" if filters.themes else period(workshops)),
    ]


def questionnaires_note(counts: ParticipationCounts, filters: Filters, sample_data: bool) -> str:
    """Which larger group the questionnaires tile counts ("" when it is the selection)."""
    if not (by_place(filters) and counts.answered_note):
        return ""
    return "Fragebögen" + sample_mark(sample_data, "paren") + ": " + counts.answered_note


def key_figures_table(tiles: list[Tile], filters: Filters, sample_data: bool) -> pd.DataFrame:
    """The key figures as the report's table."""
    values = [t.value for t in tiles]
    values[2] += sample_mark(by_place(filters) and sample_data, "paren")
    return pd.DataFrame({"Kennzahl": [t.label for t in tiles], "Wert": values})


def funnel_alt_text(facts: SeriesFacts) -> str:
    return (f"{facts.invited_text} eingeladene Kommunen, {number(facts.questionnaires)} zurückgesandte Fragebögen, "
            f"{number(facts.registered)} für die ganze Reihe angemeldete Kommunen")


def funnel_chart(facts: SeriesFacts) -> SizedChart:
    """The series' real key figures as bars, each step's name above its bar (readable on a phone too).

    No numeric axis: "über 70" invited is not an exact 70, so its bar runs on past 70 and fades out instead
    of ending at a number."""
    open_end = facts.invited_qualifier.strip().lower() in ("über", "mehr als", "rund", "etwa")
    rows = pd.DataFrame([
        {"step": "Eingeladen", "value": facts.invited, "label": facts.invited_text, "invited": True},
        {"step": "Fragebogen zurückgesandt", "value": facts.questionnaires, "label": number(facts.questionnaires),
         "invited": False},
        {"step": "Angemeldet für die ganze Reihe", "value": facts.registered, "label": number(facts.registered),
         "invited": False},
    ])
    order = list(rows["step"])
    row = 52
    top = max(rows["value"].max(), 1) * 1.3
    y = alt.Y("step:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3))
    base = alt.Chart(rows).encode(
        y=y, tooltip=[alt.Tooltip("step:N", title="Stufe"), alt.Tooltip("label:N", title="Kommunen")])
    x = alt.X("value:Q", title=None, axis=None, scale=alt.Scale(domain=[0, top]))
    bars = base.mark_bar(cornerRadiusEnd=0 if open_end else 3).encode(
        x=x, color=alt.condition(alt.datum.invited, alt.value(MUTED), alt.value(PRIMARY)))
    layers = [bars]
    label_x = alt.X("value:Q")
    if open_end:
        # "über 70": the bar fades out over the next tenth instead of ending at exactly 70.
        fade = pd.DataFrame({"step": ["Eingeladen"], "start": [facts.invited], "end": [facts.invited * 1.12]})
        gradient = alt.Gradient(gradient="linear", stops=[alt.GradientStop(color=MUTED, offset=0),
                                                          alt.GradientStop(color="#ffffff", offset=1)],
                                x1=0, x2=1, y1=0, y2=0)
        layers.append(alt.Chart(fade).mark_bar(color=gradient).encode(
            y=y, x=alt.X("start:Q", scale=alt.Scale(domain=[0, top]), axis=None), x2="end:Q"))
        rows["label_at"] = [v * (1.12 if e else 1) for v, e in zip(rows["value"], rows["invited"])]
        base = alt.Chart(rows).encode(y=y)
        label_x = alt.X("label_at:Q", scale=alt.Scale(domain=[0, top]), axis=None)
    names = base.mark_text(align="left", baseline="bottom", dy=-(row * 0.45 / 2) - 3, fontSize=14, color=INK,
                           x=0).encode(text="step:N")
    text = base.mark_text(align="left", dx=6, fontSize=15, fontWeight="bold", color=INK).encode(x=label_x,
                                                                                                  text="label:N")
    plot = row * len(rows)
    return SizedChart(configure(alt.layer(*layers, names, text).properties(height=plot, width="container")), plot + 40)


def timeline_chart(workshops: pd.DataFrame, themes: tuple[str, ...]) -> SizedChart:
    """One row per workshop: its title above, a dot at its date with date and venue beside it."""
    w = workshops.copy()
    w["date_text"] = [date_long(d) for d in w["date"]]
    w["heading"] = [f"{n}. {t}" for n, t in zip(w["number"], w["title"])]
    w["when_where"] = [f"{date_abbrev(d)} · {v}" for d, v in zip(w["date"], w["venue"])]
    w["active"] = w["theme"].isin(themes) if themes else True
    w["day"] = w["date"].dt.strftime("%Y-%m-%d")
    first, last = w["date"].min(), w["date"].max()
    months = [d.strftime("%Y-%m-%d") for d in pd.date_range(first.replace(day=1), last, freq="MS")]
    domain = [(first - pd.Timedelta(days=10)).strftime("%Y-%m-%d"), (last + pd.Timedelta(days=10)).strftime("%Y-%m-%d")]
    row = 54
    y = alt.Y("heading:N", sort=list(w["heading"]), title=None, axis=None,
              scale=alt.Scale(paddingInner=0.5, paddingOuter=0.3))
    base = alt.Chart(w).encode(
        y=y,
        tooltip=[alt.Tooltip("heading:N", title="Workshop"), alt.Tooltip("date_text:N", title="Datum"),
                 alt.Tooltip("venue:N", title="Ort"), alt.Tooltip("theme:N", title="Themenfeld")],
    )
    x = alt.X("day:T", title=None, scale=alt.Scale(domain=domain),
              axis=alt.Axis(format="%b", labelAngle=0, values=months, grid=True, gridColor="#eeeeee",
                            labelColor=INK, labelOverlap=True))
    text_colour = alt.condition(alt.datum.active, alt.value(INK), alt.value("#6b6b6b"))
    dots = base.mark_circle(size=200, opacity=1).encode(
        x=x, color=alt.condition(alt.datum.active, alt.value(PRIMARY), alt.value(MUTED)))
    names = base.mark_text(align="left", baseline="bottom", dy=-16, fontSize=14, fontWeight="bold", x=0).encode(
        text="heading:N", color=text_colour)
    when = base.mark_text(align="left", dx=12, fontSize=13).encode(x=alt.X("day:T"), text="when_where:N",
                                                                   color=text_colour)
    plot = row * len(w)
    return SizedChart(configure((dots + names + when).properties(height=plot, width="container")), plot + 50)
