"""The footer with data sources, reference dates and licences."""
from __future__ import annotations

import streamlit as st

from data.formatting import date_short, md_escape
from data.loading import Dataset


def footer(ds: Dataset) -> None:
    date = ds.population_date
    stand = f"Stand {date_short(date)}" if date is not None else "Stand unbekannt"
    survey = ds.survey
    survey_text = (f"{md_escape(survey.get('title', 'Befragung'))} {md_escape(survey.get('wave', ''))}: "
                   + ("**Beispieldaten** (erzeugt, keine echten Antworten)" if ds.sample_data else "echte Antworten")
                   + (f", Umfragedaten {md_escape(survey['store_version'])}" if survey.get("store_version") else ""))
    with st.container(key="fusszeile"):  # hidden on slides in presentation mode (the slide has its source line)
        st.divider()
        st.caption(
            f"**Quellen:** Gemeindedaten: Statistisches Landesamt Sachsen-Anhalt, {stand} "
            "(Bevölkerung: Fortschreibung auf Basis des Zensus 2011), Gemeindeverzeichnis GV-ISys des "
            "Statistischen Bundesamtes; Datenlizenz Deutschland – Namensnennung 2.0 · Koordinaten: GeoNames, "
            f"CC BY 4.0 · {survey_text} · Kartenbibliothek: Leaflet (BSD-2-Clause), vom Dashboard selbst "
            "ausgeliefert; die Karte lädt keine Daten von fremden Servern."
        )
