"""The measurements: one burst of sessions against a warm server (measure) and waves of them (soak)."""
from __future__ import annotations

import asyncio
import statistics
import time

from .common import MB
from .procstat import Sampler, settle
from .report import mark, print_sessions, summary
from .session import burst, close_all


async def measure(args, port: int, sampler: Sampler, cold: int, instance_ports: list[int]) -> bool:
    mb = lambda b: b / MB  # noqa: E731
    # Warm-up: one first visitor per instance, directly on its port (imports, caches); the sessions close
    # and their TTL passes.
    for instance in instance_ports:
        warm, _, _ = await burst(instance, args.page, 1, args.timeout)
        await close_all(warm)
        if not warm[0].ok:
            print(f"Aufwärmsitzung fehlgeschlagen: {warm[0].error}")
            return False
    start, waited, level = await settle(sampler, args.ttl + 2, args.ttl + 30)
    print(f"Speicher (RSS Server + Kinder): kalt nach Start {mb(cold):.0f} MB, nach einer Aufwärmsitzung je Instanz "
          f"(geschlossen, TTL abgelaufen) {mb(start):.0f} MB = Start")

    if args.soak:
        return await soak(args, port, sampler, start)

    t0 = time.monotonic()
    cpu0 = sampler.now()[2]
    sessions, wall, client_cpu = await burst(port, args.page, args.sessions, args.timeout)
    after_burst = sampler.now()[1]
    server_cpu = sampler.now()[2] - cpu0
    peak = sampler.peak_since(t0)
    threads = max((s[3] for s in sampler.since(t0)), default=0)
    sm = summary(sessions)
    await close_all(sessions)
    after_close, waited, level = await settle(sampler, args.ttl + 2, args.ttl + 90)
    # The session store reaps expired sessions only on its next write: one more visitor does that.
    nudge, _, _ = await burst(port, args.page, 1, args.timeout)
    await close_all(nudge)
    after_nudge, _, _ = await settle(sampler, 3, 30)

    print_sessions(args.page, args.sessions, sm, wall, client_cpu, server_cpu)
    print(f"  Speicher: Start {mb(start):.0f} MB, Spitze {mb(peak):.0f} MB (+{mb(peak - start):.0f}), nach dem "
          f"Ansturm {mb(after_burst):.0f} MB (+{mb(after_burst - start):.0f}), {threads} Threads in der Spitze")
    print(f"  Speicher nach dem Schließen + TTL {args.ttl} s: {mb(after_close):.0f} MB "
          f"({mb(after_close - start):+.0f}; {'eingependelt' if level else 'nicht eingependelt'} nach "
          f"{waited:.0f} s); nach einer weiteren "
          f"Sitzung (räumt abgelaufene Sitzungen ab): {mb(after_nudge):.0f} MB ({mb(after_nudge - start):+.0f})")
    all_served = sm["failed"] == 0
    limit = 5.0 if args.sessions <= 50 else 15.0
    label = "50 Sitzungen" if args.sessions <= 50 else "100 Sitzungen"
    print(f"Ziele ({label}):")
    print(f"  {mark(all_served)} alle bedient ({sm['served']}/{args.sessions})")
    print(f"  {mark(sm['script'][1] <= limit)} p95 bis script_finished ≤ {limit:.0f} s ({sm['script'][1]:.2f} s)")
    print(f"  {mark(sm['complete'][1] <= limit)} p95 bis vollständig ≤ {limit:.0f} s ({sm['complete'][1]:.2f} s)")
    growth_ok = peak - start <= 300 * MB
    back_ok = after_close - start <= 50 * MB
    print(f"  {mark(growth_ok)} Speicherzuwachs ≤ 300 MB (Ziel für 100 Sitzungen): +{mb(peak - start):.0f} MB")
    print(f"  {mark(back_ok)} nach dem Schließen ≤ 50 MB über dem Start: {mb(after_close - start):+.0f} MB")
    return all_served


async def soak(args, port: int, sampler: Sampler, start: int) -> bool:
    mb = lambda b: b / MB  # noqa: E731
    size = args.sessions or 50
    print(f"Dauerlast {args.page}: {args.waves} Wellen zu {size} Sitzungen, jede Welle geöffnet, geladen, "
          f"geschlossen; Speicher {args.settle:.0f} s nach dem Schließen")
    print(f"{'Welle':>5} {'Sitzungen':>10} {'RSS MB':>8} {'Spitze MB':>10} {'p95 Skript s':>13} "
          f"{'p95 vollst. s':>14} {'Fehler':>7}")
    print(f"{0:>5} {0:>10} {mb(start):>8.0f}")
    curve, total, failed = [], 0, 0
    for w in range(1, args.waves + 1):
        t0 = time.monotonic()
        sessions, _, _ = await burst(port, args.page, size, args.timeout)
        sm = summary(sessions)
        await close_all(sessions)
        await asyncio.sleep(args.settle)
        rss = sampler.now()[1]
        total += size
        failed += sm["failed"]
        curve.append(rss)
        print(f"{w:>5} {total:>10} {mb(rss):>8.0f} {mb(sampler.peak_since(t0)):>10.0f} {sm['script'][1]:>13.2f} "
              f"{sm['complete'][1]:>14.2f} {sm['failed']:>7}", flush=True)
        for err, count in sm["errors"].most_common(3):
            print(f"      Fehler ×{count}: {err}")
    after, waited, level = await settle(sampler, args.ttl + 2, args.ttl + 90)
    nudge, _, _ = await burst(port, args.page, 1, args.timeout)
    await close_all(nudge)
    after_nudge, _, _ = await settle(sampler, 3, 30)
    last = curve[-3:]
    mid = statistics.median(last)
    flat = len(last) == 3 and all(abs(x - mid) <= 20 * MB for x in last)
    print(f"Nach {total} Sitzungen, geschlossen + TTL {args.ttl} s: {mb(after):.0f} MB ({mb(after - start):+.0f} "
          f"gegenüber dem Start; {'eingependelt' if level else 'nicht eingependelt'}); nach einer weiteren "
          f"Sitzung: {mb(after_nudge):.0f} MB ({mb(after_nudge - start):+.0f})")
    print(f"  {mark(flat)} pendelt sich ein: die letzten 3 Wellen {', '.join(f'{mb(x):.0f}' for x in last)} MB "
          f"liegen {'' if flat else 'nicht '}innerhalb ±20 MB ihres Medians")
    print(f"  {mark(failed == 0)} alle bedient ({total - failed}/{total})")
    print(f"  {mark(after - start <= 50 * MB)} nach dem Schließen ≤ 50 MB über dem Start: {mb(after - start):+.0f} MB")
    return failed == 0
