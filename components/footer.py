"""The footer with data sources, reference dates and licences."""
from __future__ import annotations

import streamlit as st

from data.formatting import md_escape
from data.loading import Dataset
from views.sources import STATISTICS, population_as_of, store_version_text


def footer(ds: Dataset) -> None:
    survey = ds.survey
    survey_text = (f"{md_escape(survey.name)}: "
                   + ("**Beispieldaten** (erzeugt, keine echten Antworten)" if survey.sample_data else "echte Antworten")
                   + md_escape(store_version_text(survey)))
    with st.container(key="fusszeile"):  # hidden on slides in presentation mode (the slide has its source line)
        st.divider()
        st.caption(
            f"**Quellen:** Gemeindedaten: {STATISTICS}, Stand {population_as_of(ds.population_date)} "
            "(Bevölkerung: Fortschreibung auf Basis des Zensus 2011), Gemeindeverzeichnis GV-ISys des "
            "Statistischen Bundesamtes; Datenlizenz Deutschland – Namensnennung 2.0 · Koordinaten: GeoNames, "
            f"CC BY 4.0 · {survey_text} · Kartenbibliothek: Leaflet (BSD-2-Clause), vom Dashboard selbst "
            "ausgeliefert; die Karte lädt keine Daten von fremden Servern."
        )
