"""Password check for the admin page: PBKDF2-SHA256 hashes, constant-time comparison, limited attempts.
Never imports streamlit.

    python -m data.auth hash     # asks for a password twice, prints the line for secrets.toml
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
MAX_FAILURES = 5  # within WINDOW_S, then locked for LOCK_S
WINDOW_S = 15 * 60
LOCK_S = 15 * 60


def hash_password(password: str, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """True if the password matches; a malformed hash never matches (and never raises)."""
    try:
        algorithm, iterations, salt, expected = encoded.strip().split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), _unb64(salt), int(iterations))
        return hmac.compare_digest(digest, _unb64(expected))
    except (ValueError, TypeError):
        return False


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class AttemptLimiter:
    """Failed logins, server-wide: after MAX_FAILURES failures within WINDOW_S seconds every password login
    is refused for LOCK_S seconds (an attacker cannot try more than a handful of passwords per quarter hour).
    Thread-safe. `clock` is injectable for tests."""

    max_failures: int = MAX_FAILURES
    window_s: float = WINDOW_S
    lock_s: float = LOCK_S
    clock: callable = time.monotonic
    _failures: list[float] = field(default_factory=list)
    _locked_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def locked_for(self) -> float:
        """Seconds until password logins are allowed again (0 when allowed)."""
        with self._lock:
            return max(0.0, self._locked_until - self.clock())

    def attempt(self, password: str, encoded: str) -> bool | None:
        """True/False for a checked password; None when locked (the password is not even checked)."""
        with self._lock:
            now = self.clock()
            if now < self._locked_until:
                return None
        ok = verify_password(password, encoded)
        with self._lock:
            now = self.clock()
            if ok:
                self._failures.clear()
                return True
            self._failures = [t for t in self._failures if now - t < self.window_s] + [now]
            if len(self._failures) >= self.max_failures:
                self._locked_until = now + self.lock_s
                self._failures.clear()
            return False


def main(argv: list[str] | None = None) -> int:
    import getpass

    args = argv if argv is not None else sys.argv[1:]
    if args != ["hash"]:
        print("Aufruf: python -m data.auth hash", file=sys.stderr)
        return 2
    first = getpass.getpass("Neues Passwort für die Datenverwaltung: ")
    if len(first) < 12:
        print("Bitte mindestens 12 Zeichen verwenden.", file=sys.stderr)
        return 1
    if getpass.getpass("Noch einmal: ") != first:
        print("Die Eingaben stimmen nicht überein.", file=sys.stderr)
        return 1
    print("In .streamlit/secrets.toml eintragen:\n\n[dashboard]\n"
          f'admin_password_hash = "{hash_password(first)}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
