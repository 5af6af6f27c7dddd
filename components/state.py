"""Access to the loaded data for every page, cached at the file boundary.

The data folder is read again only when one of its files changes (path + modification time + size).
If a changed file is invalid, the last good version stays in use and the problems are shown.
"""
from __future__ import annotations

import threading

import streamlit as st

from data.loading import Dataset, data_dir_from_env, fingerprint, load_dataset


@st.cache_resource(show_spinner=False)
def _last_good() -> dict:
    """Server-wide memory of the last dataset without problems, per data folder (read-only frames)."""
    return {"lock": threading.Lock(), "by_dir": {}}


@st.cache_data(show_spinner=False, max_entries=8)
def _load(data_dir: str, fp: tuple, _last_good: Dataset | None) -> Dataset:
    return load_dataset(data_dir, last_good=_last_good)


def get_dataset() -> Dataset:
    data_dir = data_dir_from_env()
    memory = _last_good()
    with memory["lock"]:
        last_good = memory["by_dir"].get(str(data_dir))
    ds = _load(str(data_dir), fingerprint(data_dir), last_good)
    if not ds.problems:
        with memory["lock"]:
            memory["by_dir"][str(data_dir)] = ds
    return ds


def show_problems(ds: Dataset, limit: int = 12) -> None:
    """A German error box per broken file, naming file, line and column."""
    if not ds.problems:
        return
    files = sorted(ds.failed_files)
    lines = [f"- {p}" for p in ds.problems[:limit]]
    more = len(ds.problems) - limit
    if more > 0:
        lines.append(f"- … und {more} weitere Probleme (alle zeigt `python -m data.check`).")
    st.error(
        "**Fehler in den Daten:** " + ", ".join(files) + " konnte nicht geladen werden. "
        "Die übrigen Daten werden weiter angezeigt"
        + (" (für die fehlerhaften Dateien der letzte gültige Stand)." if ds.municipalities is not None else ".")
        + "\n\n" + "\n".join(lines),
        icon=":material/error:",
    )
