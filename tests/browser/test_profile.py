"""The municipality profile and the toolkit in Chromium: a deep link opens the profile, the search box finds a
municipality despite the spelling without ß, the Steckbrief downloads as a readable PDF marked as sample data
on every page, and the toolkit's full-text search narrows the list of building blocks."""
from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, poll

pytestmark = pytest.mark.browser

PROFILE_TITLE = "Kommunenprofil"
TOOLKIT_TITLE = "Baukasten für smarte Kommunen"
BARLEBEN = ("15083040", "Barleben")
WEISSENFELS = ("15084550", "Weißenfels")
STATUS_WIDGET = "[data-testid='stStatusWidget']"
MAIN = "[data-testid='stMain']"
COUNT_LINE = re.compile(r"(\d+)\s+von\s+(\d+)\s+Bausteinen")
EXPECT_MS = 15_000


def assert_only_local(app):
    assert app.traffic.requests, "no request was recorded"
    assert app.traffic.foreign() == [], f"requests to other hosts: {app.traffic.foreign()}"


def profile_heading(page, name: str):
    """The municipality's name is the st.header (h2) below the page title."""
    return page.locator(f"{MAIN} h2", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))




def block_count(page) -> tuple[int, int]:
    text = page.locator(MAIN).get_by_text(COUNT_LINE).first.inner_text()
    m = COUNT_LINE.search(text)
    assert m, text
    return int(m.group(1)), int(m.group(2))


@pytest.mark.browser
def test_deep_link_opens_the_profile(app):
    ags, name = BARLEBEN
    page = app.open(f"/kommune?kommune={ags}", PROFILE_TITLE)
    expect(profile_heading(page, name)).to_be_visible(timeout=EXPECT_MS)
    expect(page.locator("h1")).to_have_text(PROFILE_TITLE)
    expect(page.get_by_text("Antworten im Vergleich", exact=True)).to_be_visible()
    assert app.errors() == []
    assert app.traffic.page_errors == []
    assert_only_local(app)


@pytest.mark.browser
def test_search_finds_weissenfels_and_opens_its_profile(app):
    ags, name = WEISSENFELS
    page = app.open("/kommune", PROFILE_TITLE)
    box = page.get_by_role("textbox", name="Kommune suchen", exact=True)
    box.fill("Weissenfels")
    box.press("Enter")
    hit = page.locator(MAIN).get_by_role("button", name=name, exact=True)
    expect(hit).to_be_visible(timeout=EXPECT_MS)
    hit.click()
    app.wait_ready(PROFILE_TITLE)
    expect(profile_heading(page, name)).to_be_visible(timeout=EXPECT_MS)

    def kommune_in_url():
        href = page.evaluate("() => window.location.href")
        return ags in parse_qs(urlsplit(href).query).get("kommune", [""])[0].split(",") and href

    href = poll(kommune_in_url, what=f"kommune={ags} in the URL", page=page)
    assert urlsplit(href).path.endswith("/kommune"), href
    # The search box is emptied once a hit was chosen.
    expect(box).to_have_value("")
    assert app.errors() == []
    assert app.traffic.page_errors == []
    assert_only_local(app)


@pytest.mark.browser
def test_steckbrief_downloads_as_pdf(app):
    from pypdf import PdfReader

    ags, name = BARLEBEN
    page = app.open(f"/kommune?kommune={ags}", PROFILE_TITLE)
    expect(profile_heading(page, name)).to_be_visible(timeout=EXPECT_MS)
    button = page.get_by_role("button", name=re.compile(r"Steckbrief als PDF"))
    expect(button).to_be_visible(timeout=EXPECT_MS)
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == f"Steckbrief-{name}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "steckbrief-barleben.pdf"
    download.save_as(target)
    data = target.read_bytes()

    assert data.startswith(b"%PDF"), data[:20]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    texts = [pdf_page.extract_text() or "" for pdf_page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert "BEISPIELDATEN" in text, f"page {number} of {len(texts)} lacks the sample-data mark"
    assert f"Steckbrief: {name}" in texts[0], texts[0][:300]
    assert name in "\n".join(texts)
    # Clicking the download does not rerun the app into an error.
    assert app.errors() == []
    assert app.traffic.page_errors == []
    assert_only_local(app)


@pytest.mark.browser
def test_toolkit_full_text_search_narrows_the_blocks(app):
    page = app.open("/baukasten", TOOLKIT_TITLE)
    expect(page.locator(MAIN).get_by_text(COUNT_LINE).first).to_be_visible(timeout=EXPECT_MS)
    shown, total = block_count(page)
    assert total > 0
    assert shown == total, f"without a search {shown} of {total} blocks are shown"

    box = page.get_by_role("textbox", name="Volltextsuche", exact=True)
    box.fill("Förderlotse")
    box.press("Enter")
    app.wait_ready(TOOLKIT_TITLE)
    narrowed = poll(lambda: (lambda n: n if n[0] < total else None)(block_count(page)),
                    what="fewer blocks after the search", page=page)
    assert 0 < narrowed[0] < total, narrowed
    assert narrowed[1] == total
    expect(page.locator(f"{MAIN} h4", has_text="Förderlotse").first).to_be_visible()
    assert app.errors() == []
    assert app.traffic.page_errors == []
    assert_only_local(app)
