"""Personal access links (data.access): issued by staff, stored only as a hash, revocable, with an expiry date
and the last use; unknown, expired and revoked tokens fail alike."""
from __future__ import annotations

import datetime as dt
import inspect

import pytest
import sqlalchemy as sa

from data import access
from data.store import StoreError, open_store

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'umfrage.sqlite'}")


def test_a_link_opens_its_municipality_and_its_use_is_listed(store):
    token, record = access.issue(store, "15083040", "Frau Beispiel", TODAY + dt.timedelta(days=30), today=TODAY)
    assert len(token) >= 43 and record.unit_key == "15083040" and record.last_used_at is None
    grant = access.redeem(store, token, now=NOW)
    assert grant == access.Grant(record.id, "15083040")
    listed = access.tokens(store)[0]
    assert listed.last_used_at == NOW and listed.status(NOW) == "gültig" and listed.created_by == "Frau Beispiel"
    assert access.active_unit(store, record.id, NOW) == "15083040"


def test_only_the_hash_is_stored(store):
    token, record = access.issue(store, "15083040", "x", TODAY, today=TODAY)
    with store.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(sa.text("SELECT * FROM access_tokens"))]
    assert token not in repr(rows)
    assert access.token_hash(token) in repr(rows)


def test_expired_revoked_and_unknown_tokens_all_fail(store):
    token, record = access.issue(store, "15083040", "x", TODAY, today=TODAY)
    # valid through the whole day in Saxony-Anhalt, not after
    assert access.redeem(store, token, now=dt.datetime(2026, 11, 28, 22, 59, tzinfo=dt.UTC)) is not None
    assert access.redeem(store, token, now=dt.datetime(2026, 11, 28, 23, 1, tzinfo=dt.UTC)) is None
    other, rec2 = access.issue(store, "15002000", "x", TODAY + dt.timedelta(days=5), today=TODAY)
    access.revoke(store, rec2.id, "Herr Beispiel")
    assert access.redeem(store, other, now=NOW) is None
    assert access.active_unit(store, rec2.id, NOW) is None  # a bound session ends at once
    assert access.tokens(store)[0].status(NOW) == "widerrufen"
    assert access.redeem(store, "falsch", now=NOW) is None
    assert access.redeem(store, token[:-1] + ("A" if token[-1] != "A" else "B"), now=NOW) is None
    assert access.redeem(store, "x" * 100_000, now=NOW) is None  # bounded: cut before hashing
    with pytest.raises(StoreError):
        access.revoke(store, rec2.id, "again")


def test_the_failure_kinds_take_the_same_path():
    """Unknown, expired and revoked: one lookup by hash, one constant-time comparison, the same checks, no
    write – the code has no branch that returns early for any of them."""
    source = inspect.getsource(access.redeem)
    body = source.split("if not ok:")[0]
    assert "compare_digest" in body and body.count("return") == 0
    assert "_DUMMY_HASH" in body  # an unknown token is compared against a dummy, like a known one


def test_issuing_checks_the_expiry_date(store):
    with pytest.raises(StoreError, match="Vergangenheit"):
        access.issue(store, "15083040", "x", TODAY - dt.timedelta(days=1), today=TODAY)
    with pytest.raises(StoreError, match="höchstens"):
        access.issue(store, "15083040", "x", TODAY + dt.timedelta(days=400), today=TODAY)


def test_guessing_is_limited_per_address_like_a_password(store):
    """Link checks count as attempts of their own kind in the survey database (data.attempts)."""
    from data.attempts import LIMITS, record_result, register_attempt

    limit = LIMITS["zugangslink"].per_source
    clock = [1_000_000.0]
    verdicts = []
    for i in range(limit + 2):
        v = register_attempt(store, "zugangslink", "203.0.113.7", clock=lambda: clock[0])
        verdicts.append(v.allowed)
        if v.allowed:
            record_result(store, v, access.redeem(store, f"geraten-{i}") is not None)
    assert verdicts == [True] * limit + [False, False]
    other = register_attempt(store, "zugangslink", "198.51.100.1", clock=lambda: clock[0])
    assert other.allowed  # another address may still try
    assert register_attempt(store, "passwort", "203.0.113.7", clock=lambda: clock[0]).allowed  # separate counters
