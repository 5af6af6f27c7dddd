"""The band with the dashboard's name on top of every page (components/frame.py), on a laptop and on a phone:
it is visible from edge to edge, in the state's colours with readable contrast, the page title starts right
below it, nothing scrolls sideways, and on a phone the button to the pages and filters says "Menü" (also to a
screen reader) and opens them. In presentation mode there is no band."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import poll
from tests.pages import DEFAULT_PAGE, PAGES, address, heading

pytestmark = pytest.mark.browser

LAPTOP = (1280, 900)
PHONE = (390, 844)
BAND = ".sca-kopf"
MENU = "[data-testid='stExpandSidebarButton']"
MAX_GAP_PX = 40  # from the band's lower edge to the top of the page title
OPENED = {"/": heading(DEFAULT_PAGE), "/ueber": "Über diese Daten", "/daten": "Umfragedaten verwalten"}

_GEOMETRY = """([band, menu]) => {
  const rect = (e) => { if (!e) return null; const r = e.getBoundingClientRect();
                        return {x: r.x, y: r.y, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
  const b = document.querySelector(band);
  const text = b.querySelector('p');
  const range = document.createRange();
  range.selectNodeContents(text);
  const main = document.querySelector('[data-testid="stMain"]');
  return {
    band: rect(b), text: rect(range), h1: rect(document.querySelector('h1')), menu: rect(document.querySelector(menu)),
    background: getComputedStyle(b).backgroundColor, colours: [...text.querySelectorAll('*')].concat([text])
      .map(e => getComputedStyle(e).color),
    sideways: Math.max(document.scrollingElement.scrollWidth - window.innerWidth, main.scrollWidth - main.clientWidth),
  };
}"""


def _luminance(css: str) -> float:
    parts = [float(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    lin = [(c / 255 / 12.92) if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def pixel(page, x: float, y: float) -> tuple[int, int, int]:
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    return shot.getpixel((int(x), int(y)))


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["1280x900", "390x844"])
@pytest.mark.parametrize("path", list(OPENED))
def test_band_on_top_and_the_title_right_below(app, size, path):
    width, height = size
    app.page.set_viewport_size({"width": width, "height": height})
    page = app.open(path, OPENED[path])
    expect(page.locator(BAND)).to_be_visible()
    expect(page.locator(BAND)).to_have_text("Smart-City-Dashboard Sachsen-Anhalt")
    g = page.evaluate(_GEOMETRY, [BAND, MENU])
    assert g["band"]["y"] <= 1 and g["band"]["height"] >= 50, g["band"]
    gap = g["h1"]["y"] - g["band"]["bottom"]
    assert 0 <= gap <= MAX_GAP_PX, f"{gap} px between band and title"
    assert g["sideways"] <= 0, "the band makes the page scroll sideways"
    assert g["background"] == "rgb(0, 0, 0)"
    assert all(contrast(c, g["background"]) >= 4.5 for c in g["colours"]), g["colours"]
    assert "rgb(255, 204, 0)" in g["colours"]  # the state's yellow on its black
    # Black from the window's right edge to the band's text, yellow along its lower edge.
    assert pixel(page, width - 3, g["band"]["y"] + 10) == (0, 0, 0)
    assert pixel(page, width - 3, g["band"]["bottom"] - 2) == (255, 204, 0)
    if size == PHONE:  # the sidebar starts closed: its button lies on the band, the name beside it
        assert g["menu"] is not None and g["band"]["y"] <= g["menu"]["y"] < g["menu"]["bottom"] <= g["band"]["bottom"]
        assert g["text"]["x"] >= g["menu"]["right"], (g["text"], g["menu"])
    assert app.errors() == []


def test_phone_menu_button_says_menue_and_opens_pages_and_filters(app):
    app.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page = app.open("/", heading(DEFAULT_PAGE))
    button = page.locator(MENU)
    expect(button).to_be_visible()
    assert button.evaluate("b => getComputedStyle(b, '::after').content") == '"Menü"'
    poll(lambda: button.get_attribute("aria-label") == "Menü", what="aria-label Menü", page=page)
    page.get_by_role("button", name="Menü", exact=True).click()
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Filter", exact=True)).to_be_visible()
    expect(sidebar.locator("[data-testid='stSidebarNav']")).to_contain_text("Über diese Daten")
    assert app.errors() == []


def test_every_page_has_the_band_and_presentation_mode_has_none(app):
    for spec in PAGES:
        page = app.open(address(spec) + ("?kommune=15083040" if spec.url_path == "kommune" else ""), heading(spec))
        expect(page.locator(BAND)).to_have_count(1)
    page = app.open("/umfrage?modus=praesentation", "Kurzbefragung der Kommunen")
    expect(page.locator(BAND)).to_have_count(0)
    expect(page.locator(MENU)).to_be_hidden()
