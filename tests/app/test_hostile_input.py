"""Hostile text in the data files is shown as text on every page, never interpreted."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.registry import PAGES as REGISTRY

REPO = Path(__file__).resolve().parents[2]
EVIL = '<img src=x onerror=alert(1)>`${alert(2)}`**fett** [klick](javascript:alert(3)) "q" \'s\' :red[rot] $x$'
PAGES = [p.path for p in REGISTRY]


def rewrite(path: Path, column: str, match: str, value: str) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = list(rows[0].keys())
    for r in rows:
        if r[next(iter(fields))] == match:
            r[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def hostile(data_dir, monkeypatch):
    rewrite(data_dir / "municipalities.csv", "name", "15083040", "Barleben " + EVIL)
    rewrite(data_dir / "questions.csv", "text", "digitalstrategie", "Digitalstrategie? " + EVIL)
    rewrite(data_dir / "workshops.csv", "venue", "4", "Barleben " + EVIL)
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    return data_dir


def unescaped(text: str) -> list[str]:
    """Markup that markdown would interpret: a special character not preceded by a backslash."""
    hits = []
    for token in ("<img", "`$", "**fett**", "[klick]", ":red[", "$x$"):
        for m in re.finditer(re.escape(token), text):
            if m.start() == 0 or text[m.start() - 1] != "\\":
                hits.append(token)
    return hits


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_text_as_text(hostile, page):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params.update({"kommune": "15083040"})
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    shown = 0
    for kind in ("markdown", "caption", "header", "subheader", "title", "info", "warning"):
        for el in at.get(kind):
            value = str(el.value)
            if "onerror" in value:
                shown += 1
                assert not unescaped(value), (kind, value)
    if page in ("app_pages/umfrage.py", "app_pages/kommune.py", "app_pages/workshops.py"):
        assert shown, "the hostile text should appear (escaped) on this page"
