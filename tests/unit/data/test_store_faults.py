"""Faults heal: a locked, unreadable or read-only survey database costs seconds, shows the last good stored
state (kept on disk) with a German notice – never the data folder's answers under the stored waves' names –
and the next read after the fault shows the stored data again. Every store error is a German sentence."""
from __future__ import annotations

import gzip
import sqlite3
from contextlib import contextmanager

import pandas as pd
import pytest

import data.importer as imp
import data.store as store_module
from data.loading import load_dataset
from data.store import ANSWER_COLUMNS, StoreError, describe_error, open_store, url_from_env
from data.store_snapshot import load_snapshot, save_snapshot, snapshot_path
from data.waves import attach_stored_state

WAVE_2025 = pd.DataFrame([("15083040", "digitalstrategie", "Ja"), ("15002000", "digitalstrategie", "Nein"),
                          ("15003000", "digitalstrategie", "Ja")], columns=ANSWER_COLUMNS)


@pytest.fixture(autouse=True)
def short_timeouts(monkeypatch):
    """The same behaviour with shorter waits, so that the tests stay quick."""
    monkeypatch.setattr(store_module, "READ_TIMEOUT_S", 0.2)
    monkeypatch.setattr(store_module, "READ_BUDGET_S", 0.5)
    monkeypatch.setattr(store_module, "SYNC_TIMEOUT_S", 0.2)


@pytest.fixture
def url(data_dir):
    return url_from_env(data_dir)


@pytest.fixture
def stored(data_dir, url):
    """The data folder's responses.csv as version 1 (wave 2023, sample) and a real wave 2025 as version 2."""
    store = open_store(url)
    shown = attach_stored_state(load_dataset(data_dir), store, (data_dir / "responses.csv").read_bytes())
    assert [w.key for w in shown.waves] == ["2023"]
    store.add_version("2025", WAVE_2025, created_by="Frau Test", action="import", file_name="welle2025.csv",
                      checksum="c2025")
    live = attach_stored_state(load_dataset(data_dir), store, (data_dir / "responses.csv").read_bytes())
    assert [w.key for w in live.waves] == ["2023", "2025"] and not live.store_notes
    return store


def sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


@contextmanager
def write_lock(url):
    """Another process holds the write lock (readers go on)."""
    conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@contextmanager
def exclusive_lock(url):
    """Another process holds the database exclusively: nobody can read or write (it can take the database only
    while this process has no connection open, as after a restart of the database)."""
    open_store(url).engine.dispose()
    conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE waves SET label = label")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def changed_responses(data_dir) -> bytes:
    lines = (data_dir / "responses.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    first_unit = lines[1].split(",")[0]
    kept = [line for line in lines if not line.startswith(first_unit + ",")]
    (data_dir / "responses.csv").write_text("".join(kept), encoding="utf-8")
    return (data_dir / "responses.csv").read_bytes()


def test_a_write_lock_while_responses_change_shows_the_stored_state_and_heals(data_dir, stored):
    new_bytes = changed_responses(data_dir)
    ds = load_dataset(data_dir)
    assert not ds.problems
    with write_lock(stored.url):
        shown = attach_stored_state(ds, stored, new_bytes)
    assert [w.key for w in shown.waves] == ["2023", "2025"]
    assert shown.waves[0].version.id == 1 and shown.waves[0].version.respondents == 34  # the stored answers
    assert shown.survey.store_version.startswith("Version 2 vom ")
    note = " ".join(shown.store_notes)
    assert "gerade durch einen anderen Schreibvorgang gesperrt" in note and "nicht übernommen" in note
    assert "Traceback" not in note and "locked" not in note
    assert [v.id for v in stored.versions()] == [2, 1]
    healed = attach_stored_state(ds, stored, new_bytes)  # the next run after the lock: taken over, no notice
    assert not healed.store_notes and [v.id for v in stored.versions()] == [3, 2, 1]
    assert healed.waves[0].version.id == 3 and healed.waves[0].version.respondents == 33


def test_an_unreadable_store_shows_the_last_good_stored_state_then_the_store_again(data_dir, stored):
    ds = load_dataset(data_dir)
    with exclusive_lock(stored.url):
        with pytest.raises(StoreError, match="gesperrt"):
            stored.head()
        shown = attach_stored_state(ds, stored, (data_dir / "responses.csv").read_bytes())
    assert [w.key for w in shown.waves] == ["2023", "2025"]  # the stored waves, not the file's answers
    latest = shown.waves[-1]
    assert latest.version.id == 2 and not latest.sample_data and sorted(latest.responses["unit_key"]) == sorted(
        WAVE_2025["unit_key"])
    assert shown.survey.store_version.startswith("Version 2 vom ") and shown.sample_data is False
    note = " ".join(shown.store_notes)
    assert "Angezeigt wird der zuletzt gelesene Stand vom " in note and "sobald die Datenbank wieder" in note
    again = attach_stored_state(ds, stored, (data_dir / "responses.csv").read_bytes())
    assert not again.store_notes and again.version != shown.version


def test_without_a_stored_state_on_disk_no_answers_are_shown(data_dir, stored):
    snapshot_path(stored.url).unlink()
    ds = load_dataset(data_dir)
    with exclusive_lock(stored.url):
        shown = attach_stored_state(ds, stored, (data_dir / "responses.csv").read_bytes())
    assert shown.waves == () and len(shown.responses) == 0 and not shown.units["answered"].any()
    assert shown.survey.store_version is None
    assert "liegt auf diesem Server nicht vor" in " ".join(shown.store_notes)


def test_a_store_that_cannot_be_opened_falls_back_the_same_way(data_dir, stored):
    error = StoreError("Die Umfragedatenbank ist nicht erreichbar.")
    shown = attach_stored_state(load_dataset(data_dir), None, None, url=stored.url, error=error)
    assert [w.key for w in shown.waves] == ["2023", "2025"]
    assert shown.store_notes[0].startswith("Die Umfragedatenbank ist nicht erreichbar. Angezeigt wird")


def test_store_errors_are_german_sentences(tmp_path, data_dir, stored):
    ro = open_store(f"sqlite:///file:{sqlite_path(stored.url)}?mode=ro&uri=true")  # readable, not writable
    assert [v.id for v in ro.versions()] == [2, 1]
    with pytest.raises(StoreError, match=r"^Die Umfragedatenbank ist schreibgeschützt"):
        ro.add_version("2026", WAVE_2025, created_by="x", action="import", file_name="x.csv", checksum="x")
    with write_lock(stored.url):
        with pytest.raises(StoreError, match=r"^Die Umfragedatenbank ist gerade durch einen anderen Schreib"):
            stored.sync_file("2023", WAVE_2025, "responses.csv", "neu")
    garbage = tmp_path / "kaputt.sqlite"
    garbage.write_bytes(b"das ist keine Datenbank" * 100)
    with pytest.raises(StoreError, match=r"^Die Datei der Umfragedatenbank ist beschädigt"):
        open_store(f"sqlite:///{garbage}")
    with pytest.raises(StoreError, match=r"^Die Adresse der Umfragedatenbank \(DATABASE_URL\) ist ungültig"):
        open_store("kein-schema:/irgendwo")
    with pytest.raises(StoreError, match=r"^Die Umfragedatenbank ist nicht erreichbar\.$") as refused:
        open_store("postgresql+psycopg://niemand@127.0.0.1:1/umfrage")  # nothing listens on port 1
    assert refused.value.detail and "Umfragedatenbank" not in refused.value.detail  # the technical text, for logs
    assert describe_error(RuntimeError("something odd")).startswith("Die Umfragedatenbank meldet einen Fehler")


def test_import_into_a_read_only_database_prints_one_german_line(tmp_path, data_dir, stored, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///file:{sqlite_path(stored.url)}?mode=ro&uri=true")
    upload = tmp_path / "welle2026.csv"
    upload.write_text("Kommune;digitalstrategie\nBarleben;Ja\n", encoding="utf-8")
    assert imp.main(["import", str(upload), "--wave", "2026", "--by", "Test"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("Nicht gespeichert: Die Umfragedatenbank ist schreibgeschützt (die Datei oder ihr Ordner "
                           "darf nicht geändert werden); Speichern ist nicht möglich.")
    assert imp.main(["list"]) == 0  # reading still works
    assert "Version 2 vom " in capsys.readouterr().out
    assert [v.id for v in stored.versions()] == [2, 1]


def test_the_stored_state_file_round_trip_and_damage(tmp_path, stored):
    path = snapshot_path(stored.url)
    state = load_snapshot(path)
    assert state is not None and state.head == stored.head() and set(state.current) == {"2023", "2025"}
    assert state.current["2025"][0] == stored.current("2025")
    assert sorted(map(tuple, state.current["2025"][1].itertuples(index=False))) == sorted(
        map(tuple, WAVE_2025.itertuples(index=False)))
    assert stored.url not in path.name  # the address may hold a password
    path.write_bytes(gzip.compress(b'{"format":1,"head":'))  # damaged: ignored, and written anew
    assert load_snapshot(path) is None
    assert save_snapshot(path, state.head, state.versions, state.current) and load_snapshot(path).head == state.head


def test_a_fault_the_caller_met_is_not_tried_again(data_dir, stored, monkeypatch):
    from data.waves import SyncError

    calls = []
    monkeypatch.setattr(stored, "sync_file", lambda *a, **k: calls.append(a))
    new_bytes = changed_responses(data_dir)
    met = SyncError("Die Umfragedatenbank ist gerade durch einen anderen Schreibvorgang gesperrt; bitte …")
    shown = attach_stored_state(load_dataset(data_dir), stored, new_bytes, error=met)
    assert calls == [] and [w.key for w in shown.waves] == ["2023", "2025"]
    assert "konnte deshalb nicht übernommen werden" in shown.store_notes[0]
    attach_stored_state(load_dataset(data_dir), stored, new_bytes)  # without a fault met: it is tried
    assert len(calls) == 1
