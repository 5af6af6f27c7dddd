"""views.about: the page "Über diese Daten" and the footer line, built from the dataset as loaded."""
from __future__ import annotations

import dataclasses

from data.disclosure import NAMED
from data.loading import load_dataset
from tests.conftest import DATA
from views import about as about_view


def test_imported_boundaries_name_the_bkg_with_their_edition_and_licence():
    meta = {"product": "VG250", "edition": "2024-01-01", "imported": "2026-12-01T10:00:00+00:00",
            "attribution": "© GeoBasis-DE / BKG 2024 (Daten verändert)",
            "licence": "Datenlizenz Deutschland – Namensnennung 2.0"}
    entries = about_view.map_entries(meta)
    assert entries[0].source == "© GeoBasis-DE / BKG 2024 (Daten verändert)"
    assert entries[0].as_of.startswith("VG250, Stand 01.01.2024, importiert am 01.12.2026 um ")
    assert entries[0].licence == "Datenlizenz Deutschland – Namensnennung 2.0"
    assert about_view.map_note(meta).startswith("Die Karte zeigt die amtlichen Grenzen")
    # Without boundaries only the optional basemaps, each with its own attribution and licence.
    assert [(e.source, e.licence) for e in about_view.map_entries(None)] == [
        ("© BKG, TopPlusOpen", "Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0)"),
        ("© OpenStreetMap-Mitwirkende", "Open Database License (ODbL)")]


def test_real_answers_carry_no_sample_label_and_a_named_wave_says_so():
    ds = load_dataset(DATA)
    real = dataclasses.replace(ds, survey=dataclasses.replace(ds.survey, sample_data=False,
                                                              store_version="Version 2 vom 27.11.2026, 14:05"))
    line = about_view.footer_line(real)
    assert (line.sample, line.version) == (False, ", Umfragedaten Version 2 vom 27.11.2026, 14:05")
    view = about_view.about(real, None)
    assert "Zurzeit sind echte Antworten geladen (34 Einheiten)" in view.sample_text
    assert "Beispieldaten (" not in " ".join(e.source for e in view.data)
    answers = next(e for e in view.data if e.what.startswith("Antworten:"))
    assert (answers.source, answers.as_of) == ("echte Antworten der Kommunen", "Version 2 vom 27.11.2026, 14:05")

    named = dataclasses.replace(ds, survey=dataclasses.replace(ds.survey, publication=NAMED,
                                                               released=("15083040",)))
    text = about_view.disclosure_text(named)
    assert "ist namentlich (freigegebene Kommunen mit Namen) veröffentlicht." in text
    assert "Kommunen freigegeben, die der Veröffentlichung zugestimmt haben" in text


def test_software_versions_are_the_installed_ones():
    from importlib.metadata import version

    from geo.assets import LEAFLET_VERSION

    names = [e.what for e in about_view.software_entries()]
    assert f"Streamlit {version('streamlit')}" in names and f"Leaflet {LEAFLET_VERSION}" in names
    assert all(e.licence for e in about_view.software_entries())
