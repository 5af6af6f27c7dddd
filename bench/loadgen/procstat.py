"""Server memory and CPU from /proc: RSS, CPU time and threads of the app process trees."""
from __future__ import annotations

import asyncio
import os
import threading
import time

from .common import CLK_TCK, HARD_LIMIT_S, MB, PAGE_SIZE


def _proc_stat(pid: int) -> tuple[int, float, int, int] | None:
    """(ppid, cpu seconds, threads, rss bytes) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2:].split()  # fields[0] is field 3 (state)
    return (int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK, int(fields[17]),
            int(fields[21]) * PAGE_SIZE)


class Sampler(threading.Thread):
    """Samples RSS, CPU time and threads of process trees (the app instances) every `interval` seconds."""

    def __init__(self, roots: list[int], interval: float = 0.1, limit_s: float = HARD_LIMIT_S):
        super().__init__(daemon=True)
        self.roots, self.interval, self.limit_s = list(roots), interval, limit_s
        self.samples: list[tuple[float, int, float, int]] = []  # (monotonic, rss, cpu s, threads)
        self._halt = threading.Event()
        self._pids = list(roots)
        self._tree_at = 0.0

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                st = _proc_stat(int(name))
                if st:
                    children.setdefault(st[0], []).append(int(name))
        pids, todo = [], list(self.roots)
        while todo:
            pid = todo.pop()
            pids.append(pid)
            todo.extend(children.get(pid, []))
        return pids

    def run(self) -> None:
        start = time.monotonic()
        while not self._halt.is_set() and time.monotonic() - start < self.limit_s:
            now = time.monotonic()
            if now - self._tree_at > 1.0:  # new children are rare: look for them once a second
                self._pids, self._tree_at = self._tree(), now
            rss = cpu = threads = 0
            for pid in self._pids:
                st = _proc_stat(pid)
                if st:
                    cpu += st[1]
                    threads += st[2]
                    rss += st[3]
            if rss:
                self.samples.append((now, rss, cpu, threads))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()

    def now(self) -> tuple[float, int, float, int]:
        deadline = time.monotonic() + 2
        while not self.samples and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.samples[-1]

    def since(self, t0: float) -> list[tuple[float, int, float, int]]:
        return [s for s in self.samples if s[0] >= t0]

    def peak_since(self, t0: float) -> int:
        return max((s[1] for s in self.since(t0)), default=self.now()[1])


async def settle(sampler: Sampler, min_wait: float, max_wait: float, window: float = 3.0,
                 tol: int = 5 * MB) -> tuple[int, float, bool]:
    """Wait at least min_wait, then until RSS moved less than tol during `window` seconds (at most max_wait).
    Returns (RSS, seconds waited, levelled off)."""
    start = time.monotonic()
    while True:
        await asyncio.sleep(0.5)
        waited = time.monotonic() - start
        if waited >= min_wait:
            recent = [s[1] for s in sampler.since(time.monotonic() - window)]
            if len(recent) >= window / sampler.interval * 0.8 and max(recent) - min(recent) <= tol:
                return sampler.now()[1], waited, True
        if waited >= max_wait:
            return sampler.now()[1], waited, False
