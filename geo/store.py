"""The imported boundaries as the app reads them: one JSON file in GEO_DIR (default geo/), plus the previous
import kept beside it as a backup that `python -m geo.boundaries restore` puts back.

Light on purpose (no geopandas): the app imports this on every cold start; geo.boundaries writes the file.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GEO_DIR = REPO / "geo"
FILE_NAME = "grenzen.json"
BACKUP_NAME = "grenzen.vorher.json"
RESTORE_COMMAND = "python -m geo.boundaries restore"
LEVELS = ("gemeinden", "verbandsgemeinden", "kreise", "land")


class BoundaryError(Exception):
    """Boundaries that cannot be imported or read; the message is German and meant for the user."""


def geo_dir_from_env() -> Path:
    value = os.environ.get("GEO_DIR", "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT_GEO_DIR


@dataclass(frozen=True)
class Boundaries:
    meta: dict
    gemeinden: dict
    verbandsgemeinden: dict
    kreise: dict
    land: dict


def _read(path: Path) -> Boundaries:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc.get("meta"), dict) or any(not isinstance(doc[level], dict) for level in LEVELS):
            raise TypeError
        return Boundaries(doc["meta"], doc["gemeinden"], doc["verbandsgemeinden"], doc["kreise"], doc["land"])
    except OSError:
        raise BoundaryError(f"{path.name} ist nicht lesbar (Zugriff auf die Datei fehlgeschlagen)") from None
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        raise BoundaryError(f"{path.name} ist nicht lesbar (kein vollständiges JSON in UTF-8)") from None
    except (KeyError, TypeError, AttributeError):
        raise BoundaryError(f"{path.name} ist nicht lesbar (Aufbau unvollständig: Ebenen oder Angaben fehlen)"
                            ) from None


def load(geo_dir: Path) -> Boundaries | None:
    """The imported boundaries, or None when none were imported. Raises BoundaryError when unreadable."""
    path = geo_dir / FILE_NAME
    if not path.exists():
        return None
    try:
        return _read(path)
    except BoundaryError as exc:
        hint = (f" oder die vorige Fassung zurückholen („{RESTORE_COMMAND}“)" if readable_backup(geo_dir) else "")
        raise BoundaryError(f"{exc}; bitte neu importieren{hint}.") from None


def load_backup(geo_dir: Path) -> Boundaries | None:
    """The previous import kept as a backup, or None. Raises BoundaryError when unreadable."""
    path = geo_dir / BACKUP_NAME
    if not path.exists():
        return None
    try:
        return _read(path)
    except BoundaryError as exc:
        raise BoundaryError(f"Die Sicherung {exc}.") from None


def readable_backup(geo_dir: Path) -> bool:
    try:
        return load_backup(geo_dir) is not None
    except BoundaryError:
        return False


def describe(meta: dict) -> str:
    """German one-liner: "VG250, Stand 01.01.2023, importiert am 05.03.2024 um 14:02 Uhr"."""
    parts = [str(meta.get("product") or "Grenzen")]
    edition = meta.get("edition")
    try:
        parts.append("Stand " + dt.date.fromisoformat(edition).strftime("%d.%m.%Y") if edition else "Stand unbekannt")
    except (TypeError, ValueError):
        parts.append("Stand unbekannt")
    try:
        imported = dt.datetime.fromisoformat(meta["imported"]).astimezone()
        parts.append(f"importiert am {imported:%d.%m.%Y} um {imported:%H:%M} Uhr")
    except (KeyError, TypeError, ValueError):
        pass
    return ", ".join(parts)


@contextlib.contextmanager
def locked(geo_dir: Path):
    """One writer at a time per GEO_DIR (a lock on the folder itself, so no lock file appears in it)."""
    fd = os.open(geo_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _copy_atomically(source: Path, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".grenzen-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_as_backup(geo_dir: Path) -> Boundaries | None:
    """Before a new import replaces grenzen.json: keep the current file as the backup – if it is a readable
    import. An unreadable current file never overwrites a good backup. Returns what was kept. Call while
    holding `locked(geo_dir)`."""
    current = geo_dir / FILE_NAME
    if not current.exists():
        return None
    try:
        kept = _read(current)
    except BoundaryError:
        return None
    _copy_atomically(current, geo_dir / BACKUP_NAME)
    return kept


@dataclass(frozen=True)
class Restored:
    restored: Boundaries  # now in use
    replaced: Boundaries | None  # the file it replaced, now the backup (None if it was missing or unreadable)


def restore(geo_dir: Path) -> Restored:
    """Put the backup back. The file it replaces becomes the backup, so a second restore undoes the first."""
    if not geo_dir.is_dir():
        raise BoundaryError(f"Den Ordner {geo_dir} gibt es nicht; es gibt nichts wiederherzustellen.")
    with locked(geo_dir):
        backup = load_backup(geo_dir)
        if backup is None:
            raise BoundaryError(f"Es gibt keine Sicherung ({BACKUP_NAME} fehlt in {geo_dir}); "
                                "sie entsteht, wenn ein Import lesbare Grenzen ersetzt.")
        current_path, backup_path = geo_dir / FILE_NAME, geo_dir / BACKUP_NAME
        try:
            replaced = _read(current_path) if current_path.exists() else None
        except BoundaryError:
            replaced = None
        if replaced is None:
            os.replace(backup_path, current_path)
            return Restored(backup, None)
        fd, tmp = tempfile.mkstemp(prefix=".grenzen-", suffix=".tmp", dir=geo_dir)
        os.close(fd)
        try:
            shutil.copyfile(current_path, tmp)
            os.chmod(tmp, 0o644)
            os.replace(backup_path, current_path)
            os.replace(tmp, backup_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Restored(backup, replaced)
