"""Workshops: the six workshops of the 2023 series with date, theme and venue, and the questions of each
workshop's theme with their results under the current filters.
"""
import pandas as pd
import streamlit as st

from components.access import selection as selection_of
from components.export_ui import report_button
from components.filters import choices_for, current_filters
from components.notices import empty_state, filter_caption
from components.state import get_dataset
from components.survey_view import question_view, selection_key
from components.workshop_view import workshop_card
from data.filters import describe, filter_units
from data.formatting import date_long
from exports.report import ReportSection

ds = get_dataset()
filters = current_filters()

st.title("Die Workshopreihe 2023")
st.markdown("Sechs Workshops von April bis Dezember 2023, jeder einem Themenfeld gewidmet. Auftakt und Abschluss "
            "behandeln die übergreifenden Fragen von Strategie und Organisation.")
filter_caption(ds, filters)

workshops = ds.workshops
if filters.themes:
    workshops = workshops[workshops["theme"].isin(filters.themes)]
if not len(workshops):
    empty_state("Kein Workshop gehört zu den gewählten Themenfeldern." if len(ds.workshops)
                else "Es sind keine Workshopdaten geladen.")
    st.stop()

units = filter_units(ds.units, filters, ds.municipalities)
unit_keys = selection_of(units, filters)
selection = selection_key(unit_keys)
for w in workshops.itertuples(index=False):
    workshop_card(ds, w._asdict(), unit_keys, selection, filters)


def _sections() -> list[ReportSection]:
    table = pd.DataFrame({"Nr.": workshops["number"], "Workshop": workshops["title"],
                          "Datum": [date_long(d) for d in workshops["date"]], "Ort": workshops["venue"],
                          "Themenfeld": workshops["theme"]})
    out = [ReportSection("Die Workshops", table=table)]
    for theme in dict.fromkeys(workshops["theme"]):
        rows = []
        for q in ds.questions[ds.questions["theme"] == theme].itertuples(index=False):
            view = question_view(ds, q.id, unit_keys, selection, large=False)
            rows.append({"Frage": q.text, "Ergebnis": (f"nicht dargestellt – {view.result.reason}"
                                                       if view.result.suppressed else
                                                       view.summary + (f" {view.result.note}" if view.result.note
                                                                       else "")),
                         "n": view.result.n})
        if rows:
            out.append(ReportSection(f"Fragen im Themenfeld {theme}", table=pd.DataFrame(rows)))
    return out


report_button(ds, title="Die Workshopreihe 2023", filters_text=describe(filters, choices_for(ds)), sections=_sections,
              key="workshops")
