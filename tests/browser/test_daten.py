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
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))


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
    expect(footer).to_contain_text("Kurzbefragung der Kommunen 2023: Beispieldaten (erzeugt, keine echten Antworten), "
                                   "Umfragedaten Version 3 vom", timeout=EXPECT_MS)
    assert re.search(r"Version 3 vom \d\d\.\d\d\.\d{4}, \d\d:\d\d", footer.inner_text())
    rows = page.locator("[data-testid='stDataFrame']").first
    expect(rows).to_be_visible()
    assert not page.traffic.foreign(), page.traffic.foreign()
