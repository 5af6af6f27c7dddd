"""Through app.py: a page view with a broken configuration stores nothing; staff withdraw a version on /daten."""
from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data.auth import hash_password
from data.store import open_store, url_from_env

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "richtig-geheim-2025"


def run_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_a_page_view_with_a_broken_survey_yaml_stores_nothing(data_dir, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    (data_dir / "survey.yaml").write_text("title: [kaputt\n", encoding="utf-8")
    at = run_app("app_pages/umfrage.py")
    assert any("survey.yaml" in e.value for e in at.error)  # reported …
    assert open_store(url_from_env(data_dir)).versions() == []  # … never stored
    assert any("erst in die Umfragedatenbank übernommen" in plain(w.value) for w in at.warning)


def test_staff_withdraw_a_version_and_it_is_kept_marked(data_dir, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD_HASH", hash_password(PASSWORD, iterations=1000))
    store = open_store(url_from_env(data_dir))
    at = run_app("app_pages/daten.py")  # the page view seeds version 1 from the (valid) responses.csv
    assert [v.id for v in store.versions()] == [1]
    assert not [s for s in at.subheader if s.value == "Version zurückziehen"]  # signed-in staff only
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert "Version zurückziehen" in [s.value for s in at.subheader]
    button = [b for b in at.button if b.label == "Version zurückziehen"][0]
    assert button.disabled  # nothing chosen, nothing confirmed
    at.selectbox(key="daten_zurueckziehen").set_value(1).run()
    assert [b for b in at.button if b.label == "Version zurückziehen"][0].disabled  # not yet confirmed
    at.checkbox(key="daten_zurueckziehen_ok").check().run()
    [b for b in at.button if b.label == "Version zurückziehen"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(plain(s.value).startswith("Zurückgezogen: Version 1 vom ") for s in at.success)
    version = store.version(1)
    assert version.withdrawn and version.withdrawn_by == "Datenverwaltung (Passwort)"
    table = at.dataframe[0].value
    assert list(table["Version"]) == [1] and table["Aktuell"][0] == "" and table["Zurückgezogen"][0].startswith("am ")


def footer(at: AppTest) -> str:
    return plain([c.value for c in at.caption if "Quellen" in c.value][-1])


def test_pages_keep_the_stored_state_while_the_database_is_unreadable_and_heal(data_dir, monkeypatch):
    import sqlite3

    import pandas as pd
    import streamlit as st

    import data.store as store_module
    from data.store import ANSWER_COLUMNS

    monkeypatch.setattr(store_module, "READ_TIMEOUT_S", 0.2)
    monkeypatch.setattr(store_module, "READ_BUDGET_S", 0.5)
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    url = url_from_env(data_dir)
    store = open_store(url)
    at = run_app("app_pages/umfrage.py")  # version 1 from responses.csv (Beispieldaten)
    store.add_version("2025", pd.DataFrame([("15083040", "digitalstrategie", "Ja"), ("15002000", "digitalstrategie",
                                                                                    "Nein")], columns=ANSWER_COLUMNS),
                      created_by="Frau Test", action="import", file_name="welle2025.csv", checksum="c2025")
    at.run()
    assert "2025: echte Antworten, Umfragedaten Version 2 vom " in footer(at)
    assert not [w for w in at.warning if "Umfragedatenbank" in w.value]

    store.engine.dispose()  # the database goes away (here: another process takes it exclusively)
    blocker = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("PRAGMA locking_mode=EXCLUSIVE")
    blocker.execute("BEGIN EXCLUSIVE")
    blocker.execute("UPDATE waves SET label = label")
    try:
        at.run()
        st.cache_resource.clear()  # also after a cleared cache and in a new session
        fresh = run_app("app_pages/umfrage.py")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    for shown in (at, fresh):
        assert not shown.exception, [e.value for e in shown.exception]
        notice = " ".join(plain(w.value) for w in shown.warning)
        assert "Die Umfragedatenbank ist gerade durch einen anderen Schreibvorgang gesperrt" in notice
        assert "Angezeigt wird der zuletzt gelesene Stand vom " in notice
        assert "2025: echte Antworten, Umfragedaten Version 2 vom " in footer(shown)  # never the sample file

    at.run()  # the database is back: the next run shows it, no notice left behind in a cache
    assert not [w for w in at.warning if "Umfragedatenbank" in w.value]
    assert "2025: echte Antworten, Umfragedaten Version 2 vom " in footer(at)
