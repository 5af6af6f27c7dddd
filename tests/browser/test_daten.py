"""The admin page in Chromium: sign in with a test password, upload a file, read the validation report,
import, see the new version in the footer, restore the previous version."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from data.auth import hash_password
from tests.browser.conftest import start_server, wait_ready

pytestmark = pytest.mark.browser

PASSWORD = "Test-Passwort-für-den-Browser"
TITLE = "Umfragedaten verwalten"
EXPECT_MS = 20_000
FOOTER = "[data-testid='stCaptionContainer']:has-text('Quellen')"


@pytest.fixture
def admin_server(server_log_dir, tmp_path):
    server = start_server(server_log_dir, env={
        "DASHBOARD_ADMIN_PASSWORD_HASH": hash_password(PASSWORD, iterations=2000),
        "DASHBOARD_STORE_DIR": str(tmp_path / "store"),
        "DASHBOARD_STATE_DIR": str(tmp_path / "state"),
    })
    yield server
    server.stop()


def upload(page, path) -> None:
    """Into the export uploader (the second, for a LimeSurvey structure file, sits in an expander below)."""
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))


def test_sign_in_upload_report_import_and_restore(page, admin_server, tmp_path):
    bad = tmp_path / "antworten-fehler.csv"
    bad.write_bytes("Kommune;digitalstrategie\nBarleben;Vielleicht\nHalle;Ja\n".encode("cp1252"))
    good = tmp_path / "antworten2023.csv"
    good.write_bytes("Kommune;digitalstrategie\nBarleben;Ja\nStaßfurt;Nein\n".encode("cp1252"))

    page.goto(f"{admin_server.base_url}/daten")
    wait_ready(page, TITLE)
    footer = page.locator(FOOTER).last
    expect(footer).to_contain_text("Umfragedaten Version 1 vom", timeout=EXPECT_MS)
    assert page.locator("[data-testid='stFileUploader']").count() == 0  # not before signing in

    page.get_by_label("Passwort der Datenverwaltung").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Das Passwort stimmt nicht.")).to_be_visible(timeout=EXPECT_MS)
    page.get_by_label("Passwort der Datenverwaltung").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Neue Antworten importieren")).to_be_visible(timeout=EXPECT_MS)

    # real answers of the 2023 survey replace the sample answers (the default wave is the newest one)
    expect(page.get_by_role("textbox", name="Befragungswelle")).to_have_value("2023")

    upload(page, bad)
    report = page.locator("[data-testid='stAlertContentError']")
    expect(report).to_contain_text("antworten-fehler.csv, Zeile 2, Spalte „digitalstrategie“: „Vielleicht“ ist "
                                   "keine Antwortoption", timeout=EXPECT_MS)
    expect(report).to_contain_text("Zeile 3, Spalte „Kommune“: Die Kommune „Halle“ ist nicht bekannt. Meinten Sie: "
                                   "„Halle (Saale)“")
    expect(page.get_by_role("button", name="Importieren")).to_be_disabled()

    upload(page, good)
    expect(page.locator("[data-testid='stAlertContentSuccess']")).to_contain_text(
        "Keine Probleme", timeout=EXPECT_MS)
    page.get_by_role("button", name="Importieren").click()
    expect(page.locator("[data-testid='stAlertContentSuccess']").first).to_contain_text(
        "Gespeichert: Version 2 vom", timeout=EXPECT_MS)
    expect(footer).to_contain_text("Kurzbefragung der Kommunen 2023: echte Antworten, Umfragedaten Version 2 vom",
                                   timeout=EXPECT_MS)

    # the previous version (the sample answers from the data folder) made current again, as a new version
    page.get_by_role("button", name="Diese Version wiederherstellen").click()
    expect(page.locator("[data-testid='stAlertContentSuccess']").first).to_contain_text(
        "Wiederhergestellt: Version 3 vom", timeout=EXPECT_MS)
    expect(footer).to_contain_text("Kurzbefragung der Kommunen 2023: Beispieldaten, Umfragedaten Version 3 vom",
                                   timeout=EXPECT_MS)
    assert re.search(r"Version 3 vom \d\d\.\d\d\.\d{4}, \d\d:\d\d", footer.inner_text())
    rows = page.locator("[data-testid='stDataFrame']").first
    expect(rows).to_be_visible()
    assert not page.traffic.foreign(), page.traffic.foreign()


def test_whole_page_import_of_a_limesurvey_and_a_forms_export(page, admin_server, tmp_path):
    """A clerk's way: exports as the tools write them, a name chosen by hand, an unknown column left out, markup
    in a heading shown as text (no image fetched, no link), an oversized file refused in German."""
    from tests.export_files import PRIORITAETEN, STRATEGIE, LsResponse, forms_xlsx, limesurvey_csv

    trap = f"http://127.0.0.1:{admin_server.port + 1}/bild.png"  # nothing listens; any fetch would be recorded
    lime = limesurvey_csv([
        LsResponse(1, "", {"G01Q01": "Barleben", "G01Q02": "Nein"}),
        LsResponse(2, "2025-04-03 11:30:00", {"G01Q01": "Barleben", "G01Q02": "Ja", "G01Q06": ["Energie und Klima"]},
                   other={"G01Q06": "Breitband"}),
        LsResponse(3, "2025-04-04 09:00:00", {"G01Q01": "Merseburg, Stadt", "G01Q02": "Ja, in Erarbeitung"}),
        LsResponse(4, "2025-04-05 09:00:00", {"G01Q01": "Wittenberg", "G01Q02": "Nein"}),
    ]).decode("utf-8-sig").splitlines()
    lime[0] += f',"![bild]({trap}) www.example.org"'  # one more column, as a hand-edited export might have
    lime[1:5] = [line + ',"x"' for line in lime[1:5]]
    lime_file = tmp_path / "results-survey4711.csv"
    lime_file.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lime) + "\r\n").encode("utf-8"))
    forms_file = tmp_path / "Kurzbefragung 2025.xlsx"
    forms_file.write_bytes(forms_xlsx(["Name Ihrer Kommune", STRATEGIE, PRIORITAETEN], [
        ["Gemeinde Barleben", "Nein", ["Verkehr und Mobilität", "Radwege"]],
        ["Hansestadt Stendal", "Ja", ["Energie und Klima"]]]))
    big = tmp_path / "zu-gross.csv"
    big.write_bytes(b"AGS;digitalstrategie\r\n" + b"x" * (11 * 1024 * 1024))

    page.goto(f"{admin_server.base_url}/daten")
    wait_ready(page, TITLE)
    page.get_by_label("Passwort der Datenverwaltung").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Neue Antworten importieren")).to_be_visible(timeout=EXPECT_MS)
    page.get_by_role("textbox", name="Befragungswelle").fill("2025")
    page.get_by_role("textbox", name="Befragungswelle").press("Enter")
    wait_ready(page, TITLE)

    upload(page, lime_file)
    report = page.locator("[data-testid='stAlertContentError']")
    expect(report).to_contain_text("Die Kommune „Wittenberg“ ist nicht bekannt", timeout=EXPECT_MS)
    expect(page.get_by_text("1 unvollständige Antwort")).to_be_visible()
    choice = page.get_by_role("combobox", name="„Wittenberg“ (Zeile 5)", exact=True)  # aria-label without escapes
    choice.click()
    choice.fill("Lutherstadt")  # the list filters as one types
    page.get_by_role("option", name="„Lutherstadt Wittenberg“ (15091375) – Vorschlag").click()
    expect(report).not_to_contain_text("Wittenberg", timeout=EXPECT_MS)
    page.get_by_role("button", name="Die offene Spalte nicht übernehmen").click()
    success = page.locator("[data-testid='stAlertContentSuccess']")
    expect(success.last).to_contain_text("3 Kommunen, 4 Antworten. Keine Probleme", timeout=EXPECT_MS)
    # the heading with markup is text: visible as written, no image element, no link, never fetched
    page.get_by_text("Zuordnung aller Spalten").click()
    wait_ready(page, TITLE)
    assert page.locator(f"img[src*='{admin_server.port + 1}']").count() == 0
    assert page.locator("a[href*='example.org'], a[href*='bild.png']").count() == 0
    page.get_by_role("button", name="Importieren").click()
    expect(success.first).to_contain_text("Gespeichert: Version 2 vom", timeout=EXPECT_MS)

    upload(page, forms_file)
    forms = success.filter(has_text="Microsoft Forms")
    expect(forms).to_contain_text("2 Kommunen, 4 Antworten", timeout=EXPECT_MS)
    expect(page.get_by_text("„Radwege“")).to_be_visible()
    page.get_by_role("button", name="Importieren").click()
    expect(success.first).to_contain_text("Gespeichert: Version 3 vom", timeout=EXPECT_MS)
    expect(page.locator(FOOTER).last).to_contain_text("Umfragedaten Version 3 vom", timeout=EXPECT_MS)

    upload(page, big)
    expect(report).to_contain_text("Die Datei „zu-gross.csv“ ist 11,0 MB groß; erlaubt sind höchstens 10 MB.",
                                   timeout=EXPECT_MS)
    assert page.get_by_text("File must be").count() == 0
    assert not [u for u in page.traffic.requests if str(admin_server.port + 1) in u], page.traffic.requests
    assert not page.traffic.foreign(), page.traffic.foreign()
