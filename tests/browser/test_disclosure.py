"""What a visitor can learn about single municipalities, tried in Chromium: the Halle case from issue 11
(two links must not differ by Halle alone), no named answers of an unreleased unit on the profile, in
"Wer ist schon weiter?" or in the toolkit; with a `namentlich` wave the released units are named; and a
municipality's personal access link, issued on the admin page, shows its own answers in that session only."""
from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from data.auth import hash_password
from tests.browser.conftest import REPO, start_server, wait_ready

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMain']"
EXPECT_MS = 20_000
STRATEGY = "Hat Ihre Kommune bereits eine Digitalstrategie?"
PASSWORD = "Test-Passwort-für-Zugangslinks"
BARLEBEN = "15083040"
UNRELEASED = "15083490"  # the profile the issue opened ("Eigene Antwort: Nein" for every visitor)
DATA_FILES = ["municipalities.csv", "districts.csv", "workshops.csv", "participants.csv", "questions.csv",
              "responses.csv", "program.yaml", "survey.yaml", "baukasten.yaml", "foliensaetze.yaml",
              "planning_regions.csv"]


def main_text(page) -> str:
    return page.locator(MAIN).inner_text()


def strategy_n(page) -> tuple[int, str]:
    """n of the first question's figure, and the sentence naming a larger group (above the questions or in
    the question's own block), as shown on /umfrage."""
    main = page.locator(MAIN)
    expect(main).to_contain_text("antworteten „Ja“", timeout=EXPECT_MS)
    text = main.inner_text()
    head, rest = text.split(STRATEGY, 1)
    block = rest.split("Arbeitet Ihre Stadt", 1)[0]
    m = re.search(r"· n = (\d+)", block)
    assert m, block
    note = re.search(r"Gezeigt: [^\n]*", block) or re.search(r"Gezeigt: [^\n]*", head)
    return int(m.group(1)), note.group(0) if note else ""


def test_the_halle_case_two_links_never_differ_by_halle_alone(app):
    page = app.open("/umfrage?kreis=15083", "Kurzbefragung der Kommunen")
    n_boerde, note_boerde = strategy_n(page)
    assert n_boerde == 4 and note_boerde == ""  # Börde's four small towns: exact
    page = app.open("/umfrage?kreis=15083&kreis=15002", "Kurzbefragung der Kommunen")
    n_both, note_both = strategy_n(page)
    assert n_both - n_boerde >= 3, (n_boerde, n_both)
    assert "Mittel- und Großstädte in der Planungsregion Halle" in note_both
    assert "zu wenige Antworten" in note_both
    # Halle alone: the same larger group, and a one-municipality link gets no figures at all.
    page = app.open("/umfrage?kreis=15002", "Kurzbefragung der Kommunen")
    n_halle, note_halle = strategy_n(page)
    assert n_halle >= 3 and "Planungsregion Halle" in note_halle
    page = app.open("/umfrage?kommune=15002000", "Kurzbefragung der Kommunen")
    expect(page.get_by_text("Für eine einzelne Kommune zeigt die Umfrage keine Zahlen")).to_be_visible(
        timeout=EXPECT_MS)
    assert page.locator("[data-testid='stVegaLiteChart']").count() == 0
    assert app.errors() == []


def test_no_named_answers_of_an_unreleased_unit(app):
    page = app.open(f"/kommune?kommune={UNRELEASED}", "Kommunenprofil")
    expect(page.get_by_text("Antworten im Vergleich", exact=True)).to_be_visible(timeout=EXPECT_MS)
    expect(page.locator(MAIN).get_by_text("nur zusammengefasst veröffentlicht").first).to_be_visible()
    text = main_text(page)
    assert "Eigene Antwort" not in text and "◀ eigene" not in text
    assert "Fragebogen beantwortet" not in text
    # "Wer ist schon weiter?" names nobody
    expect(page.locator(MAIN).get_by_text("lässt sich deshalb nicht mit Namen zeigen")).to_be_visible(
        timeout=EXPECT_MS)
    # the toolkit names nobody either
    page = app.open("/baukasten", "Baukasten für smarte Kommunen")
    expect(page.get_by_text("Welche Kommunen einen Baustein schon umsetzen, wird nicht genannt")).to_be_visible(
        timeout=EXPECT_MS)
    assert "die angeben, das schon zu tun" not in main_text(page)
    assert app.errors() == []


@pytest.fixture
def named_server(server_log_dir, tmp_path):
    """The shipped data published `namentlich`, with Barleben and two more units released."""
    data = tmp_path / "data"
    data.mkdir()
    for name in DATA_FILES:
        shutil.copy(REPO / "data" / name, data / name)
    survey = data / "survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8")
                      + 'veroeffentlichung: namentlich\nfreigegeben: ["15083040", "15089015", "15091375"]\n',
                      encoding="utf-8")
    server = start_server(server_log_dir, env={"DATA_DIR": str(data), "DASHBOARD_STORE_DIR": str(tmp_path / "store"),
                                               "DASHBOARD_STATE_DIR": str(tmp_path / "state")})
    yield server
    server.stop()


def test_a_named_wave_names_the_released_units(page, named_server):
    page.goto(f"{named_server.base_url}/kommune?kommune={BARLEBEN}")
    wait_ready(page, "Kommunenprofil")
    expect(page.locator(MAIN).get_by_text(re.compile(r"Eigene Antwort: ")).first).to_be_visible(timeout=EXPECT_MS)
    assert "Fragebogen beantwortet" in main_text(page)
    page.goto(f"{named_server.base_url}/kommune?kommune={UNRELEASED}")
    wait_ready(page, "Kommunenprofil")
    expect(page.get_by_text("hat der Veröffentlichung nicht zugestimmt").first).to_be_visible(timeout=EXPECT_MS)
    assert "Eigene Antwort" not in main_text(page)
    page.goto(f"{named_server.base_url}/baukasten")
    wait_ready(page, "Baukasten für smarte Kommunen")
    expect(page.get_by_text("Genannt werden nur Kommunen, die der namentlichen Veröffentlichung")).to_be_visible(
        timeout=EXPECT_MS)
    text = main_text(page)
    named = re.findall(r"die angeben, das schon zu tun \(Beispieldaten\): ([^\n]+)", text)
    released = {"Barleben", "Aschersleben", "Lutherstadt Wittenberg"}
    assert named and all(set(n.split(", ")) <= released for n in named), named


@pytest.fixture
def admin_server(server_log_dir, tmp_path):
    server = start_server(server_log_dir, env={
        "DASHBOARD_ADMIN_PASSWORD_HASH": hash_password(PASSWORD, iterations=2000),
        "DASHBOARD_STORE_DIR": str(tmp_path / "store"),
        "DASHBOARD_STATE_DIR": str(tmp_path / "state"),
    })
    yield server
    server.stop()


def test_an_access_link_shows_the_own_answers_in_that_session_only(page, admin_server, chromium):
    base = admin_server.base_url
    page.goto(f"{base}/daten")
    wait_ready(page, "Umfragedaten verwalten")
    page.get_by_label("Passwort der Datenverwaltung").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Zugangslinks für Kommunen")).to_be_visible(timeout=EXPECT_MS)
    form = page.locator("[data-testid='stForm']", has_text="Zugangslink erstellen")
    form.get_by_role("combobox").first.click()
    page.keyboard.type("Barleben")
    page.get_by_role("option", name="Barleben", exact=True).click()
    form.get_by_role("button", name="Zugangslink erstellen").click()
    code = page.locator("[data-testid='stCode']").first
    expect(code).to_contain_text("/kommune?zugang=", timeout=EXPECT_MS)
    link = code.inner_text().strip()
    token = link.split("zugang=", 1)[1]
    expect(page.locator("[data-testid='stDataFrame']").last).to_be_visible()

    visitor = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    try:
        own = visitor.new_page()
        own.goto(f"{base}/kommune?zugang={token}")
        wait_ready(own, "Kommunenprofil")
        expect(own.get_by_text("Sie sehen die eigenen Antworten dieser Kommune")).to_be_visible(timeout=EXPECT_MS)
        expect(own.locator(MAIN).get_by_text(re.compile(r"Eigene Antwort: ")).first).to_be_visible()
        assert "zugang=" not in own.url and "kommune=15083040" in own.url
        # nothing else widens: another municipality's profile stays closed in the same session
        own.goto(f"{base}/kommune?kommune={UNRELEASED}")
        wait_ready(own, "Kommunenprofil")
        expect(own.get_by_text("nur zusammengefasst veröffentlicht").first).to_be_visible(timeout=EXPECT_MS)
        assert "Eigene Antwort" not in main_text(own)
        # a wrong link: one clear message, nothing opened
        own.goto(f"{base}/kommune?zugang=falsch-{token[:10]}")
        wait_ready(own, "Kommunenprofil")
        expect(own.get_by_text("Dieser Zugangslink ist ungültig, abgelaufen oder widerrufen")).to_be_visible(
            timeout=EXPECT_MS)
    finally:
        visitor.close()

    # revoked on the admin page: the link opens nothing any more
    page.get_by_role("button", name="Widerrufen").click()
    expect(page.get_by_text("Widerrufen: Nr. 1 – Barleben")).to_be_visible(timeout=EXPECT_MS)
    later = chromium.new_context(locale="de-DE")
    try:
        again = later.new_page()
        again.goto(f"{base}/kommune?zugang={token}")
        wait_ready(again, "Kommunenprofil")
        expect(again.get_by_text("Dieser Zugangslink ist ungültig, abgelaufen oder widerrufen")).to_be_visible(
            timeout=EXPECT_MS)
        assert "Eigene Antwort" not in main_text(again)
    finally:
        later.close()
