"""data.attempts: sign-in attempts counted in the survey database – per source and overall, atomically under
parallel attempts, untouched by Streamlit's caches – on SQLite and on a real PostgreSQL (TEST_POSTGRES_URL)."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from data.attempts import Limits, normalise_source, record_result, register_attempt
from data.auth import hash_password, verify_password
from data.store import Store, StoreError, open_store
from tests.unit.data.test_store import store_url  # noqa: F401 – the SQLite/PostgreSQL fixture

LIMITS = Limits(per_source=5, overall=12, window_s=900)


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(store_url) -> Store:  # noqa: F811
    return open_store(store_url)


def fail(store, source, clock, kind="passwort", limits=LIMITS):
    verdict = register_attempt(store, kind, source, limits=limits, clock=clock)
    if verdict.allowed:
        record_result(store, verdict, False)
    return verdict


def test_five_failures_lock_the_source_with_a_german_message_then_it_opens_again(store):
    clock = Clock()
    for _ in range(5):
        assert fail(store, "203.0.113.7", clock).allowed
        clock.now += 60
    refused = register_attempt(store, "passwort", "203.0.113.7", limits=LIMITS, clock=clock)
    assert not refused.allowed and refused.scope == "quelle" and refused.attempt_id is None
    assert refused.wait_s == pytest.approx(900 - 5 * 60)  # the oldest of the five leaves the window
    assert refused.message == "Zu viele Fehlversuche von dieser Adresse. Anmelden ist in 10 Minuten wieder möglich."
    assert register_attempt(store, "passwort", "198.51.100.1", limits=LIMITS, clock=clock).allowed  # another source
    assert register_attempt(store, "zugangslink", "203.0.113.7", limits=LIMITS, clock=clock).allowed  # another kind
    clock.now += 900 - 5 * 60 + 1
    assert register_attempt(store, "passwort", "203.0.113.7", limits=LIMITS, clock=clock).allowed


def test_failures_from_many_sources_lock_everyone(store):
    clock = Clock()
    for i in range(12):
        assert fail(store, f"192.0.2.{i}", clock).allowed
    refused = register_attempt(store, "passwort", "198.51.100.99", limits=LIMITS, clock=clock)
    assert not refused.allowed and refused.scope == "gesamt"
    assert refused.message.startswith("Zu viele Fehlversuche insgesamt") and "in 15 Minuten" in refused.message


def test_a_success_clears_the_failures_of_its_source_only(store):
    clock = Clock()
    for _ in range(4):
        fail(store, "203.0.113.7", clock)
        fail(store, "203.0.113.8", clock)
    ok = register_attempt(store, "passwort", "203.0.113.7", limits=LIMITS, clock=clock)
    record_result(store, ok, True)
    for _ in range(5):
        assert fail(store, "203.0.113.7", clock).allowed  # five new tries
    assert not register_attempt(store, "passwort", "203.0.113.7", limits=LIMITS, clock=clock).allowed
    assert fail(store, "203.0.113.8", clock).allowed  # the other source had four …
    assert not register_attempt(store, "passwort", "203.0.113.8", limits=LIMITS, clock=clock).allowed  # … now five


def test_an_attempt_never_recorded_counts_as_a_failure(store):
    clock = Clock()
    for _ in range(5):  # e.g. the process died while checking the password
        assert register_attempt(store, "passwort", "203.0.113.7", limits=LIMITS, clock=clock).allowed
    assert not register_attempt(store, "passwort", "203.0.113.7", limits=LIMITS, clock=clock).allowed


def test_clearing_streamlit_caches_and_a_new_instance_do_not_reset_the_count(store, store_url):  # noqa: F811
    import streamlit as st

    clock = Clock()
    for _ in range(5):
        fail(store, "203.0.113.7", clock)
    st.cache_resource.clear()
    st.cache_data.clear()
    other_instance = Store(store_url)  # a second app instance on the same database
    try:
        assert not register_attempt(other_instance, "passwort", "203.0.113.7", limits=LIMITS, clock=clock).allowed
    finally:
        other_instance.dispose()
    assert not register_attempt(store, "passwort", "203.0.113.7", limits=LIMITS, clock=clock).allowed


def test_twenty_simultaneous_wrong_passwords_are_checked_exactly_five_times(store, store_url):  # noqa: F811
    hashed = hash_password("richtig", iterations=20_000)
    checked, refused, errors = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(20)
    instances = [Store(store_url) for _ in range(4)]  # four app instances, five sessions each

    def session(i: int) -> None:
        try:
            instance = instances[i % 4]
            start.wait()
            verdict = register_attempt(instance, "passwort", "203.0.113.7")  # the real limits: 5 per source
            if not verdict.allowed:
                with lock:
                    refused.append(verdict)
                return
            ok = verify_password(f"falsch-{i}", hashed)
            with lock:
                checked.append(i)
            record_result(instance, verdict, ok)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for instance in instances:
        instance.dispose()
    assert not errors, errors
    assert len(checked) == 5 and len(refused) == 15
    assert all(v.scope == "quelle" and "Fehlversuche" in v.message for v in refused)
    with sa.create_engine(store_url).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM attempts WHERE outcome = 'fehler'")).scalar_one() == 5


def test_old_rows_are_deleted_on_the_way(store):
    clock = Clock()
    for i in range(3):
        fail(store, f"192.0.2.{i}", clock)
    clock.now += 2 * 24 * 3600
    fail(store, "192.0.2.50", clock)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM attempts")).scalar_one() == 1


def test_sources_ipv6_networks_and_local_connections():
    assert normalise_source("203.0.113.7") == "203.0.113.7"
    assert normalise_source("2001:db8:1:2:aaaa::1") == normalise_source("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert normalise_source("2001:db8:1:3::1") != normalise_source("2001:db8:1:2::1")
    assert normalise_source("::ffff:203.0.113.7") == "203.0.113.7"
    assert normalise_source(None) == normalise_source("") == "lokal"
    assert normalise_source("x" * 500).startswith("unbekannt:") and len(normalise_source("x" * 500)) <= 64


def test_an_unreachable_database_refuses_the_attempt(tmp_path):
    target = tmp_path / "eine-datei"
    target.write_text("kein Ordner")
    with pytest.raises(StoreError):
        register_attempt(open_store(f"sqlite:///{target / 'x' / 'umfrage.sqlite'}"), "passwort", "203.0.113.7")
