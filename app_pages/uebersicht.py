"""Übersicht: the workshop series at a glance for presenters and visitors.

Key figures (invited, registered, questionnaires, workshops), the participation funnel, the workshop
timeline and the programme context. Figures follow the size-class, district and Kommune filters.
"""
import streamlit as st

from components.filters import current_filters
from components.notices import filter_caption
from components.overview import funnel_spec, programme_context, timeline_spec
import pandas as pd

from components.charts import show_chart
from components.export_ui import chart_buttons, png_for_report, report_button
from components.filters import choices_for
from exports.report import ReportSection
from components.state import get_dataset
from components.tiles import tiles
from data.filters import describe, filter_units
from data.formatting import md_escape, number, period
from data.overview import participation_counts

ds = get_dataset()
filters = current_filters()

st.title("Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten")
st.markdown(
    f"Die Workshopreihe {md_escape(ds.program.get('year', ''))} des Kompetenzzentrums Stadtumbau und "
    "Smart Cities begleitet Kommunen auf dem Weg zur Smart City – von der Strategie bis zum eigenen "
    "Förderantrag."
)
filter_caption(ds, filters)

units = filter_units(ds.units, filters, ds.municipalities)
counts = participation_counts(ds.units, units, ds.workshops, filters)
invited = ds.program.get("invited", {})
tiles([
    ("Eingeladen", f"{invited.get('qualifier', '')} {number(invited.get('value', 0))}".strip(),
     "Kommunen, Gesamtzahl der Reihe (ohne Filter)" if filters.active else "Kommunen in Sachsen-Anhalt"),
    ("Angemeldet", number(counts.registered),
     f"für die ganze Reihe · von {number(counts.registered_total)} insgesamt" if filters.active
     else "für die ganze Reihe (Gemeinden und Verbandsgemeinden)"),
    ("Fragebögen", number(counts.answered),
     "zurückgesandt" + (f" · von {number(counts.answered_total)} insgesamt" if filters.active else
                        " (Kurzbefragung 2023)") + (" · Beispieldaten" if ds.sample_data else "")),
    ("Workshops", number(counts.workshops), "im gewählten Themenfeld" if filters.themes else period(ds.workshops)),
])

st.subheader("Die Workshops")
if len(ds.workshops):
    timeline = timeline_spec(ds.version, filters.themes, ds.workshops)
    show_chart(timeline, key="timeline", alt_text="Zeitleiste der sechs Workshops von April bis Dezember 2023")
    with st.popover("Exportieren", icon=":material/download:"):
        chart_buttons(ds, timeline, title="Die Workshops der Reihe 2023", n_text=f"{number(len(ds.workshops))} Workshops",
                      key="timeline")
    if filters.themes:
        st.caption("Hervorgehoben: Workshops im gewählten Themenfeld.")
else:
    st.info("Es sind keine Workshopdaten geladen.")

st.subheader("Beteiligung")
st.caption("Kommunen zählen als Einheit: eine Gemeinde oder eine ganze Verbandsgemeinde."
           + (" Die Zahl der Fragebögen beruht auf Beispieldaten." if ds.sample_data else ""))
funnel = funnel_spec(counts, int(invited.get("value", 0)), str(invited.get("qualifier", "")))
show_chart(funnel, key="funnel",
           alt_text=f"{number(counts.answered)} Fragebögen, {number(counts.registered)} angemeldete Kommunen, "
                    f"davon {number(counts.both)} mit Fragebogen")

with st.popover("Exportieren", icon=":material/download:"):
    chart_buttons(ds, funnel, title="Beteiligung an der Workshopreihe",
                  n_text="Kommunen als Einheiten (Gemeinden und Verbandsgemeinden)", key="funnel")
    report_button(ds, title="Übersicht – Sachsen-Anhalt digital", filters_text=describe(filters, choices_for(ds)),
                  sections=lambda: [
                      ReportSection("Kennzahlen", table=pd.DataFrame({
                          "Kennzahl": ["Eingeladen", "Angemeldet", "Fragebögen", "Workshops"],
                          "Wert": [f"{invited.get('qualifier', '')} {number(invited.get('value', 0))}".strip(),
                                   number(counts.registered), number(counts.answered), number(counts.workshops)]})),
                      ReportSection("Die Workshops der Reihe 2023",
                                    chart_png=png_for_report(ds, timeline, "Die Workshops der Reihe 2023", "")),
                      ReportSection("Beteiligung an der Workshopreihe",
                                    chart_png=png_for_report(ds, funnel, "Beteiligung an der Workshopreihe", "")),
                  ], key="uebersicht")

programme_context(ds.program)
