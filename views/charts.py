"""Altair charts in the dashboard's look: German number formats, colour-blind-safe colours, n in every title.

Each builder returns a SizedChart; to_spec() validates it once and turns it into the ChartSpec that is cached
and sent (components.charts.show_chart) or exported (exports.images).
"""
from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import pyarrow as pa

from data.compare import Comparison
from data.formatting import VEGA_LOCALE, number, percent
from data.survey import Result

PRIMARY = "#0b5394"
INK = "#1b1b1b"  # text in charts: dark enough for a projector (WCAG AA on white)
MUTED = "#b8c4ce"  # context bars and dots (the invited; workshops outside the chosen theme)
# Ordered answers from "not yet" to "done": light to dark blue (ColorBrewer Blues, safe for colour blindness).
ORDINAL = {2: ["#9ecae1", "#08519c"], 3: ["#c6dbef", "#6baed6", "#08519c"],
           4: ["#c6dbef", "#6baed6", "#2171b5", "#08306b"], 5: ["#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b"]}
# First wave of a comparison lighter, second darker (ColorBrewer Blues; ≥ 3:1 against white).
WAVE_COLOURS = ["#4292c6", "#08306b"]


@dataclass(frozen=True)
class SizedChart:
    """A chart and the height it needs on the page (Streamlit does not size Vega-Lite reliably)."""

    chart: alt.TopLevelMixin
    height: int


def configure(chart: alt.Chart, large: bool = False) -> alt.Chart:
    """German locale and the dashboard's type sizes; `large` for the projector."""
    chart = chart.properties(autosize=alt.AutoSizeParams(type="fit", contains="padding"),
                             padding={"left": 8, "right": 16, "top": 6, "bottom": 6})
    label, title = (22, 32) if large else (14, 17)
    return chart.configure(locale=VEGA_LOCALE).configure_axis(
        labelFontSize=label, titleFontSize=label, labelLimit=520 if large else 320, grid=False
    ).configure_title(fontSize=title, subtitleFontSize=label, anchor="start", subtitleColor="#4a4a4a").configure_view(
        stroke=None
    ).configure_legend(labelFontSize=label, titleFontSize=label)


SHARE_TITLE = "Anteil der antwortenden Kommunen"
MULTI_NOTE = "(Mehrfachnennung)"


def share_title(multi: bool) -> str | list[str]:
    """The share axis's title; with several answers allowed on two lines, so it fits a phone's width (a
    centred one-line title wider than the chart is cut at both ends)."""
    return [SHARE_TITLE, MULTI_NOTE] if multi else SHARE_TITLE


def title_room(multi: bool, large: bool) -> int:
    """Height the axis title's second line takes."""
    return (26 if large else 18) if multi else 0


def question_chart(result: Result, title: str, subtitle: str, multi: bool, large: bool = False) -> SizedChart:
    """Horizontal bars: share of answering units per option, in the questionnaire's order.

    Each answer stands above its bar (not in an axis column), so the chart works at any width, phones
    included. The question itself is shown by the page (and added by the image export), not in the chart.
    """
    t = result.table.copy()
    t["label"] = [f"{percent(s)} ({number(c)})" for s, c in zip(t["share"], t["count"])]
    order = list(t["option"])
    size = 22 if large else 14
    row = 78 if large else 52
    y = alt.Y("option:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3))
    base = alt.Chart(t).encode(
        y=y,
        tooltip=[alt.Tooltip("option:N", title="Antwort"), alt.Tooltip("label:N", title="Anteil (Anzahl)")],
    )
    x = alt.X("share:Q", title=share_title(multi), axis=alt.Axis(format=".0%", tickCount=5, labelColor=INK,
              titleColor=INK), scale=alt.Scale(domain=[0, 1]))
    bars = base.mark_bar(color=PRIMARY, cornerRadiusEnd=3).encode(x=x)
    answer = base.mark_text(align="left", baseline="bottom", dy=-(row * 0.45 / 2) - 3, fontSize=size,
                            color=INK, x=0).encode(text="option:N")
    value = base.mark_text(align="left", dx=6, fontSize=size, fontWeight="bold", color=INK).encode(
        x=alt.X("share:Q"), text="label:N")
    plot = row * len(t)
    chart = (bars + answer + value).properties(height=plot, width="container", description=f"{title} – {subtitle}")
    return SizedChart(configure(chart, large), plot + (80 if large else 60) + title_room(multi, large))


def breakdown_chart(table: pd.DataFrame, options: tuple[str, ...], title: str) -> SizedChart:
    """100 % stacked bars per size class, each group's name above its bar; hidden groups appear as a text
    row, never as numbers. Works at any width."""
    shown = table[table["shown"]].copy()
    # Stack order as a data column: Vega expressions never carry data values.
    shown["order"] = [list(options).index(o) for o in shown["option"]]
    shown["label"] = [f"{o}: {percent(s)} ({number(c)})" for o, s, c in zip(shown["option"], shown["share"],
                                                                            shown["count"])]
    shown["group"] = [f"{g} (n = {number(n)})" for g, n in zip(shown["size_class"], shown["n"])]
    hidden = table[~table["shown"]].copy()
    hidden["group"] = [f"{g} (n = {number(n)})" if n else g for g, n in zip(hidden["size_class"], hidden["n"])]
    order = list(dict.fromkeys(table["size_class"]))
    groups = [g for c in order for g in list(shown.loc[shown["size_class"] == c, "group"].unique())
              + list(hidden.loc[hidden["size_class"] == c, "group"])]
    names = pd.DataFrame({"group": groups})
    y = alt.Y("group:N", sort=groups, title=None, axis=None, scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3))
    row = 56
    colours = ORDINAL.get(len(options), None)
    colour = alt.Color("option:N", sort=list(options), title="Antwort",
                       scale=alt.Scale(domain=list(options), range=colours) if colours else alt.Scale(
                           domain=list(options), scheme="tableau10"),
                       legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=300, columns=2))
    bars = alt.Chart(shown).mark_bar().encode(
        y=y,
        x=alt.X("share:Q", stack="normalize", title="Anteil",
                axis=alt.Axis(format=".0%", labelColor=INK, titleColor=INK)),
        color=colour,
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("group:N", title="Größenklasse"), alt.Tooltip("label:N", title="Antwort")],
    )
    label = alt.Chart(names).mark_text(align="left", baseline="bottom", dy=-(row * 0.45 / 2) - 3, fontSize=14,
                                       color=INK, x=0).encode(y=y, text="group:N")
    layers = [bars, label]
    if len(hidden):
        notes = alt.Chart(hidden).mark_text(align="left", fontSize=13, color="#4a4a4a", fontStyle="italic",
                                            x=0).encode(y=y, text="reason:N")
        layers.append(notes)
    plot = row * len(groups)
    chart = alt.layer(*layers).properties(height=plot, width="container", description=title)
    legend_rows = (len(options) + 1) // 2
    return SizedChart(configure(chart), plot + 70 + 22 * legend_rows + 30)


@dataclass(frozen=True)
class ChartSpec:
    """A chart as its Vega-Lite JSON: validated once by Altair, then cached and sent as is."""

    spec: dict  # the whole chart, for exports (an SVG keeps its description)
    height: int
    description: str = ""  # the chart's description (title and n), moved into the accessible name on screen
    display: dict | None = None  # the spec without description, as sent to the browser


def arrow_bytes(records: list[dict]) -> bytes:
    """A chart dataset as Arrow IPC stream bytes, as Streamlit encodes a DataFrame for Vega-Lite
    (tests/unit/views/test_charts.py compares the two)."""
    table = pa.Table.from_pandas(pd.DataFrame(records))
    sink = pa.BufferOutputStream()
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def to_spec(sized: SizedChart) -> ChartSpec:
    """Validate once, and pre-encode the chart's datasets as Arrow bytes: Streamlit passes bytes through
    as they are instead of converting every table on every rerun."""
    spec = sized.chart.to_dict()
    for name, values in list(spec.get("datasets", {}).items()):
        spec["datasets"][name] = arrow_bytes(values)
    description = str(spec.get("description", ""))
    display = {k: v for k, v in spec.items() if k != "description"}
    return ChartSpec(spec, sized.height, description, display)


def compare_chart(c: Comparison, labels: tuple[str, str], title: str, subtitle: str, multi: bool,
                  large: bool = False) -> SizedChart:
    """Grouped horizontal bars: per option one bar per wave, each labelled with share and count; the
    option's text above its pair of bars, so the chart works at any width."""
    t = c.table
    rows = []
    for label, share, count, n in ((labels[0], "share_a", "count_a", c.n_a), (labels[1], "share_b", "count_b", c.n_b)):
        legend = f"{label} (n = {number(n)})"
        rows += [{"option": o, "wave": legend, "share": float(s), "label": f"{percent(s)} ({number(k)})"}
                 for o, s, k in zip(t["option"], t[share], t[count])]
    frame = pd.DataFrame(rows)
    waves = list(dict.fromkeys(frame["wave"]))
    order = list(t["option"])
    size = 22 if large else 14
    # Half of each row is the gap that carries the next answer's text, so a text sits clearly nearer to its
    # own pair of bars than to the pair above.
    row = 124 if large else 88
    band = 0.5
    y = alt.Y("option:N", sort=order, title=None, axis=None,
              scale=alt.Scale(paddingInner=1 - band, paddingOuter=0.3))
    offset = alt.YOffset("wave:N", sort=waves, scale=alt.Scale(paddingInner=0.12))
    x = alt.X("share:Q", title=share_title(multi), axis=alt.Axis(format=".0%", tickCount=5, labelColor=INK,
              titleColor=INK), scale=alt.Scale(domain=[0, 1]))
    colour = alt.Color("wave:N", sort=waves, title="Welle", scale=alt.Scale(domain=waves, range=WAVE_COLOURS),
                       legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=320))
    base = alt.Chart(frame).encode(
        y=y, yOffset=offset,
        tooltip=[alt.Tooltip("option:N", title="Antwort"), alt.Tooltip("wave:N", title="Welle"),
                 alt.Tooltip("label:N", title="Anteil (Anzahl)")])
    bars = base.mark_bar(cornerRadiusEnd=3).encode(x=x, color=colour)
    value = base.mark_text(align="left", dx=6, fontSize=size - 1, fontWeight="bold", color=INK).encode(
        x=alt.X("share:Q"), text="label:N")
    answer = alt.Chart(pd.DataFrame({"option": order})).mark_text(
        align="left", baseline="bottom", dy=-(row * band / 2) - 3, fontSize=size, color=INK, x=0).encode(
        y=y, text="option:N")
    plot = row * len(order)
    chart = alt.layer(bars, value, answer).properties(height=plot, width="container",
                                                     description=f"{title} – {subtitle}")
    return SizedChart(configure(chart, large), plot + (120 if large else 90) + title_room(multi, large))
