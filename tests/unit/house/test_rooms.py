"""The pure rooms never import streamlit: views/ (what a page shows), data/, geo/ and exports/ are plain
Python that the unit tests use without a session (DESIGN.md, "Rooms")."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

PURE = ("views", "data", "geo", "exports")
SKIP = ("data.migrations",)  # Alembic's scripts, run by Alembic inside data.store


def test_pure_rooms_do_not_import_streamlit():
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for room in PURE for path in (REPO / room).rglob("*.py")
        if path.name != "__init__.py")
    modules = [m for m in modules if not m.startswith(SKIP)]
    assert "views.questions" in modules and "geo.palette" in modules
    script = ("import importlib, sys\n"
              f"for m in {modules!r}: importlib.import_module(m)\n"
              "print(sorted(k for k in sys.modules if k == 'streamlit' or k.startswith('streamlit.')))")
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_unit_tests_mirror_the_rooms():
    """tests/unit/<room>/ holds the tests of <room>/ (plus house/ for the repository itself); a test file
    dropped loose into tests/unit/ would have no room, so the next maintainer could not find it."""
    unit = REPO / "tests" / "unit"
    loose = sorted(p.name for p in unit.glob("test_*.py"))
    assert loose == [], f"Testdateien ohne Raum in tests/unit/: {loose}"
    rooms = sorted(p.name for p in unit.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    assert rooms == sorted((*PURE, "house")), rooms
    for room in PURE:
        assert (REPO / room).is_dir() and list((unit / room).glob("test_*.py")), room
