"""Umfrage: the short questionnaire, one chart per question, with n, table view and size-class breakdown.

For presenters (one clear chart per question) and officers (how do towns of my size answer?). Follows
all filters; every figure is counted on the cover of the selection (data.disclosure), which says when that
is a larger group; one municipality alone gets no figures. With several survey waves, one wave is shown
alone (the newest by default) or two are compared: change per question and per size class.
"""
from contextlib import nullcontext

import streamlit as st

from components.access import selection
from components.export_ui import report_button
from components.frame import page_context
from components.notices import empty_state, filter_caption, profile_pointer, sample_banner
from components.questions import (
    export_panel,
    question_views,
    questions_by_theme,
    survey_intro,
    view_selector,
    wave_selector,
)
from data.filters import filter_questions, filter_units
from views.questions import BY_SIZE, SIZE_NOTE, SIZE_NOTE_COMPARED
from views.reports import question_sections
from views.sources import Source
from views.survey import SINGLE_UNIT, answers_of, comparison_survey, profile_label
from views.url import filter_params

ctx = page_context()
ds, filters = ctx.dataset, ctx.filters

st.title("Kurzbefragung der Kommunen")
waves = wave_selector(ds)  # None with a single wave: the page looks as it always did
comparing = waves is not None and waves.compare
shown = waves if comparing else answers_of(ds, waves.wave if waves is not None else None)
survey = comparison_survey(ds, waves) if comparing else shown.survey
source = Source.of(ds, survey)  # banner, exports and report name the answers shown
sample_banner(survey.sample_data, compact=ctx.presenting)
filter_caption(ctx.filter_line)

questions = filter_questions(ds.questions, filters)
chosen = selection(filter_units(ds.units, filters, ds.municipalities), filters)
if chosen.single_unit:
    profile_pointer(SINGLE_UNIT, profile_label(ds.units, chosen), filter_params(filters))  # it places it among peers
    st.stop()
if comparing and waves.a == waves.b:
    empty_state("Bitte zwei verschiedene Wellen zum Vergleich wählen.")
    st.stop()
# In presentation mode the charts come first (the room sees them in the first screen); the sentence, the view
# choice and the exports follow below them.
charts = st.container() if ctx.presenting else nullcontext()
said_above = survey_intro(ds, shown, chosen)
if not len(questions):
    empty_state("Für die gewählten Themenfelder gibt es keine Fragen.")
    st.stop()
if ds.units.empty or ds.responses.empty:
    empty_state("Es sind keine Antworten geladen.")
    st.stop()

mode = view_selector()
for_export = question_views(ds, questions, chosen, shown, large=False)
title = "Kurzbefragung der Kommunen" + (f" – Welle {waves.a} und {waves.b}" if comparing else "")
with st.popover("Exportieren: Grafik, Tabelle, Bericht", icon=":material/download:"):
    export_panel(source, for_export, mode)
    report_button(source, title=title, filters_text=ctx.filters_text, key="umfrage",
                  sections=lambda: question_sections(source, for_export))
if mode == BY_SIZE:
    st.caption(SIZE_NOTE + (SIZE_NOTE_COMPARED if comparing else ""))
with charts:
    questions_by_theme(questions, question_views(ds, questions, chosen, shown, large=ctx.presenting), mode,
                       said_above)
