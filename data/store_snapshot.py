"""The last good state read from the survey store, kept on disk so that the pages can show it while the
database is unreachable (with a notice) – instead of the data folder's answers under the stored waves' names.

One gzip-compressed JSON file per database in the state folder ($DASHBOARD_STATE_DIR, default
~/.cache/smart-city-dashboard), named by a hash of the database address (never the address itself, which may
hold a password). Written after a successful read when the store changed, atomically (temporary file, then
rename), so instances sharing the folder never read half a file. Never imports streamlit.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from data.store import ANSWER_COLUMNS, Version

FORMAT = 1
MAX_BYTES = 256 * 1024 * 1024  # compressed and unpacked: larger files are not ours and are ignored
LOG = logging.getLogger("dashboard")


@dataclass(frozen=True)
class StoredState:
    head: int
    saved_at: datetime
    versions: dict[int, Version]
    current: dict[str, tuple[Version, pd.DataFrame]]


def state_root() -> Path:
    base = os.environ.get("DASHBOARD_STATE_DIR", "").strip()
    return Path(base).expanduser() if base else Path.home() / ".cache" / "smart-city-dashboard"


def snapshot_path(url: str) -> Path:
    return state_root() / f"umfragedatenbank-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:16]}.json.gz"


def _version_dict(v: Version) -> dict:
    return {"id": v.id, "wave": v.wave, "created_at": v.created_at.isoformat(), "created_by": v.created_by,
            "action": v.action, "file_name": v.file_name, "checksum": v.checksum, "respondents": v.respondents,
            "answer_rows": v.answer_rows, "restored_from": v.restored_from,
            "withdrawn_at": v.withdrawn_at.isoformat() if v.withdrawn_at else None, "withdrawn_by": v.withdrawn_by}


def _version_of(d: dict) -> Version:
    def when(value):
        return datetime.fromisoformat(str(value)) if value else None

    return Version(id=int(d["id"]), wave=str(d["wave"]), created_at=when(d["created_at"]),
                   created_by=str(d["created_by"]), action=str(d["action"]), file_name=str(d["file_name"]),
                   checksum=str(d["checksum"]), respondents=int(d["respondents"]), answer_rows=int(d["answer_rows"]),
                   restored_from=int(d["restored_from"]) if d.get("restored_from") is not None else None,
                   withdrawn_at=when(d.get("withdrawn_at")), withdrawn_by=d.get("withdrawn_by"))


def save_snapshot(path: Path, head: int, versions: dict[int, Version],
                  current: dict[str, tuple[Version, pd.DataFrame]]) -> bool:
    """Write the state unless the file already holds this head. False (and a log line) when it cannot."""
    if stored_head(path) == int(head):
        return True
    content = {
        "format": FORMAT, "head": int(head), "saved_at": datetime.now(UTC).isoformat(),
        "versions": [_version_dict(v) for v in versions.values()],
        "current": {wave: {"version": v.id,
                           "answers": [list(r) for r in answers[ANSWER_COLUMNS].astype(str)
                                       .itertuples(index=False, name=None)]}
                    for wave, (v, answers) in current.items()},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".umfrage-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=5) as out:
                out.write(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        LOG.warning("Letzter Stand der Umfragedatenbank nicht gespeichert: %s", exc)
        return False
    return True


def stored_head(path: Path) -> int | None:
    """The head of the state in the file (read from its first bytes), or None."""
    try:
        with gzip.open(path, "rb") as f:
            start = f.read(200).decode("utf-8", "replace")
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    match = re.match(r'\{"format":' + str(FORMAT) + r',"head":(\d+),', start)
    return int(match.group(1)) if match else None


def load_snapshot(path: Path, quiet: bool = False) -> StoredState | None:
    """The stored state, or None when there is none or it cannot be read (logged)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        with gzip.open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValueError("zu groß")
        content = json.loads(data.decode("utf-8"))
        if content.get("format") != FORMAT:
            raise ValueError("unbekanntes Format")
        versions = {v.id: v for v in (_version_of(d) for d in content["versions"])}
        current = {}
        for wave, entry in content["current"].items():
            frame = pd.DataFrame([tuple(map(str, r)) for r in entry["answers"]], columns=ANSWER_COLUMNS)
            current[str(wave)] = (versions[int(entry["version"])], frame.astype("str"))
        return StoredState(head=int(content["head"]), saved_at=datetime.fromisoformat(content["saved_at"]),
                           versions=versions, current=current)
    except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile) as exc:
        if not quiet:
            LOG.warning("Letzter Stand der Umfragedatenbank nicht lesbar (%s): %s", path.name, exc)
        return None
