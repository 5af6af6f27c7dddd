"""Read-only means read-only: a broken data folder is reported, never stored; reading commands write nothing;
versions can be withdrawn from the command line."""
from __future__ import annotations

import pytest

import data.importer as imp
from data.loading import load_dataset
from data.store import open_store, url_from_env
from data.waves import attach_store


@pytest.fixture
def store(data_dir):
    return open_store(url_from_env(data_dir))


def test_a_broken_survey_yaml_writes_no_version(data_dir, store):
    (data_dir / "survey.yaml").write_text("title: [kaputt\nwave: 2023\n", encoding="utf-8")
    ds = load_dataset(data_dir)
    assert ds.problems and ds.survey.wave == "0"
    shown = attach_store(ds, store, (data_dir / "responses.csv").read_bytes())
    assert store.versions() == [] and store.waves() == []
    assert any("übernommen, wenn die Fehler im Datenordner behoben sind" in n for n in shown.store_notes)


def test_a_clean_folder_is_taken_over_and_a_later_broken_one_is_not(data_dir, store):
    ds = load_dataset(data_dir)
    attach_store(ds, store, (data_dir / "responses.csv").read_bytes())
    assert [(v.wave, v.action) for v in store.versions()] == [("2023", "datei")]
    text = (data_dir / "responses.csv").read_text(encoding="utf-8")
    (data_dir / "responses.csv").write_text(text + "15083040,gibt-es-nicht,Ja\n", encoding="utf-8")
    broken = load_dataset(data_dir)
    assert broken.problems
    shown = attach_store(broken, store, (data_dir / "responses.csv").read_bytes())
    assert len(store.versions()) == 1 and shown.survey.store_version.startswith("Version 1 vom ")


def test_list_and_restore_write_nothing_even_with_broken_configuration(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    (data_dir / "survey.yaml").write_text("wave: [\n", encoding="utf-8")
    assert imp.main(["list"]) == 0
    assert capsys.readouterr().out.strip() == "Noch keine Versionen."
    assert imp.main(["restore", "1"]) == 1
    assert imp.main(["list"]) == 0
    assert open_store(url_from_env(data_dir)).versions() == []


def test_withdraw_from_the_command_line(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    assert imp.main(["migrate"]) == 0  # responses.csv becomes version 1
    capsys.readouterr()
    assert imp.main(["withdraw", "1", "--by", "Frau Admin"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Zurückgezogen: Version 1 vom ") and "zurückgezogen am " in out and "Frau Admin" in out
    assert imp.main(["withdraw", "1"]) == 1
    assert "bereits zurückgezogen" in capsys.readouterr().err
    assert imp.main(["list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 1 and listing[0].startswith("  Version 1 vom ")  # not current ("* ")
    store = open_store(url_from_env(data_dir))
    assert store.waves() == [] and store.current("2023") is None
