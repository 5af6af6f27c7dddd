"""Download buttons for charts (PNG, SVG), tables (CSV for German Excel, .xlsx) and page reports (PDF).

Every file is built only when its button is clicked (deferred data), never on a rerun.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

import pandas as pd
import streamlit as st

from components.charts import ChartSpec
from data.formatting import date_short
from data.loading import Dataset
from exports.images import chart_png, chart_svg
from exports.report import ReportSection, build_report
from exports.tables import to_excel_csv, to_xlsx


def source_line(ds: Dataset) -> str:
    stand = date_short(ds.population_date) if ds.population_date is not None else "unbekannt"
    survey = f"{ds.survey.get('title', 'Befragung')} {ds.survey.get('wave', '')}".strip()
    version = ds.survey.get("store_version")
    return (f"Quelle: {survey}" + (" (Beispieldaten)" if ds.sample_data else "")
            + (f", Umfragedaten {version}" if version else "")
            + f" · Statistisches Landesamt Sachsen-Anhalt, Stand {stand} · erstellt am {date_short(dt.date.today())}")


def file_stem(text: str) -> str:
    stem = re.sub(r"[^0-9A-Za-zÄÖÜäöüß]+", "-", text).strip("-")
    return stem[:60] or "Export"


def chart_buttons(ds: Dataset, chart: ChartSpec, *, title: str, n_text: str, key: str,
                  source: str | None = None) -> None:
    """PNG and SVG of a chart. `source`: a chart of facts rather than survey answers names its own source
    (and is then never labelled as sample data)."""
    sample = ds.sample_data and source is None
    subtitle = [n_text + (" · Beispieldaten" if sample and "Beispieldaten" not in n_text else "")]
    footer = source or source_line(ds)
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


def table_buttons(ds: Dataset, frame: pd.DataFrame | Callable[[], pd.DataFrame], *, title: str, key: str) -> None:
    get = frame if callable(frame) else (lambda: frame)
    stem = file_stem(title)
    a, b = st.columns(2)
    a.download_button("Tabelle als CSV (Excel)", data=lambda: to_excel_csv(get()), file_name=f"{stem}.csv",
                      mime="text/csv", key=f"csv_{key}", on_click="ignore", icon=":material/table_view:",
                      width="stretch")
    b.download_button("Tabelle als Excel (.xlsx)", data=lambda: to_xlsx(get(), title=title, source=source_line(ds)),
                      file_name=f"{stem}.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key=f"xlsx_{key}", on_click="ignore", icon=":material/grid_on:", width="stretch")


def report_button(ds: Dataset, *, title: str, filters_text: str, sections: Callable[[], list[ReportSection]],
                  key: str) -> None:
    """One PDF of the current view: filters, every chart and table of the page, data state and source."""
    def build() -> bytes:
        return build_report(title=title, filters_text=filters_text, sections=sections(),
                            data_state=f"Datenstand {ds.version or 'unbekannt'}", source=source_line(ds),
                            sample_data=ds.sample_data, created=dt.date.today())

    st.download_button("Bericht dieser Ansicht als PDF", data=build, file_name=f"{file_stem(title)}.pdf",
                       mime="application/pdf", key=f"report_{key}", on_click="ignore",
                       icon=":material/picture_as_pdf:")


def png_for_report(ds: Dataset, chart: ChartSpec, title: str, n_text: str, source: str | None = None) -> bytes:
    return chart_png(chart.spec, title=title, subtitle_lines=[n_text], footer=source or source_line(ds), scale=2.0)
