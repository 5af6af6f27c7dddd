"""The map's click card: facts the map shows, the profile it leads to, never a survey answer."""
from __future__ import annotations

import pytest

from data.loading import load_dataset
from tests.conftest import DATA
from views.map_card import map_card


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def test_barleben_card(ds):
    card = map_card("15083040", ds.municipalities, ds.units, ds.workshops, ds.sample_data)
    assert card.name == "Barleben" and card.unit_key == "15083040" and card.profile_name == "Barleben"
    assert card.lines[0] == "Gemeinde im Landkreis Börde"
    assert card.lines[1] == "9.238 Einwohner · Kleinstadt"
    assert any(line.startswith("Beteiligung: ") for line in card.lines)
    assert "Workshop 4: Verkehr und Mobilität (14. Sep. 2023)" in card.lines


def test_city_with_two_workshops(ds):
    card = map_card("15003000", ds.municipalities, ds.units, ds.workshops, ds.sample_data)
    assert card.lines[0] == "Kreisfreie Stadt"
    assert [line for line in card.lines if line.startswith("Workshop")] == [
        "Workshop 1: Auftaktveranstaltung (27. Apr. 2023)", "Workshop 6: Abschlussveranstaltung (7. Dez. 2023)"]


def test_member_of_a_verbandsgemeinde_leads_to_its_profile(ds):
    m = ds.municipalities
    member = m[m["vg_key"].notna()].iloc[0]
    card = map_card(member["ags"], m, ds.units, ds.workshops, ds.sample_data)
    assert card.unit_key == member["vg_key"] and card.profile_name == member["vg_name"]
    assert f"Gehört zur {member['vg_name']}, die als Einheit an der Workshopreihe teilnimmt" in card.lines


def test_verbandsgemeinde_key_gives_its_own_card(ds):
    vg = ds.units[ds.units["kind"] == "Verbandsgemeinde"].iloc[0]
    card = map_card(vg["unit_key"], ds.municipalities, ds.units, ds.workshops, ds.sample_data)
    assert card.name == vg["name"] and card.unit_key == vg["unit_key"]
    assert "Mitgliedsgemeinden" in card.lines[0]


def test_sample_mark_only_on_answer_based_status(ds):
    units = ds.units.copy()
    units["registered"], units["answered"] = True, True
    card = map_card("15083040", ds.municipalities, units, ds.workshops, True)
    assert "Beteiligung: Angemeldet und Fragebogen (Beispieldaten)" in card.lines
    assert "Beteiligung: Angemeldet und Fragebogen" in map_card("15083040", ds.municipalities, units, ds.workshops,
                                                                 False).lines
    units["answered"] = False
    assert "Beteiligung: Angemeldet" in map_card("15083040", ds.municipalities, units, ds.workshops, True).lines


def test_unknown_key(ds):
    assert map_card("99999999", ds.municipalities, ds.units, ds.workshops, True) is None


def test_the_public_card_never_says_whether_a_municipality_answered(ds):
    # data.disclosure: whether a unit answered is an answer – the public card tells registration only
    units = ds.units.copy()
    units["registered"], units["answered"] = False, True
    card = map_card("15083040", ds.municipalities, units, ds.workshops, True, questionnaire=False)
    assert "Beteiligung: Nicht angemeldet" in card.lines
    assert not any("Fragebogen" in line for line in card.lines)
    units["registered"] = True
    card = map_card("15083040", ds.municipalities, units, ds.workshops, True, questionnaire=False)
    assert "Beteiligung: Angemeldet" in card.lines
