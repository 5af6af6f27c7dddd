"""Smart-City-Dashboard Sachsen-Anhalt: the frame. Page config, navigation, shared filters, footer."""
from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from components import presentation
from components.filters import sidebar_filters, write_url
from components.footer import footer
from components.state import get_dataset, show_problems
from geo.assets import install_leaflet

presentation.seed_from_url()
st.set_page_config(
    page_title="Smart-City-Dashboard Sachsen-Anhalt",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if presentation.active() else "auto",  # auto: closed on phones
)

PAGES = [
    st.Page("app_pages/uebersicht.py", title="Übersicht", icon=":material/dashboard:", url_path="uebersicht",
            default=True),
    st.Page("app_pages/karte.py", title="Karte", icon=":material/map:", url_path="karte"),
    st.Page("app_pages/umfrage.py", title="Umfrage", icon=":material/bar_chart:", url_path="umfrage"),
    st.Page("app_pages/workshops.py", title="Workshops", icon=":material/event:", url_path="workshops"),
    st.Page("app_pages/kommune.py", title="Kommunenprofil", icon=":material/location_city:", url_path="kommune"),
    st.Page("app_pages/baukasten.py", title="Baukasten", icon=":material/construction:", url_path="baukasten"),
    st.Page("app_pages/folien.py", title="Foliensätze", icon=":material/slideshow:", url_path="folien"),
    st.Page("app_pages/daten.py", title="Datenverwaltung", icon=":material/database:", url_path="daten"),
]

presentation.base_style()
if presentation.active():
    presentation.apply()  # first, so that the large type does not arrive after the content
install_leaflet()
dataset = get_dataset()
navigation = st.navigation(PAGES)
st.set_page_config(page_title=f"{navigation.title} · Smart-City-Dashboard Sachsen-Anhalt")
with st.sidebar:
    st.markdown("**Smart-City-Dashboard Sachsen-Anhalt**")
filters = sidebar_filters(dataset)
with st.sidebar:
    st.toggle("Präsentationsmodus", key=presentation.STATE_KEY,
              help="Große Schrift, ohne Seitenleiste und Menüs – für Beamer. Auch per Link: ?modus=praesentation")
if presentation.active():
    presentation.exit_button()
    presentation.qr_code(filters.to_query_params())
show_problems(dataset)
try:
    navigation.run()
except Exception:  # Streamlit's own rerun/stop signals are BaseExceptions and pass through.
    logging.getLogger("dashboard").exception("Seite %s fehlgeschlagen", navigation.title)
    st.error(
        "Diese Ansicht konnte nicht vollständig angezeigt werden. Die übrigen Seiten funktionieren weiter; "
        "bitte laden Sie die Seite neu oder setzen Sie die Filter zurück.",
        icon=":material/error:",
    )
footer(dataset)
write_url(filters, presentation.url_params())
