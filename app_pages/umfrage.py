"""Umfrage: the short questionnaire, one chart per question, with n, table view and size-class breakdown.

For presenters (one clear chart per question) and officers (how do towns of my size answer?). Follows
all filters; groups with fewer than three answers are never shown. With several survey waves, one wave is
shown alone (the newest by default) or two are compared: change per question and per size class.
"""
import streamlit as st

from components.filters import current_filters
from components.notices import empty_state, filter_caption, sample_banner
from components.export_ui import report_button
from components.filters import choices_for
from components.survey_view import export_panel, question_block, report_sections, selection_key, view_selector
from components.state import get_dataset
from components.wave_view import (compare_block, compare_export_panel, compare_intro, compare_report_sections,
                                  dataset_of_comparison, dataset_of_wave, wave_selector)
from data.filters import describe, filter_questions, filter_units
from data.formatting import md_escape, number, plural
from data.schemas import THEMES

base = get_dataset()
filters = current_filters()

st.title("Kurzbefragung der Kommunen")
waves = wave_selector(base)  # None with a single wave: the page looks as it always did
comparing = waves is not None and waves.compare
if comparing:
    ds = dataset_of_comparison(base, waves)  # labelled as the comparison: banner, checks, exports
else:
    ds = dataset_of_wave(base, waves.wave) if waves is not None else base
sample_banner(ds)
filter_caption(base, filters)

questions = filter_questions(ds.questions, filters)
units = filter_units(ds.units, filters, ds.municipalities)
unit_keys_all = tuple(sorted(units["unit_key"]))
if comparing:
    if waves.a == waves.b:
        empty_state("Bitte zwei verschiedene Wellen zum Vergleich wählen.")
        st.stop()
    compare_intro(base, waves, units)
else:
    respondents = units[units["answered"]]
    matching = plural(len(respondents), "antwortende Kommune entspricht", "antwortende Kommunen entsprechen")
    st.markdown(
        f"**{number(len(respondents))}** {matching} den Filtern "
        f"(von {number(int(ds.units['answered'].sum()))} insgesamt). Fragen aus dem Fragebogen 2023 sind "
        "als solche gekennzeichnet, die übrigen sind Beispielfragen für die Themenfelder der Workshops."
    )
if not len(questions):
    empty_state("Für die gewählten Themenfelder gibt es keine Fragen.")
    st.stop()
if ds.units.empty or ds.responses.empty:
    empty_state("Es sind keine Antworten geladen.")
    st.stop()

mode = view_selector()
title = "Kurzbefragung der Kommunen" + (f" – Welle {waves.a} und {waves.b}" if comparing else "")
with st.popover("Exportieren: Grafik, Tabelle, Bericht", icon=":material/download:"):
    if comparing:
        compare_export_panel(base, waves, questions, unit_keys_all, selection_key(unit_keys_all), mode, ds)
        sections = lambda: compare_report_sections(base, waves, questions, unit_keys_all,  # noqa: E731
                                                   selection_key(unit_keys_all), ds)
    else:
        export_panel(ds, questions, unit_keys_all, selection_key(unit_keys_all), mode)
        sections = lambda: report_sections(ds, questions, unit_keys_all, selection_key(unit_keys_all))  # noqa: E731
    report_button(ds, title=title, filters_text=describe(filters, choices_for(base)), sections=sections,
                  key="umfrage")
if mode == "Nach Größenklasse":
    st.caption("Größenklassen mit weniger als drei Antworten werden mit der benachbarten Klasse zusammengefasst "
               "oder ausgeblendet – dann auch eine weitere, damit sie sich nicht aus der Gesamtzahl errechnen lässt."
               + (" Im Vergleich gilt das für jede der beiden Wellen." if comparing else ""))
unit_keys = tuple(sorted(units["unit_key"]))
selection = selection_key(unit_keys)
for theme in THEMES:
    qs = questions[questions["theme"] == theme]
    if not len(qs):
        continue
    st.header(md_escape(theme), divider="gray")
    for q in qs.itertuples(index=False):
        if comparing:
            compare_block(base, waves, q._asdict(), unit_keys, selection, mode)
        else:
            question_block(ds, q._asdict(), unit_keys, selection, mode)
