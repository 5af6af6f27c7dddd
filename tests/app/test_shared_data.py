"""The dataset is shared read-only by all sessions (st.cache_resource): no page may change it."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from app_pages.registry import PAGES as REGISTRY
from components import keys
from components.dataset import get_dataset
from data.loading import load_dataset
from data.store import open_store, url_from_env
from data.waves import attach_store
from tests.conftest import DATA

REPO = Path(__file__).resolve().parents[2]
PAGES = [p.path for p in REGISTRY]
FRAMES = ["municipalities", "districts", "workshops", "participants", "questions", "responses", "units"]


def digest(frame: pd.DataFrame) -> tuple:
    as_text = frame.astype(str)
    return tuple(frame.columns), tuple(map(str, frame.dtypes)), tuple(pd.util.hash_pandas_object(as_text, index=True))


def test_pages_and_filters_leave_the_shared_dataset_unchanged(monkeypatch):
    monkeypatch.delenv("DATA_DIR", raising=False)
    fresh = attach_store(load_dataset(DATA), open_store(url_from_env(DATA)), (DATA / "responses.csv").read_bytes())
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params.update({"kommune": "15083040"})
    at.run()
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.multiselect(key=keys.SIZES).set_value([at.multiselect(key=keys.SIZES).options[0]]).run()
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])

    shared = get_dataset()  # the very object the pages used (same data folder and content)
    assert shared is get_dataset()
    for name in FRAMES:
        assert digest(getattr(shared, name)) == digest(getattr(fresh, name)), f"{name} was changed by a page"
    assert shared.version == fresh.version


def test_shared_memo_builds_once_keeps_a_bound_and_is_cleared_with_the_caches():
    import streamlit as st

    from components.dataset import SharedMemo, shared_memo

    memo = SharedMemo(max_entries=2)
    built = []
    for key in ["a", "b", "a", "c", "a", "b"]:
        assert memo.get((key,), lambda k=key: built.append(k) or k.upper()) == key.upper()
    assert built == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
    assert len(memo) == 2

    first = shared_memo("test")
    first.get(("x",), lambda: 1)
    assert shared_memo("test") is first
    st.cache_resource.clear()  # what any visitor can trigger through the protocol
    assert len(shared_memo("test")) == 0
