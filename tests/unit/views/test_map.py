"""views.map: which colouring the area map draws for a choice, and which municipality a click hits."""
from __future__ import annotations

import pytest

from data.disclosure import Selection, disclosure_of
from data.filters import Filters, municipality_mask
from data.loading import load_dataset
from geo import boundaries as gb
from geo import choropleth as ch
from tests.conftest import BOUNDARIES, DATA
from views.map import AreaIndex, boundaries_caption, colouring_for, municipality_at, point_layers, question_options


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def areas(ds, tmp_path_factory):
    out = tmp_path_factory.mktemp("geo")
    gb.import_path(BOUNDARIES, out, ds.municipalities)
    return gb.load(out)


def test_colouring_for_each_choice(ds):
    mask = municipality_mask(ds.municipalities, Filters())
    wd, everyone = disclosure_of(ds), Selection.of(ds.units["unit_key"])

    def colouring(variable, option="", staff=False):
        return colouring_for(ds, variable, option, mask, wd, everyone, staff)

    assert colouring(ch.PARTICIPATION).title.startswith("Beteiligung")
    assert colouring(ch.SIZE).title.startswith("Gemeindegrößenklasse")
    assert colouring(ch.POPULATION).title.startswith("Einwohnerzahl")
    question = colouring(ch.QUESTION_PREFIX + "digitalstrategie", "Ja")
    assert question.level == "kreise" and "Anteil „Ja“ je Kreis" in question.title
    # A question the data no longer knows falls back to participation.
    assert colouring(ch.QUESTION_PREFIX + "gibtsnicht", "Ja").title.startswith("Beteiligung")
    # Who answered is an answer: only staff see it on the map.
    staff = {e.label.split(" (")[0]: e.count for e in colouring(ch.PARTICIPATION, staff=True).legend}
    public = {e.label.split(" (")[0]: e.count for e in colouring(ch.PARTICIPATION).legend}
    assert staff["Fragebogen"] > 0 and staff["Angemeldet und Fragebogen"] > 0
    assert set(public) == {"Angemeldet", "Nicht angemeldet"} and public["Angemeldet"] == (
        staff["Angemeldet"] + staff["Angemeldet und Fragebogen"])
    assert question_options(ds, ch.QUESTION_PREFIX + "digitalstrategie")[-1] == "Ja"
    assert question_options(ds, ch.SIZE) == []


def test_a_click_on_an_area_finds_its_municipality(ds, areas):
    index = AreaIndex.of(areas)
    barleben = ds.municipalities.set_index("ags").loc["15083040"]
    assert municipality_at(float(barleben["lat"]), float(barleben["lon"]), ds.municipalities, index) == "15083040"


def test_without_boundaries_a_click_finds_the_nearest_seat_within_4_km(ds):
    barleben = ds.municipalities.set_index("ags").loc["15083040"]
    lat, lon = float(barleben["lat"]), float(barleben["lon"])
    assert municipality_at(lat + 0.01, lon, ds.municipalities, None) == "15083040"  # about 1 km north
    assert municipality_at(55.0, 8.0, ds.municipalities, None) is None  # Sylt: far from every seat


def test_point_layers_ring_the_chosen_unit_and_show_answers_to_staff_only(ds):
    data = point_layers(ds, Filters(units=("15083040",)), 620)
    rings = [p for p in data.points if p["style"]["color"] == "#000000"]
    assert len(rings) == 1 and "Barleben" in rings[0]["tip"]
    assert not {"both", "answered"} & set(data.counts.by_status)
    assert {"both", "answered"} & set(point_layers(ds, Filters(), 620, staff=True).counts.by_status)


def test_boundaries_caption_names_attribution_and_edition():
    text = boundaries_caption({"attribution": "© GeoBasis-DE / BKG 2021", "product": "VG5000",
                               "edition": "2021-12-31"})
    assert text.startswith("Grenzen: © GeoBasis-DE / BKG 2021, VG5000, Stand 31.12.2021.")
