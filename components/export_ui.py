"""Download buttons for charts (PNG, SVG), tables (CSV for German Excel, .xlsx) and page reports (PDF).

Every file is built only when its button is clicked (deferred data), never on a rerun. Each names its source
(views.sources.Source): the survey as labelled for the answers shown, with "Beispieldaten" while they are.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.frame import page_context
from data.formatting import SAMPLE_LABEL, count_noun, sample_mark
from exports import file_stem
from exports.images import chart_png, chart_svg
from exports.report import ReportSection, build_report
from exports.tables import TableInfo, to_excel_csv, to_xlsx
from views.charts import ChartSpec
from views.sources import Source


def chart_buttons(source: Source, chart: ChartSpec, *, title: str, n_text: str, key: str) -> None:
    subtitle = [n_text + sample_mark(source.sample_data and SAMPLE_LABEL not in n_text)]
    footer = source.line(dt.date.today())
    stem = file_stem(title)
    a, b = st.columns(2)
    a.download_button("Grafik als PNG", data=lambda: chart_png(chart.spec, title=title, subtitle_lines=subtitle,
                                                                footer=footer),
                      file_name=f"{stem}.png", mime="image/png", key=f"png_{key}", on_click="ignore",
                      icon=":material/image:", width="stretch")
    b.download_button("Grafik als SVG", data=lambda: chart_svg(chart.spec, title=title, subtitle_lines=subtitle,
                                                                footer=footer),
                      file_name=f"{stem}.svg", mime="image/svg+xml", key=f"svg_{key}", on_click="ignore",
                      icon=":material/draw:", width="stretch")


def table_buttons(source: Source, frame: pd.DataFrame | Callable[[], pd.DataFrame], *, title: str, key: str,
                  n_text: str | None = None) -> None:
    """CSV and .xlsx of a table, each with a header block (title, the active filters, n, source, data state,
    date, sample-data note) and numbers as numbers. `n_text` says what n is (default: the number of rows).
    One button per line, so that no label is cut."""
    get = frame if callable(frame) else (lambda: frame)
    stem = file_stem(title)
    filters_text = page_context().filters_text  # read now: the file is built later, outside this run

    def info() -> TableInfo:
        n = n_text if n_text is not None else count_noun(len(get()), "Zeile", "Zeilen")
        return TableInfo(title=title, filters=filters_text, n=n, source=source.text, created=dt.date.today(),
                         sample_data=source.sample_data, data_state=source.data_state)

    st.download_button("Tabelle als CSV (für Excel)", data=lambda: to_excel_csv(get(), info()),
                       file_name=f"{stem}.csv", mime="text/csv", key=f"csv_{key}", on_click="ignore",
                       icon=":material/table_view:", width="stretch")
    st.download_button("Tabelle als Excel-Datei (.xlsx)", data=lambda: to_xlsx(get(), info=info()),
                       file_name=f"{stem}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"xlsx_{key}", on_click="ignore", icon=":material/grid_on:", width="stretch")


def report_button(source: Source, *, title: str, filters_text: str, sections: Callable[[], list[ReportSection]],
                  key: str) -> None:
    """One PDF of the current view: filters, every chart and table of the page, data state and source."""
    def build() -> bytes:
        today = dt.date.today()
        return build_report(title=title, filters_text=filters_text, sections=sections(), data_state=source.data_state,
                            source=source.text, sample_data=source.sample_data, created=today)

    st.download_button("Bericht dieser Ansicht als PDF", data=build, file_name=f"{file_stem(title)}.pdf",
                       mime="application/pdf", key=f"report_{key}", on_click="ignore",
                       icon=":material/picture_as_pdf:")
