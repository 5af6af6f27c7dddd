"""The running dashboard in Chromium: every page opens cleanly, the map draws every municipality, the
filters travel in the URL, and nothing is loaded from any host but the app itself."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from data.filters import Filters, municipality_mask
from data.loading import load_dataset
from tests.conftest import DATA
from tests.pages import PAGES as REGISTRY
from tests.pages import address, heading

pytestmark = pytest.mark.browser

N_MUNICIPALITIES = 218
N_VENUES = 5
# Every page of the registry, by its address; the profile with a municipality chosen (without one the page
# stops after the search, before app.py's footer; test_profile.py covers that state).
OPEN_WITH = {"kommune": "?kommune=15083040"}
PAGES = {address(p) + OPEN_WITH.get(p.url_path, ""): heading(p) for p in REGISTRY}
FILTER_CAPTION = "[data-testid='stMain'] [data-testid='stCaptionContainer']"
NAV_LINK = "[data-testid='stSidebarNav'] a[data-testid='stSidebarNavLink']"
EXPECT_MS = 15_000


def assert_only_local(app):
    traffic = app.traffic
    assert traffic.requests, "no request was recorded"
    assert traffic.foreign() == [], f"requests to other hosts: {traffic.foreign()}"


@pytest.mark.browser
@pytest.mark.parametrize("path", list(PAGES), ids=[p.url_path for p in REGISTRY])
def test_page_opens_cleanly(app, path):
    page = app.open(path, PAGES[path])
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(PAGES[path])
    # The frame of app.py is there: filters in the sidebar, sources in the footer.
    expect(page.get_by_text("Quellen:", exact=False)).to_be_visible(timeout=EXPECT_MS)
    expect(page.locator("[data-testid='stSidebar']").get_by_text("Filter", exact=True)).to_be_visible()
    assert app.errors() == []
    assert app.traffic.page_errors == []
    assert_only_local(app)


@pytest.mark.browser
def test_map_draws_every_municipality_and_venue(app):
    page = app.open("/karte", PAGES["/karte"])
    frame = app.map_frame()
    expect(frame.locator("path.gemeinde")).to_have_count(N_MUNICIPALITIES, timeout=EXPECT_MS)
    expect(frame.locator(".workshop-ort")).to_have_count(N_VENUES)
    expect(frame.locator("path.gemeinde.ausgeblendet")).to_have_count(0)
    expect(frame.locator(".workshop-ort", has_text=re.compile(r"^1 · 6$"))).to_have_count(1)
    legend = frame.locator(".sca-legend")
    expect(legend).to_contain_text("Beteiligung an der Workshopreihe")
    expect(legend).to_contain_text(f"Workshop-Ort ({N_VENUES})")
    expect(legend).to_contain_text(f"{N_MUNICIPALITIES} von {N_MUNICIPALITIES} Gemeinden")
    # Leaflet came from the app itself.
    assert any(re.search(r"/app/static/vendor/leaflet-[0-9.]+/leaflet\.js$", u) for u in app.traffic.requests), \
        app.traffic.requests
    assert app.errors() == []
    assert app.traffic.page_errors == []
    assert_only_local(app)
    assert page.url.endswith("/karte")


@pytest.mark.browser
def test_map_greys_out_what_the_url_filter_excludes(app):
    ds = load_dataset(DATA)
    expected_hidden = int((~municipality_mask(ds.municipalities, Filters(sizes=("Kleinstadt",)))).sum())
    assert 0 < expected_hidden < N_MUNICIPALITIES

    page = app.open("/karte?groesse=Kleinstadt", PAGES["/karte"])
    frame = app.map_frame()
    expect(frame.locator("path.gemeinde")).to_have_count(N_MUNICIPALITIES, timeout=EXPECT_MS)
    hidden = frame.locator("path.gemeinde.ausgeblendet")
    expect(hidden).to_have_count(expected_hidden)
    assert 0 < hidden.count() < N_MUNICIPALITIES
    expect(page.locator(FILTER_CAPTION).first).to_contain_text("Größenklasse: Kleinstadt")
    assert app.errors() == []
    assert_only_local(app)


@pytest.mark.browser
def test_url_parameter_sets_the_filter(app):
    page = app.open("/umfrage?groesse=Mittelstadt", PAGES["/umfrage"])
    expect(page.locator(FILTER_CAPTION).first).to_contain_text("Größenklasse: Mittelstadt")
    assert app.errors() == []
    assert_only_local(app)


@pytest.mark.browser
def test_filter_survives_sidebar_navigation(app):
    page = app.open("/?groesse=Kleinstadt", PAGES["/"])
    expect(page.locator(FILTER_CAPTION).first).to_contain_text("Größenklasse: Kleinstadt")
    page.locator(NAV_LINK).filter(has_text=re.compile(r"Karte$")).click()
    app.wait_ready(PAGES["/karte"])
    expect(page).to_have_url(re.compile(r"/karte\?(.*&)?groesse=Kleinstadt(&|$)"), timeout=5_000)
    expect(page.locator(FILTER_CAPTION).first).to_contain_text("Größenklasse: Kleinstadt")
    assert app.errors() == []
    assert_only_local(app)


@pytest.mark.browser
def test_deep_link_on_a_fresh_server(fresh_app):
    """The very first visitor of a new server arrives through a deep link and still gets the whole app.

    Regression: with the page scripts in a folder named pages/, Streamlit ran in legacy multipage mode until
    some session had executed app.py, and a deep link ran the page script alone (no filters, no footer).
    """
    page = fresh_app.open("/umfrage?groesse=Mittelstadt", PAGES["/umfrage"])
    expect(page.locator(FILTER_CAPTION).first).to_contain_text("Größenklasse: Mittelstadt", timeout=5_000)
    expect(page.locator(NAV_LINK).filter(has_text=re.compile(r"Übersicht$"))).to_have_count(1)
    assert fresh_app.errors() == []
    assert_only_local(fresh_app)
