"""Through app.py: a page view with a broken configuration stores nothing; staff withdraw a version on /daten."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
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
    assert any("erst übernommen" in plain(w.value) for w in at.warning)


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
