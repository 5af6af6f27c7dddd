"""The sections of each page's PDF report (exports.report), built from the page's views when the report
button is clicked."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from data.formatting import count_noun, date_long
from exports.images import chart_png
from exports.report import ReportSection
from views.charts import ChartSpec
from views.questions import QuestionView
from views.sources import Source
from views.workshops import items_of


def report_png(source: Source, chart: ChartSpec, title: str, n_text: str) -> bytes:
    """A chart as the report shows it, twice the screen resolution: the section's heading names it and every
    page names the report's source, so the picture carries only its n line – and its own source where it
    differs (a chart of facts)."""
    return chart_png(chart.spec, title="", subtitle_lines=[n_text] if n_text else [],
                     footer=source.line(dt.date.today()) if source.facts else "", scale=2.0)


def question_sections(source: Source, views: Iterable[QuestionView]) -> list[ReportSection]:
    """Every question of the survey page: chart, sentence and table, or why it is not shown."""
    out = []
    for view in views:
        if view.suppressed:
            out.append(ReportSection(view.text, note=view.hidden))
            continue
        out.append(ReportSection(view.text, summary=view.report_summary, table=view.table,
                                 chart_png=report_png(source, view.chart, view.text, view.n_text)))
    return out


def workshop_sections(workshops: pd.DataFrame, questions: pd.DataFrame,
                      views: dict[str, QuestionView]) -> list[ReportSection]:
    """The workshops as a table, then per theme its questions' one-line results."""
    table = pd.DataFrame({"Nr.": workshops["number"], "Workshop": workshops["title"],
                          "Datum": [date_long(d) for d in workshops["date"]], "Ort": workshops["venue"],
                          "Themenfeld": workshops["theme"]})
    for column, label in (("agenda", "Programm"), ("results", "Ergebnisse")):  # the cards' own content, if any
        if column in workshops and workshops[column].notna().any():
            table[label] = ["; ".join(items_of(v)) for v in workshops[column]]
    out = [ReportSection("Die Workshops", table=table)]
    for theme in dict.fromkeys(workshops["theme"]):
        rows = []
        for q in questions[questions["theme"] == theme].itertuples(index=False):
            view = views[q.id]
            rows.append({"Frage": q.text, "Ergebnis": (f"nicht dargestellt – {view.reason}" if view.suppressed
                                                       else view.report_summary), "n": view.n})
        if rows:
            out.append(ReportSection(f"Fragen im Themenfeld {theme}", table=pd.DataFrame(rows)))
    return out


def overview_sections(figures: pd.DataFrame, note: str, timeline: tuple[Source, ChartSpec] | None,
                      funnel: tuple[Source, ChartSpec]) -> list[ReportSection]:
    """The overview: key figures, the workshop timeline (when workshops are loaded) and the funnel, each
    chart with its own source (they show facts of the series, not survey answers)."""
    out = [ReportSection("Kennzahlen", table=figures, summary=note)]
    if timeline is not None:
        out.append(ReportSection("Die Workshops der Reihe 2023",
                                 chart_png=report_png(timeline[0], timeline[1], "Die Workshops der Reihe 2023", "")))
    out.append(ReportSection("Beteiligung an der Workshopreihe",
                             chart_png=report_png(funnel[0], funnel[1], "Beteiligung an der Workshopreihe", "")))
    return out


def participants_sections(frame: pd.DataFrame) -> list[ReportSection]:
    """The map page's report: the participating units (the map itself stays in the dashboard)."""
    return [ReportSection("Beteiligte Kommunen", table=frame,
                          summary=f"{count_noun(len(frame), 'Kommune', 'Kommunen')} angemeldet oder mit namentlich "
                                  "gezeigtem Fragebogen (Karte: siehe Dashboard).")]
