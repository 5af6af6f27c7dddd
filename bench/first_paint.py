"""First paint: how soon after a page's script starts its title and its key content reach the browser.

    python bench/first_paint.py [--runs 10] [--pages / /umfrage ...]

A real server (`streamlit run app.py`, boundaries from tests/fixtures imported into a temporary GEO_DIR) and an
empty Streamlit app are started side by side. Each page is opened as a browser's first visit does (XSRF cookie,
websocket, rerun_script with the page and its query) after one warm-up visit, --runs times, each on a new
session. The clock starts when the rerun request is sent; it stops for

    title    the page's first heading (st.title),
    content  the page's first piece of main content (key figures, chart, map; see MAIN below),
    fertig   script_finished,

as the ForwardMsgs arrive. With --browser, Debian's Chromium (Playwright, headless) also opens each page
--runs times in a fresh context (nothing cached) and records, from the start of navigation, when the title
and the main content appear in the page (a MutationObserver in the page): what a visitor sees.

Medians are printed in ms and as a ratio to the empty app's script_finished time in the same run
(the empty app: one st.title, nothing else), so the ratio does not depend on the machine.
Target (issue 15): title and key figures within 0.5 s of the script starting on a warm server.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from loadgen.common import HOST  # noqa: E402
from loadgen.http import HttpPool  # noqa: E402
from loadgen.server import free_port, log_tail, wait_health  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

# The element types that count as a page's main content: the first of them to arrive stops the "content" clock.
MAIN = {
    "/": {"metric"},
    "/kommune?kommune=15083040": {"metric"},
    "/umfrage": {"vega_lite_chart", "arrow_vega_lite_chart"},
    "/karte": {"component_instance", "bidi_component"},
    "/workshops": {"page_link"},  # arrives with the first workshop card
    "/baukasten": {"expandable", "markdown"},
    "/folien": {"heading"},  # the slide's title: the first slide is the deck's title slide
}
# The same, as the browser shows it (CSS selectors of Streamlit's rendered elements).
MAIN_CSS = {
    "/": "[data-testid='stMetric']",
    "/kommune?kommune=15083040": "[data-testid='stMetric']",
    "/umfrage": "[data-testid='stVegaLiteChart'], [data-testid='stArrowVegaLiteChart']",
    "/karte": "iframe",
    "/workshops": "[data-testid='stPageLink']",
    "/baukasten": "[data-testid='stExpander']",
    "/folien": ".st-key-folie h1, [class*='st-key-folie'] h1",
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OBSERVER = """
window.__paint = {};
new MutationObserver(() => {
  const p = window.__paint, t = performance.now();
  if (!p.title && document.querySelector("h1")) p.title = t;
  if (!p.content && window.__mainCss && document.querySelector(window.__mainCss)) p.content = t;
}).observe(document, {childList: true, subtree: true});
"""
TARGET_S = 0.5
EMPTY_APP = 'import streamlit as st\nst.title("Leer")\n'
DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


def element_kind(msg: ForwardMsg) -> tuple[str | None, bool]:
    """The new element's type, and whether it is a heading (st.title/st.header)."""
    if msg.WhichOneof("type") != "delta":
        return None, False
    delta = msg.delta
    if delta.WhichOneof("type") == "add_block":
        return delta.add_block.WhichOneof("type"), False
    if delta.WhichOneof("type") != "new_element":
        return None, False
    el = delta.new_element
    kind = el.WhichOneof("type")
    return kind, kind == "heading" or (kind == "markdown" and el.markdown.body.lstrip().startswith("# "))


async def visit(port: int, page: str, main: set[str]) -> dict[str, float]:
    """One first visit; seconds from the rerun request to title, content and finish."""
    http = HttpPool(port)
    await http.get("/_stcore/health")
    xsrf = http.jar.get("_streamlit_xsrf")
    origin = f"http://{HOST}:{port}"
    path, _, query = page.partition("?")
    times: dict[str, float] = {}
    async with connect(f"ws://{HOST}:{port}/_stcore/stream",
                       subprotocols=["streamlit", xsrf or "PLACEHOLDER_AUTH_TOKEN"], origin=origin,
                       additional_headers={"Cookie": http.cookie} if http.cookie else None, proxy=None,
                       ping_interval=None, max_size=None) as ws:
        back = BackMsg()
        rs = back.rerun_script
        rs.query_string, rs.page_script_hash, rs.page_name = query, "", path.strip("/")
        rs.widget_states.SetInParent()
        ci = rs.context_info
        ci.timezone, ci.timezone_offset, ci.locale = "Europe/Berlin", -60, "de-DE"
        ci.url, ci.is_embedded, ci.color_scheme = origin + page, False, "light"
        t0 = time.perf_counter()
        await ws.send(back.SerializeToString())
        async for raw in ws:
            now = time.perf_counter() - t0
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind, heading = element_kind(msg)
            if heading:
                times.setdefault("title", now)
            if kind in main:
                times.setdefault("content", now)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished in DONE:
                times["fertig"] = now
                break
    for conn in http.all:
        conn.close()
    return times


def browser_paints(port: int, pages: list[str], runs: int) -> dict[str, list[dict[str, float]]]:
    """Each page opened `runs` times in a fresh browser context; seconds from navigation start."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[dict[str, float]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for page_path in pages:
                css = MAIN_CSS.get(page_path, "")
                results = []
                for i in range(runs + 1):  # the first visit warms the server for this page
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.add_init_script(f"window.__mainCss = {css!r};" + OBSERVER)
                    tab = context.new_page()
                    tab.goto(f"http://{HOST}:{port}{page_path}")
                    wanted = "p => p.title && (!window.__mainCss || p.content)"
                    try:
                        tab.wait_for_function(f"({wanted})(window.__paint)", timeout=60_000)
                    except Exception:  # noqa: BLE001 - a page that never shows it counts as missing
                        pass
                    paint = tab.evaluate("window.__paint")
                    context.close()
                    if i:
                        results.append({k: v / 1000 for k, v in paint.items()})
                out[page_path] = results
        finally:
            browser.close()
    return out


def median_of(runs: list[dict[str, float]], key: str) -> float | None:
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if len(values) == len(runs) else None


def ms(t: float | None) -> str:
    return "–" if t is None else f"{t * 1000:.0f}"


def start(cmd: list[str], port: int, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        server = subprocess.Popen(cmd + ["--server.port", str(port), "--server.address", HOST,
                                         "--server.headless", "true"], cwd=REPO, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        wait_health(port, server)
    except SystemExit:
        server.kill()
        raise SystemExit(f"Server nicht gestartet:\n{log_tail(log)}") from None
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pages", nargs="+", default=list(MAIN))
    parser.add_argument("--browser", action="store_true", help="auch im Browser messen (Chromium, headless)")
    parser.add_argument("--boundaries", type=Path, default=REPO / "tests" / "fixtures" / "boundaries")
    args = parser.parse_args()
    if not 1 <= args.runs <= 200:
        parser.error("--runs zwischen 1 und 200")
    with tempfile.TemporaryDirectory(prefix="bench-paint-") as tmp:
        geo_dir = Path(tmp) / "geo"
        geo_dir.mkdir()
        subprocess.run([sys.executable, "-m", "geo.boundaries", "import", str(args.boundaries), "--out",
                        str(geo_dir)], cwd=REPO, check=True, stdout=subprocess.DEVNULL, timeout=600)
        empty = Path(tmp) / "leer.py"
        empty.write_text(EMPTY_APP, encoding="utf-8")
        env = dict(os.environ, GEO_DIR=str(geo_dir))
        servers = []
        try:
            app_port, empty_port = free_port(), free_port()
            servers.append(start([sys.executable, "-m", "streamlit", "run", "app.py"], app_port, env,
                                 Path(tmp) / "app.log"))
            servers.append(start([sys.executable, "-m", "streamlit", "run", str(empty)], empty_port, env,
                                 Path(tmp) / "leer.log"))

            async def measure(port: int, page: str, main: set[str]) -> list[dict[str, float]]:
                await visit(port, page, main)  # warm-up: imports, data, caches
                return [await visit(port, page, main) for _ in range(args.runs)]

            base_runs = asyncio.run(measure(empty_port, "/", set()))
            base = median_of(base_runs, "fertig")
            print(f"Leere App (st.title): fertig {base * 1000:.0f} ms (Median aus {args.runs})")
            print(f"{'Seite':<28}{'Titel ms':>10}{'Inhalt ms':>11}{'fertig ms':>11}{'Inhalt ×leer':>14}"
                  f"{'fertig ×leer':>14}  Ziel ≤ {TARGET_S * 1000:.0f} ms")
            worst = 0.0
            for page in args.pages:
                runs = asyncio.run(measure(app_port, page, MAIN.get(page, set())))
                title, content, done = (median_of(runs, k) for k in ("title", "content", "fertig"))
                shown = max(t for t in (title, content) if t is not None) if (title or content) else None
                if shown is not None:
                    worst = max(worst, shown)

                def ratio(t: float | None) -> str:
                    return "–" if t is None else f"{t / base:.1f}"

                mark = "" if shown is None else ("ok" if shown <= TARGET_S else "zu langsam")
                print(f"{page:<28}{ms(title):>10}{ms(content):>11}{ms(done):>11}{ratio(content):>14}"
                      f"{ratio(done):>14}  {mark}")
            if args.browser:
                browser_base = median_of(browser_paints(empty_port, ["/"], args.runs)["/"], "title")
                print(f"\nIm Browser (ab Navigationsbeginn, frischer Kontext): leere App Titel "
                      f"{browser_base * 1000:.0f} ms")
                print(f"{'Seite':<28}{'Titel ms':>10}{'Inhalt ms':>11}{'Inhalt ×leer':>14}")
                for page, runs in browser_paints(app_port, args.pages, args.runs).items():
                    title, content = median_of(runs, "title"), median_of(runs, "content")
                    print(f"{page:<28}{ms(title):>10}{ms(content):>11}"
                          f"{'–' if content is None else f'{content / browser_base:.1f}':>14}")
            print(f"Langsamster erster sinnvoller Inhalt nach Skriptstart: {worst * 1000:.0f} ms "
                  f"({'im Ziel' if worst <= TARGET_S else 'über dem Ziel'} von {TARGET_S * 1000:.0f} ms)")
            return 0 if worst <= TARGET_S else 1
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                try:
                    server.wait(10)
                except subprocess.TimeoutExpired:
                    server.kill()


if __name__ == "__main__":
    raise SystemExit(main())
