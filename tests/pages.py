"""What the tests expect of each page of the registry (app_pages/registry.py): its heading on first load
with the shipped data, and its address. The page list itself is never repeated here."""
from __future__ import annotations

from app_pages.registry import DEFAULT_PAGE, PAGES, PageSpec

# The h1 of each page, keyed by url_path (Foliensätze opens on the first slide of the first set).
HEADINGS = {
    "uebersicht": "Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten",
    "karte": "Karte der Beteiligung",
    "umfrage": "Kurzbefragung der Kommunen",
    "workshops": "Die Workshopreihe 2023",
    "kommune": "Kommunenprofil",
    "baukasten": "Baukasten für smarte Kommunen",
    "folien": "Strategie und Organisation",
    "ueber": "Über diese Daten",
    "daten": "Umfragedaten verwalten",
}


def address(page: PageSpec) -> str:
    """The page's address as a browser opens it ("/" for the default page)."""
    return "/" if page is DEFAULT_PAGE else f"/{page.url_path}"


def heading(page: PageSpec) -> str:
    return HEADINGS[page.url_path]


__all__ = ["DEFAULT_PAGE", "HEADINGS", "PAGES", "PageSpec", "address", "heading"]
