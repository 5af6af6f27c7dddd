"""The page registry (app_pages/registry.py) is the only page list, and nothing switches Streamlit back to
its old multipage mode."""
from __future__ import annotations

import ast

from app_pages.registry import DEFAULT_PAGE, PAGES, page
from data.filters import FILTER_NAMES
from tests.conftest import REPO


def test_no_top_level_pages_folder():
    # A pages/ folder beside app.py makes Streamlit use its old multipage mode, which then resolves deep
    # links like /karte through that folder even though app.py uses st.navigation (README, "Aufbau").
    assert not (REPO / "pages").exists(), "rename the folder: page scripts belong in app_pages/"


def test_registry_lists_every_page_script_once():
    scripts = {f"app_pages/{p.name}" for p in (REPO / "app_pages").glob("*.py")
               if p.name not in ("registry.py", "__init__.py")}
    assert {p.path for p in PAGES} == scripts
    assert len({p.path for p in PAGES}) == len(PAGES)
    assert len({p.url_path for p in PAGES}) == len(PAGES)
    assert [p for p in PAGES if p.default] == [DEFAULT_PAGE]
    assert page("karte").path == "app_pages/karte.py"


def test_registry_is_pure():
    tree = ast.parse((REPO / "app_pages" / "registry.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m and m.split(".")[0] == "streamlit" for m in imported)


def test_app_builds_its_navigation_from_the_registry():
    source = (REPO / "app.py").read_text(encoding="utf-8")
    assert "from app_pages.registry import" in source
    assert "app_pages/" not in source, "app.py names no page script itself"


def test_every_page_declares_the_filters_it_applies():
    for p in PAGES:
        assert set(p.filters) <= set(FILTER_NAMES) and len(set(p.filters)) == len(p.filters), p.url_path
    declared = {p.url_path: p.filters for p in PAGES}
    assert declared == {
        "uebersicht": ("thema", "groesse", "kreis", "kommune"),  # themes mark the workshops, places the counts
        "karte": ("groesse", "kreis", "kommune"),  # places only: the map colours no theme
        "umfrage": ("thema", "groesse", "kreis", "kommune"),
        "workshops": ("thema", "groesse", "kreis", "kommune"),  # themes pick workshops, places the results
        "kommune": ("thema", "kommune"),  # one unit; its peers are its own size class and district
        "baukasten": ("thema", "groesse"),  # blocks are written for themes and size classes
        "folien": ("groesse", "kreis", "kommune"),  # the deck is the theme
        "ueber": (),  # about the data: sources, licences, the rule; nothing to filter
        "daten": (),
    }
    assert page("") is DEFAULT_PAGE  # st.navigation names the default page ""
