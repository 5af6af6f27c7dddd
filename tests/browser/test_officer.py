"""The municipal officer's day at 1280×900 and on a phone (390×844): from the map to the profile, a legend
that covers no part of the map, labels that never collide, and pages no wider than the screen."""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PAGE_TIMEOUT_MS, Driver, _require_running

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# Barleben lies under the Magdeburg workshop icon "1 · 6" at the first zoom: the click must still reach it.
BARLEBEN = ("15083040", 52.20193, 11.61770)
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(params=list(SIZES))
def sized(request, chromium, app_server):
    """A Driver in a browser window of the given size."""
    _require_running(app_server)
    width, height = SIZES[request.param]
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="de-DE",
                                   is_mobile=request.param == "phone", has_touch=request.param == "phone")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    driver = Driver(page, app_server.base_url)
    driver.size = request.param
    driver.js_errors = errors
    yield driver
    context.close()
    _require_running(app_server)


def kommune_param(page) -> list[str]:
    return parse_qs(urlsplit(page.evaluate("() => location.href")).query).get("kommune", [])


def open_map(app: Driver):
    page = app.open("/karte", "Karte der Beteiligung")
    expect(app.map_frame().locator("path.gemeinde")).to_have_count(218, timeout=20_000)
    container = app.map_frame().locator(".leaflet-container").first
    container.scroll_into_view_if_needed()
    return page, container


def test_click_under_a_workshop_icon_selects_barleben_and_leads_to_its_profile(sized):
    page, container = open_map(sized)
    ags, lat, lon = BARLEBEN
    # At the first zoom the Magdeburg icon covers Barleben's point; icons take no pointer.
    point = container.evaluate(
        """(el, [lat, lon]) => {
             const p = window.map.latLngToContainerPoint([lat, lon]);
             const box = el.getBoundingClientRect();
             const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
             return {x: p.x, y: p.y, zoom: window.map.getZoom(), hit: hit.getAttribute('class') || hit.tagName};
           }""", [lat, lon])
    assert "gemeinde" in point["hit"].split(), point
    container.click(position={"x": point["x"] + 1, "y": point["y"]})  # a pixel off the centre: still Barleben
    deadline = time.monotonic() + 15
    while kommune_param(page) != [ags] and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert kommune_param(page) == [ags], page.evaluate("() => location.href")
    card = page.locator(".st-key-karte_auswahl")
    expect(card).to_contain_text("Barleben", timeout=15_000)
    expect(card).to_contain_text("9.238 Einwohner · Kleinstadt")
    expect(card).to_contain_text("Workshop 4: Verkehr und Mobilität")
    link = card.get_by_role("link", name="Profil öffnen")
    expect(link).to_be_visible()
    link.click()
    sized.wait_ready("Kommunenprofil")
    assert urlsplit(page.evaluate("() => location.href")).path == "/kommune"
    assert kommune_param(page) == [ags]
    expect(page.locator("h2", has_text="Barleben").first).to_be_visible()
    assert sized.errors() == [] and sized.js_errors == []


def test_legend_covers_no_part_of_the_map_and_folds(sized):
    page, container = open_map(sized)
    frame = sized.map_frame()
    legend = frame.locator("details.sca-legend")
    expect(legend).to_have_attribute("open", "")
    geometry = frame.locator("body").evaluate(
        """() => { const m = document.querySelector('.leaflet-container').getBoundingClientRect();
                   const l = document.querySelector('.sca-legend').getBoundingClientRect();
                   return {m: [m.left, m.top, m.right, m.bottom], l: [l.left, l.top, l.right, l.bottom],
                           w: innerWidth, h: innerHeight}; }""")
    m, lg = geometry["m"], geometry["l"]
    overlap = min(m[2], lg[2]) - max(m[0], lg[0]) > 1 and min(m[3], lg[3]) - max(m[1], lg[1]) > 1  # px
    assert not overlap, geometry
    if sized.size == "phone":
        assert lg[1] >= m[3] - 0.5, "on a phone the legend stands below the map"
    else:
        assert lg[0] >= m[2] - 0.5, "in a wide frame the legend stands beside the map"
    assert lg[3] <= geometry["h"] + 0.5 and m[3] <= geometry["h"] + 0.5, "both fit in the frame"
    # Folded, the map takes the room back.
    before = container.evaluate("el => [el.clientWidth, el.clientHeight]")
    frame.locator("details.sca-legend > summary").click()
    page.wait_for_timeout(300)
    after = container.evaluate("el => [el.clientWidth, el.clientHeight]")
    assert after[0] * after[1] > before[0] * before[1], (before, after)


def test_labels_never_overlap_at_any_zoom(sized):
    page, container = open_map(sized)

    def label_boxes() -> list[list[float]]:
        return container.evaluate(
            """() => [...document.querySelectorAll('.sca-label')].map(e => {
                 const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; })""")

    counts = []
    for step in range(4):
        if step:
            container.evaluate("() => window.map.setZoom(window.map.getZoom() + 1, {animate: false})")
            page.wait_for_timeout(300)
        boxes = label_boxes()
        counts.append(len(boxes))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                assert not (overlap_x > 1 and overlap_y > 1), (a[4], b[4], step)
    assert counts[0] < counts[-1], counts  # fewer labels when zoomed out
    assert counts[0] >= 5, counts


def test_map_picture_downloads(sized):
    page, _ = open_map(sized)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile("Karte als Bild")).click()
    data = open(info.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and info.value.suggested_filename.endswith(".png")
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert width == 1800 and height > width


def test_exports_hold_numbers_a_header_block_and_a_readable_pdf(chromium, app_server):
    """The survey page's downloads as an officer opens them: PDF text (pypdf) and .xlsx number formats."""
    import io

    import openpyxl
    import pypdf

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE", accept_downloads=True)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    app = Driver(page, app_server.base_url)
    app.open("/umfrage?kommune=15083040&kommune=15003000&kommune=15002000&kommune=15001000",
             "Kurzbefragung der Kommunen")
    page.get_by_role("button", name=re.compile("Exportieren")).first.click()

    def download(name: str) -> bytes:
        button = page.get_by_role("button", name=name)
        expect(button).to_be_visible()
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), f"label cut: {name}"
        with page.expect_download(timeout=120_000) as info:
            button.click()
        return open(info.value.path(), "rb").read()

    book = openpyxl.load_workbook(io.BytesIO(download("Tabelle als Excel-Datei (.xlsx)")))
    ws = book.active
    labels = [ws.cell(row=r, column=1).value for r in range(1, 8)]
    assert labels[:6] == ["Tabelle", "Filter", "n", "Quelle", "Datenstand", "Erstellt am"]
    assert "Barleben" in ws["B2"].value and "antwortende Kommunen" in ws["B3"].value
    assert labels[6] == "Hinweis"  # the shipped answers are sample data
    header_row = next(r for r in range(1, 15) if ws.cell(row=r, column=1).value == "Antwort")
    header = [c.value for c in ws[header_row]]
    share = ws.cell(row=header_row + 1, column=header.index("Anteil") + 1)
    count = ws.cell(row=header_row + 1, column=header.index("Anzahl") + 1)
    assert isinstance(share.value, (int, float)) and 0 <= share.value <= 1 and share.number_format.endswith("%")
    assert isinstance(count.value, int)

    csv_text = download("Tabelle als CSV (für Excel)").decode("utf-8-sig")
    assert csv_text.startswith("Tabelle;") and "\r\nn;" in csv_text
    assert re.search(r"\r\n[^;\r\n]+;\d+;0,\d+\r\n", csv_text) or re.search(r"\r\n[^;\r\n]+;\d+;[01]\r\n", csv_text)

    reader = pypdf.PdfReader(io.BytesIO(download("Bericht dieser Ansicht als PDF")))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = " ".join(pages)
    assert "Quellen: Quelle" not in text and "Quelle: Quelle" not in text
    assert re.search(r"Datenstand Gemeindedaten: Stand 31\.12\.2023", text)
    assert not re.search(r"\b[0-9a-f]{16}\b", text), "an internal data hash in the PDF"
    for i, page_text in enumerate(pages, start=1):
        assert f"Seite {i}" in page_text and "Stand 31.12.2023" in page_text and "Quelle: Kurzbefragung" in page_text
    context.close()
