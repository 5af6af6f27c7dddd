"""Umfrage: the short questionnaire, one chart per question, with n, table view and size-class breakdown.

For presenters (one clear chart per question) and officers (how do towns of my size answer?). Follows
all filters; groups with fewer than three answers are never shown. With several survey waves, one wave is
shown alone (the newest by default) or two are compared: change per question and per size class.
"""
import streamlit as st

from components.access import disclosure
from components.access import selection as selection_of
from components.export_ui import report_button
from components.filters import choices_for, current_filters
from components.notices import empty_state, filter_caption, sample_banner
from components.state import get_dataset
from components.survey_view import export_panel, question_block, report_sections, selection_key, view_selector
from components.wave_view import (
    compare_block,
    compare_export_panel,
    compare_intro,
    compare_report_sections,
    dataset_of_comparison,
    dataset_of_wave,
    wave_selector,
)
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
sel = selection_of(units, filters)
if sel.single_unit:
    # Figures of one municipality are not public; its profile places it among its peers.
    empty_state("Für eine einzelne Kommune zeigt die Umfrage keine Zahlen: Einzelne Antworten werden nicht "
                "veröffentlicht. Das Kommunenprofil ordnet die Kommune in ihre Gruppen ein.")
    st.page_link("app_pages/kommune.py", label="Zum Kommunenprofil", icon=":material/location_city:",
                 query_params=filters.to_query_params())
    st.stop()
said_above = ""
if comparing:
    if waves.a == waves.b:
        empty_state("Bitte zwei verschiedene Wellen zum Vergleich wählen.")
        st.stop()
    compare_intro(base, waves, units, sel)
else:
    counted = disclosure(ds).respondents(sel)
    said_above = counted.note
    total = disclosure(ds).respondents(None)
    if counted.shown:
        matching = plural(counted.n, "antwortende Kommune entspricht", "antwortende Kommunen entsprechen")
        st.markdown(
            (f"**{number(counted.n)}** {matching} den Filtern (von {number(total.n)} insgesamt). "
             if counted.exact else f"{md_escape(counted.note)} Insgesamt haben {number(total.n)} Kommunen geantwortet. ")
            + "Fragen aus dem Fragebogen 2023 sind als solche gekennzeichnet, die übrigen sind Beispielfragen für "
              "die Themenfelder der Workshops.")
    else:
        empty_state(f"Keine Zahlen für diese Auswahl: {counted.reason}.")
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
        compare_export_panel(base, waves, questions, sel, selection_key(sel), mode, ds)
        sections = lambda: compare_report_sections(base, waves, questions, sel, selection_key(sel), ds)  # noqa: E731
    else:
        export_panel(ds, questions, sel, selection_key(sel), mode)
        sections = lambda: report_sections(ds, questions, sel, selection_key(sel))  # noqa: E731
    report_button(ds, title=title, filters_text=describe(filters, choices_for(base)), sections=sections,
                  key="umfrage")
if mode == "Nach Größenklasse":
    st.caption("Größenklassen mit zu wenigen Antworten werden mit der benachbarten Klasse zusammengefasst; eine "
               "Gruppe, die sich allein nicht zeigen lässt, steht mit der größeren Gruppe, die gezeigt wird."
               + (" Im Vergleich gilt das für jede der beiden Wellen." if comparing else ""))
selection = selection_key(sel)
for theme in THEMES:
    qs = questions[questions["theme"] == theme]
    if not len(qs):
        continue
    st.header(md_escape(theme), divider="gray")
    for q in qs.itertuples(index=False):
        if comparing:
            compare_block(base, waves, q._asdict(), sel, selection, mode)
        else:
            question_block(ds, q._asdict(), sel, selection, mode, said_above)
