"""geo.html.escape: text that ends up in map HTML or in a JavaScript template literal stays inert."""
from __future__ import annotations

import html

import pytest

from geo.html import escape


@pytest.mark.parametrize("raw, expected", [
    ("<b>", "&lt;b&gt;"),
    ("a & b", "a &amp; b"),
    ('"quoted"', "&quot;quoted&quot;"),
    ("it's", "it&#x27;s"),
    ("`", "&#96;"),
    ("${", "&#36;&#123;"),
    ("}", "&#125;"),
    ("\\", "&#92;"),
])
def test_escape_known_characters(raw, expected):
    assert escape(raw) == expected


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "`;alert(1);`",
    "${alert(1)}",
    "\\`${alert(document.cookie)}",
    "<img src=x onerror=alert(1)>`${alert(1)}`\\",
    "\"'><svg onload=alert(1)>",
])
def test_escape_leaves_nothing_active(payload):
    out = escape(payload)
    for dangerous in "<>\"'`$\\{}":
        assert dangerous not in out, (payload, out)
    # Every ampersand starts a character reference: escaping is not undone by a later decode step.
    assert html.unescape(out) == payload


def test_escape_plain_text_and_umlauts_unchanged():
    assert escape("Lutherstadt Wittenberg – Köthen (Anhalt) · 1.234") == \
        "Lutherstadt Wittenberg – Köthen (Anhalt) · 1.234"


@pytest.mark.parametrize("value, expected", [(1, "1"), (None, "None"), (2.5, "2.5")])
def test_escape_accepts_any_value(value, expected):
    assert escape(value) == expected


def test_escape_is_not_idempotent_but_stays_inert_when_applied_twice():
    once = escape("<`${x}`>")
    twice = escape(once)
    assert html.unescape(twice) == once
    for dangerous in "<>`$\\{}":
        assert dangerous not in twice
