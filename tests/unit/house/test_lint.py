"""The code passes the committed ruff configuration (ruff.toml), as scripts/test.sh checks before the tests.

Here as a test too, so that every landing (which runs tests/unit) keeps main clean, not only CI."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_code_passes_ruff():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (
        "ruff findings – `.venv/bin/ruff check --fix .` fixes the safe ones, the rest by hand:\n"
        + proc.stdout + proc.stderr)
