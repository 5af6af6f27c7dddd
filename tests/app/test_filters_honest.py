"""AppTest: the filters say what they do – only size classes that some unit falls into, readable chips, filters a
page ignores marked as not applying, view choices kept in the URL, and the one-municipality case on every page."""
from __future__ import annotations

import re

from components import keys
from tests.app.test_pages import open_page, texts


def filter_line(at) -> str:
    """The page's filter line as the reader sees it (markdown escapes removed, emphasis kept)."""
    line = next(c.value for c in at.caption if c.value.startswith(":material/filter_alt:"))
    return re.sub(r"\\(.)", r"\1", line)


def test_an_empty_size_class_is_not_offered_and_a_link_asking_for_it_gets_the_notice():
    at = open_page("app_pages/umfrage.py", {"groesse": "Landgemeinde"})
    assert not at.exception
    sizes = at.multiselect(key=keys.SIZES)
    assert sizes.options == ["Großstadt", "Mittelstadt", "Kleinstadt"]
    assert sizes.value == []
    notes = " ".join(at.session_state[keys.NOTICES])
    assert "Größenklasse: „Landgemeinde“ ignoriert – in diesen Daten gibt es keine Kommune dieser Größe." in notes
    assert "unbekannte Werte" not in notes  # a real class, just without units here
    assert "Landgemeinde" in " ".join(c.value for c in at.sidebar.caption)
    assert "Größenklasse: Landgemeinde" not in texts(at)


def _block_count(at) -> str:
    return next(m.value for m in at.markdown if "Bausteinen" in m.value)


def test_the_toolkit_marks_kreis_and_kommune_as_not_applying_and_is_not_narrowed_by_them():
    at = open_page("app_pages/baukasten.py", {"groesse": "Kleinstadt", "kreis": "15083", "kommune": "15083040"})
    assert not at.exception
    line = filter_line(at)
    assert "Größenklasse: Kleinstadt" in line
    assert "_Landkreis: Börde – gilt hier nicht_" in line and "_Kommune: Barleben – gilt hier nicht_" in line
    notes = [c.value for c in at.sidebar.caption if "Gilt hier nicht" in c.value]
    assert len(notes) == 2 and all("bleibt für die anderen Seiten" in n for n in notes)
    # the selection stays (for the other pages and in the URL) …
    assert at.multiselect(key=keys.UNITS).value == ["15083040"]
    assert at.query_params["kommune"] in ("15083040", ["15083040"])
    # … and the toolkit shows exactly what the size class alone selects
    alone = open_page("app_pages/baukasten.py", {"groesse": "Kleinstadt"})
    assert _block_count(at) == _block_count(alone)
    assert not [c for c in alone.sidebar.caption if "Gilt hier nicht –" in c.value]


def test_the_map_marks_the_theme_as_not_applying_and_the_survey_applies_every_filter():
    at = open_page("app_pages/karte.py", {"thema": "Energie und Klima", "groesse": "Kleinstadt"})
    line = filter_line(at)
    assert line == ":material/filter_alt: Größenklasse: Kleinstadt · _Themenfeld: Energie und Klima – gilt hier nicht_"
    at = open_page("app_pages/umfrage.py", {"thema": "Energie und Klima", "groesse": "Kleinstadt"})
    assert not [c for c in at.sidebar.caption if "Gilt hier nicht" in c.value]
    assert "gilt hier nicht" not in texts(at)


def test_a_page_that_applies_no_filter_says_so_once():
    at = open_page("app_pages/ueber.py", {"groesse": "Kleinstadt", "thema": "Energie und Klima"})
    assert not at.exception
    notes = [c.value for c in at.sidebar.caption if "gilt kein Filter" in c.value or "Gilt hier nicht" in c.value]
    assert notes == [":material/block: Auf dieser Seite gilt kein Filter – die Auswahl bleibt für die anderen Seiten."]
    assert at.multiselect(key=keys.SIZES).value == ["Kleinstadt"]  # kept for the other pages
