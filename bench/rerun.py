"""Server-side rerun time of every page, as a ratio to an empty Streamlit app measured in the same run.

    python bench/rerun.py [--runs 15]

Each page is opened through app.py with Streamlit's AppTest (the script runs in this process the way
the server runs it for a browser session), warmed up once (caches filled), then rerun --runs times.
The empty app is measured the same way, so the ratio does not depend on the machine's speed.
Target (issue 2): every page under 25x the empty app.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ["app_pages/uebersicht.py", "app_pages/karte.py", "app_pages/umfrage.py", "app_pages/workshops.py"]
TARGET = 25.0


def measure(make, runs: int) -> float:
    at = make()
    at.run()  # warm-up: imports, data load, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"Fehler beim Ausführen: {at.exception[0].value}")
    return statistics.median(times)


def page_app(page: str):
    def make():
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        if page != PAGES[0]:
            at.switch_page(page)
        return at
    return make


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    empty = measure(lambda: AppTest.from_string("", default_timeout=60), args.runs)
    print(f"{'Seite':<24}{'Median (ms)':>12}{'× leere App':>14}")
    print(f"{'(leere App)':<24}{empty * 1000:>12.1f}{1.0:>14.1f}")
    worst = 0.0
    for page in PAGES:
        t = measure(page_app(page), args.runs)
        ratio = t / empty
        worst = max(worst, ratio)
        print(f"{page:<24}{t * 1000:>12.1f}{ratio:>14.1f}")
    print(f"Ziel: jede Seite unter {TARGET:.0f}× der leeren App – {'erreicht' if worst < TARGET else 'VERFEHLT'} "
          f"(höchstens {worst:.1f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
