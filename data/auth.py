"""Password check for the admin page: PBKDF2-SHA256 hashes, constant-time comparison. The attempts are
limited by data.attempts (counted in the survey database, not in this process). Never imports streamlit.

    python -m data.auth hash     # asks for a password twice, prints the line for secrets.toml
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sys

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000


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
