"""Smart-City-Dashboard Sachsen-Anhalt: the frame. Page config, navigation, shared filters, footer."""
from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from app_pages.registry import PAGES as REGISTRY
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

PAGES = [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default) for p in REGISTRY]

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
