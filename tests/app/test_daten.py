"""The admin page /daten through app.py: read-only without configuration, password sign-in with limited
attempts, upload → mapping → report → import → new version in the footer, restore."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.auth import hash_password

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "richtig-geheim-2025"


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("DASHBOARD_ADMIN_PASSWORD_HASH", hash_password(PASSWORD, iterations=1000))


def open_daten() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/daten.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def footer(at: AppTest) -> str:
    return re.sub(r"\\(.)", r"\1", [c.value for c in at.caption if "Quellen" in c.value][-1])


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input[0].input(password)
    at.button[0].click().run()
    return at


def upload(at: AppTest, name: str, rows, delimiter=";") -> AppTest:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    at.file_uploader[0].upload(name, buf.getvalue().encode("cp1252"), "text/csv")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_configuration_the_page_is_read_only(monkeypatch):
    monkeypatch.delenv("DASHBOARD_ADMIN_PASSWORD_HASH", raising=False)
    at = open_daten()
    assert [s.value for s in at.subheader] == ["Versionen", "Anmeldung"]
    assert any("Nur Lesen" in i.value for i in at.info)
    assert not at.text_input and not at.file_uploader
    table = at.dataframe[0].value
    assert list(table["Version"]) == [1] and table["Art"][0] == "aus Datei" and table["Aktuell"][0] == "ja"
    assert "Umfragedaten Version 1 vom " in footer(at)


def test_wrong_password_is_refused_and_attempts_are_limited(password):
    at = open_daten()
    for _ in range(5):
        sign_in(at, "falsch")
        assert [e.value for e in at.error] == ["Das Passwort stimmt nicht."]
    sign_in(at, PASSWORD)  # correct, but locked after five failures
    assert "Zu viele Fehlversuche" in at.error[0].value
    assert not at.file_uploader


def test_clearing_caches_and_a_new_session_do_not_lift_the_lock(password):
    import streamlit as st

    at = open_daten()
    for _ in range(5):
        sign_in(at, "falsch")
    st.cache_resource.clear()  # what any visitor can ask for over Streamlit's protocol
    st.cache_data.clear()
    fresh = open_daten()  # another session
    sign_in(fresh, PASSWORD)
    assert [e.value for e in fresh.error] == [
        "Zu viele Fehlversuche von dieser Adresse. Anmelden ist in 15 Minuten wieder möglich."]
    assert not fresh.file_uploader and "daten_angemeldet" not in fresh.session_state


def test_import_with_mapping_then_restore(password):
    at = open_daten()
    sign_in(at, PASSWORD)
    assert [s.value for s in at.subheader][-5:] == ["Neue Antworten importieren", "Frühere Version wiederherstellen",
                                                    "Version zurückziehen", "Veröffentlichung",
                                                    "Zugangslinks für Kommunen"]
    assert "Zulässig" not in at.file_uploader[0].label and "höchstens 10 MB" in at.file_uploader[0].label
    at.text_input(key="daten_welle").input("2025").run()

    # a broken file: report with row, column and value; the import button stays disabled
    upload(at, "welle2025.csv", [["Kommune", "digitalstrategie", "Strategie <b>neu</b>?"],
                                 ["Barleben", "Jein", "Ja"], ["Staßfurt", "Ja", "Nein"]])
    report = at.error[0].value
    assert "Strategie \\<b\\>neu\\</b\\>?" in report  # escaped, never markup
    report = plain(report)
    assert "welle2025.csv, Zeile 2, Spalte „digitalstrategie“: „Jein“ ist keine Antwortoption" in report
    import_button = [b for b in at.button if b.label == "Importieren"][0]
    assert import_button.disabled

    # a good file with one column to map by hand
    at.file_uploader[0].set_value(None).run()
    upload(at, "welle2025.csv", [["Kommune", "Strategie vorhanden?"], ["Barleben", "Ja"], ["Staßfurt", "Nein"]])
    assert "keiner Frage zugeordnet" in at.error[0].value
    mapping = [s for s in at.selectbox if s.label == "Strategie vorhanden?"][0]
    mapping.set_value("digitalstrategie").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Keine Probleme" in at.success[0].value and "2 Kommunen, 2 Antworten" in plain(at.success[0].value)
    [b for b in at.button if b.label == "Importieren"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Gespeichert: Version 2 vom " in plain(s.value) for s in at.success)
    assert "Kurzbefragung der Kommunen 2025: echte Antworten, Umfragedaten Version 2 vom " in footer(at)
    table = at.dataframe[0].value
    assert list(table["Version"]) == [2, 1] and list(table["Welle"]) == ["2025", "2023"]

    # restore the file version of 2023: appended as version 3, wave 2025 untouched
    at.file_uploader[0].set_value(None).run()
    at.text_input(key="daten_welle").input("2023").run()
    upload(at, "korrektur2023.csv", [["Kommune", "Strategie vorhanden?"], ["Barleben", "Nein"]])
    assert "keiner Frage zugeordnet" in at.error[0].value  # the mapping was saved for wave 2025 only
    [s for s in at.selectbox if s.label == "Strategie vorhanden?"][0].set_value("digitalstrategie").run()
    assert "Keine Probleme" in at.success[-1].value, [e.value for e in at.error]
    [b for b in at.button if b.label == "Importieren"][0].click().run()
    at.file_uploader[0].set_value(None).run()
    at.selectbox(key="daten_alt").set_value(1)
    [b for b in at.button if b.label == "Diese Version wiederherstellen"][0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Wiederhergestellt: Version 4 vom " in plain(s.value) for s in at.success)
    table = at.dataframe[0].value
    assert list(table["Version"]) == [4, 3, 2, 1]
    assert table["Art"][0] == "Wiederherstellung von Version 1"
    assert list(table["Aktuell"]) == ["ja", "", "ja", ""]


def test_hostile_file_name_headers_and_values_are_shown_as_text(password):
    from tests.app.test_hostile_input import EVIL, unescaped

    at = open_daten()
    sign_in(at, PASSWORD)
    upload(at, f"antworten {EVIL[:40]}.csv", [["Kommune", "digitalstrategie", "Spalte " + EVIL],
                                              ["Barleben " + EVIL, "Ja " + EVIL, "x"]], delimiter=",")
    report = at.error[0].value
    assert "onerror" in report and "Zeile 2" in report
    assert unescaped(report) == [], report
    for caption in at.caption:
        assert unescaped(caption.value) == [], caption.value
