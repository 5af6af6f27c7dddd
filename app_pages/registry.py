"""The dashboard's pages, declared once: app.py builds its navigation from PAGES, and every test that
lists pages imports it. Pure data (no streamlit import), so tests and tools can read it without a session.

The page scripts live in app_pages/, never in a top-level pages/ folder: Streamlit treats a folder named
pages/ beside the main script as its old kind of multipage app, and a deep link like /karte on a freshly
started server would then run the page without app.py's frame and filters, even though app.py uses
st.navigation (README, "Aufbau"; tests/unit/house/test_registry.py fails if the folder appears).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # page script, relative to the repository root (as st.Page and AppTest.switch_page take it)
    title: str  # navigation label and browser tab title
    icon: str
    url_path: str  # /<url_path> in the address; the default page is also served at /
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/uebersicht.py", "Übersicht", ":material/dashboard:", "uebersicht", default=True),
    PageSpec("app_pages/karte.py", "Karte", ":material/map:", "karte"),
    PageSpec("app_pages/umfrage.py", "Umfrage", ":material/bar_chart:", "umfrage"),
    PageSpec("app_pages/workshops.py", "Workshops", ":material/event:", "workshops"),
    PageSpec("app_pages/kommune.py", "Kommunenprofil", ":material/location_city:", "kommune"),
    PageSpec("app_pages/baukasten.py", "Baukasten", ":material/construction:", "baukasten"),
    PageSpec("app_pages/folien.py", "Foliensätze", ":material/slideshow:", "folien"),
    PageSpec("app_pages/daten.py", "Datenverwaltung", ":material/database:", "daten"),
)

DEFAULT_PAGE: PageSpec = next(p for p in PAGES if p.default)


def page(url_path: str) -> PageSpec:
    """The page served at /<url_path>."""
    for p in PAGES:
        if p.url_path == url_path:
            return p
    raise KeyError(url_path)
