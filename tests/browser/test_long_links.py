"""An overlong link in Chromium: presentation mode with every filter value selected still shows the page, a
QR code (of the page without filters) and a German caption – never Streamlit's English error page."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.app.test_frame import everything
from tests.browser.conftest import PAGE_TIMEOUT_MS, error_elements, wait_ready

pytestmark = pytest.mark.browser

QR = ".st-key-praesentation-qr"


def test_every_filter_selected_in_presentation_mode(base_url, page):
    query = everything()
    page.goto(f"{base_url}/umfrage?" + urlencode({"modus": "praesentation", **query}, doseq=True),
              timeout=PAGE_TIMEOUT_MS)
    wait_ready(page, "Kurzbefragung der Kommunen")
    image = page.locator(f"{QR} img")
    expect(image).to_have_count(1)
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code image did not load"
    expect(page.locator(QR)).to_contain_text("ohne Filter: der Link mit allen Filtern ist zu lang")
    alt = image.get_attribute("alt")
    assert alt.endswith("/umfrage") and "kommune=" not in alt, alt  # the page without filters
    body = page.locator("body").inner_text()
    assert "This app has encountered an error" not in body and "DataOverflowError" not in body
    assert error_elements(page) == [] and page.traffic.page_errors == []
