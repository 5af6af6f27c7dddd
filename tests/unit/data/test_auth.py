"""data.auth: password hashes (the limit on attempts: tests/unit/data/test_attempts.py)."""
from __future__ import annotations

from data.auth import ALGORITHM, hash_password, verify_password


def test_hash_and_verify():
    h = hash_password("Sachsen-Anhalt 2025!", iterations=1000)
    assert h.startswith(f"{ALGORITHM}$1000$") and "Sachsen" not in h
    assert verify_password("Sachsen-Anhalt 2025!", h)
    assert not verify_password("sachsen-anhalt 2025!", h)
    assert hash_password("x", iterations=1000) != hash_password("x", iterations=1000)  # salted


def test_malformed_hashes_never_match_and_never_raise():
    for bad in ["", "klartext", "md5$1$abc$def", f"{ALGORITHM}$viele$abc$def", f"{ALGORITHM}$1000$%%%$def"]:
        assert verify_password("klartext", bad) is False

