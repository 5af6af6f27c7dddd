"""Shared test set-up: absolute paths, a writable copy of the data folder, clean Streamlit caches."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
# Generated boundary layers in the BKG VG5000 shipping format (tests/fixtures/README.md).
BOUNDARIES = REPO / "tests" / "fixtures" / "boundaries"
DATA_FILES = ["municipalities.csv", "districts.csv", "workshops.csv", "participants.csv", "questions.csv",
              "responses.csv", "program.yaml", "survey.yaml", "baukasten.yaml",
              "foliensaetze.yaml", "planning_regions.csv"]

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped data folder that a test may break."""
    target = tmp_path / "data"
    target.mkdir()
    for name in DATA_FILES:
        shutil.copy(DATA / name, target / name)
    return target


@pytest.fixture(autouse=True)
def _no_developer_boundaries(tmp_path_factory, monkeypatch):
    """Tests see no boundaries a developer imported into geo/ unless they set GEO_DIR themselves."""
    monkeypatch.setenv("GEO_DIR", str(tmp_path_factory.mktemp("geo-empty")))
    # The copy of the last good data goes to a test folder, not to the developer's ~/.cache.
    monkeypatch.setenv("DASHBOARD_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    # The survey store (SQLite) of a test lives in a test folder, never in data/ or a real database.
    monkeypatch.setenv("DASHBOARD_STORE_DIR", str(tmp_path_factory.mktemp("store")))
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Caches leak across AppTest instances; every test starts clean."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
