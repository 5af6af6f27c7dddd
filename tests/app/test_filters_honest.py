"""AppTest: the filters say what they do – only size classes that some unit falls into, readable chips, filters a
page ignores marked as not applying, view choices kept in the URL, and the one-municipality case on every page."""
from __future__ import annotations

from components import keys
from tests.app.test_pages import open_page, texts


def test_an_empty_size_class_is_not_offered_and_a_link_asking_for_it_gets_the_notice():
    at = open_page("app_pages/umfrage.py", {"groesse": "Landgemeinde"})
    assert not at.exception
    sizes = at.multiselect(key=keys.SIZES)
    assert sizes.options == ["Großstadt", "Mittelstadt", "Kleinstadt"]
    assert sizes.value == []
    notes = " ".join(at.session_state[keys.NOTICES])
    assert "Größenklasse: unbekannte Werte ignoriert („Landgemeinde“)" in notes
    assert "Landgemeinde" in " ".join(c.value for c in at.sidebar.caption)
    assert "Größenklasse: Landgemeinde" not in texts(at)
