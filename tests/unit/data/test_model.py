"""The municipality model: size classes, units (Gemeinde or whole Verbandsgemeinde), names, distances."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data.loading import load_municipalities
from data.model import (
    SIZE_CLASS_LABELS,
    SIZE_CLASSES,
    build_units,
    haversine_km,
    present_size_classes,
    short_name,
    size_class,
    size_classes,
    sort_key,
    unit_key_of,
)

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"

MAGDEBURG = (52.13129, 11.63189)
HALLE = (51.48158, 11.97947)


@pytest.fixture(scope="module")
def municipalities() -> pd.DataFrame:
    return load_municipalities(DATA / "municipalities.csv")


@pytest.fixture(scope="module")
def units(municipalities) -> pd.DataFrame:
    return build_units(municipalities)


def _csv_rows() -> list[dict[str, str]]:
    with (DATA / "municipalities.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- size classes ----------------------------------------------------------------------------------

BOUNDARIES = [
    (1, "Landgemeinde"), (4_999, "Landgemeinde"), (5_000, "Kleinstadt"), (19_999, "Kleinstadt"),
    (20_000, "Mittelstadt"), (99_999, "Mittelstadt"), (100_000, "Großstadt"), (242_172, "Großstadt"),
]


@pytest.mark.parametrize("population,expected", BOUNDARIES)
def test_size_class_boundaries(population, expected):
    assert size_class(population) == expected


def test_size_classes_vectorised_agrees_with_scalar():
    pops = pd.Series([p for p, _ in BOUNDARIES], dtype="int64")
    assert list(size_classes(pops)) == [c for _, c in BOUNDARIES]


def test_size_class_labels_match_boundaries():
    assert list(SIZE_CLASS_LABELS) == SIZE_CLASSES
    assert "ab 100.000" in SIZE_CLASS_LABELS["Großstadt"]
    assert "5.000 bis 19.999" in SIZE_CLASS_LABELS["Kleinstadt"]
    assert "unter 5.000" in SIZE_CLASS_LABELS["Landgemeinde"]


def test_present_size_classes_keep_the_classes_order_and_drop_empty_ones():
    assert present_size_classes(["Kleinstadt", "Großstadt", "Kleinstadt"]) == ("Großstadt", "Kleinstadt")
    assert present_size_classes(pd.Series(["Landgemeinde", "Mittelstadt"])) == ("Mittelstadt", "Landgemeinde")
    assert present_size_classes([]) == ()
    assert present_size_classes(SIZE_CLASSES * 2) == tuple(SIZE_CLASSES)


def test_municipality_size_class_is_its_own(municipalities):
    for pop, cls in zip(municipalities["population"], municipalities["size_class"]):
        assert cls == size_class(pop)


# --- units ---------------------------------------------------------------------------------------------

def test_unit_key_of():
    m = pd.DataFrame({"ags": ["15084015", "15002000"], "vg_key": ["150845051", None]})
    assert list(unit_key_of(m)) == ["150845051", "15002000"]


def test_unit_key_of_shipped(municipalities):
    assert (municipalities["unit_key"] == unit_key_of(municipalities)).all()
    bad_bibra = municipalities.set_index("ags").loc["15084015"]
    assert bad_bibra["unit_key"] == "150845051"
    halle = municipalities.set_index("ags").loc["15002000"]
    assert halle["unit_key"] == "15002000"


def test_build_units_counts(units):
    assert len(units) == 122
    assert (units["kind"] == "Verbandsgemeinde").sum() == 18
    assert set(units["kind"]) == {"Stadt", "Gemeinde", "Verbandsgemeinde"}
    assert list(units.columns[:10]) == ["unit_key", "name", "kind", "district_key", "district_name", "population",
                                        "area_km2", "lat", "lon", "members"]


def test_vg_population_is_sum_of_members(units):
    rows = [r for r in _csv_rows() if r["vg_key"] == "150845051"]
    assert len(rows) == 7
    finne = units.set_index("unit_key").loc["150845051"]
    assert finne["name"] == "Verbandsgemeinde An der Finne"
    assert finne["kind"] == "Verbandsgemeinde"
    assert finne["members"] == 7
    assert finne["population"] == sum(int(r["population"]) for r in rows) == 11302
    assert finne["area_km2"] == pytest.approx(sum(float(r["area_km2"]) for r in rows))
    assert finne["lat"] == pytest.approx(np.mean([float(r["lat"]) for r in rows]))
    assert finne["district_key"] == "15084"
    # its members are all Landgemeinden, the unit is a Kleinstadt
    assert all(size_class(int(r["population"])) == "Landgemeinde" for r in rows)
    assert finne["size_class"] == "Kleinstadt"


def test_every_vg_population_is_sum_of_members(units):
    sums: dict[str, int] = {}
    for r in _csv_rows():
        if r["vg_key"]:
            sums[r["vg_key"]] = sums.get(r["vg_key"], 0) + int(r["population"])
    vgs = units[units["kind"] == "Verbandsgemeinde"].set_index("unit_key")["population"]
    assert vgs.to_dict() == sums


def test_single_municipality_unit(units):
    halle = units.set_index("unit_key").loc["15002000"]
    assert halle["name"] == "Halle (Saale)"
    assert halle["kind"] == "Stadt"
    assert halle["members"] == 1
    assert halle["population"] == 242172
    assert halle["size_class"] == "Großstadt"


def test_units_sorted_in_german_order(units):
    keys = [sort_key(n) for n in units["name"]]
    assert keys == sorted(keys)


def test_build_units_synthetic():
    m = pd.DataFrame({
        "ags": ["1", "2", "3", "4"],
        "name": ["Zeitz", "Ärzteort", "Bdorf", "Cdorf"],
        "is_town": [True, False, False, True],
        "vg_key": [None, None, "VG1", "VG1"],
        "vg_name": [None, None, "Verbandsgemeinde Mitte", "Verbandsgemeinde Mitte"],
        "district_key": ["D1", "D1", "D2", "D2"],
        "district_name": ["Kreis 1", "Kreis 1", "Kreis 2", "Kreis 2"],
        "population": [4_999, 100_000, 3_000, 2_000],
        "area_km2": [10.0, 20.0, 1.5, 2.5],
        "lat": [51.0, 52.0, 51.0, 52.0],
        "lon": [11.0, 12.0, 11.0, 12.0],
    })
    u = build_units(m).set_index("unit_key")
    assert list(u.index) == ["2", "VG1", "1"]  # Ärzteort, Verbandsgemeinde Mitte, Zeitz
    assert u.at["1", "kind"] == "Stadt" and u.at["2", "kind"] == "Gemeinde"
    assert u.at["VG1", "population"] == 5_000
    assert u.at["VG1", "size_class"] == "Kleinstadt"
    assert u.at["1", "size_class"] == "Landgemeinde"
    assert u.at["2", "size_class"] == "Großstadt"
    assert u.at["VG1", "area_km2"] == pytest.approx(4.0)
    assert (u.at["VG1", "lat"], u.at["VG1", "lon"]) == pytest.approx((51.5, 11.5))
    assert u.at["VG1", "members"] == 2
    assert u.at["VG1", "district_key"] == "D2"


# --- names -----------------------------------------------------------------------------------------------

def test_short_name():
    assert short_name("Verbandsgemeinde An der Finne") == "VG An der Finne"
    assert short_name("Halle (Saale)") == "Halle (Saale)"
    assert short_name("Verbandsgemeinde") == "Verbandsgemeinde"


def test_sort_key_umlauts_sort_like_base_letter():
    names = ["Zerbst/Anhalt", "Österburg", "Oebisfelde", "Osterwieck", "Ärzteort", "Bad Dürrenberg", "Apolda",
             "Aschersleben", "Übersee", "Uchtspringe", "Ummendorf"]
    assert sorted(names, key=sort_key) == ["Apolda", "Ärzteort", "Aschersleben", "Bad Dürrenberg", "Oebisfelde",
                                           "Österburg", "Osterwieck", "Übersee", "Uchtspringe", "Ummendorf",
                                           "Zerbst/Anhalt"]
    assert sort_key("Ärzte") == sort_key("arzte")
    assert sort_key("Weißenfels") == "weissenfels"
    assert sort_key("ÖKO") == "oko"
    # plain Python ordering would put umlauts after z
    assert sorted(["Zeitz", "Ärzte"]) == ["Zeitz", "Ärzte"]
    assert sorted(["Zeitz", "Ärzte"], key=sort_key) == ["Ärzte", "Zeitz"]


# --- distances ------------------------------------------------------------------------------------------

def test_haversine_magdeburg_halle():
    d = haversine_km(*MAGDEBURG, *HALLE)
    assert 75 <= d <= 80


def test_haversine_properties():
    assert haversine_km(*MAGDEBURG, *MAGDEBURG) == pytest.approx(0.0)
    assert haversine_km(*MAGDEBURG, *HALLE) == pytest.approx(haversine_km(*HALLE, *MAGDEBURG))
    # one degree of latitude is about 111.2 km
    assert haversine_km(51.0, 11.0, 52.0, 11.0) == pytest.approx(111.2, abs=0.1)


def test_haversine_on_arrays():
    lats = np.array([MAGDEBURG[0], HALLE[0]])
    lons = np.array([MAGDEBURG[1], HALLE[1]])
    d = haversine_km(MAGDEBURG[0], MAGDEBURG[1], lats, lons)
    assert d.shape == (2,)
    assert d[0] == pytest.approx(0.0)
    assert 75 <= d[1] <= 80
