"""Presentation mode, slide sequences and downloads in Chromium.

Presentation mode (?modus=praesentation) hides the sidebar and Streamlit's chrome, enlarges the type, keeps the
filter caption and the sample-data mark on screen, shows a QR code and can be left again; the sidebar toggle
switches it on. A slide sequence steps with Weiter/Zurück and keeps the slide in the URL. Every export (chart as
PNG and SVG, table as CSV and .xlsx, the page report as PDF, the participants table) downloads as a readable
file. No test loads anything from a host other than the app itself.
"""
from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import poll, wait_quiet

pytestmark = pytest.mark.browser

SURVEY = "/umfrage"
SURVEY_TITLE = "Kurzbefragung der Kommunen"
MAP_TITLE = "Karte der Beteiligung"
OVERVIEW_TITLE = "Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten"
WORKSHOPS_TITLE = "Die Workshopreihe 2023"
PRESENTATION = "modus=praesentation"
THEME = "Energie und Klima"
N_SLIDES = 5  # the title slide and the four slides of data/foliensaetze.yaml
FIRST_QUESTION = "Hat Ihre Kommune bereits eine Digitalstrategie?"
BEAMER = {"width": 1920, "height": 1080}

SIDEBAR = "[data-testid='stSidebar']"
STATUS_WIDGET = "[data-testid='stStatusWidget']"
MAIN = "[data-testid='stMain']"
FILTER_CAPTION = "[data-testid='stMain'] [data-testid='stCaptionContainer']"
POPOVER_BODY = "[data-testid='stPopoverBody']"
CHROME = ("stHeader", "stToolbar", "stMainMenu", "stAppDeployButton", "stDecoration")
QR_IMAGE = ".st-key-praesentation-qr img"
NO_FILTERS = "Keine Filter aktiv"

EXPECT_MS = 15_000
DOWNLOAD_MS = 30_000
REPORT_MS = 120_000  # the PDF renders every chart of the page first
UTF8_BOM = b"\xef\xbb\xbf"


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------


def settle(page, locator, timeout_s: float = 30) -> None:
    """Wait until `locator` is visible and the run has finished (conftest.wait_quiet)."""
    locator.first.wait_for(state="visible", timeout=timeout_s * 1000)
    wait_quiet(page, timeout_s)


def href(page) -> str:
    """The address bar as it is now (page.url lags behind Streamlit's history.replaceState)."""
    return page.evaluate("() => window.location.href")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href(page)).query)


def root_font_px(page) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def sidebar_shown(page) -> bool:
    """The sidebar is drawn and lies on screen (a collapsed sidebar is moved off to the left)."""
    sidebar = page.locator(SIDEBAR)
    if sidebar.count() == 0 or not sidebar.is_visible():
        return False
    box = sidebar.bounding_box()
    return bool(box and box["width"] > 100 and box["x"] + box["width"] > 100)


def presentation_styled(page) -> bool:
    """The presentation CSS (st.html) has arrived: it can come a moment after the title, and only it hides
    Streamlit's header."""
    header = page.locator("[data-testid='stHeader']")
    return header.count() > 0 and not header.is_visible()


def assert_clean(app_or_page) -> None:
    """No error on screen, no script error, and nothing requested from a host but the app itself."""
    page = getattr(app_or_page, "page", app_or_page)
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    assert errors.count() == 0, [errors.nth(i).inner_text() for i in range(errors.count())]
    traffic = page.traffic
    assert traffic.page_errors == [], traffic.page_errors
    assert traffic.requests, "no request was recorded"
    assert traffic.foreign() == [], f"requests to other hosts: {traffic.foreign()}"


def open_page(app, path: str, title: str, viewport: dict | None = None):
    if viewport:
        app.page.set_viewport_size(viewport)
    return app.open(path, title)


def slide_label(page, nr: int, total: int = N_SLIDES):
    return page.locator(MAIN).get_by_text(f"Folie {nr} / {total}", exact=True)


def slide_button(page, name: str):
    return page.locator(MAIN).get_by_role("button", name=re.compile(rf"(^|\s){name}(\s|$)"))


def open_popover(page, trigger):
    """Open an "Exportieren" popover (again, if a download closed it) and return its body."""
    body = page.locator(POPOVER_BODY)
    if body.count() == 0 or not body.first.is_visible():
        trigger.click()
    expect(body.first).to_be_visible(timeout=EXPECT_MS)
    return body.first


def download(page, trigger, label: str, tmp_path, timeout_ms: int = DOWNLOAD_MS) -> tuple[str, bytes]:
    """Click the download button `label` in the popover of `trigger`; the file's suggested name and bytes."""
    body = open_popover(page, trigger)
    button = body.get_by_role("button", name=re.compile(re.escape(label)))
    expect(button).to_be_visible(timeout=EXPECT_MS)
    with page.expect_download(timeout=timeout_ms) as info:
        button.click()
    dl = info.value
    assert dl.failure() is None, f"{label}: {dl.failure()}"
    target = tmp_path / dl.suggested_filename
    dl.save_as(target)
    return dl.suggested_filename, target.read_bytes()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:16]
    assert data[12:16] == b"IHDR", data[:32]
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# ---------------------------------------------------------------------------------------------------
# Presentation mode
# ---------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_presentation_mode_hides_the_chrome_and_enlarges_the_type(app):
    page = open_page(app, SURVEY, SURVEY_TITLE, BEAMER)
    poll(lambda: sidebar_shown(page), page=page, what="sidebar shown in normal mode")
    # Streamlit draws its header in normal mode: hiding it below is the presentation CSS's doing.
    expect(page.locator("[data-testid='stHeader']")).to_be_visible()
    normal_px = root_font_px(page)

    page = app.open(f"{SURVEY}?{PRESENTATION}", SURVEY_TITLE)
    poll(lambda: presentation_styled(page), page=page, what="presentation style applied")
    expect(page.locator(SIDEBAR)).to_be_hidden(timeout=EXPECT_MS)
    assert not sidebar_shown(page)
    for test_id in CHROME:
        expect(page.locator(f"[data-testid='{test_id}']")).to_be_hidden()
    presentation_px = root_font_px(page)
    assert presentation_px > normal_px, f"root font {presentation_px}px in presentation vs. {normal_px}px normal"
    assert presentation_px >= 18, presentation_px

    # What the audience must still see: the active filters, the sample-data mark, a QR code of this view.
    caption = page.locator(FILTER_CAPTION).filter(has_text=NO_FILTERS)
    expect(caption.first).to_be_visible()
    expect(page.locator(MAIN).get_by_text("Beispieldaten").first).to_be_visible()
    qr = page.locator(QR_IMAGE)
    expect(qr).to_have_count(1)
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code image did not load"
    assert query(page).get("modus") == ["praesentation"], href(page)
    assert_clean(app)


@pytest.mark.browser
def test_presentation_ends_with_its_button(app):
    page = open_page(app, f"{SURVEY}?{PRESENTATION}", SURVEY_TITLE, BEAMER)
    poll(lambda: presentation_styled(page), page=page, what="presentation style applied")
    expect(page.locator(SIDEBAR)).to_be_hidden(timeout=EXPECT_MS)
    presentation_px = root_font_px(page)

    page.get_by_role("button", name=re.compile(r"Präsentation beenden$")).click()
    poll(lambda: "modus" not in query(page) and href(page), page=page, what="modus removed from the URL")
    poll(lambda: sidebar_shown(page), page=page, what="sidebar back")
    settle(page, page.locator("h1", has_text=SURVEY_TITLE))
    assert urlsplit(href(page)).path.endswith(SURVEY), href(page)
    assert "modus" not in query(page), href(page)
    assert root_font_px(page) < presentation_px
    expect(page.locator(QR_IMAGE)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"Präsentation beenden$"))).to_have_count(0)
    expect(page.locator(SIDEBAR).get_by_text("Filter", exact=True)).to_be_visible()
    assert_clean(app)


@pytest.mark.browser
def test_sidebar_toggle_switches_presentation_on(app):
    page = open_page(app, SURVEY, SURVEY_TITLE, BEAMER)
    poll(lambda: sidebar_shown(page), page=page, what="sidebar shown in normal mode")
    assert "modus" not in query(page), href(page)
    normal_px = root_font_px(page)

    page.locator(SIDEBAR).get_by_text("Präsentationsmodus", exact=True).click()
    poll(lambda: query(page).get("modus") == ["praesentation"] and href(page), page=page,
         what="modus=praesentation in the URL")
    poll(lambda: presentation_styled(page), page=page, what="presentation style applied")
    expect(page.locator(SIDEBAR)).to_be_hidden(timeout=EXPECT_MS)
    settle(page, page.locator("h1", has_text=SURVEY_TITLE))
    assert root_font_px(page) > normal_px
    expect(page.locator(QR_IMAGE)).to_be_visible()
    assert_clean(app)


# ---------------------------------------------------------------------------------------------------
# Slide sequences
# ---------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_slide_sequence_steps_and_keeps_the_slide_in_the_url(app):
    page = app.page
    page.set_viewport_size(BEAMER)
    def slides(nr: int) -> str:
        return f"{app.base_url}/folien?satz={quote(THEME)}&folie={nr}&{PRESENTATION}"

    page.goto(slides(1))
    settle(page, slide_label(page, 1))
    poll(lambda: presentation_styled(page), page=page, what="presentation style applied")
    expect(page.locator(SIDEBAR)).to_be_hidden()
    weiter, zurueck = slide_button(page, "Weiter"), slide_button(page, "Zurück")
    expect(zurueck).to_be_disabled()
    expect(weiter).to_be_enabled()

    for nr in range(2, N_SLIDES + 1):
        weiter.click()
        expect(slide_label(page, nr)).to_be_visible(timeout=EXPECT_MS)
        poll(lambda nr=nr: query(page).get("folie") == [str(nr)] and href(page), page=page,
             what=f"folie={nr} in the URL")
        settle(page, slide_label(page, nr))
        q = query(page)
        assert q.get("satz") == [THEME], href(page)
        assert q.get("modus") == ["praesentation"], href(page)
    expect(weiter).to_be_disabled()
    expect(zurueck).to_be_enabled()

    zurueck.click()
    back = N_SLIDES - 1
    expect(slide_label(page, back)).to_be_visible(timeout=EXPECT_MS)
    poll(lambda: query(page).get("folie") == [str(back)] and href(page), page=page, what=f"folie={back} in the URL")
    settle(page, slide_label(page, back))
    expect(weiter).to_be_enabled()

    # A reload (a new session) shows the same slide, and so does a link to it.
    page.reload()
    settle(page, slide_label(page, back))
    expect(slide_label(page, back)).to_be_visible()
    page.goto(slides(3))
    settle(page, slide_label(page, 3))
    expect(slide_label(page, 3)).to_be_visible()
    assert query(page).get("folie") == ["3"], href(page)
    assert_clean(app)


# ---------------------------------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_question_exports_chart_and_table(app, tmp_path):
    from openpyxl import load_workbook

    page = app.open(SURVEY, SURVEY_TITLE)
    trigger = page.locator(MAIN).get_by_role("button", name=re.compile(r"Exportieren")).first
    expect(trigger).to_be_visible(timeout=EXPECT_MS)

    name, png = download(page, trigger, "Grafik als PNG", tmp_path)
    assert name.endswith(".png"), name
    width, height = png_size(png)
    assert width >= 1800, (width, height)
    assert height > 0

    name, svg_bytes = download(page, trigger, "Grafik als SVG", tmp_path)
    assert name.endswith(".svg"), name
    svg = svg_bytes.decode("utf-8")
    assert "<svg" in svg[:500], svg[:200]
    assert FIRST_QUESTION in svg

    name, csv_bytes = download(page, trigger, "Tabelle als CSV (für Excel)", tmp_path)
    assert name.endswith(".csv"), name
    assert csv_bytes.startswith(UTF8_BOM), csv_bytes[:10]
    lines = csv_bytes[len(UTF8_BOM):].decode("utf-8").splitlines()
    assert len(lines) >= 2, lines
    assert ";" in lines[0], lines[0]
    assert all(";" in line for line in lines if line), lines

    name, xlsx = download(page, trigger, "Tabelle als Excel-Datei (.xlsx)", tmp_path)
    assert name.endswith(".xlsx"), name
    assert xlsx[:2] == b"PK", xlsx[:4]
    ws = load_workbook(io.BytesIO(xlsx)).active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert FIRST_QUESTION in cells, cells[:10]
    assert len(cells) > 3, cells
    assert_clean(app)


@pytest.mark.browser
def test_survey_report_downloads_as_pdf(app, tmp_path):
    from pypdf import PdfReader

    page = app.open(SURVEY, SURVEY_TITLE)
    trigger = page.locator(MAIN).get_by_role("button", name=re.compile(r"Exportieren")).first
    expect(trigger).to_be_visible(timeout=EXPECT_MS)
    trigger.click()  # the report sits in the page's export panel
    button = page.get_by_role("button", name=re.compile(r"Bericht dieser Ansicht als PDF"))
    expect(button).to_be_visible(timeout=EXPECT_MS)
    with page.expect_download(timeout=REPORT_MS) as info:
        button.click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    assert dl.suggested_filename.endswith(".pdf"), dl.suggested_filename
    target = tmp_path / dl.suggested_filename
    dl.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF"), data[:20]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Kurzbefragung" in text, text[:300]
    assert "BEISPIELDATEN" in text, text[:300]
    assert_clean(app)


@pytest.mark.browser
def test_participants_table_downloads_as_csv(app, tmp_path):
    page = app.open("/karte", MAP_TITLE)
    # The table and its export come last on the page: wait for the table's caption, then take the last button.
    caption_text = page.locator(MAIN).get_by_text(
        re.compile(r"Kommunen angemeldet oder mit (namentlich gezeigtem )?Fragebogen"))
    expect(caption_text).to_be_visible(timeout=EXPECT_MS)
    trigger = page.locator(MAIN).get_by_role("button", name=re.compile(r"Exportieren")).last
    expect(trigger).to_be_visible(timeout=EXPECT_MS)
    name, data = download(page, trigger, "Tabelle als CSV (für Excel)", tmp_path)
    assert name.endswith(".csv"), name
    assert data.startswith(UTF8_BOM), data[:10]
    lines = data[len(UTF8_BOM):].decode("utf-8").splitlines()
    # A header block (title, filters, n, source, data state, date) above the table, then the table itself.
    assert lines[0].startswith("Tabelle;Beteiligte Kommunen"), lines[0]
    head = lines.index("") + 1  # an empty line ends the header block
    assert lines[head].startswith("AGS / VG-Schlüssel;Kommune;Art;Landkreis;"), lines[head]
    lines = lines[head:]
    assert len(lines) > 1, lines
    caption = caption_text.inner_text()
    count = re.match(r"\s*([\d.]+)", caption)
    assert count, caption
    assert len([line for line in lines[1:] if line]) == int(count.group(1).replace(".", "")), caption
    assert_clean(app)


# ---------------------------------------------------------------------------------------------------
# The room: slides that fit, keys, Back, the QR target, the deck downloads
# ---------------------------------------------------------------------------------------------------

PROJECTOR_SIZES = [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}]
CONTROLS = ".st-key-folien-steuerung"
SLIDE = ".st-key-folie"
PUBLIC = "https://dashboard.example.de"


def slide_url(base: str, theme: str, nr: int, extra: str = "") -> str:
    return f"{base}/folien?satz={quote(theme)}&folie={nr}&{PRESENTATION}{extra}"


def decks() -> dict[str, int]:
    """Deck -> number of slides (with the title slide), from the shipped data."""
    from data.loading import load_dataset
    from tests.browser.conftest import REPO as ROOT

    ds = load_dataset(ROOT / "data")
    return {s.theme: len(s.slides) + 1 for s in ds.sequences}


def on_slide(page, nr: int, total: int):
    """Wait until slide `nr` is on screen (the controls say so) and the run has finished."""
    settle(page, slide_label(page, nr, total))


def fit_report(page) -> dict:
    return page.evaluate("""() => {
      const slide = document.querySelector('.st-key-folie');
      const chart = slide && slide.querySelector(
        '[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas');
      const box = chart ? chart.getBoundingClientRect() : null;
      return {scroll: document.scrollingElement.scrollHeight, inner: window.innerHeight,
              wide: document.scrollingElement.scrollWidth, innerW: window.innerWidth,
              chartBottom: box ? box.bottom : null, chartHeight: box ? box.height : null,
              slideBottom: slide ? slide.getBoundingClientRect().bottom : null};
    }""")


def min_text_px(page) -> float:
    """The smallest font size of any visible text on the slide (HTML and the chart's SVG text)."""
    return float(page.evaluate("""() => {
      const slide = document.querySelector('.st-key-folie');
      let min = Infinity;
      const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim()) continue;
        const el = node.parentElement;
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none'
            || parseFloat(style.opacity) === 0) continue;
        if (el.closest('[data-testid="stElementToolbar"]')) continue;
        min = Math.min(min, parseFloat(style.fontSize));
      }
      return min;
    }"""))


@pytest.mark.browser
@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_every_slide_of_every_deck_fits_the_screen(app, size):
    page = app.page
    page.set_viewport_size(size)
    for theme, total in decks().items():
        page.goto(slide_url(app.base_url, theme, 1))
        on_slide(page, 1, total)
        poll(lambda: presentation_styled(page), page=page, what="presentation style applied")
        for nr in range(1, total + 1):
            if nr > 1:
                page.keyboard.press("PageDown")
                on_slide(page, nr, total)
            poll(lambda: page.locator(SLIDE).count() == 1 and fit_report(page)["slideBottom"], page=page,
                 what=f"{theme} {nr}: slide drawn")
            report = fit_report(page)
            where = f"{theme}, Folie {nr} at {size['width']}×{size['height']}: {report}"
            assert report["scroll"] <= report["inner"], where
            assert report["wide"] <= report["innerW"], where
            if report["chartHeight"] is not None:
                assert report["chartBottom"] <= report["inner"], where
                assert report["chartHeight"] >= 0.35 * size["height"], where  # the chart takes the room left
            if size["width"] == 1920:
                assert min_text_px(page) >= 20, f"text below 20 px: {where}"
    assert_clean(app)


@pytest.mark.browser
def test_audience_sees_only_the_slide_and_controls_fade(app):
    page = app.page
    page.set_viewport_size(BEAMER)
    page.goto(slide_url(app.base_url, THEME, 4))
    on_slide(page, 4, N_SLIDES)
    controls = page.locator(CONTROLS)
    opacity = lambda: float(controls.evaluate("el => getComputedStyle(el).opacity"))  # noqa: E731
    poll(lambda: opacity() == 0, page=page, what="controls hidden before any mouse move")
    page.mouse.move(400, 500)
    page.mouse.move(420, 520)
    poll(lambda: opacity() == 1, page=page, timeout_s=3, what="controls shown on mouse move")
    expect(controls.get_by_text("Keine öffentliche Adresse gesetzt", exact=False)).to_be_visible()
    # ~3 s without a mouse move: faded out again (the presenter's notice with it).
    poll(lambda: opacity() == 0, page=page, timeout_s=6, what="controls faded after inactivity")
    ende = page.locator(".st-key-praesentation-ende")
    assert float(ende.evaluate("el => getComputedStyle(el).opacity")) == 0
    # What is left for the audience: title, takeaway, chart, source line, QR code.
    slide = page.locator(SLIDE)
    expect(slide.locator("h1")).to_have_count(1)
    expect(slide.locator("[data-testid='stVegaLiteChart']")).to_have_count(1)
    expect(slide.get_by_text("Beispieldaten", exact=False).first).to_be_visible()
    expect(slide.get_by_text("n = ", exact=False).first).to_be_visible()
    expect(page.locator(QR_IMAGE)).to_be_visible()
    for test_id in ("stSidebar", "stHeader", "stToolbar"):
        expect(page.locator(f"[data-testid='{test_id}']")).to_be_hidden()
    assert_clean(app)


@pytest.mark.browser
def test_clicker_keys_and_browser_history_move_through_the_slides(app):
    page = app.page
    page.set_viewport_size(BEAMER)
    page.goto(slide_url(app.base_url, THEME, 1))
    on_slide(page, 1, N_SLIDES)
    # The key listener is a small script that arrives with the page (components/clicker.py).
    poll(lambda: page.evaluate("() => !!window.__scaTasten"), page=page, what="the key listener mounted")
    for key, nr in (("PageDown", 2), ("ArrowRight", 3), ("Space", 4), ("PageUp", 3), ("ArrowLeft", 2),
                    ("End", N_SLIDES), ("Home", 1)):
        page.keyboard.press(key)
        on_slide(page, nr, N_SLIDES)
        poll(lambda nr=nr: query(page).get("folie") == [str(nr)] and href(page), page=page, what=f"{key}: folie={nr}")
    page.keyboard.press("ArrowLeft")  # nothing before the first slide, and no history entry
    on_slide(page, 1, N_SLIDES)
    page.go_back()
    on_slide(page, N_SLIDES, N_SLIDES)
    assert query(page).get("folie") == [str(N_SLIDES)], href(page)
    page.go_back()
    on_slide(page, 2, N_SLIDES)
    page.go_forward()
    on_slide(page, N_SLIDES, N_SLIDES)
    page.go_forward()
    on_slide(page, 1, N_SLIDES)
    # A clicker pressed faster than the server answers: no press is lost.
    for key in ("ArrowRight", "PageDown", "ArrowRight"):
        page.keyboard.press(key)
    on_slide(page, 4, N_SLIDES)
    poll(lambda: query(page).get("folie") == ["4"] and href(page), page=page, what="folie=4 after three quick presses")
    page.reload()
    on_slide(page, 4, N_SLIDES)
    assert query(page).get("satz") == [THEME] and query(page).get("modus") == ["praesentation"], href(page)
    assert_clean(app)


@pytest.fixture
def public_app(server_log_dir, chromium):
    """The app with a public address set (DASHBOARD_PUBLIC_URL), in a browser page of its own."""
    from tests.browser.conftest import start_server

    server = start_server(server_log_dir, {"DASHBOARD_PUBLIC_URL": PUBLIC})
    context = chromium.new_context(viewport=BEAMER)
    try:
        yield server, context.new_page()
    finally:
        context.close()
        server.stop()


def decode_qr(page) -> str:
    import zxingcpp
    from PIL import Image

    shot = page.locator(QR_IMAGE).screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert len(found) == 1, f"{len(found)} QR codes read"
    return found[0].text


@pytest.mark.browser
def test_qr_code_opens_exactly_this_slide_at_the_public_address(public_app):
    server, page = public_app
    page.goto(slide_url(server.base_url, THEME, 3, "&groesse=Kleinstadt"))
    on_slide(page, 3, N_SLIDES)
    page.keyboard.press("ArrowRight")
    on_slide(page, 4, N_SLIDES)
    poll(lambda: page.locator(QR_IMAGE).count() == 1, page=page, what="QR code drawn")
    target = poll(lambda: (lambda t: t if "folie=4" in t else None)(decode_qr(page)), page=page,
                  what="QR code of slide 4")
    parts = urlsplit(target)
    assert f"{parts.scheme}://{parts.netloc}" == PUBLIC, target
    assert parts.path == "/folien", target
    q = parse_qs(parts.query)
    assert q == {"satz": [THEME], "folie": ["4"], "groesse": ["Kleinstadt"]}, target
    # With the public address set there is nothing to warn about.
    page.mouse.move(300, 300)
    expect(page.locator(CONTROLS).get_by_text("Keine öffentliche Adresse", exact=False)).to_have_count(0)
    # The phone opens that address: the same slide, without presentation mode.
    page.goto(f"{server.base_url}/folien?{parts.query}")
    on_slide(page, 4, N_SLIDES)
    expect(page.locator(SIDEBAR)).to_be_visible()


@pytest.mark.browser
def test_deck_downloads_as_pdf_and_powerpoint(app, tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    page = app.page
    page.set_viewport_size(BEAMER)
    page.goto(f"{app.base_url}/folien?satz={quote(THEME)}&folie=2")
    on_slide(page, 2, N_SLIDES)
    files = {}
    for label in ("PDF", "PowerPoint"):
        button = page.locator(CONTROLS).get_by_role("button", name=re.compile(rf"{label}$"))
        with page.expect_download(timeout=REPORT_MS) as info:
            button.click()
        dl = info.value
        assert dl.failure() is None, dl.failure()
        target = tmp_path / dl.suggested_filename
        dl.save_as(target)
        files[label] = target
    assert files["PDF"].suffix == ".pdf" and files["PowerPoint"].suffix == ".pptx"
    reader = PdfReader(str(files["PDF"]))
    assert len(reader.pages) == N_SLIDES
    for i, p in enumerate(reader.pages, start=1):
        assert float(p.mediabox.width) / float(p.mediabox.height) == pytest.approx(16 / 9, rel=1e-3)
        text = p.extract_text()
        assert len(text.strip()) > 80 and "BEISPIELDATEN" in text and f"Folie {i} / {N_SLIDES}" in text, text[:300]
    assert "Energie und Klima" in reader.pages[0].extract_text()
    prs = Presentation(str(files["PowerPoint"]))
    assert len(prs.slides) == N_SLIDES
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    for s in prs.slides:
        titles = [sh for sh in s.shapes if sh.name == "Titel"]
        assert titles and titles[0].text_frame.text
        assert "Quelle" in s.notes_slide.notes_text_frame.text
    assert_clean(app)


@pytest.mark.browser
def test_keys_move_between_pages_in_presentation_mode(app):
    """The clicker's keys move through the pages in the navigation's order; filters and the mode go along."""
    page = open_page(app, f"/?{PRESENTATION}&groesse=Kleinstadt&thema={quote(THEME)}", OVERVIEW_TITLE, BEAMER)
    poll(lambda: presentation_styled(page), page=page, what="presentation style applied")
    poll(lambda: page.evaluate("() => !!window.__scaTasten"), page=page, what="the key listener mounted")
    kept = {"groesse": ["Kleinstadt"], "thema": [THEME], "modus": ["praesentation"]}

    def arrive(path: str, title: str) -> None:
        settle(page, page.locator("h1", has_text=title))
        poll(lambda: urlsplit(href(page)).path == path and href(page), page=page, what=f"on {path}")
        poll(lambda: query(page) == kept and href(page), page=page, what=f"{path}: filters and mode in the URL")
        expect(page.locator(SIDEBAR)).to_be_hidden()

    for key, path, title in (("PageDown", "/karte", MAP_TITLE), ("ArrowRight", "/umfrage", SURVEY_TITLE),
                             ("PageUp", "/karte", MAP_TITLE), ("ArrowLeft", "/", OVERVIEW_TITLE),
                             ("Space", "/karte", MAP_TITLE)):
        page.keyboard.press(key)
        arrive(path, title)
    # The active filters are the ones the room sees, on every page.
    expect(page.locator(FILTER_CAPTION).filter(has_text="Kleinstadt").first).to_be_visible()
    # Quick presses from a clicker are all taken: two pages on, not one.
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    arrive("/workshops", WORKSHOPS_TITLE)
    assert_clean(app)


def content_right(page) -> float:
    """The right edge of the page's content column (inside its padding)."""
    return float(page.evaluate("""() => {
      const c = document.querySelector('[data-testid="stMainBlockContainer"]');
      return c.getBoundingClientRect().right - parseFloat(getComputedStyle(c).paddingRight);
    }"""))


FIRST_SCREEN = {  # page, its title and its main content in presentation mode
    "/": (OVERVIEW_TITLE, f"{MAIN} [data-testid='stVegaLiteChart']"),  # key figures, then the workshop timeline
    "/karte": (MAP_TITLE, "iframe[title='streamlit_folium.st_folium']"),
    SURVEY: (SURVEY_TITLE, f"{MAIN} [data-testid='stVegaLiteChart'], {MAIN} [data-testid='stArrowVegaLiteChart']"),
}


@pytest.mark.browser
@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
@pytest.mark.parametrize("path", list(FIRST_SCREEN))
def test_presentation_mode_shows_the_main_content_in_the_first_screen(app, path, size):
    """The room sees the page's chart or map without scrolling; controls and exports follow below it, and the
    presenter's bar and the QR code lie beside the content, never on it."""
    title, main = FIRST_SCREEN[path]
    page = open_page(app, f"{path}?{PRESENTATION}", title, size)
    chart = page.locator(main)
    expect(chart.first).to_be_visible(timeout=EXPECT_MS)
    poll(lambda: presentation_styled(page), page=page, what="presentation style applied")
    wait_quiet(page)
    top = chart.first.bounding_box()["y"]
    assert 0 < top < size["height"] * 0.8, f"{path}: main content starts at {top:.0f}px of {size['height']}px"
    if path == "/":
        tiles = page.locator(f"{MAIN} [data-testid='stMetric']")
        expect(tiles).to_have_count(4)
        assert tiles.first.bounding_box()["y"] < top
    # Controls and exports are still there, below the chart or map.
    for control in (page.locator(MAIN).get_by_role("button", name=re.compile("Exportieren")),
                    page.locator(MAIN).get_by_text("Darstellung", exact=True),
                    page.locator(MAIN).get_by_text("Hintergrund", exact=True)):
        if control.count():
            assert control.first.evaluate("e => e.getBoundingClientRect().top") > top, control
    if path == SURVEY:
        expect(page.locator(MAIN).get_by_text("Beispieldaten").first).to_be_visible()
    page.mouse.move(30, 30)  # in the margin: the map's frame keeps its own mouse moves
    page.mouse.move(40, 40)
    bar = page.locator(".st-key-praesentation-ende")
    poll(lambda: bar.evaluate("el => getComputedStyle(el).opacity") == "1", page=page, timeout_s=3,
         what="presenter's bar shown on mouse move")
    expect(bar.get_by_text("Keine öffentliche Adresse gesetzt", exact=False)).to_be_visible()
    right = content_right(page)
    bar_box, qr_box = bar.bounding_box(), page.locator(".st-key-praesentation-qr").bounding_box()
    assert bar_box["x"] >= right and qr_box["x"] >= right, (right, bar_box, qr_box)
    assert bar_box["y"] + bar_box["height"] <= qr_box["y"], (bar_box, qr_box)
    assert_clean(app)
