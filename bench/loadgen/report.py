"""Reporting: percentiles, the summary of a burst, and its printed lines (German, as the README quotes them)."""
from __future__ import annotations

import os
import statistics
from collections import Counter

from .session import Session


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def summary(sessions: list[Session]) -> dict:
    ok = [s for s in sessions if s.ok]
    script = [s.t_script for s in ok]
    complete = [s.t_complete for s in ok]
    return {
        "served": len(ok), "failed": len(sessions) - len(ok),
        "script": (pct(script, .5), pct(script, .95), max(script, default=float("nan"))),
        "complete": (pct(complete, .5), pct(complete, .95), max(complete, default=float("nan"))),
        "ws": statistics.median([s.ws_bytes for s in ok]) if ok else 0,
        "http": statistics.median([s.http_bytes for s in ok]) if ok else 0,
        "files": statistics.median([s.http_files for s in ok]) if ok else 0,
        "messages": statistics.median([s.ws_messages for s in ok]) if ok else 0,
        "errors": Counter(s.error for s in sessions if s.error),
        "external": sorted({u for s in sessions for u in s.external_links}),
        "elements": ok[0].elements if ok else Counter(),
    }


def print_sessions(page: str, n: int, sm: dict, wall: float, client_cpu: float, server_cpu: float) -> None:
    a, b = sm["script"], sm["complete"]
    print(f"Seite {page}: {n} Sitzungen gleichzeitig, bedient {sm['served']}, fehlgeschlagen {sm['failed']}")
    print(f"  bis script_finished:  p50 {a[0]:6.2f} s   p95 {a[1]:6.2f} s   max {a[2]:6.2f} s")
    print(f"  bis vollständig:      p50 {b[0]:6.2f} s   p95 {b[1]:6.2f} s   max {b[2]:6.2f} s")
    print(f"  Bytes je Sitzung (Median): {(sm['ws'] + sm['http']) / 1024:8.1f} KiB  = Websocket "
          f"{sm['ws'] / 1024:.1f} KiB ({sm['messages']:.0f} Nachrichten) + HTTP {sm['http'] / 1024:.1f} KiB "
          f"({sm['files']:.0f} Dateien)")
    print(f"  Dauer des Ansturms {wall:.1f} s; CPU Server {server_cpu:.1f} s ({server_cpu / max(n, 1):.2f} s je "
          f"Sitzung, {server_cpu / max(wall, 1e-9) / os.cpu_count() * 100:.0f} % von {os.cpu_count()} Kernen), "
          f"CPU Lastgenerator {client_cpu:.1f} s")
    for err, count in sm["errors"].most_common(5):
        print(f"  Fehler ×{count}: {err}")
    if sm["external"]:
        print(f"  Links zu fremden Hosts (nicht geladen): {', '.join(sm['external'])}")
