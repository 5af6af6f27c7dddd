"""data.auth: password hashes and the server-wide limit on failed sign-ins."""
from __future__ import annotations

from data.auth import ALGORITHM, AttemptLimiter, hash_password, verify_password


def test_hash_and_verify():
    h = hash_password("Sachsen-Anhalt 2025!", iterations=1000)
    assert h.startswith(f"{ALGORITHM}$1000$") and "Sachsen" not in h
    assert verify_password("Sachsen-Anhalt 2025!", h)
    assert not verify_password("sachsen-anhalt 2025!", h)
    assert hash_password("x", iterations=1000) != hash_password("x", iterations=1000)  # salted


def test_malformed_hashes_never_match_and_never_raise():
    for bad in ["", "klartext", "md5$1$abc$def", f"{ALGORITHM}$viele$abc$def", f"{ALGORITHM}$1000$%%%$def"]:
        assert verify_password("klartext", bad) is False


def test_limiter_locks_after_five_failures_and_opens_again():
    now = [1000.0]
    limiter = AttemptLimiter(clock=lambda: now[0])
    h = hash_password("richtig", iterations=1000)
    for _ in range(4):
        assert limiter.attempt("falsch", h) is False
    assert limiter.attempt("richtig", h) is True  # success clears the failures
    for _ in range(5):
        assert limiter.attempt("falsch", h) is False
    assert limiter.attempt("richtig", h) is None  # locked: not even checked
    assert 0 < limiter.locked_for() <= 15 * 60
    now[0] += 15 * 60 + 1
    assert limiter.locked_for() == 0 and limiter.attempt("richtig", h) is True


def test_failures_outside_the_window_are_forgotten():
    now = [0.0]
    limiter = AttemptLimiter(clock=lambda: now[0])
    h = hash_password("richtig", iterations=1000)
    for _ in range(4):
        assert limiter.attempt("falsch", h) is False
        now[0] += 5 * 60  # one failure every five minutes never locks
    assert limiter.attempt("falsch", h) is False
    assert limiter.locked_for() == 0
