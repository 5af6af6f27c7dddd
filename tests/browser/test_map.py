"""The map page in Chromium, with and without imported boundaries: what it draws, which hosts a basemap
contacts, that a click selects a municipality and that pan and zoom never rerun the app.

The boundaries are the generated fixture in tests/fixtures/boundaries (BKG VG5000 layout), imported once
per session into a temporary GEO_DIR.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOCAL_HOSTS, Driver, _require_running, poll, start_server
from tests.conftest import BOUNDARIES

pytestmark = pytest.mark.browser

TITLE = "Karte der Beteiligung"
N_MUNICIPALITIES = 218
N_DISTRICTS = 14
N_VERBANDSGEMEINDEN = 18
N_VENUES = 5
FILTER_CAPTION = "[data-testid='stMain'] [data-testid='stCaptionContainer']"
STATUS_WIDGET = "[data-testid='stStatusWidget']"
EXPECT_MS = 15_000
# A large municipality far from every workshop venue, so no venue icon covers it.
CLICK_AGS = "15081135"
CLICK_NAME = "Gardelegen"
BASEMAPS = {
    "osm": ("OpenStreetMap", "tile.openstreetmap.org"),
    "topplus": ("TopPlusOpen grau (BKG)", "sgx.geodatenzentrum.de"),
}


# ---------------------------------------------------------------------------------------------------
# Fixtures: boundaries imported into a temporary GEO_DIR and a server of their own
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def geo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("geo")
    result = subprocess.run([sys.executable, "-m", "geo.boundaries", "import", str(BOUNDARIES), "--out", str(out)],
                            cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not (out / "grenzen.json").is_file():
        pytest.fail(f"Importing {BOUNDARIES} failed (exit {result.returncode}).\n"
                    f"stdout: {result.stdout}\nstderr: {result.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def boundaries(geo_dir) -> dict:
    return json.loads((geo_dir / "grenzen.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def area_app_server(server_log_dir, geo_dir):
    server = start_server(server_log_dir, env={"GEO_DIR": str(geo_dir)})
    yield server
    server.stop()


@pytest.fixture
def area_app(page, area_app_server) -> Driver:
    _require_running(area_app_server)
    yield Driver(page, area_app_server.base_url)
    _require_running(area_app_server)


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------


def open_map(app: Driver, path: str = "/karte", selector: str = "path.gemeinde-flaeche"):
    """Open the map page and wait until the map has drawn every municipality."""
    page = app.open(path, TITLE)
    expect(app.map_frame().locator(selector)).to_have_count(N_MUNICIPALITIES, timeout=EXPECT_MS)
    return page


def href(page) -> str:
    return page.evaluate("() => location.href")  # page.url lags behind Streamlit's history.replaceState


def kommune_param(page) -> list[str]:
    return parse_qs(urlsplit(href(page)).query).get("kommune", [])




def map_point(app: Driver, lat: float, lon: float) -> dict:
    """Where (lat, lon) lies in the Leaflet container, and which element is drawn there."""
    return app.map_frame().locator(".leaflet-container").first.evaluate(
        """(el, [lat, lon]) => {
             const p = window.map.latLngToContainerPoint([lat, lon]);
             const box = el.getBoundingClientRect();
             const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
             return {x: p.x, y: p.y, width: box.width, height: box.height,
                     hit: hit ? (hit.getAttribute('class') || hit.tagName) : null};
           }""",
        [lat, lon],
    )


def click_map_at(app: Driver, lat: float, lon: float, expected_class: str) -> None:
    # Scrolled into view first: Playwright would scroll while clicking and miss the point inside the frame.
    app.map_frame().locator(".leaflet-container").first.scroll_into_view_if_needed()
    point = map_point(app, lat, lon)
    assert 0 < point["x"] < point["width"] and 0 < point["y"] < point["height"], f"point outside the map: {point}"
    assert expected_class in (point["hit"] or "").split(), \
        f"expected a {expected_class} element at ({lat}, {lon}), found {point['hit']!r}"
    app.map_frame().locator(".leaflet-container").first.click(position={"x": point["x"], "y": point["y"]})


def select_option(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def rerun_requests(frames: list[bytes]) -> list[bytes]:
    """The BackMsgs among websocket frames that ask the server to run the script."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    found = []
    for payload in frames:
        if isinstance(payload, str):
            payload = payload.encode()
        msg = BackMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:
            continue
        if msg.WhichOneof("type") == "rerun_script":
            found.append(payload)
    return found


# ---------------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_area_map_draws_boundaries_offline(area_app):
    page = open_map(area_app)
    frame = area_app.map_frame()
    expect(frame.locator("path.gemeinde-flaeche")).to_have_count(N_MUNICIPALITIES)
    expect(frame.locator("path.kreis")).to_have_count(N_DISTRICTS)
    expect(frame.locator("path.verbandsgemeinde")).to_have_count(N_VERBANDSGEMEINDEN)
    expect(frame.locator(".workshop-ort")).to_have_count(N_VENUES)
    expect(frame.locator("path.gemeinde")).to_have_count(0)
    expect(page.get_by_text("GeoBasis-DE / BKG 2021").first).to_be_visible()
    assert area_app.errors() == []
    assert area_app.traffic.page_errors == []
    assert area_app.traffic.requests, "no request was recorded"
    assert area_app.traffic.foreign() == [], f"requests to other hosts: {area_app.traffic.foreign()}"


@pytest.mark.browser
def test_point_map_explains_itself_without_commands(app):
    page = open_map(app, selector="path.gemeinde")
    expect(page.get_by_text("Jeder Punkt ist eine Gemeinde")).to_contain_text("sobald die amtlichen Verwaltungsgrenzen")
    assert "python -m" not in page.locator("[data-testid='stMain']").inner_text()  # visitors get no command lines
    expect(app.map_frame().locator("path.gemeinde-flaeche")).to_have_count(0)
    assert app.errors() == []


@pytest.mark.browser
@pytest.mark.parametrize("basemap", list(BASEMAPS))
def test_basemap_loads_tiles_from_its_provider_only(area_app, basemap):
    label, host = BASEMAPS[basemap]
    page = area_app.page
    foreign_hosts: list[str] = []

    def route(r):
        h = urlsplit(r.request.url).hostname
        if h in LOCAL_HOSTS or urlsplit(r.request.url).scheme in ("data", "blob"):
            r.continue_()
        else:
            foreign_hosts.append(h)
            r.abort()

    page.route("**/*", route)
    open_map(area_app)
    expect(page.get_by_role("combobox", name="Hintergrund")).to_have_value("Kein Hintergrund (offline)")
    assert foreign_hosts == [], f"without a basemap the map contacted {sorted(set(foreign_hosts))}"
    assert area_app.traffic.foreign() == []

    select_option(page, "Hintergrund", label)
    poll(lambda: host in foreign_hosts, 15, f"a tile request to {host}", page)
    area_app.wait_ready(TITLE)
    expect(area_app.map_frame().locator("path.gemeinde-flaeche")).to_have_count(N_MUNICIPALITIES, timeout=EXPECT_MS)
    tiles = [u for u in area_app.traffic.requests if urlsplit(u).hostname == host]
    assert any(re.search(r"/\d+/\d+/\d+\.png$", u) for u in tiles), tiles
    assert set(foreign_hosts) == {host}, f"other hosts than {host}: {sorted(set(foreign_hosts))}"
    assert area_app.errors() == []


@pytest.mark.browser
def test_click_on_an_area_selects_the_municipality(area_app, boundaries):
    import shapely.geometry

    feature = next(f for f in boundaries["gemeinden"]["features"] if f["properties"]["key"] == CLICK_AGS)
    inside = shapely.geometry.shape(feature["geometry"]).representative_point()
    page = open_map(area_app)
    assert kommune_param(page) == []
    click_map_at(area_app, inside.y, inside.x, "gemeinde-flaeche")
    ags = poll(lambda: kommune_param(page), 15, "kommune= in the URL", page)
    assert len(ags) == 1 and re.fullmatch(r"15\d{6}", ags[0]), href(page)
    assert ags == [CLICK_AGS], href(page)
    expect(page.locator(FILTER_CAPTION).first).to_contain_text(f"Kommune: {CLICK_NAME}", timeout=EXPECT_MS)
    assert area_app.errors() == []
    assert area_app.traffic.foreign() == []


@pytest.mark.browser
def test_click_on_a_point_selects_the_municipality(app):
    from data.loading import load_dataset
    from tests.conftest import DATA

    row = load_dataset(DATA).municipalities.set_index("ags").loc[CLICK_AGS]
    page = open_map(app, selector="path.gemeinde")
    assert kommune_param(page) == []
    click_map_at(app, float(row["lat"]), float(row["lon"]), "gemeinde")
    ags = poll(lambda: kommune_param(page), 15, "kommune= in the URL", page)
    assert len(ags) == 1 and re.fullmatch(r"15\d{6}", ags[0]), href(page)
    assert ags == [CLICK_AGS], href(page)
    expect(page.locator(FILTER_CAPTION).first).to_contain_text(f"Kommune: {CLICK_NAME}", timeout=EXPECT_MS)
    assert app.errors() == []


@pytest.mark.browser
def test_pan_and_zoom_do_not_rerun_the_app(area_app):
    page = area_app.page
    sent: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    open_map(area_app)
    # The detector works: opening the page asked for a script run.
    assert rerun_requests(sent), f"no rerun request among {len(sent)} frames sent while loading"
    settled = len(sent)

    container = area_app.map_frame().locator(".leaflet-container").first

    def view() -> list[float]:  # window.map: the Leaflet map that streamlit-folium exposes in its frame
        return container.evaluate("() => [map.getZoom(), map.getCenter().lat, map.getCenter().lng]")

    status_seen = []

    def pause(ms: int) -> None:
        for _ in range(ms // 100):
            status_seen.append(page.locator(STATUS_WIDGET).count())
            page.wait_for_timeout(100)

    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    cx, cy = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5
    start = view()
    page.mouse.move(cx, cy)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(cx + 12 * i, cy + 6 * i)
    page.mouse.up()
    pause(500)
    panned = view()
    page.mouse.move(cx + 60, cy + 30)
    page.mouse.wheel(0, -240)
    pause(600)
    page.mouse.wheel(0, 120)
    pause(2000)
    zoomed = view()

    assert panned[0] == start[0] and panned[1:] != start[1:], f"the drag did not pan: {start} -> {panned}"
    assert zoomed[0] != panned[0], f"the wheel did not zoom: {panned} -> {zoomed}"
    reruns = rerun_requests(sent[settled:])
    assert reruns == [], f"pan/zoom sent {len(reruns)} rerun request(s)"
    assert not any(status_seen), "Streamlit's status widget appeared during pan/zoom"
    assert kommune_param(page) == []
    assert area_app.errors() == []
