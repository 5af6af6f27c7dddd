"""Helpers shared by test modules."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def reference_dir() -> Path:
    """../shared/reference beside the checkout (CI lays it there); fail clearly when it is missing."""
    path = REPO.parent / "shared" / "reference"
    if not (path / "bkg-vg5000-2021").is_dir():
        pytest.fail(f"Die Referenzdaten fehlen: {path} (erwartet neben dem Checkout, wie in CI).")
    return path
