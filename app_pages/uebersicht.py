"""Übersicht: the workshop series at a glance for presenters and visitors.

Key figures (invited, registered, questionnaires, workshops) – the series' real facts from program.yaml,
drawn as facts – the workshop timeline and the programme context. With filters, the tiles count the
selection: registrations (a fact) exactly, questionnaires (from the loaded answers, labelled as sample data
while they are) on the cover of the selection, as every survey figure (data.disclosure).
"""
import pandas as pd
import streamlit as st

from components.access import disclosure
from components.charts import show_chart
from components.export_ui import chart_buttons, png_for_report, report_button
from components.filters import choices_for, current_filters
from components.notices import filter_caption
from components.overview import funnel_spec, programme_context, timeline_spec
from components.state import get_dataset
from components.tiles import tiles
from data.filters import describe, filter_units
from data.formatting import md_escape, number, period
from data.overview import participation_counts, series_facts
from exports.report import ReportSection

ds = get_dataset()
filters = current_filters()

st.title("Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten")
st.markdown(
    f"Die Workshopreihe {md_escape(ds.program.get('year', ''))} des Kompetenzzentrums Stadtumbau und "
    "Smart Cities begleitet Kommunen auf dem Weg zur Smart City – von der Strategie bis zum eigenen "
    "Förderantrag."
)
filter_caption(ds, filters)

facts = series_facts(ds.program, ds.participants, ds.workshops)
units = filter_units(ds.units, filters, ds.municipalities)
counts = participation_counts(ds.units, units, ds.workshops, filters, disclosure(ds))
by_place = bool(filters.sizes or filters.districts or filters.units)
sample = " · Beispieldaten" if ds.sample_data else ""
if not by_place:
    answered_value, answered_caption = number(facts.questionnaires), "zurückgesandt (Kurzbefragung 2023)"
elif counts.answered_shown:
    answered_value = number(counts.answered)
    answered_caption = (f"zurückgesandt · von {number(facts.questionnaires)} insgesamt" if not counts.answered_note
                        else "zurückgesandt in einer größeren Gruppe (siehe unten)") + sample
else:
    answered_value, answered_caption = "–", "für diese Auswahl nicht einzeln ausgewiesen"
tiles([
    ("Eingeladen", facts.invited_text,
     "Kommunen, Gesamtzahl der Reihe (ohne Filter)" if filters.active else "Kommunen in Sachsen-Anhalt"),
    ("Angemeldet", number(counts.registered if by_place else facts.registered),
     f"für die ganze Reihe · von {number(facts.registered)} insgesamt" if by_place
     else "für die ganze Reihe (Gemeinden und Verbandsgemeinden)"),
    ("Fragebögen", answered_value, answered_caption),
    ("Workshops", number(counts.workshops), "im gewählten Themenfeld" if filters.themes else period(ds.workshops)),
])
if by_place and counts.answered_note:
    st.caption(":material/group_work: Fragebögen" + (" (Beispieldaten)" if ds.sample_data else "") + ": "
               + md_escape(counts.answered_note))

st.subheader("Die Workshops")
if len(ds.workshops):
    timeline = timeline_spec(ds.version, filters.themes, ds.workshops)
    show_chart(timeline, key="timeline", alt_text="Zeitleiste der sechs Workshops von April bis Dezember 2023")
    with st.popover("Exportieren", icon=":material/download:"):
        chart_buttons(ds, timeline, title="Die Workshops der Reihe 2023", n_text=f"{number(len(ds.workshops))} Workshops",
                      key="timeline", source="Quelle: Workshopreihe 2023 (data/workshops.csv)")
    if filters.themes:
        st.caption("Hervorgehoben: Workshops im gewählten Themenfeld.")
else:
    st.info("Es sind keine Workshopdaten geladen.")

st.subheader("Beteiligung")
st.caption("Die Eckdaten der ganzen Reihe (ohne Filter), wie sie die Workshopreihe festgehalten hat. Kommunen zählen "
           "als Einheit: eine Gemeinde oder eine ganze Verbandsgemeinde. „Über 70“ ist keine genaue Zahl – der "
           "Balken läuft deshalb aus.")
funnel = funnel_spec(facts)
FACTS_SOURCE = "Quelle: Workshopreihe 2023 des Kompetenzzentrums Stadtumbau und Smart Cities (data/program.yaml)"
show_chart(funnel, key="funnel",
           alt_text=f"{facts.invited_text} eingeladene Kommunen, {number(facts.questionnaires)} zurückgesandte "
                    f"Fragebögen, {number(facts.registered)} für die ganze Reihe angemeldete Kommunen")

with st.popover("Exportieren", icon=":material/download:"):
    chart_buttons(ds, funnel, title="Beteiligung an der Workshopreihe",
                  n_text="Kommunen als Einheiten (Gemeinden und Verbandsgemeinden)", key="funnel", source=FACTS_SOURCE)
    report_button(ds, title="Übersicht – Sachsen-Anhalt digital", filters_text=describe(filters, choices_for(ds)),
                  sections=lambda: [
                      ReportSection("Kennzahlen", table=pd.DataFrame({
                          "Kennzahl": ["Eingeladen", "Angemeldet", "Fragebögen", "Workshops"],
                          "Wert": [facts.invited_text, number(counts.registered if by_place else facts.registered),
                                   answered_value + (" (Beispieldaten)" if by_place and ds.sample_data else ""),
                                   number(counts.workshops)]}),
                          summary=counts.answered_note if by_place else ""),
                      ReportSection("Die Workshops der Reihe 2023",
                                    chart_png=png_for_report(ds, timeline, "Die Workshops der Reihe 2023", "",
                                                             source="Quelle: Workshopreihe 2023")),
                      ReportSection("Beteiligung an der Workshopreihe",
                                    chart_png=png_for_report(ds, funnel, "Beteiligung an der Workshopreihe", "",
                                                             source=FACTS_SOURCE)),
                  ], key="uebersicht")

programme_context(ds.program)
