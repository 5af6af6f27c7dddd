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


def shown(at: AppTest) -> str:
    """Every text of the page as a reader sees it."""
    return plain(" ".join(e.value for kind in (at.markdown, at.caption, at.info, at.warning, at.error) for e in kind))


SETUP = "Wie die Anmeldung eingerichtet ist"


def test_without_configuration_the_page_is_read_only(monkeypatch):
    monkeypatch.delenv("DASHBOARD_ADMIN_PASSWORD_HASH", raising=False)
    at = open_daten()
    assert [s.value for s in at.subheader] == ["Versionen", "Anmeldung"]
    assert plain(at.markdown[0].value).startswith("Hier stehen alle **Versionen** der Umfragedaten")
    assert [plain(i.value) for i in at.info] == [
        "**Nur Lesen:** Importieren und Wiederherstellen sind auf diesem Server nicht eingerichtet."]
    # Nobody can sign in yet: whoever reads this may be the operator – a short hint, not the full text.
    [hint] = [plain(c.value) for c in at.markdown if "Für den Betrieb" in c.value]
    assert "Echte Antworten importieren" in hint
    for technical in ("secrets.toml", "data.auth", "`", "OpenID", "DASHBOARD_"):  # plain words, no commands
        assert technical not in hint, technical
    assert len(hint) < 250 and SETUP not in [e.label for e in at.expander]
    assert not at.text_input and not at.file_uploader
    table = at.dataframe[0].value
    assert list(table["Version"]) == [1] and table["Art"][0] == "aus Datei" and table["Aktuell"][0] == "ja"
    # file, counts and editor only after sign-in (a count that grows by one tells a late answer)
    assert not {"Datei", "Kommunen", "Antworten", "Von"} & set(table.columns)
    assert "Umfragedaten Version 1 vom " in footer(at)


def test_anonymous_visitors_read_what_the_page_is_for_and_staff_how_sign_in_is_set_up(password):
    at = open_daten()
    page = shown(at)
    assert "„Aktuell“ ist die Version, die das Dashboard zeigt" in page
    for technical in ("OpenID", "secrets.toml", "data.auth", "Hash", "DASHBOARD_ADMIN", "Für den Betrieb"):
        assert technical not in page, technical
    assert SETUP not in [e.label for e in at.expander]
    sign_in(at, PASSWORD)
    assert not at.exception, [e.value for e in at.exception]
    [setup] = [e for e in at.expander if e.label == SETUP]
    text = plain(" ".join(m.value for m in setup.markdown))
    assert "angemeldet wird mit **Passwort**" in text
    assert "`[auth]` in `.streamlit/secrets.toml`" in text and "`.venv/bin/python -m data.auth hash`" in text
    assert "`DASHBOARD_ADMIN_PASSWORD_HASH`" in text
    assert {"Datei", "Kommunen", "Antworten", "Von"} <= set(at.dataframe[0].value.columns)  # staff see all


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
    assert not at.warning  # a new wave: nothing to compare with

    # one late answer for 2025: staff are told that before and after would give it away
    at.file_uploader[0].set_value(None).run()
    upload(at, "nachmeldung.csv", [["Kommune", "Strategie vorhanden?"], ["Barleben", "Ja"], ["Staßfurt", "Nein"],
                                   ["Halle (Saale)", "Ja"]])
    assert "Keine Probleme" in at.success[-1].value, [e.value for e in at.error]
    assert any("nur die Antworten von 1 Kommune" in w.value for w in at.warning), [w.value for w in at.warning]

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


# --- real exports on the page (issue 13) and bounded, text-only display (issue 16) ---------------------

def put(at: AppTest, name: str, data: bytes, mime: str = "application/octet-stream") -> AppTest:
    at.file_uploader[0].set_value((name, data, mime))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def signed_in(wave: str = "2025") -> AppTest:
    at = open_daten()
    sign_in(at, PASSWORD)
    at.text_input(key="daten_welle").input(wave).run()
    return at


def box(at: AppTest, label: str):
    return next(s for s in at.selectbox if plain(s.label) == label)


def test_limesurvey_export_in_on_the_page_with_preview_notes_and_import(password):
    from tests.export_files import LsResponse, limesurvey_csv

    at = signed_in()
    put(at, "results-survey4711.csv", limesurvey_csv([
        LsResponse(1, "", {"G01Q01": "Barleben", "G01Q02": "Nein"}),
        LsResponse(2, "2025-04-03 11:30:00", {"G01Q01": "Barleben", "G01Q02": "Ja", "G01Q06": ["Energie und Klima"]},
                   other={"G01Q06": "Breitband"}),
        LsResponse(3, "2025-04-04 09:00:00", {"G01Q01": "Merseburg, Stadt", "G01Q02": "Nein", "G01Q06": None}),
    ]), "text/csv")
    assert box(at, "Kommune in Spalte").value == "G01Q01. Name Ihrer Kommune"
    preview = at.dataframe[1].value  # [0] is the version table
    assert list(preview["Zeile"]) == ["2", "3", "4"] and preview["G01Q01. Name Ihrer Kommune"][1] == "Barleben"
    notes = [plain(c.value) for c in at.caption]
    assert any("1 unvollständige Antwort" in n and "Zeile 2" in n for n in notes)
    assert any("„Breitband“" in n for n in notes)
    success = plain(at.success[0].value)
    assert "LimeSurvey" in success and "2 Kommunen, 3 Antworten" in success and "Keine Probleme" in success
    [b for b in at.button if b.label == "Importieren"][0].click().run()
    assert any("Gespeichert: Version 2 vom " in plain(s.value) for s in at.success)


def test_forms_file_unit_column_chosen_on_the_page_and_saved(password):
    from tests.export_files import STRATEGIE, forms_xlsx

    at = signed_in()
    data = forms_xlsx(["Ihre Angaben", STRATEGIE], [["Barleben", "Ja"], ["Stadt Merseburg", "Nein"]])
    put(at, "Forms.xlsx", data)
    # proposed from the values; the clerk picks it explicitly anyway – and the choice is saved with the wave
    assert box(at, "Kommune in Spalte").value == "Ihre Angaben"
    assert "2 Kommunen, 2 Antworten" in plain(at.success[0].value)
    box(at, "Kommune in Spalte").set_value("Name").run()
    assert not at.exception
    assert box(at, "Kommune in Spalte").value == "Name"
    assert "Keine Spalte" not in plain(at.error[0].value) and "Die Kommune fehlt" in plain(at.error[0].value)
    box(at, "Kommune in Spalte").set_value("Ihre Angaben").run()
    [b for b in at.button if b.label == "Importieren"][0].click().run()
    assert any("Gespeichert: Version 2 vom " in plain(s.value) for s in at.success)
    from components.admin import store_for_app

    assert store_for_app().mapping("2025")["Ihre Angaben"] == "@kommune"


def test_handmade_workbook_sheet_and_heading_row_choices(password):
    from tests.export_files import handmade_xlsx

    at = signed_in()
    data = handmade_xlsx(["AGS", "digitalstrategie"], [["15083040.0", "Ja"], ["15088220", "Nein"]],
                         groups=["Kommune", "Strategie"])
    put(at, "Rücklauf.xlsx", data)
    assert box(at, "Tabellenblatt").value == "Rücklauf"
    assert box(at, "Überschriften in Zeile").value == 4
    assert "Tabellenblatt „Rücklauf“, Überschriften in Zeile 4" in plain(at.success[0].value)
    assert any("Summenzeilen übersprungen: Zeile 7" in plain(c.value) for c in at.caption)
    box(at, "Überschriften in Zeile").set_value(3).run()  # the group row: now the columns are unknown
    assert not at.exception
    assert "Überschriften in Zeile 3" in plain(at.error[0].value)
    box(at, "Tabellenblatt").set_value("Deckblatt").run()
    assert box(at, "Tabellenblatt").value == "Deckblatt" and at.error


def test_a_wide_file_draws_one_screenful_of_controls(password):
    from tests.export_files import csv_bytes

    heads = ["Kommune", "digitalstrategie"] + [f"Zusatzfrage {i}" for i in range(998)]
    at = signed_in()
    put(at, "breit.csv", csv_bytes([heads, ["Barleben", "Ja"] + ["x"] * 998]), "text/csv")
    mapping_boxes = [s for s in at.selectbox if plain(s.label).startswith("Zusatzfrage")]
    import_boxes = [s for s in at.selectbox if "Version" not in plain(s.label)  # not restore or withdraw
                    and not str(s.key).startswith(("freigabe_", "zugang_"))]  # nor publication and access links
    assert len(mapping_boxes) == 8 and len(import_boxes) <= 8 + 4  # + Überschriften, Kommune, change one (2)
    assert any("Offene Spalten 1–8 von 998" in plain(c.value) for c in at.caption)
    assert "998 Probleme" in plain(at.error[0].value)
    at.number_input[0].set_value(3).run()
    assert [plain(s.label) for s in at.selectbox if plain(s.label).startswith("Zusatzfrage")][0] == "Zusatzfrage 16"
    [b for b in at.button if b.label == "Alle 998 offenen Spalten nicht übernehmen"][0].click().run()
    assert not at.exception
    assert "Keine Probleme" in plain(at.success[0].value)
    assert not [s for s in at.selectbox if plain(s.label).startswith("Zusatzfrage")]


def test_uploaded_markup_stays_text_and_oversized_files_are_refused_in_german(password):
    from tests.export_files import csv_bytes

    at = signed_in()
    image = "![bild](http://127.0.0.1:9/x.png)"
    put(at, "x.csv", csv_bytes([["Kommune", image, "[link](http://127.0.0.1:9/)"], ["Barleben", "a", "b"]]),
        "text/csv")
    from tests.unit.data.test_import_view import LINK

    labels = [s.label for s in at.selectbox]
    assert "!\\[bild\\](http\u2060://127.0.0.1:9/x.png)" in labels  # brackets escaped, link split
    for text in labels + [e.value for e in at.error] + [c.value for c in at.caption]:
        assert not re.search(r"(?<!\\)\]\(", text), text
        assert not LINK.search(text), text  # no bare link either (GFM would make one even from escaped text)
    put(at, "gross.csv", b"a" * (11 * 1024 * 1024), "text/csv")
    assert [plain(e.value) for e in at.error] == ["Die Datei „gross.csv“ ist 11,0 MB groß; erlaubt sind höchstens "
                                                   "10 MB."]
    put(at, "fehler.csv", csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Jein"]]), "text/csv")
    assert "1 Problem – es wird nichts gespeichert" in plain(at.error[0].value)


def test_a_name_that_fits_no_unit_is_assigned_by_hand_and_remembered(password):
    from tests.export_files import csv_bytes

    at = signed_in()
    rows = [["Kommune", "digitalstrategie"], ["Wittenberg", "Ja"], ["Testeintrag", "Nein"], ["Barleben", "Ja"]]
    put(at, "x.csv", csv_bytes(rows), "text/csv")
    assert "2 Probleme" in plain(at.error[0].value)
    wittenberg = box(at, "„Wittenberg“ (Zeile 2)")
    assert wittenberg.options[1] == "„Lutherstadt Wittenberg“ (15091375) – Vorschlag"  # suggestion first
    wittenberg.set_value("15091375").run()
    box(at, "„Testeintrag“ (Zeile 3)").set_value("").run()
    assert not at.exception
    success = plain(at.success[0].value)
    assert "2 Kommunen, 2 Antworten" in success
    notes = " ".join(plain(c.value) for c in at.caption)
    assert "„Wittenberg“ von Hand zugeordnet: „Lutherstadt Wittenberg“ (15091375)" in notes
    assert "Auf Wunsch nicht übernommen: Zeile 3 („Testeintrag“)" in notes
    [b for b in at.button if b.label == "Importieren"][0].click().run()
    at.file_uploader[0].set_value(None).run()
    put(at, "y.csv", csv_bytes([rows[0], ["Wittenberg", "Nein"]]), "text/csv")  # remembered for the wave
    assert "Keine Probleme" in plain(at.success[-1].value)
