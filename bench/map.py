"""The map page with official boundaries: payload sent to the browser, rerun time against an empty app,
and reruns caused by panning and zooming.

    python bench/map.py [--boundaries PATH] [--runs 15]

PATH is any form `python -m geo.boundaries import` takes (default: the generated test layers in
tests/fixtures/boundaries; pass the BKG's VG5000 or VG250 for real figures).
They are imported into a temporary GEO_DIR, never into the repository.
Targets (issue 3): payload under 1 MB, map page under 40x the empty app, zero reruns on pan and zoom.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

PAGE = "app_pages/karte.py"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def rerun_median(make, runs: int) -> tuple[float, AppTest]:
    at = make()
    at.run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), at


def map_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page(PAGE)
    return at


def payload_bytes(at: AppTest) -> int:
    for el in at.main:
        proto = getattr(el, "proto", None)
        if proto is not None and proto.DESCRIPTOR.name == "ComponentInstance":
            return len(proto.SerializeToString())
    raise SystemExit("Keine Karte auf der Seite gefunden.")


def pan_zoom_reruns(geo_dir: str) -> int | None:
    """Start the app, open /karte in Chromium, drag and wheel-zoom the map; count rerun requests sent."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, GEO_DIR=geo_dir)
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            sent: list[bytes] = []
            page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
            page.goto(f"http://127.0.0.1:{port}/karte")
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator("path.gemeinde-flaeche").first.wait_for(timeout=60000)
            time.sleep(2)
            before = len(sent)
            box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
            cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            for dx in (120, -200, 80):
                page.mouse.move(cx, cy)
                page.mouse.down()
                page.mouse.move(cx + dx, cy + dx / 3, steps=8)
                page.mouse.up()
                time.sleep(0.3)
            for delta in (-300, 300, -300):
                page.mouse.move(cx, cy)
                page.mouse.wheel(0, delta)
                time.sleep(0.4)
            time.sleep(2.5)
            reruns = len(sent) - before
            browser.close()
        return reruns
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boundaries", type=Path, default=REPO / "tests" / "fixtures" / "boundaries")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-geo-") as geo_dir:
        subprocess.run([sys.executable, "-m", "geo.boundaries", "import", str(args.boundaries), "--out", geo_dir],
                       cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        os.environ["GEO_DIR"] = geo_dir
        empty, _ = rerun_median(lambda: AppTest.from_string("", default_timeout=60), args.runs)
        with_areas, at = rerun_median(map_page, args.runs)
        payload = payload_bytes(at)
        reruns = pan_zoom_reruns(geo_dir)
    print(f"Leere App:                 {empty * 1000:8.1f} ms")
    print(f"Karte mit Grenzen:         {with_areas * 1000:8.1f} ms = {with_areas / empty:5.1f}× (Ziel < 40×)")
    print(f"Nutzlast der Karte:        {payload / 1024:8.1f} KiB (Ziel < 1.024 KiB)")
    print("Nachrichten beim Verschieben/Zoomen: "
          + ("nicht gemessen (kein /usr/bin/chromium)" if reruns is None else f"{reruns} (Ziel 0)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
