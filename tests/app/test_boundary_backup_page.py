"""AppTest: the map page names the restore command when grenzen.json is unreadable and a backup exists."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo import store

REPO = Path(__file__).resolve().parents[2]
EMPTY = {"type": "FeatureCollection", "features": []}


def _open_map(geo: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("GEO_DIR", str(geo))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/karte.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _backup(geo: Path) -> None:
    meta = {"product": "VG250", "edition": "2023-01-01", "imported": "2024-03-05T13:02:00+00:00",
            "attribution": "© GeoBasis-DE / BKG 2023 (Daten verändert)"}
    doc = {"meta": meta, **{level: EMPTY for level in store.LEVELS}}
    (geo / store.BACKUP_NAME).write_text(json.dumps(doc), encoding="utf-8")


def test_unreadable_boundaries_with_a_backup_name_the_restore_command(tmp_path, monkeypatch):
    geo = tmp_path / "geo"
    geo.mkdir()
    (geo / store.FILE_NAME).write_text('{"meta": {"kaputt', encoding="utf-8")
    _backup(geo)
    at = _open_map(geo, monkeypatch)
    warnings = [w.value for w in at.warning if "Gemeindegrenzen" in w.value]
    assert len(warnings) == 1, [w.value for w in at.warning]
    assert "grenzen.json ist nicht lesbar (kein vollständiges JSON in UTF-8)" in warnings[0]
    assert "die vorige Fassung zurückholen („python -m geo.boundaries restore“)" in warnings[0]


def test_unreadable_boundaries_without_a_backup_only_ask_for_a_new_import(tmp_path, monkeypatch):
    geo = tmp_path / "geo"
    geo.mkdir()
    (geo / store.FILE_NAME).write_text("[1, 2]", encoding="utf-8")
    at = _open_map(geo, monkeypatch)
    warnings = [w.value for w in at.warning if "Gemeindegrenzen" in w.value]
    assert len(warnings) == 1
    assert "bitte neu importieren." in warnings[0]
    assert "restore" not in warnings[0]
