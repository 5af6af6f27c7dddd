"""Limited attempts for anything guessable (the admin password, access-link tokens), counted in the survey
store's database: shared by every app instance, untouched by Streamlit's caches (which any visitor can clear
over Streamlit's protocol) and counted one by one even when attempts arrive at the same moment.
Never imports streamlit.

Use it in two steps around the check – the attempt is counted *before* the secret is checked:

    verdict = register_attempt(store, "passwort", source)   # source: the client address (client_source())
    if not verdict.allowed:
        show(verdict.message)                                # German, says how long
    else:
        ok = check_the_secret(...)
        record_result(store, verdict, ok)

register_attempt runs in one serialised write transaction (SQLite BEGIN IMMEDIATE, PostgreSQL an advisory
lock): it counts the failures of the last `window_s` seconds – per source and overall for this kind – and,
when both are below their limits, inserts the attempt as "offen". An open attempt counts as a failure until
record_result marks it, so 20 simultaneous wrong passwords are checked at most `per_source` times. A success
also clears the earlier failures of the same source and kind. Refused attempts are not stored, so the table
stays small (at most `overall` rows per kind and window; older rows are deleted on the way).

The lock is a sliding window: with 5 failures allowed per 15 minutes, the sixth attempt is possible when the
oldest of the last five failures is 15 minutes old. If the database cannot be reached, register_attempt raises
data.store.StoreError (sign-in is refused – it fails closed).
"""
from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from data.store import ATTEMPT_LOCK_ID, ATTEMPT_TIMEOUT_S, Store, attempts_t

OPEN, FAILED, OK, CLEARED = "offen", "fehler", "ok", "erledigt"
KEEP_S = 24 * 3600  # rows older than this (and older than every window) are deleted


@dataclass(frozen=True)
class Limits:
    per_source: int = 5  # failures per source (client address) within the window
    overall: int = 20  # failures from all sources together within the window
    window_s: float = 15 * 60


LIMITS = {
    "passwort": Limits(per_source=5, overall=20, window_s=15 * 60),
    "zugangslink": Limits(per_source=10, overall=50, window_s=15 * 60),
}


@dataclass(frozen=True)
class Verdict:
    """The answer to one attempt: allowed (then check the secret and call record_result) or refused."""

    allowed: bool
    kind: str
    source: str
    attempt_id: int | None = None
    wait_s: float = 0.0  # when refused: seconds until the next attempt is possible
    scope: str | None = None  # when refused: "quelle" (this address) or "gesamt" (everyone)

    @property
    def message(self) -> str:
        """A German sentence for the page ("" when allowed)."""
        if self.allowed:
            return ""
        wait = _duration(self.wait_s)
        if self.scope == "gesamt":
            return (f"Zu viele Fehlversuche insgesamt – aus Sicherheitsgründen ist das Anmelden für alle gesperrt. "
                    f"Es ist in {wait} wieder möglich.")
        return f"Zu viele Fehlversuche von dieser Adresse. Anmelden ist in {wait} wieder möglich."


def _duration(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 Minute" if minutes == 1 else f"{minutes} Minuten"


def normalise_source(address: str | None) -> str:
    """The key an address is counted under: an IPv4 address as it is, an IPv6 address as its /64 network
    (one subscriber holds a whole /64), anything else (no address: a local connection) as "lokal"."""
    text = address.strip() if isinstance(address, str) else ""
    if not text:
        return "lokal"
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return "unbekannt:" + text[:40]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def register_attempt(store: Store, kind: str, source: str | None, *, limits: Limits | None = None,
                     clock: Callable[[], float] = time.time) -> Verdict:
    """Count one attempt of `kind` from `source` (a client address; normalised here) – or refuse it.

    Allowed: the attempt is stored as open (counting as a failure) and the caller checks the secret, then
    calls record_result. Refused: nothing is stored; verdict.message says for how long."""
    limits = limits or LIMITS.get(kind, Limits())
    source = normalise_source(source)
    kind = str(kind)[:20]
    with store._write(ATTEMPT_LOCK_ID, ATTEMPT_TIMEOUT_S) as conn:
        now = clock()
        since = now - limits.window_s
        conn.execute(attempts_t.delete().where(attempts_t.c.at < now - max(KEEP_S, limits.window_s)))
        failed = (attempts_t.c.kind == kind) & attempts_t.c.outcome.in_([OPEN, FAILED]) & (attempts_t.c.at > since)
        for scope, condition, limit in (("quelle", failed & (attempts_t.c.source == source), limits.per_source),
                                        ("gesamt", failed, limits.overall)):
            recent = [r[0] for r in conn.execute(sa.select(attempts_t.c.at).where(condition)
                                                 .order_by(attempts_t.c.at.desc()).limit(limit))]
            if len(recent) >= limit:  # the oldest of the last `limit` failures must leave the window first
                return Verdict(False, kind, source, wait_s=max(0.0, recent[-1] + limits.window_s - now),
                               scope=scope)
        attempt_id = conn.execute(attempts_t.insert().values(kind=kind, source=source, at=now, outcome=OPEN)
                                  .returning(attempts_t.c.id)).scalar_one()
    return Verdict(True, kind, source, attempt_id=int(attempt_id))


def record_result(store: Store, verdict: Verdict, ok: bool) -> None:
    """Mark an allowed attempt as failed or successful; a success clears the source's earlier failures."""
    if not verdict.allowed or verdict.attempt_id is None:
        return
    with store._write(ATTEMPT_LOCK_ID, ATTEMPT_TIMEOUT_S) as conn:
        if ok:
            conn.execute(attempts_t.update().where(
                (attempts_t.c.kind == verdict.kind) & (attempts_t.c.source == verdict.source)
                & (attempts_t.c.outcome == FAILED)).values(outcome=CLEARED))
        conn.execute(attempts_t.update().where(attempts_t.c.id == verdict.attempt_id)
                     .values(outcome=OK if ok else FAILED))

