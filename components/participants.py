"""The table of participating units, as the text alternative to the map."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.access import viewer as current_viewer
from components.export_ui import report_button, table_buttons
from components.filters import choices_for
from data.disclosure import PUBLIC_VIEWER, Viewer, wave_policy
from data.filters import Filters, describe, filter_units
from data.loading import Dataset
from data.formatting import count_noun, date_short, number
from data.model import sort_key
from exports.report import ReportSection


def participants_frame(ds: Dataset, filters: Filters, viewer: Viewer = PUBLIC_VIEWER) -> pd.DataFrame:
    """Registered units (a public fact) and – only where the viewer may see it by name (data.disclosure) –
    who returned a questionnaire."""
    u = filter_units(ds.units, filters, ds.municipalities)
    named = viewer.named_units(wave_policy(ds), u["unit_key"])
    answered = u["answered"] & u["unit_key"].isin(named)
    u = u.assign(answered=answered)[u["registered"] | answered]
    answered_label = "ja (Beispieldaten)" if ds.sample_data else "ja"
    not_shown = "–" if len(named) == len(ds.units) else "nicht öffentlich"
    out = pd.DataFrame({
        "Kommune": u["name"],
        "Art": u["kind"],
        "Landkreis": u["district_name"],
        "Einwohner": [number(int(v)) for v in u["population"]],
        "Größenklasse": u["size_class"],
        "Angemeldet": u["registered"].map({True: "ja", False: "–"}),
        "Fragebogen": [answered_label if a else ("–" if k in named else not_shown)
                       for a, k in zip(u["answered"], u["unit_key"])],
    })
    return out.sort_values("Kommune", key=lambda s: s.map(sort_key)).reset_index(drop=True)


def participant_table(ds: Dataset, filters: Filters) -> None:
    frame = participants_frame(ds, filters, current_viewer())
    if frame.empty:
        st.info("Keine beteiligte Kommune entspricht den gewählten Filtern.")
        return
    stand = date_short(ds.population_date) if ds.population_date is not None else "unbekannt"
    st.caption(f"{count_noun(len(frame), 'Kommune', 'Kommunen')} angemeldet oder mit namentlich gezeigtem "
               f"Fragebogen · Einwohner: Stand {stand}. Ob eine Kommune den Fragebogen beantwortet hat, steht hier "
               "nur, wenn sie der namentlichen Veröffentlichung zugestimmt hat.")
    st.dataframe(frame, hide_index=True, width="stretch")
    with st.popover("Exportieren", icon=":material/download:"):
        table_buttons(ds, frame, title="Beteiligte Kommunen", key="teilnehmende")
        report_button(ds, title="Karte der Beteiligung", filters_text=describe(filters, choices_for(ds)),
                      sections=lambda: [ReportSection(
                          "Beteiligte Kommunen", table=frame,
                          summary=f"{count_noun(len(frame), 'Kommune', 'Kommunen')} angemeldet oder mit namentlich "
                                  "gezeigtem Fragebogen "
                                  "(Karte: siehe Dashboard).")],
                      key="karte")
