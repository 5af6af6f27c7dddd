"""views.workshops: which workshop card lists its theme's questions, and a card's own content."""
from __future__ import annotations

from data.loading import load_dataset
from tests.conftest import DATA
from views.workshops import content_sections, first_of_theme, held_in_chosen, items_of


def test_a_theme_s_questions_stand_on_its_first_workshop_only():
    ds = load_dataset(DATA)
    cards = first_of_theme(ds.workshops.sample(frac=1, random_state=3))  # any order in, workshop order out
    assert [w["number"] for w, _ in cards] == [1, 2, 3, 4, 5, 6]
    earlier = {w["number"]: e for w, e in cards}
    assert earlier == {1: None, 2: None, 3: None, 4: None, 5: None, 6: 1}  # Abschluss shares Auftakt's theme
    assert first_of_theme(ds.workshops.iloc[0:0]) == []


def test_content_fields_become_items_only_when_filled():
    assert items_of("Begrüßung | Impulse |  | Diskussion ") == ["Begrüßung", "Impulse", "Diskussion"]
    assert items_of(None) == [] and items_of(float("nan")) == [] and items_of("  ") == []
    assert content_sections({"agenda": None, "results": None}) == []
    assert content_sections({"agenda": "A | B", "results": "C"}) == [("Programm", ["A", "B"]), ("Ergebnisse", ["C"])]
    assert content_sections({"agenda": float("nan"), "results": "nur Ergebnisse"}) == [
        ("Ergebnisse", ["nur Ergebnisse"])]
    assert content_sections({}) == []


def test_workshops_held_in_a_chosen_municipality_or_one_of_its_members():
    ds = load_dataset(DATA)
    assert held_in_chosen(ds.workshops, ds.municipalities, set()) == set()
    assert held_in_chosen(ds.workshops, ds.municipalities, {"15083040"}) == {4}  # Barleben
    assert held_in_chosen(ds.workshops, ds.municipalities, {"15003000", "15002000"}) == {1, 2, 6}
    ferropolis = ds.municipalities.set_index("ags").at["15091110", "unit_key"]  # Gräfenhainichen's unit
    assert held_in_chosen(ds.workshops, ds.municipalities, {ferropolis}) == {3}
