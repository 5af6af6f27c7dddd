"""Übersicht: the workshop series at a glance, for presenters and visitors.

Key figures (invited, registered, questionnaires, workshops) – the series' real facts from program.yaml,
drawn as facts – the workshop timeline and the programme context. With filters, the tiles count the
selection: registrations (a fact) exactly, questionnaires (from the loaded answers, labelled as sample data
while they are) on the cover of the selection, as every survey figure (data.disclosure).
"""
import streamlit as st

from components.access import disclosure, selection
from components.charts import show_chart
from components.export_ui import chart_buttons, report_button
from components.frame import page_context
from components.notices import empty_state, filter_caption, profile_pointer
from components.overview import funnel_spec, programme_context, tiles, timeline_spec
from data.filters import filter_units
from data.formatting import md_escape, number
from data.overview import participation_counts, series_facts
from views.overview import (
    FACTS_SOURCE,
    by_place,
    funnel_alt_text,
    key_figures,
    key_figures_table,
    questionnaires_note,
)
from views.reports import overview_sections
from views.sources import WORKSHOPS_SOURCE, Source
from views.survey import SINGLE_UNIT_ON, profile_label
from views.url import filter_params

ctx = page_context()
ds, filters = ctx.dataset, ctx.filters

st.title("Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten")
year = md_escape(ds.program.get("year", ""))
if ctx.presenting:  # one line: key figures and the timeline in the first screen
    st.markdown(f"Die Workshopreihe {year} des Kompetenzzentrums Stadtumbau und Smart Cities.")
else:
    st.markdown(f"Die Workshopreihe {year} des Kompetenzzentrums Stadtumbau und Smart Cities begleitet Kommunen auf "
                "dem Weg zur Smart City – von der Strategie bis zum eigenen Förderantrag.")
filter_caption(ctx.filter_line)

facts = series_facts(ds.program, ds.participants, ds.workshops)
counts = participation_counts(ds.units, filter_units(ds.units, filters, ds.municipalities), ds.workshops, filters,
                              disclosure(ds))
figures = key_figures(facts, counts, filters, ds.workshops, ds.sample_data)
tiles(figures)
note = questionnaires_note(counts, filters, ds.sample_data)
if note:
    st.caption(":material/group_work: " + md_escape(note))
chosen = selection(filter_units(ds.units, filters, ds.municipalities), filters)
if chosen.single_unit:
    profile_pointer(SINGLE_UNIT_ON["uebersicht"], profile_label(ds.units, chosen), filter_params(filters))

st.subheader("Die Workshops")
timeline = timeline_spec(ds.version, filters.themes, ds.workshops) if len(ds.workshops) else None
workshops_source = Source.of_facts(ds, WORKSHOPS_SOURCE)
if timeline is not None:
    show_chart(timeline, key="timeline", alt_text="Zeitleiste der sechs Workshops von April bis Dezember 2023")
    with st.popover("Exportieren", icon=":material/download:"):
        chart_buttons(workshops_source, timeline, title="Die Workshops der Reihe 2023",
                      n_text=f"{number(len(ds.workshops))} Workshops", key="timeline")
    if filters.themes:
        st.caption("Hervorgehoben: Workshops im gewählten Themenfeld.")
else:
    empty_state("Es sind keine Workshopdaten geladen.")

st.subheader("Beteiligung")
st.caption("Die Eckdaten der ganzen Reihe (ohne Filter), wie sie die Workshopreihe festgehalten hat. Kommunen zählen "
           "als Einheit: eine Gemeinde oder eine ganze Verbandsgemeinde. „Über 70“ ist keine genaue Zahl – der "
           "Balken läuft deshalb aus.")
funnel = funnel_spec(facts)
facts_source = Source.of_facts(ds, FACTS_SOURCE)
show_chart(funnel, key="funnel", alt_text=funnel_alt_text(facts))

with st.popover("Exportieren", icon=":material/download:"):
    chart_buttons(facts_source, funnel, title="Beteiligung an der Workshopreihe",
                  n_text="Kommunen als Einheiten (Gemeinden und Verbandsgemeinden)", key="funnel")
    report_button(ctx.source, title="Übersicht – Sachsen-Anhalt digital", filters_text=ctx.filters_text,
                  key="uebersicht", sections=lambda: overview_sections(
                      key_figures_table(figures, filters, ds.sample_data),
                      counts.answered_note if by_place(filters) else "",
                      (workshops_source, timeline) if timeline is not None else None, (facts_source, funnel)))

programme_context(ds.program)
