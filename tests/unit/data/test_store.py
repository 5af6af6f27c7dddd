"""The survey store, the same tests on SQLite and on a real PostgreSQL server (TEST_POSTGRES_URL, which
scripts/test.sh starts on 127.0.0.1): versions, atomic writes, restore, concurrency, migrations."""
from __future__ import annotations

import os
import threading
import uuid

import pandas as pd
import pytest
import sqlalchemy as sa

from data.store import ANSWER_COLUMNS, Store, StoreError, open_store, url_from_env

ANSWERS_A = pd.DataFrame([("15083040", "digitalstrategie", "Ja"), ("15002000", "digitalstrategie", "Nein"),
                          ("15002000", "handlungsfelder", "Mobilität"), ("15002000", "handlungsfelder", "Energie")],
                         columns=ANSWER_COLUMNS)
ANSWERS_B = pd.DataFrame([("15083040", "digitalstrategie", "Ja, in Erarbeitung")], columns=ANSWER_COLUMNS)


def _postgres_url() -> str | None:
    return os.environ.get("TEST_POSTGRES_URL", "").strip() or None


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'umfrage.sqlite'}"
        return
    admin_url = _postgres_url()
    if admin_url is None:
        if os.environ.get("CI"):
            pytest.fail("TEST_POSTGRES_URL fehlt: scripts/test.sh startet PostgreSQL für die Tests.", pytrace=False)
        pytest.skip("kein PostgreSQL (TEST_POSTGRES_URL); scripts/test.sh startet einen Server")
    name = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    yield url
    from data import store as store_module

    s = store_module._stores.pop(url, None)
    if s is not None:
        s.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def store(store_url) -> Store:
    return open_store(store_url)


def _script_head() -> str:
    """The one head revision of data/migrations (two heads would fail here)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from data.store import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def sorted_frame(frame: pd.DataFrame) -> list[tuple]:
    return sorted(map(tuple, frame[ANSWER_COLUMNS].astype(str).itertuples(index=False, name=None)))


def test_new_store_is_migrated_and_empty(store, store_url):
    assert store.head() == 0 and store.waves() == [] and store.versions() == []
    with sa.create_engine(store_url).connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == _script_head()
    store.migrate()  # again: idempotent
    assert store.head() == 0


def test_every_write_is_a_new_version_with_its_metadata(store):
    v1 = store.add_version("2023", ANSWERS_A, created_by="Frau Beispiel", action="import", file_name="a.csv",
                           checksum="c1")
    v2 = store.add_version("2023", ANSWERS_B, created_by="Herr Test", action="import", file_name="b.xlsx",
                           checksum="c2")
    assert (v1.id, v2.id) == (1, 2) and store.head() == 2
    assert (v1.respondents, v1.answer_rows, v1.file_name, v1.checksum, v1.created_by) == (2, 4, "a.csv", "c1",
                                                                                         "Frau Beispiel")
    assert v1.created_at.tzinfo is not None
    assert store.current("2023") == v2
    assert [v.id for v in store.versions()] == [2, 1]
    assert sorted_frame(store.answers(v1.id)) == sorted_frame(ANSWERS_A)  # the old version is untouched
    assert sorted_frame(store.answers(v2.id)) == sorted_frame(ANSWERS_B)
    assert "Version 2 vom " in v2.description and "1 Kommune ·" in v2.description


def test_restore_appends_a_copy_and_keeps_the_history(store):
    v1 = store.add_version("2023", ANSWERS_A, created_by="a", action="import", file_name="a.csv", checksum="c1")
    store.add_version("2023", ANSWERS_B, created_by="b", action="import", file_name="b.csv", checksum="c2")
    v3 = store.restore(v1.id, "Admin")
    assert (v3.id, v3.action, v3.restored_from, v3.created_by) == (3, "wiederherstellung", 1, "Admin")
    assert store.current("2023").id == 3
    assert sorted_frame(store.answers(3)) == sorted_frame(ANSWERS_A)
    assert len(store.versions()) == 3
    with pytest.raises(StoreError, match="Version 99 gibt es nicht"):
        store.restore(99, "Admin")


def test_a_failure_midway_leaves_the_store_unchanged(store, monkeypatch):
    store.add_version("2023", ANSWERS_A, created_by="a", action="import", file_name="a.csv", checksum="c1")
    before = (store.head(), store.waves(), sorted_frame(store.answers(1)))
    broken = pd.concat([ANSWERS_B, pd.DataFrame([("15083040", "digitalstrategie", "x" * 600)],
                                                columns=ANSWER_COLUMNS)])
    real_insert = Store._insert

    def insert_then_fail(self, conn, *args, **kwargs):
        real_insert(self, conn, *args, **kwargs)  # version row and answers are written …
        raise RuntimeError("Abbruch mitten im Schreiben")  # … then the process fails

    monkeypatch.setattr(Store, "_insert", insert_then_fail)
    with pytest.raises((RuntimeError, StoreError)):  # PostgreSQL already refuses the 600 characters
        store.add_version("2025", broken, created_by="b", action="import", file_name="b.csv", checksum="c2")
    monkeypatch.setattr(Store, "_insert", real_insert)
    assert (store.head(), store.waves(), sorted_frame(store.answers(1))) == before
    with sa.create_engine(store.url).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM answers")).scalar_one() == len(ANSWERS_A)


def test_two_imports_in_parallel_never_mix(store):
    big_a = pd.DataFrame([(f"1508{i:04d}", "digitalstrategie", "Ja") for i in range(3000)], columns=ANSWER_COLUMNS)
    big_b = pd.DataFrame([(f"1509{i:04d}", "digitalstrategie", "Nein") for i in range(3000)], columns=ANSWER_COLUMNS)
    results, errors = {}, []
    start = threading.Barrier(2)

    def run(name, frame):
        try:
            start.wait()
            results[name] = store.add_version("2025", frame, created_by=name, action="import", file_name=name,
                                              checksum=name)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n, f)) for n, f in (("a", big_a), ("b", big_b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert {results["a"].id, results["b"].id} == {1, 2}
    assert sorted_frame(store.answers(results["a"].id)) == sorted_frame(big_a)
    assert sorted_frame(store.answers(results["b"].id)) == sorted_frame(big_b)
    assert store.current("2025").id == max(results["a"].id, results["b"].id)


def test_the_data_folder_file_enters_once_per_content(store):
    assert store.sync_file("2023", ANSWERS_A, "responses.csv", "f1").action == "datei"
    assert store.sync_file("2023", ANSWERS_A, "responses.csv", "f1") is None
    store.add_version("2023", ANSWERS_B, created_by="a", action="import", file_name="b.csv", checksum="c2")
    assert store.sync_file("2023", ANSWERS_A, "responses.csv", "f1") is None  # an import does not re-seed
    assert store.sync_file("2023", ANSWERS_B, "responses.csv", "f2").id == 3  # a changed file does
    assert [v.action for v in store.versions()] == ["datei", "import", "datei"]


def test_mapping_is_saved_per_wave(store):
    store.add_version("2025", ANSWERS_B, created_by="a", action="import", file_name="b.csv", checksum="c",
                      mapping={"Haben Sie eine Strategie?": "digitalstrategie", "Bemerkung": ""})
    store.add_version("2025", ANSWERS_B, created_by="a", action="import", file_name="b.csv", checksum="c",
                      mapping={"Haben Sie eine Strategie?": "digitalstrategie"})
    assert store.mapping("2025") == {"Haben Sie eine Strategie?": "digitalstrategie", "Bemerkung": ""}
    assert store.mapping("2023") == {}


def test_unreachable_database_is_a_german_message(tmp_path):
    target = tmp_path / "kein-ordner"
    target.write_text("eine Datei, kein Ordner")
    with pytest.raises(StoreError, match="Umfragedatenbank ist nicht erreichbar"):
        open_store(f"sqlite:///{target / 'x' / 'umfrage.sqlite'}")


def test_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_STORE_DIR", str(tmp_path))
    assert url_from_env(tmp_path / "data") == f"sqlite:///{tmp_path / 'umfrage.sqlite'}"
    monkeypatch.delenv("DASHBOARD_STORE_DIR")
    assert url_from_env(tmp_path / "data") == f"sqlite:///{tmp_path / 'data' / 'umfrage.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/db")
    assert url_from_env(tmp_path) == "postgresql+psycopg://u@127.0.0.1/db"


def test_a_withdrawn_version_stays_in_the_history_and_is_never_current(store):
    v1 = store.add_version("2023", ANSWERS_A, created_by="a", action="import", file_name="a.csv", checksum="c1")
    v2 = store.add_version("2023", ANSWERS_B, created_by="b", action="import", file_name="b.csv", checksum="c2")
    v3 = store.add_version("0", ANSWERS_B, created_by="Datenordner", action="datei", file_name="responses.csv",
                           checksum="c3")
    head = store.head()
    gone = store.withdraw(v2.id, "Frau Admin")
    assert gone.withdrawn and gone.withdrawn_by == "Frau Admin" and gone.withdrawn_at.tzinfo is not None
    assert "zurückgezogen am " in gone.description and gone.description.endswith("von Frau Admin")
    assert store.head() != head  # caches keyed by head see the withdrawal
    assert store.current("2023") == v1 and [v.id for v in store.versions()] == [3, 2, 1]
    assert set(store.current_answers()) == {"2023", "0"}
    store.withdraw(v3.id, "Frau Admin")  # the whole wave 0 withdrawn: the wave disappears
    assert store.waves() == ["2023"] and set(store.current_answers()) == {"2023"} and store.current("0") is None
    with pytest.raises(StoreError, match="bereits zurückgezogen"):
        store.withdraw(v2.id, "x")
    with pytest.raises(StoreError, match="Version 99 gibt es nicht"):
        store.withdraw(99, "x")
    back = store.restore(v2.id, "Frau Admin")  # undoing a withdrawal: a new version with its answers
    assert store.current("2023") == back and not back.withdrawn
    assert sorted_frame(store.answers(back.id)) == sorted_frame(ANSWERS_B)
    assert store.has_file("c3") and not store.has_file("c1")


# --- publication policy and releases (data.disclosure) --------------------------------------------------

def test_policy_and_releases_are_stored_with_the_versions(store):
    v1 = store.add_version("2023", ANSWERS_A, created_by="Import", action="import", file_name="a.csv", checksum="c1",
                           released=frozenset({"15083040"}))
    assert v1.policy is None and store.releases(v1.id) == {"15083040"}
    v2 = store.set_publication("2023", "namentlich", frozenset({"15083040", "15002000"}), "Frau Beispiel")
    assert (v2.action, v2.policy, v2.created_by) == ("freigabe", "namentlich", "Frau Beispiel")
    assert store.releases(v2.id) == {"15083040", "15002000"}
    assert sorted_frame(store.answers(v2.id)) == sorted_frame(ANSWERS_A)  # the same answers, a new version
    assert "Veröffentlichung geändert" in v2.description
    # A new import without a release column keeps the wave's policy and releases ...
    v3 = store.add_version("2023", ANSWERS_B, created_by="Import", action="import", file_name="b.csv", checksum="c2")
    assert v3.policy == "namentlich" and store.releases(v3.id) == {"15083040", "15002000"}
    # ... one with the column replaces the releases.
    v4 = store.add_version("2023", ANSWERS_B, created_by="Import", action="import", file_name="c.csv", checksum="c3",
                           released=frozenset())
    assert store.releases(v4.id) == frozenset()
    # Restoring old answers never widens what is published: policy and releases stay as they are now.
    v5 = store.restore(v1.id, "Herr Beispiel")
    assert v5.policy == "namentlich" and store.releases(v5.id) == frozenset()
    assert sorted_frame(store.answers(v5.id)) == sorted_frame(ANSWERS_A)


def test_publication_of_an_unknown_wave_is_refused(store):
    with pytest.raises(StoreError, match="2099"):
        store.set_publication("2099", "namentlich", frozenset(), "x")


def test_a_withdrawn_publication_change_falls_back_to_the_previous_one(store):
    store.add_version("2023", ANSWERS_A, created_by="Import", action="import", file_name="a.csv", checksum="c1")
    named = store.set_publication("2023", "namentlich", frozenset({"15083040"}), "Frau Beispiel")
    store.withdraw(named.id, "Frau Beispiel")
    v = store.add_version("2023", ANSWERS_B, created_by="Import", action="import", file_name="b.csv", checksum="c2")
    assert v.policy is None and store.releases(v.id) == frozenset()  # inherits from the current, not the withdrawn
