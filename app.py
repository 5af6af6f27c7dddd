"""Smart-City-Dashboard Sachsen-Anhalt: the frame. Page config, navigation from the page registry, the data,
the shared filters and who is looking (read once per run and handed to the page: components.frame), footer."""
from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from app_pages.registry import PAGES as REGISTRY
from app_pages.registry import page as registered
from components import access, narrow, presentation
from components.dataset import begin_run, get_dataset, show_problems
from components.filters import choices_for, sidebar_filters
from components.footer import footer
from components.frame import PageContext, header_band, menu_label, provide
from data.disclosure import PUBLIC_VIEWER, viewer_on_page
from data.filters import Choices, Filters, split
from data.formatting import md_escape
from data.store import StoreError
from geo.assets import install_leaflet
from views import slide_nav
from views.url import filter_params

LOG = logging.getLogger("dashboard")


def guarded(message: str, draw, *args, fallback=None):
    """Draw one part of the frame; if it fails, `message` (German) says what is missing and the rest of the
    page goes on. Streamlit's own rerun/stop signals are BaseExceptions and pass through."""
    try:
        return draw(*args)
    except Exception as exc:
        LOG.exception("Rahmen: %s", message)
        reason = f" {md_escape(exc)}" if isinstance(exc, StoreError) else ""
        st.error(message + reason, icon=":material/error:")
        return fallback


presentation.seed_from_url()
st.set_page_config(
    page_title="Smart-City-Dashboard Sachsen-Anhalt",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if presentation.active() else "auto",  # auto: closed on phones
)

PAGES = [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default) for p in REGISTRY]

presentation.base_style()
narrow.style()  # tables as cards and key figures two by two on a phone
if presentation.active():
    presentation.apply()  # first, so that the large type does not arrive after the content
else:
    header_band()  # the dashboard's name on top of every page
guarded("Die Kartenbibliothek konnte nicht bereitgestellt werden; die Karte fehlt.", install_leaflet)
begin_run()
dataset = guarded("Die Daten konnten nicht geladen werden; bitte die Seite in einigen Minuten neu laden.",
                  get_dataset)
if dataset is None:
    st.stop()
guarded("Der Zugangslink konnte nicht geprüft werden.", access.redeem_from_url, dataset)  # before the filters
navigation = st.navigation(PAGES)
st.set_page_config(page_title=f"{navigation.title} · Smart-City-Dashboard Sachsen-Anhalt")
with st.sidebar:
    applies = registered(navigation.url_path).filters  # the filters this page applies; the sidebar marks the rest
    filters = guarded("Die Filter konnten nicht angezeigt werden.", sidebar_filters, dataset, applies,
                      fallback=Filters())
    st.toggle("Präsentationsmodus", key=presentation.STATE_KEY,
              help="Große Schrift, ohne Seitenleiste und Menüs – für Beamer. Auch per Link: ?modus=praesentation")
    if not presentation.active():
        guarded("Die Beschriftung der Menü-Schaltfläche fehlt.", menu_label)
if presentation.active():
    on_slides = navigation.url_path == "folien"  # the slides have their own controls, notices and keys
    guarded("Die Schaltfläche „Präsentation beenden“ fehlt; der Schalter steht in der Seitenleiste.",
            lambda: presentation.exit_button(notices=not on_slides))
    if not on_slides:
        guarded("Die Tasten zum Blättern zwischen den Seiten fehlen.", presentation.page_keys,
                [p for p in REGISTRY if p.url_path not in ("ueber", "daten")], navigation.url_path, filter_params(filters))
    # On /folien the QR code opens exactly the slide on screen (deck and slide, as the address says).
    slide = slide_nav.share_params(dataset.sequences, st.query_params.to_dict()) if on_slides else {}
    guarded("Der QR-Code zu dieser Ansicht konnte nicht erzeugt werden.", presentation.qr_code,
            {**filter_params(filters), **slide})
guarded("Die Adresse dieser Ansicht konnte nicht aktualisiert werden.", presentation.write_url)
guarded("Die Hinweise zu den Daten konnten nicht angezeigt werden.", show_problems, dataset)
guarded("Die Meldung zum Zugangslink konnte nicht angezeigt werden.", access.show_message)
choices = guarded("Die Namen der Filterwerte fehlen.", choices_for, dataset, fallback=Choices((), (), {}, {}))
viewer = guarded("Die Anmeldung konnte nicht geprüft werden; gezeigt wird, was alle sehen.", access.viewer,
                 fallback=PUBLIC_VIEWER)
viewer = viewer_on_page(viewer, navigation.url_path)  # an access link opens its own answers on the profile only
applied, ignored = split(filters, applies)  # the page gets only the filters it declares (app_pages.registry)
provide(PageContext(dataset, applied, choices, presentation.active(), viewer, ignored))
try:
    navigation.run()
except Exception as exc:  # Streamlit's own rerun/stop signals are BaseExceptions and pass through.
    LOG.exception("Seite %s fehlgeschlagen", navigation.title)
    st.error(
        "Diese Ansicht konnte nicht vollständig angezeigt werden. "
        + (f"{md_escape(exc)} " if isinstance(exc, StoreError) else "")
        + "Die übrigen Seiten funktionieren weiter; bitte laden Sie die Seite neu oder setzen Sie die Filter zurück.",
        icon=":material/error:",
    )
guarded("Die Quellenangaben konnten nicht angezeigt werden.", footer, dataset, filter_params(filters))
