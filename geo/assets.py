"""Leaflet served by the app itself (Streamlit static serving), never from a CDN.

The files come from the xstatic-leaflet package and are copied into static/vendor/ on start; the copy is
git-ignored. The browser then loads them from /app/static/vendor/leaflet-<version>/.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

REPO = Path(__file__).resolve().parent.parent
STATIC_DIR = REPO / "static"
URL_PREFIX = "/app/static"
LEAFLET_VERSION = xleaflet.VERSION
LEAFLET_DIR_NAME = f"vendor/leaflet-{LEAFLET_VERSION}"
LEAFLET_FILES = ["leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                 "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"]


def install_leaflet(static_dir: Path = STATIC_DIR) -> Path:
    """Copy Leaflet into static_dir if it is not there yet; returns the target folder. Idempotent."""
    target = static_dir / LEAFLET_DIR_NAME
    source = Path(xleaflet.BASE_DIR)
    for rel in LEAFLET_FILES:
        dst = target / rel
        src = source / rel
        if not dst.exists() or dst.stat().st_size != src.stat().st_size:
            dst.parent.mkdir(parents=True, exist_ok=True)
            # One temporary file per writer: sessions run app.py concurrently (threads, processes).
            tmp = dst.with_name(f"{dst.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            shutil.copyfile(src, tmp)
            tmp.replace(dst)  # atomic: a browser never receives a half-written file
    return target


def leaflet_js_url() -> str:
    return f"{URL_PREFIX}/{LEAFLET_DIR_NAME}/leaflet.js"


def leaflet_css_url() -> str:
    return f"{URL_PREFIX}/{LEAFLET_DIR_NAME}/leaflet.css"


def map_css_url() -> str:
    return f"{URL_PREFIX}/map.css"


def publish_script(name_prefix: str, text: str, static_dir: Path = STATIC_DIR) -> str:
    """Write generated JavaScript under static/generated/ (content-addressed, atomic) and return its URL."""
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    name = f"{name_prefix}-{digest}.js"
    target = static_dir / "generated" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    return f"{URL_PREFIX}/generated/{name}"
