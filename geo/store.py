"""The imported boundaries as the app reads them: one JSON file in GEO_DIR (default geo/).

Light on purpose (no geopandas): the app imports this on every cold start; geo.boundaries writes the file.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GEO_DIR = REPO / "geo"
FILE_NAME = "grenzen.json"


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


def load(geo_dir: Path) -> Boundaries | None:
    """The imported boundaries, or None when none were imported. Raises BoundaryError when unreadable."""
    path = geo_dir / FILE_NAME
    if not path.exists():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return Boundaries(doc["meta"], doc["gemeinden"], doc["verbandsgemeinden"], doc["kreise"], doc["land"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BoundaryError(f"{path.name} ist nicht lesbar ({type(exc).__name__}); bitte neu importieren.") from None
