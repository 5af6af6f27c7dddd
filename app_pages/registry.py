"""The dashboard's pages, declared once: app.py builds its navigation from PAGES, and every test that
lists pages imports it. Pure data (no streamlit import), so tests and tools can read it without a session.

The page scripts live in app_pages/, never in a top-level pages/ folder: Streamlit treats a folder named
pages/ beside the main script as its old kind of multipage app, and a deep link like /karte on a freshly
started server would then run the page without app.py's frame and filters, even though app.py uses
st.navigation (README, "Aufbau"; tests/unit/house/test_registry.py fails if the folder appears).
"""
from __future__ import annotations

from dataclasses import dataclass

from data.filters import DISTRICT, FILTER_NAMES, SIZE, THEME, UNIT


@dataclass(frozen=True)
class PageSpec:
    path: str  # page script, relative to the repository root (as st.Page and AppTest.switch_page take it)
    title: str  # navigation label and browser tab title
    icon: str
    url_path: str  # /<url_path> in the address; the default page is also served at /
    default: bool = False
    # The shared filters the page applies (data.filters names). The frame hands the page only these, and the
    # sidebar and filter line mark every other chosen filter "gilt hier nicht" – declared once, here.
    filters: tuple[str, ...] = FILTER_NAMES


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/uebersicht.py", "Übersicht", ":material/dashboard:", "uebersicht", default=True),
    # The map shows places; the themes pick questions on the survey pages.
    PageSpec("app_pages/karte.py", "Karte", ":material/map:", "karte", filters=(SIZE, DISTRICT, UNIT)),
    PageSpec("app_pages/umfrage.py", "Umfrage", ":material/bar_chart:", "umfrage"),
    PageSpec("app_pages/workshops.py", "Workshops", ":material/event:", "workshops"),
    # One municipality's profile (its peers are its own size class and district), questions by theme.
    PageSpec("app_pages/kommune.py", "Kommunenprofil", ":material/location_city:", "kommune", filters=(THEME, UNIT)),
    # Building blocks are written for themes and size classes, not for districts or single municipalities.
    PageSpec("app_pages/baukasten.py", "Baukasten", ":material/construction:", "baukasten", filters=(THEME, SIZE)),
    # Each deck is one theme (chosen above the slide); the places filter its figures.
    PageSpec("app_pages/folien.py", "Foliensätze", ":material/slideshow:", "folien", filters=(SIZE, DISTRICT, UNIT)),
    # About the data: sources, licences, the disclosure rule; no filters.
    PageSpec("app_pages/ueber.py", "Über diese Daten", ":material/info:", "ueber", filters=()),
    PageSpec("app_pages/daten.py", "Datenverwaltung", ":material/database:", "daten", filters=()),
)

DEFAULT_PAGE: PageSpec = next(p for p in PAGES if p.default)


def page(url_path: str) -> PageSpec:
    """The page served at /<url_path> ("" is the default page, as st.navigation names it)."""
    if url_path == "":
        return DEFAULT_PAGE
    for p in PAGES:
        if p.url_path == url_path:
            return p
    raise KeyError(url_path)
