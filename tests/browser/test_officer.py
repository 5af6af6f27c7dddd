"""The municipal officer's day at 1280×900 and on a phone (390×844): from the map to the profile, a legend
that covers no part of the map, labels that never collide, pages no wider than the screen (tables as cards, key
figures two by two) and, with one municipality chosen, the way from any page to its profile."""
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


# --- pages no wider than the screen: tables as cards on a phone ---------------------------------------------

TABLE_PAGES = {  # page, title, the text of a card or row that must be readable in full
    "/kommune?kommune=15083040": ("Kommunenprofil", "Sachsen-Anhalt (n"),
    "/karte?kommune=15083040&kommune=15003000": ("Karte der Beteiligung", "Größenklasse: Kleinstadt"),
    "/umfrage?darstellung=tabelle": ("Kurzbefragung der Kommunen", "Anteil"),
}
_WIDTHS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const visible = (e) => e.offsetParent !== null && e.getBoundingClientRect().width > 0;
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(visible);
  const cards = [...document.querySelectorAll('[class*="st-key-sca-schmal-"]')].filter(visible);
  return {sideways: Math.max(document.scrollingElement.scrollWidth - window.innerWidth,
                             main.scrollWidth - main.clientWidth),
          grids: grids.length, cards: cards.length,
          widest: Math.max(0, ...grids.concat(cards).map(e => e.getBoundingClientRect().right)),
          innerWidth: window.innerWidth};
}"""


@pytest.mark.parametrize("path", list(TABLE_PAGES))
def test_tables_fit_the_screen_as_tables_or_cards(sized, path):
    title, text = TABLE_PAGES[path]
    page = sized.open(path, title)
    shown = "[data-testid='stDataFrame']" if sized.size == "desktop" else "[class*='st-key-sca-schmal-']"
    expect(page.locator(shown).locator("visible=true").first).to_be_visible(timeout=30_000)
    if sized.size == "phone":  # the cards' text is plain text, readable in full
        expect(page.locator(shown).get_by_text(text).first).to_be_visible()
    page.wait_for_timeout(500)
    w = page.evaluate(_WIDTHS)
    assert w["sideways"] <= 1, w
    assert w["widest"] <= w["innerWidth"], w
    if sized.size == "phone":
        assert w["grids"] == 0 and w["cards"] >= 1, w
    else:
        assert w["grids"] >= 1 and w["cards"] == 0, w
    assert sized.js_errors == []


def test_key_figures_two_by_two_on_a_phone_side_by_side_on_a_laptop(sized):
    page = sized.open("/", "Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten")
    tiles = page.locator("[class*='st-key-sca-kennzahlen-'] [data-testid='stMetric']")
    expect(tiles).to_have_count(4, timeout=30_000)
    boxes = [tiles.nth(i).bounding_box() for i in range(4)]
    rows = sorted({round(b["y"]) for b in boxes})
    if sized.size == "phone":
        assert len(rows) == 2, boxes
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[2]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes), boxes
        assert boxes[3]["y"] + boxes[3]["height"] < 844  # all four in the first screen
    else:
        assert len(rows) == 1, boxes


# --- one municipality chosen: every page leads to its profile ----------------------------------------------

@pytest.mark.parametrize("path,title", [("/umfrage", "Kurzbefragung der Kommunen"),
                                        ("/workshops", "Die Workshopreihe 2023"),
                                        ("/", "Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten")])
def test_one_municipality_leads_to_its_profile(sized, path, title):
    page = sized.open(f"{path}?kommune={BARLEBEN[0]}", title)
    link = page.get_by_role("link", name="Profil von Barleben öffnen")
    expect(link).to_be_visible(timeout=30_000)
    assert "nicht dargestellt" not in page.locator("[data-testid='stMain']").inner_text()
    link.click()
    sized.wait_ready("Kommunenprofil")
    expect(page.get_by_role("heading", name="Barleben", exact=True)).to_be_visible(timeout=30_000)
    assert kommune_param(page) == [BARLEBEN[0]]
    assert sized.js_errors == []


def test_charts_offer_no_english_toolbar_only_the_labelled_exports(sized):
    """Streamlit's own chart toolbar ("Show data", "Download as PNG") shows raw columns and saves pictures
    without source or "Beispieldaten": it is hidden; the page's export buttons remain."""
    page = sized.open("/umfrage", "Kurzbefragung der Kommunen")
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    expect(chart).to_be_visible(timeout=30_000)
    chart.scroll_into_view_if_needed()
    chart.hover()
    page.wait_for_timeout(300)
    for english in ("Show data", "Download as PNG", "Fullscreen"):
        expect(page.get_by_role("button", name=english)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Exportieren"))).to_be_visible()


def test_sidebar_chips_are_read_whole(chromium, app_server):
    """A chosen district is shown whole ("Altmarkkreis Salzwedel", wrapped), never cut off with "…"."""
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="de-DE")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    Driver(page, app_server.base_url).open("/umfrage?kreis=15081&kreis=15087", "Kurzbefragung der Kommunen")
    chips = page.locator("[data-testid='stSidebar'] [data-tag] span").filter(has_text=re.compile("Salzwedel|Südharz"))
    expect(chips).to_have_count(2)
    for i in range(2):
        cut = chips.nth(i).evaluate("e => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow")
        assert cut == "clip", cut
    context.close()


def test_a_click_on_a_name_label_selects_that_municipality(sized):
    """Labels take no pointer (a circle beneath one stays clickable); a click on a label where no circle lies
    selects the labelled municipality, not the seat nearest to the pointer."""
    page, container = open_map(sized)
    frame = sized.map_frame()
    expect(frame.locator(".sca-label").first).to_be_visible(timeout=15_000)
    target = frame.locator("body").evaluate(
        """() => {
             for (const el of document.querySelectorAll('.sca-label')) {
               const r = el.getBoundingClientRect();
               if (!r.width || r.right > innerWidth - 4 || r.bottom > innerHeight - 4 || r.left < 4 || r.top < 4) continue;
               const x = r.left + r.width / 2, y = r.top + r.height / 2;
               const hit = document.elementFromPoint(x, y);
               if (hit && hit.classList && hit.classList.contains('gemeinde')) continue;  // a circle: it wins
               return {text: el.textContent, x, y};
             }
             return null;
           }""")
    assert target, "no label clear of circles"
    box = frame.locator(".leaflet-container").first.bounding_box()
    inner = frame.locator(".leaflet-container").first.evaluate("el => el.getBoundingClientRect().toJSON()")
    page.mouse.click(box["x"] - inner["x"] + target["x"], box["y"] - inner["y"] + target["y"])
    card = page.locator(".st-key-karte_auswahl")
    expect(card).to_contain_text(target["text"], timeout=15_000)
    assert sized.errors() == [] and sized.js_errors == []
