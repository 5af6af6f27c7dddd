"""Faults in the running app, in Chromium: hostile text in the data files, data and boundary files that are
replaced or broken while the app runs, a server restart in the middle of a session, and malformed URLs.

Every test that changes data gets a server of its own with a private copy of the data folder (DATA_DIR) and
a private folder for the last good copy (DASHBOARD_STATE_DIR); the repository's data/ is never touched.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.app.test_hostile_input import EVIL
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    REPO,
    AppServer,
    error_elements,
    poll,
    start_server,
    wait_ready,
)
from tests.conftest import BOUNDARIES

pytestmark = pytest.mark.browser

BARLEBEN = "15083040"
BARLEBEN_LAT, BARLEBEN_LON = 52.20193, 11.61770
# The shared hostile string plus variants whose only effect, if ever interpreted, is a flag we can read back.
HOSTILE = (EVIL + " <img src=x onerror=window.__pwned=1> <svg onload=window.__pwned=1></svg>"
           " ${window.__pwned=1} </script><script>window.__pwned=1</script>")
MARKER = "onerror"  # appears in the text exactly when the hostile string is shown as text

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
METRIC = "[data-testid='stMetric']"
SIDEBAR = "[data-testid='stSidebar']"
CAPTION = "[data-testid='stCaptionContainer']"
WARNING = "[data-testid='stAlertContentWarning']"
STATUS_WIDGET = "[data-testid='stStatusWidget']"
N_MUNICIPALITIES = 218
EXPECT_MS = 15_000
RECONNECT_TIMEOUT_S = 60

TITLES = {
    "/": "Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten",
    "/karte": "Karte der Beteiligung",
    "/umfrage": "Kurzbefragung der Kommunen",
    "/workshops": "Die Workshopreihe 2023",
    f"/kommune?kommune={BARLEBEN}": "Kommunenprofil",
    "/baukasten": "Baukasten für smarte Kommunen",
}


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------


def copy_data(target: Path) -> Path:
    """A private copy of the shipped data folder (every CSV and YAML file)."""
    target.mkdir(parents=True, exist_ok=True)
    files = sorted((REPO / "data").glob("*.csv")) + sorted((REPO / "data").glob("*.yaml"))
    assert files, f"no data files in {REPO / 'data'}"
    for path in files:
        shutil.copy(path, target / path.name)
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, fields: list[str], rows: list[dict], delimiter: str = ",") -> None:
    """Replace `path` in one step (write a sibling, then rename), as an editor or a deployment would."""
    tmp = path.with_name(f".{path.name}.neu")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def set_cell(path: Path, key_column: str, key: str, column: str, value: str) -> None:
    fields, rows = read_rows(path)
    hits = [r for r in rows if r[key_column] == key]
    assert len(hits) == 1, f"{path.name}: expected one row with {key_column}={key}, found {len(hits)}"
    hits[0][column] = value
    write_rows(path, fields, rows)


def server_env(data_dir: Path, state_dir: Path, **extra: str) -> dict:
    state_dir.mkdir(parents=True, exist_ok=True)
    return {"DATA_DIR": str(data_dir), "DASHBOARD_STATE_DIR": str(state_dir), **extra}


def start_server_on(log_dir: Path, port: int, env: dict) -> AppServer:
    """conftest.start_server, but on a given port (to restart a server where the browser expects it)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(start_server.__globals__, "free_port", lambda: port)
        return start_server(log_dir, env)




def href(page) -> str:
    return page.evaluate("() => location.href")  # page.url lags behind Streamlit's history.replaceState


def open_page(page, url: str, title: str | None) -> None:
    page.goto(url, timeout=PAGE_TIMEOUT_MS)
    wait_ready(page, title)


def reload(page, title: str | None) -> None:
    page.reload(timeout=PAGE_TIMEOUT_MS)
    wait_ready(page, title)


def registered_metric(page):
    return page.locator(METRIC).filter(has_text="Angemeldet").locator("[data-testid='stMetricValue']")


def body_text(page) -> str:
    return page.locator("body").inner_text()


def assert_no_traceback(page) -> None:
    text = body_text(page)
    for sign in ("Traceback", 'File "', "Exception:"):
        assert sign not in text, f"{page.url}: the page shows {sign!r}"


# ---------------------------------------------------------------------------------------------------
# 1. Hostile text in the data files
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """One server for the hostile data: Barleben's name, a question and a workshop venue carry HOSTILE."""
    root = tmp_path_factory.mktemp("hostile")
    data = copy_data(root / "data")
    set_cell(data / "municipalities.csv", "ags", BARLEBEN, "name", "Barleben " + HOSTILE)
    set_cell(data / "questions.csv", "id", "digitalstrategie", "text", "Digitalstrategie? " + HOSTILE)
    set_cell(data / "workshops.csv", "number", "4", "venue", "Barleben " + HOSTILE)
    server = start_server(root, server_env(data, root / "state"))
    yield server
    server.stop()


def injected(page) -> list[str]:
    """Everything that would show the hostile markup was interpreted, in the page and in every frame."""
    found = []
    for frame in page.frames:
        where = "page" if frame == page.main_frame else f"frame {frame.url[:80]}"
        try:
            state = frame.evaluate(
                """() => ({
                     pwned: window.__pwned === undefined ? null : String(window.__pwned),
                     img: document.querySelectorAll('img[src="x"]').length,
                     svg: document.querySelectorAll('svg[onload]').length,
                     handlers: document.querySelectorAll('[onerror], [onload]').length,
                     js_links: Array.from(document.querySelectorAll('a[href]'))
                                 .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
                   })"""
            )
        except Exception as exc:  # a frame that went away while we looked
            if "detached" in str(exc).lower() or "destroyed" in str(exc).lower():
                continue
            raise
        if state["pwned"] is not None:
            found.append(f"{where}: window.__pwned = {state['pwned']}")
        for key in ("img", "svg", "handlers", "js_links"):
            if state[key]:
                found.append(f"{where}: {state[key]} × {key}")
    return found


def hover_barleben(page) -> str:
    """Hover over Barleben on the point map and return the text of the tooltip that opens.

    Barleben's point lies under the venue marker of workshop 4, which carries the hostile venue; both
    tooltips are checked: the one the real mouse opens, and the municipality's own circle marker's.
    """
    frame_loc = page.frame_locator(MAP_IFRAME)
    expect(frame_loc.locator("path.gemeinde")).to_have_count(N_MUNICIPALITIES, timeout=EXPECT_MS)
    container = frame_loc.locator(".leaflet-container").first
    point = container.evaluate(
        """(el, [lat, lon]) => {
             const p = window.map.latLngToContainerPoint([lat, lon]);
             return {x: p.x, y: p.y, width: el.getBoundingClientRect().width,
                     height: el.getBoundingClientRect().height};
           }""",
        [BARLEBEN_LAT, BARLEBEN_LON],
    )
    assert 0 < point["x"] < point["width"] and 0 < point["y"] < point["height"], f"Barleben off the map: {point}"
    container.hover(position={"x": point["x"], "y": point["y"]})
    tooltip = frame_loc.locator(".leaflet-tooltip")
    expect(tooltip.first).to_be_visible(timeout=EXPECT_MS)
    hovered = tooltip.first.inner_text()

    # The circle marker of Barleben itself (the municipality tooltip).
    texts = container.evaluate(
        """(el, [lat, lon]) => {
             const out = [];
             window.map.eachLayer(l => {
               if (l instanceof L.CircleMarker && l.getTooltip && l.getTooltip()) {
                 const ll = l.getLatLng();
                 if (Math.abs(ll.lat - lat) < 1e-6 && Math.abs(ll.lng - lon) < 1e-6) {
                   l.openTooltip(ll);
                   out.push(l.getTooltip().getElement().innerText);
                 }
               }
             });
             return out;
           }""",
        [BARLEBEN_LAT, BARLEBEN_LON],
    )
    assert len(texts) == 1, f"expected one circle marker for Barleben, found {len(texts)}"
    return hovered + "\n" + texts[0]


@pytest.mark.browser
# Not /baukasten: under the default publication policy it names no municipality, so the hostile name never
# reaches it (tests/browser/test_disclosure.py covers the named Baukasten).
@pytest.mark.parametrize("path", [p for p in TITLES if p != "/baukasten"],
                         ids=["uebersicht", "karte", "umfrage", "workshops", "kommune"])
def test_hostile_text_is_shown_as_text(hostile_server, page, path):
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    open_page(page, hostile_server.base_url + path, TITLES[path])

    if path == "/karte":
        tip = hover_barleben(page)
        assert MARKER in tip, f"the map tooltip does not show the hostile name as text: {tip!r}"
        assert "<img src=x" in tip and "${window.__pwned=1}" in tip, tip
        assert page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip img, .leaflet-tooltip svg").count() == 0
        page.wait_for_timeout(300)  # give an interpreted handler (if any) the chance to run
    else:
        # Charts draw after the script has finished: wait (bounded) for the text to appear.
        expect(page.locator("body")).to_contain_text(MARKER, use_inner_text=True, timeout=EXPECT_MS)
        shown = body_text(page)
        # The literal markup reaches the reader, not its rendering.
        assert "<img src=x onerror=alert(1)>" in shown, f"{path}: the tag is not shown literally"
        assert "**fett**" in shown and ":red[rot]" in shown, f"{path}: markdown of the data was interpreted"

    assert injected(page) == []
    assert dialogs == [], f"{path}: JavaScript dialogs opened: {dialogs}"
    assert error_elements(page) == []
    assert page.traffic.page_errors == [], page.traffic.page_errors
    assert hostile_server.process.poll() is None, hostile_server.log()


# ---------------------------------------------------------------------------------------------------
# 2. A data file replaced while the app runs
# ---------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_replaced_data_file_is_picked_up_and_a_broken_one_falls_back(tmp_path, page):
    data = copy_data(tmp_path / "data")
    # Without the programme's own figure the overview counts the registrations in participants.csv.
    program = data / "program.yaml"
    program.write_text("".join(line for line in program.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("registered:")), encoding="utf-8")
    participants = data / "participants.csv"
    fields, rows = read_rows(participants)
    server = start_server(tmp_path, server_env(data, tmp_path / "state"))
    try:
        title = TITLES["/"]
        open_page(page, server.base_url + "/", title)
        expect(registered_metric(page)).to_have_text("21", timeout=EXPECT_MS)

        # A valid replacement without Barleben: the next load shows 20.
        fewer = [r for r in rows if r["unit_key"] != BARLEBEN]
        assert len(fewer) == len(rows) - 1
        write_rows(participants, fields, fewer)
        reload(page, title)
        expect(registered_metric(page)).to_have_text("20", timeout=EXPECT_MS)
        assert error_elements(page) == []

        # An invalid replacement (semicolons): a German error box names the file, the figures stay at the
        # last good data.
        write_rows(participants, fields, fewer, delimiter=";")
        assert ";" in participants.read_text(encoding="utf-8").splitlines()[0]
        reload(page, title)
        errors = page.locator("[data-testid='stAlertContentError']")
        expect(errors.first).to_be_visible(timeout=EXPECT_MS)
        expect(errors.first).to_contain_text("participants.csv")
        expect(errors.first).to_contain_text("Fehler in den Daten")
        expect(errors.first).to_contain_text("konnte nicht geladen werden")
        expect(registered_metric(page)).to_have_text("20")
        assert page.locator("[data-testid='stException']").count() == 0
        assert_no_traceback(page)
        assert server.process.poll() is None, server.log()
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------------
# 3. The boundaries file becomes unreadable while the app runs
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported_boundaries(tmp_path_factory) -> Path:
    reference = BOUNDARIES
    out = tmp_path_factory.mktemp("geo-import")
    result = subprocess.run([sys.executable, "-m", "geo.boundaries", "import", str(reference), "--out", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=180)
    if result.returncode != 0 or not (out / "grenzen.json").is_file():
        pytest.fail(f"Importing {reference} failed (exit {result.returncode}).\n"
                    f"stdout: {result.stdout}\nstderr: {result.stderr}", pytrace=False)
    return out / "grenzen.json"


@pytest.mark.browser
def test_unreadable_boundaries_fall_back_to_points(tmp_path, page, imported_boundaries):
    data = copy_data(tmp_path / "data")
    geo = tmp_path / "geo"
    geo.mkdir()
    grenzen = geo / "grenzen.json"
    shutil.copy(imported_boundaries, grenzen)
    server = start_server(tmp_path, server_env(data, tmp_path / "state", GEO_DIR=str(geo)))
    try:
        title = TITLES["/karte"]
        open_page(page, server.base_url + "/karte", title)
        frame = page.frame_locator(MAP_IFRAME)
        expect(frame.locator("path.gemeinde-flaeche")).to_have_count(N_MUNICIPALITIES, timeout=EXPECT_MS)
        expect(page.locator(WARNING)).to_have_count(0)

        grenzen.write_text('{"meta": {"kaputt": tr', encoding="utf-8")
        reload(page, title)
        warning = page.locator(WARNING).filter(has_text="Gemeindegrenzen")
        expect(warning).to_have_count(1, timeout=EXPECT_MS)
        expect(warning).to_contain_text("nicht lesbar")
        expect(warning).to_contain_text("grenzen.json")
        expect(warning).to_contain_text("Die Karte zeigt Punkte")
        expect(frame.locator("path.gemeinde")).to_have_count(N_MUNICIPALITIES, timeout=EXPECT_MS)
        expect(frame.locator("path.gemeinde-flaeche")).to_have_count(0)
        # The rest of the page is still there.
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator("h3", has_text="Beteiligte Kommunen")).to_be_visible()
        expect(page.locator("[data-testid='stDataFrame']")).to_be_visible()
        expect(page.get_by_text("Quellen:", exact=False)).to_be_visible()
        assert error_elements(page) == []
        assert_no_traceback(page)
        assert server.process.poll() is None, server.log()
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------------
# 4. The server restarts during a session
# ---------------------------------------------------------------------------------------------------


class Streams:
    """The app's websockets as the page sees them, with the decoded Streamlit messages on each."""

    def __init__(self, page):
        self.sockets: list[dict] = []
        page.on("websocket", self._opened)

    def _opened(self, ws) -> None:
        if "/_stcore/stream" not in ws.url:
            return
        entry = {"url": ws.url, "sent": [], "received": [], "closed": False}
        ws.on("framesent", lambda payload: entry["sent"].append(payload))
        ws.on("framereceived", lambda payload: entry["received"].append(payload))
        ws.on("close", lambda _ws: entry.__setitem__("closed", True))
        self.sockets.append(entry)

    @staticmethod
    def _decode(payloads, proto):
        out = []
        for payload in list(payloads):
            msg = proto()
            try:
                msg.ParseFromString(payload.encode() if isinstance(payload, str) else payload)
            except Exception:
                continue
            out.append(msg)
        return out

    @staticmethod
    def forward(entry) -> list:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        return Streams._decode(entry["received"], ForwardMsg)

    @staticmethod
    def back(entry) -> list:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        return Streams._decode(entry["sent"], BackMsg)

    @staticmethod
    def markdown_bodies(entry) -> list[str]:
        out = []
        for m in Streams.forward(entry):
            if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element" \
                    and m.delta.new_element.WhichOneof("type") == "markdown":
                out.append(m.delta.new_element.markdown.body)
        return out

    @staticmethod
    def finished_runs(entry) -> int:
        return sum(1 for m in Streams.forward(entry) if m.WhichOneof("type") == "script_finished")


@pytest.mark.browser
def test_session_reconnects_after_a_server_restart(tmp_path, page):
    data = copy_data(tmp_path / "data")
    env = server_env(data, tmp_path / "state")
    title = TITLES["/umfrage"]
    streams = Streams(page)
    (tmp_path / "erster-start").mkdir()
    first = start_server(tmp_path / "erster-start", env)
    second = None
    try:
        open_page(page, first.base_url + "/umfrage?groesse=Kleinstadt", title)
        caption = page.locator(CAPTION).filter(has_text="Größenklasse:").first
        expect(caption).to_contain_text("Größenklasse: Kleinstadt", timeout=EXPECT_MS)
        page.evaluate("() => { window.__same_document = true; }")  # gone if the page were ever reloaded
        assert len(streams.sockets) == 1, [s["url"] for s in streams.sockets]

        port = first.port
        first.stop()
        poll(lambda: streams.sockets[0]["closed"], 15, "the browser noticing the stopped server", page)

        second = start_server_on(tmp_path / "zweiter-start", port, env)
        assert second.port == port

        def reconnected():
            fresh = [s for s in streams.sockets[1:] if not s["closed"]]
            return fresh[-1] if fresh and Streams.finished_runs(fresh[-1]) >= 1 else None

        socket = poll(reconnected, RECONNECT_TIMEOUT_S, "a finished script run on the restarted server", page)
        wait_ready(page, title)

        # The frontend asked the new server for the same view …
        reruns = [m.rerun_script for m in Streams.back(socket) if m.WhichOneof("type") == "rerun_script"]
        assert reruns, "the frontend did not ask the restarted server to run the app"
        assert parse_qs(reruns[0].query_string).get("groesse") == ["Kleinstadt"], reruns[0].query_string
        types = [m.WhichOneof("type") for m in Streams.forward(socket)]
        assert "new_session" in types, types
        # … which the new server rendered (not the stale page of the old one).
        bodies = Streams.markdown_bodies(socket)
        assert any("Größenklasse" in b and "Kleinstadt" in b for b in bodies), \
            f"the restarted server never sent the filter caption: {bodies[:5]}"

        assert page.evaluate("() => window.__same_document === true"), "the page was reloaded"
        assert parse_qs(urlsplit(href(page)).query).get("groesse") == ["Kleinstadt"], href(page)
        expect(caption).to_contain_text("Größenklasse: Kleinstadt", timeout=EXPECT_MS)
        expect(page.locator("h1")).to_have_text(title)
        expect(page.get_by_text("Connection error")).to_have_count(0, timeout=EXPECT_MS)
        assert error_elements(page) == []
        assert page.traffic.page_errors == [], page.traffic.page_errors
        assert second.process.poll() is None, second.log()
    finally:
        first.stop()
        if second is not None:
            second.stop()


# ---------------------------------------------------------------------------------------------------
# 5. Malformed URL parameters
# ---------------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_malformed_url_parameters_are_ignored_quietly(app):
    title = TITLES["/umfrage"]
    path = "/umfrage?groesse=%00%00&kreis=99999&kreis=99999&kommune=" + "a" * 600 + "&foo=bar"
    page = app.open(path, title)
    sidebar = page.locator(SIDEBAR)
    notice = sidebar.locator(CAPTION).filter(has_text="unbekannte Werte ignoriert")
    expect(notice.first).to_be_visible(timeout=EXPECT_MS)
    notices = " | ".join(notice.all_inner_texts())
    for label in ("Größenklasse", "Landkreis", "Kommune"):
        assert f"{label}: unbekannte Werte ignoriert" in notices, notices
    assert "a" * 31 not in notices, "the 600-character value is echoed in full"
    expect(sidebar.locator(CAPTION).filter(has_text="Unbekannte URL-Parameter ignoriert")).to_contain_text("foo")
    # Quiet: a caption, not an alert box, and the page works without filters.
    assert sidebar.locator("[data-testid='stAlert']").count() == 0
    expect(page.locator("[data-testid='stMain'] " + CAPTION).first).to_contain_text("Keine Filter aktiv")
    # The URL is cleaned up to what the app understood; the page's own unknown parameter stays.
    poll(lambda: page.evaluate("() => location.search") == "?foo=bar", 10, "the URL reduced to ?foo=bar", page)
    assert app.errors() == []
    assert_no_traceback(page)
    assert app.traffic.page_errors == []


@pytest.mark.browser
def test_url_values_in_notices_are_shown_as_text(app):
    page = app.open("/umfrage?thema=[Hier anmelden](https://example.org)&kreis=**fett**", TITLES["/umfrage"])
    sidebar = page.locator(SIDEBAR)
    notice = sidebar.locator(CAPTION).filter(has_text="unbekannte Werte ignoriert")
    expect(notice).to_have_count(2, timeout=EXPECT_MS)
    # md_escape puts an invisible word joiner after "https" so that the renderer makes no autolink of it.
    texts = " | ".join(notice.all_inner_texts()).replace("\u2060", "")
    assert sidebar.locator(f"{CAPTION} a").count() == 0, "a link from the URL appears in the sidebar"
    assert sidebar.locator(f"{CAPTION} strong").count() == 0, "markdown from the URL is rendered"
    assert "[Hier anmelden](https://exampl" in texts and "**fett**" in texts, texts  # values cut at 30 chars
