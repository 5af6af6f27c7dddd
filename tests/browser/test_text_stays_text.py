"""Text from data stays text in Chromium: bare web and e-mail addresses in data files never become links (the
markdown renderer's autolinks) and image syntax never becomes an image the browser fetches – on /workshops,
/kommune and /baukasten."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_TIMEOUT_MS, error_elements, start_server, wait_ready
from tests.browser.test_faults import BARLEBEN, copy_data, server_env, set_cell

pytestmark = pytest.mark.browser

ADDRESSES = "http://evil.example/a www.evil.example/b kontakt@evil.example"
IMAGE = "![bild](http://evil.example/bild.png)"
PAGES = {"/workshops": "Die Workshopreihe 2023", f"/kommune?kommune={BARLEBEN}": "Kommunenprofil",
         "/baukasten": "Baukasten für smarte Kommunen"}


@pytest.fixture(scope="module")
def address_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("adressen")
    data = copy_data(root / "data")
    set_cell(data / "municipalities.csv", "ags", BARLEBEN, "name", f"Barleben {ADDRESSES}")
    set_cell(data / "workshops.csv", "number", "4", "venue", f"Barleben {ADDRESSES} {IMAGE}")
    set_cell(data / "questions.csv", "id", "digitalstrategie", "text", f"Digitalstrategie? {ADDRESSES}")
    catalogue = (data / "baukasten.yaml").read_text(encoding="utf-8")
    old = 'titel: "Digitalstrategie erarbeiten"\n    beschreibung: "Die Kommune legt'
    assert old in catalogue
    catalogue = catalogue.replace(old, f'titel: "Digitalstrategie erarbeiten {ADDRESSES}"\n    beschreibung: '
                                       f'"{IMAGE} Siehe {ADDRESSES}. Die Kommune legt')
    (data / "baukasten.yaml").write_text(catalogue, encoding="utf-8")
    server = start_server(root, server_env(data, root / "state"))
    yield server
    server.stop()


@pytest.mark.parametrize("path", list(PAGES), ids=["workshops", "kommune", "baukasten"])
def test_bare_addresses_and_image_syntax_stay_text(address_server, page, path):
    page.goto(address_server.base_url + path, timeout=PAGE_TIMEOUT_MS)
    wait_ready(page, PAGES[path])
    last = "bild.png" if path == "/workshops" else "kontakt@"  # the workshop venue comes with the 4th card
    expect(page.locator("body")).to_contain_text(last, use_inner_text=True, timeout=30_000)
    page.wait_for_timeout(500)
    text = page.locator("body").inner_text().replace("\u2060", "")
    assert "http://evil.example/a" in text and "www.evil.example/b" in text and "kontakt@evil.example" in text
    links = page.evaluate("""() => Array.from(document.querySelectorAll('a[href]'))
        .map(a => a.getAttribute('href')).filter(h => !h.startsWith('#') && /evil|mailto:/i.test(h))""")
    assert links == [], f"{path}: addresses from the data became links: {links}"
    assert page.locator("img[src*='evil']").count() == 0
    if path != f"/kommune?kommune={BARLEBEN}":
        assert "![bild](http://evil.example/bild.png)" in text  # literally
    assert [u for u in page.traffic.requests if "evil.example" in u] == []
    assert error_elements(page) == [] and page.traffic.page_errors == []
