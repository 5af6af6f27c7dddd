"""data.import_match: keys before names; official GV-ISys names and fitting designations are taken; names that
fit another unit or no unit only get ranked suggestions."""
from __future__ import annotations

import pytest

from data.import_match import UnitMatcher, fold, key_digits
from data.loading import load_dataset
from tests.conftest import DATA


@pytest.fixture(scope="module")
def matcher():
    ds = load_dataset(DATA)
    return UnitMatcher(ds.municipalities, ds.units)


@pytest.mark.parametrize("value,unit", [
    ("Lutherstadt Wittenberg", "15091375"), ("Wittenberg, Lutherstadt", "15091375"),
    ("Merseburg, Stadt", "15088220"), ("Stadt Merseburg", "15088220"), ("Merseburg (Stadt)", "15088220"),
    ("Einheitsgemeinde Stadt Tangerhütte", "15090546"), ("Welterbestadt Quedlinburg", "15085235"),
    ("Quedlinburg, Welterbestadt", "15085235"), ("Gemeinde Barleben", "15083040"), ("Einheitsgemeinde Barleben", "15083040"),
    ("Landeshauptstadt Magdeburg", "15003000"), ("Hansestadt Stendal", "15090535"), ("STASSFURT", "15089310"),
    ("Halle/Saale", "15002000"), ("VG An der Finne", "150845051"), ("Verbandsgemeinde An der Finne", "150845051"),
    ("Lutherstadt Eisleben", "15087130"), ("Eisleben, Lutherstadt", "15087130"),
])
def test_official_names_and_fitting_designations_are_taken(matcher, value, unit):
    m = matcher.match(value)
    assert (m.unit_key, m.problem) == (unit, None)


@pytest.mark.parametrize("value,first_suggestion", [
    ("Wittenberg", "„Lutherstadt Wittenberg“ (15091375)"),  # also the Landkreis Wittenberg
    ("VG Barleben", "„Barleben“ (15083040)"),  # Barleben is no Verbandsgemeinde
    ("Stadt Barleben", "„Barleben“ (15083040)"),  # … and no town
    ("Gemeinde Magdeburg", "„Magdeburg“ (15003000)"),  # a town, the capital
    ("Halle", "„Halle (Saale)“ (15002000)"),
    ("Barlebn", "„Barleben“ (15083040)"),
])
def test_names_that_fit_no_unit_exactly_are_never_taken(matcher, value, first_suggestion):
    m = matcher.match(value)
    assert m.unit_key is None
    assert m.problem.startswith(f"Die Kommune „{value}“ ist nicht bekannt. Meinten Sie: {first_suggestion}")


def test_keys_as_spreadsheets_write_them(matcher):
    assert [key_digits(v) for v in ("15083040", "15083040.0", "15083040,0", "15.083.040", " 150830040040 ", "abc")] \
        == ["15083040", "15083040", "15083040", "15083040", "150830040040", None]
    assert matcher.match("15083040.0").unit_key == "15083040"
    assert matcher.match("150830040040").unit_key == "15083040"  # ARS
    m = matcher.match("150815051026")  # ARS of a member: its Verbandsgemeinde, with a note
    assert m.unit_key == "150815051" and "gehört zur Verbandsgemeinde Beetzendorf-Diesdorf" in m.note
    assert matcher.match("150815051").unit_key == "150815051"
    assert "kein Gemeindeschlüssel" in matcher.match("16054000").problem  # Thuringia


def test_a_member_town_named_like_its_verbandsgemeinde(matcher):
    m = matcher.match("Seehausen (Altmark)")
    assert m.unit_key == "150905053" and "gehört zur Verbandsgemeinde Seehausen (Altmark)" in m.note
    assert matcher.match("Verbandsgemeinde Seehausen (Altmark)").unit_key == "150905053"


def test_column_scores(matcher):
    assert matcher.column_score(["15083040", "15088220.0", "x"]) == (2 / 3, 0.0)
    assert matcher.column_score(["Barleben", "Merseburg, Stadt", "Frau Muster", ""]) == (0.0, 2 / 3)
    assert fold("Staßfurt") == fold("Stassfurt") == fold("STAẞFURT".replace("ẞ", "SS")) == "stassfurt"
