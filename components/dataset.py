"""Access to the loaded data for every page, cached at the file boundary and shared by all sessions.

The data folder is read again only when one of its files changes (path + modification time + size).
If a changed file is invalid, the last good version stays in use and the problems are shown.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from data.formatting import count_noun, md_escape
from data.loading import Dataset, data_dir_from_env, fingerprint, load_dataset, snapshot
from data.store import StoreError, open_store, url_from_env
from data.waves import attach_store, attach_stored_state, from_snapshot

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _last_good() -> dict:
    """Server-wide memory of the last dataset without problems, per data folder (read-only frames)."""
    return {"lock": threading.Lock(), "by_dir": {}}


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(data_dir: str, fp: tuple, _last_good: Dataset | None) -> Dataset:
    """One Dataset per data folder and content, shared read-only by all sessions (no copy per session or
    rerun; pandas' copy-on-write keeps derived frames from touching it; tests/app checks nothing writes)."""
    return load_dataset(data_dir, last_good=_last_good)


class SharedMemo:
    """A bounded, thread-safe memo shared by all sessions, for many small lookups per run (one per chart):
    a dict lookup instead of Streamlit's per-call argument hashing. Values must be treated as read-only.
    It lives in st.cache_resource, so clearing Streamlit's caches clears it too."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()  # outside the lock: two sessions may build the same value once each, never wrongly
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


@st.cache_resource(show_spinner=False)
def shared_memo(name: str, max_entries: int = 1024) -> SharedMemo:
    return SharedMemo(max_entries)


def snapshot_dir(data_dir: Path) -> Path:
    """Where the last good copy of a data folder is kept ($DASHBOARD_STATE_DIR, default ~/.cache/…)."""
    base = os.environ.get("DASHBOARD_STATE_DIR", "").strip()
    root = Path(base).expanduser() if base else Path.home() / ".cache" / "smart-city-dashboard"
    return root / ("letzter-gueltiger-stand-" + hashlib.sha256(str(data_dir).encode()).hexdigest()[:12])


@st.cache_resource(show_spinner=False, max_entries=8)
def _with_store(url: str, head: int, data_dir: str, file_version: str, _ds: Dataset) -> Dataset:
    """The files' Dataset joined with the survey store's waves; rebuilt when either changes (head changes with
    every new or withdrawn version). Shared read-only like the Dataset. A fault raises and is never cached."""
    return attach_store(_ds, open_store(url), _responses(data_dir))


def _responses(data_dir: str) -> bytes | None:
    try:
        return (Path(data_dir) / "responses.csv").read_bytes()
    except OSError:
        return None


def with_store(ds: Dataset, data_dir: Path) -> Dataset:
    """The Dataset with the stored waves. While the store is unreachable: the last good stored state from
    disk (or no answers) with a notice – decided afresh on every run, so the pages heal by themselves."""
    url = url_from_env(data_dir)
    try:
        store = open_store(url)
        head = store.head()
    except StoreError as exc:
        logging.getLogger("dashboard").warning("Umfragedatenbank nicht erreichbar: %s", exc.detail)
        return from_snapshot(ds, url, exc)
    try:
        return _with_store(url, head, str(data_dir), ds.version, ds)
    except StoreError as exc:  # a file that cannot be taken over, a failing read: uncached, not tried twice
        logging.getLogger("dashboard").warning("Umfragedatenbank: %s", exc.detail)
        return attach_stored_state(ds, store, None, url, error=exc)


RUN_KEY = "_datensatz_dieses_laufs"  # the Dataset of the current run (set by get_dataset, cleared by begin_run)


def begin_run() -> None:
    """Called by app.py at the start of every run: the run's first get_dataset() looks at files and store
    afresh, later calls in the same run (the page's) reuse its result – a fault costs its timeout once."""
    st.session_state.pop(RUN_KEY, None)


def get_dataset() -> Dataset:
    """The current data. A broken file falls back to the last good data: from memory, or – after a restart
    or a cleared cache – from the copy on disk, so correctness never depends on the cache."""
    if get_script_run_ctx() is None:  # outside a run (tests, tools): nothing to share
        return _current_dataset()
    known = st.session_state.get(RUN_KEY)
    if known is not None:
        return known
    ds = _current_dataset()
    st.session_state[RUN_KEY] = ds
    return ds


def _current_dataset() -> Dataset:
    data_dir = data_dir_from_env()
    memory = _last_good()
    with memory["lock"]:
        last_good = memory["by_dir"].get(str(data_dir))
    fp = fingerprint(data_dir)
    ds = _load(str(data_dir), fp, last_good)
    if ds.problems and last_good is None:
        copy = snapshot_dir(data_dir)
        if copy.is_dir():
            fallback = load_dataset(copy)
            if not fallback.problems:
                ds = _load(str(data_dir), fp + (("fallback", fallback.version),), fallback)
    if not ds.problems:
        with memory["lock"]:
            known = memory["by_dir"].get(str(data_dir))
            memory["by_dir"][str(data_dir)] = ds
        if known is None or known.version != ds.version:
            try:
                snapshot(data_dir, snapshot_dir(data_dir))
            except OSError as exc:  # a read-only home must not break the app
                logging.getLogger("dashboard").warning("Sicherung der Daten nicht möglich: %s", exc)
    return with_store(ds, data_dir)


def show_problems(ds: Dataset, limit: int = 12) -> None:
    """A German error box per broken file, naming file, line and column."""
    for note in ds.store_notes:
        st.warning(md_escape(note), icon=":material/database:")
    if not ds.problems:
        return
    files = sorted(ds.failed_files)
    lines = [f"- {p}" for p in ds.problems[:limit]]
    more = len(ds.problems) - limit
    if more > 0:
        lines.append(f"- … und {count_noun(more, 'weiteres Problem', 'weitere Probleme')} (alle zeigt `python -m data.check`).")
    st.error(
        "**Fehler in den Daten:** " + ", ".join(files) + " konnte nicht geladen werden. "
        "Die übrigen Daten werden weiter angezeigt"
        + (" (für die fehlerhaften Dateien der letzte gültige Stand)." if ds.municipalities is not None else ".")
        + "\n\n" + "\n".join(lines),
        icon=":material/error:",
    )
