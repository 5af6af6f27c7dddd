"""Personal access links: a municipality sees its own answers on its profile, in one browser session.

Staff issue a link per municipality on the admin page. The token is 256 random bits (secrets.token_urlsafe);
the store keeps only its SHA-256 hash, the municipality, who issued it, when it expires, when it was
revoked and when it was last used. Redeeming looks the hash up, compares in constant time and checks
expiry and revocation – the same work whether the token is unknown, expired or revoked, and one message
for all three. Never imports streamlit.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from data.store import Store, StoreError, metadata

URL_PARAM = "zugang"
MAX_TOKEN_CHARS = 128  # real tokens have 43; anything longer is cut before hashing (bounded work)
DEFAULT_DAYS = 90
MAX_DAYS = 366
BERLIN = ZoneInfo("Europe/Berlin")
INVALID_MESSAGE = ("Dieser Zugangslink ist ungültig, abgelaufen oder widerrufen. Bitte fragen Sie beim "
                   "Kompetenzzentrum einen neuen Link an.")
_DUMMY_HASH = "0" * 64

tokens_t = sa.Table(
    "access_tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), sa.Column("unit_key", sa.String(9)),
    sa.Column("token_hash", sa.String(64)), sa.Column("created_at", sa.DateTime(timezone=True)),
    sa.Column("created_by", sa.String(200)), sa.Column("expires_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)), sa.Column("revoked_by", sa.String(200)),
    sa.Column("last_used_at", sa.DateTime(timezone=True)))


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token)[:MAX_TOKEN_CHARS].encode("utf-8", "replace")).hexdigest()


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value  # SQLite drops the zone


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def end_of_day(day: dt.date) -> dt.datetime:
    """A link "valid until 31.03.2027" works through that whole day in Saxony-Anhalt."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), BERLIN).astimezone(dt.UTC)


@dataclass(frozen=True)
class AccessToken:
    id: int
    unit_key: str
    created_at: dt.datetime
    created_by: str
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_by: str | None
    last_used_at: dt.datetime | None

    def active(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or _now())

    def status(self, now: dt.datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "widerrufen"
        return "gültig" if self.active(now) else "abgelaufen"


def _token(row) -> AccessToken:
    return AccessToken(int(row["id"]), row["unit_key"], _utc(row["created_at"]), row["created_by"],
                       _utc(row["expires_at"]), _utc(row["revoked_at"]), row["revoked_by"], _utc(row["last_used_at"]))


def issue(store: Store, unit_key: str, created_by: str, valid_until: dt.date,
          today: dt.date | None = None) -> tuple[str, AccessToken]:
    """A new link for a municipality: (the token – shown once, never stored – and its record)."""
    today = today or dt.datetime.now(BERLIN).date()
    if valid_until < today:
        raise StoreError("Das Ablaufdatum liegt in der Vergangenheit.")
    if (valid_until - today).days > MAX_DAYS:
        raise StoreError(f"Ein Zugangslink gilt höchstens {MAX_DAYS} Tage.")
    token = secrets.token_urlsafe(32)
    with store._write() as conn:
        tid = conn.execute(tokens_t.insert().values(
            unit_key=str(unit_key)[:9], token_hash=token_hash(token), created_at=_now(), created_by=created_by[:200],
            expires_at=end_of_day(valid_until)).returning(tokens_t.c.id)).scalar_one()
        row = conn.execute(sa.select(tokens_t).where(tokens_t.c.id == tid)).mappings().one()
    return token, _token(row)


def tokens(store: Store) -> list[AccessToken]:
    """Every link ever issued, newest first."""
    q = sa.select(tokens_t).order_by(tokens_t.c.id.desc())
    return [_token(r) for r in store._read(lambda conn: conn.execute(q).mappings().all())]


def revoke(store: Store, token_id: int, revoked_by: str) -> None:
    with store._write() as conn:
        done = conn.execute(tokens_t.update().where((tokens_t.c.id == int(token_id)) & tokens_t.c.revoked_at.is_(None))
                            .values(revoked_at=_now(), revoked_by=revoked_by[:200])).rowcount
    if not done:
        raise StoreError(f"Der Zugangslink {token_id} ist schon widerrufen oder unbekannt.")


@dataclass(frozen=True)
class Grant:
    token_id: int
    unit_key: str


def redeem(store: Store, token: str, now: dt.datetime | None = None) -> Grant | None:
    """The municipality a link opens, or None. Unknown, expired and revoked tokens take the same path:
    one indexed lookup by hash, one constant-time comparison, the same checks; only success writes."""
    now = now or _now()
    digest = token_hash(token)
    q = sa.select(tokens_t).where(tokens_t.c.token_hash == digest)
    row = store._read(lambda conn: conn.execute(q).mappings().first())
    found = row is not None
    record = _token(row) if found else None
    stored = row["token_hash"] if found else _DUMMY_HASH
    expires = record.expires_at if found else now
    revoked = record.revoked_at is not None if found else True
    match = hmac.compare_digest(stored.encode("ascii"), digest.encode("ascii"))
    ok = bool(match & (expires > now) & (not revoked) & found)
    if not ok:
        return None
    with store._write() as conn:
        conn.execute(tokens_t.update().where(tokens_t.c.id == record.id).values(last_used_at=now))
    return Grant(record.id, record.unit_key)


def active_unit(store: Store, token_id: int, now: dt.datetime | None = None) -> str | None:
    """The municipality of a link bound to a session, while the link is still valid (checked on every run,
    so a revoked or expired link ends the session's access at once)."""
    q = sa.select(tokens_t).where(tokens_t.c.id == int(token_id))
    row = store._read(lambda conn: conn.execute(q).mappings().first())
    if row is None:
        return None
    record = _token(row)
    return record.unit_key if record.active(now) else None
