"""views.cards: a table as one card per row for a phone."""
from __future__ import annotations

import pandas as pd

from views.cards import EMPTY, Card, cards, cell_text, rows_md


def test_cell_text_is_german_and_never_empty():
    assert cell_text(1234) == "1.234"
    assert cell_text(1234.5) == "1.234,5"
    assert cell_text(12.0) == "12"
    assert cell_text(float("nan")) == EMPTY and cell_text(None) == EMPTY and cell_text("  ") == EMPTY
    assert cell_text(True) == "ja" and cell_text(False) == "nein"
    assert cell_text("32\u202f%") == "32\u202f%"


def test_one_card_per_row_with_every_column_but_the_title():
    frame = pd.DataFrame({"Landkreis": ["Börde", "Harz"], "Kommune": ["Barleben", "Wernigerode"],
                          "Einwohner": [9234, 32000], "Angemeldet": ["ja", "–"]})
    out = cards(frame, title_column="Kommune")
    assert [c.title for c in out] == ["Barleben", "Wernigerode"]
    assert out[0].lines == (("Landkreis", "Börde"), ("Einwohner", "9.234"), ("Angemeldet", "ja"))
    assert cards(frame)[1].title == "Harz"  # default: the first column names the row
    assert cards(frame, "Kommune", skip=("Angemeldet",))[0].lines[-1] == ("Einwohner", "9.234")
    assert cards(frame.iloc[0:0]) == []


def test_card_markdown_escapes_every_value():
    card = Card("[Klick](http://böse.example)", (("Notiz *fett*", "<img src=x onerror=alert(1)>"),))
    md = card.markdown()
    assert md.startswith("**\\[Klick\\]\\(http\u2060")  # no autolink
    assert "\\<img" in md and md.count("<") == md.count("\\<")  # every angle bracket escaped
    assert "Notiz \\*fett\\*: " in md


def test_a_short_table_as_one_line_per_row():
    frame = pd.DataFrame({"Antwort": ["Nein", "Ja *sicher*"], "Anzahl": [11, 23], "Anteil": ["32\u202f%", "68\u202f%"]})
    assert rows_md(frame).splitlines() == ["- **Nein** · Anzahl: 11 · Anteil: 32\u202f%",
                                           "- **Ja \\*sicher\\*** · Anzahl: 23 · Anteil: 68\u202f%"]
    assert rows_md(frame.iloc[0:0]) == ""
