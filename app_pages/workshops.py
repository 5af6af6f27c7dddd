"""Workshops: the six workshops of the 2023 series with date, theme and venue, and the questions of each
workshop's theme with their results under the current filters – for visitors who want to know what was
discussed where, and how the municipalities answered on that theme.
"""
import streamlit as st

from components.access import selection
from components.export_ui import report_button
from components.frame import page_context
from components.notices import empty_state, filter_caption, profile_pointer
from components.questions import question_views
from components.workshop_view import workshop_card
from data.filters import filter_units
from views.reports import workshop_sections
from views.survey import SINGLE_UNIT_ON, answers_of, profile_label
from views.url import filter_params
from views.workshops import first_of_theme, held_in_chosen

ctx = page_context()
ds, filters = ctx.dataset, ctx.filters

st.title("Die Workshopreihe 2023")
st.markdown("Sechs Workshops von April bis Dezember 2023, jeder einem Themenfeld gewidmet. Auftakt und Abschluss "
            "behandeln die übergreifenden Fragen von Strategie und Organisation.")
filter_caption(ctx.filter_line)

workshops = ds.workshops[ds.workshops["theme"].isin(filters.themes)] if filters.themes else ds.workshops
if not len(workshops):
    empty_state("Kein Workshop gehört zu den gewählten Themenfeldern." if len(ds.workshops)
                else "Es sind keine Workshopdaten geladen.")
    st.stop()

questions = ds.questions[ds.questions["theme"].isin(set(workshops["theme"]))]
chosen = selection(filter_units(ds.units, filters, ds.municipalities), filters)
if chosen.single_unit:  # no figures for one unit: the workshops without results, and the way to its profile
    profile_pointer(SINGLE_UNIT_ON["workshops"], profile_label(ds.units, chosen), filter_params(filters))
views = dict(zip(questions["id"], question_views(ds, questions, chosen, answers_of(ds))))
held_here = held_in_chosen(workshops, ds.municipalities, set(filters.units))
for w, earlier in first_of_theme(workshops):
    theme_questions = [(q._asdict(), views[q.id]) for q in questions[questions["theme"] == w["theme"]].itertuples()]
    workshop_card(w, theme_questions, ds.sample_data, {**filter_params(filters), "thema": w["theme"]},
                  earlier=earlier, results=not chosen.single_unit, in_chosen=int(w["number"]) in held_here)

report_button(ctx.source, title="Die Workshopreihe 2023", filters_text=ctx.filters_text, key="workshops",
              sections=lambda: workshop_sections(workshops, ds.questions, views))
