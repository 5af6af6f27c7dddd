"""German number and date formats, and markdown escaping."""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from data.formatting import (
    MONTHS,
    count_noun,
    count_of,
    date_abbrev,
    date_long,
    date_short,
    md_escape,
    number,
    percent,
    period,
    plural,
)

NNBSP = "\u202f"


# --- numbers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,decimals,expected", [
    (1234.5, 1, "1.234,5"),
    (1234.56, 1, "1.234,6"),
    (1234.4, 0, "1.234"),
    (0, 0, "0"),
    (999, 0, "999"),
    (1000, 0, "1.000"),
    (2_186_723, 0, "2.186.723"),
    (-1234.56, 2, "-1.234,56"),
    (0.5, 2, "0,50"),
    (np.int64(242172), 0, "242.172"),
    (np.float64(258.33), 1, "258,3"),
])
def test_number(value, decimals, expected):
    assert number(value, decimals) == expected


def test_number_missing():
    assert number(None) == "–"
    assert number(float("nan")) == "–"
    assert number(np.nan, 2) == "–"


def test_percent():
    assert percent(0.353) == f"35{NNBSP}%"
    assert percent(0.125, 1) == f"12,5{NNBSP}%"
    assert percent(1) == f"100{NNBSP}%"
    assert percent(0) == f"0{NNBSP}%"
    assert percent(12.5) == f"1.250{NNBSP}%"  # a share above 1 (multi-choice totals) keeps the separator


def test_count_of():
    assert count_of(12, 34) == "12 von 34 Kommunen"
    assert count_of(1200, 1500, "Antworten") == "1.200 von 1.500 Antworten"
    assert count_of(1, 1) == "1 von 1 Kommune"
    assert count_of(0, 1, "Antworten", "Antwort") == "0 von 1 Antwort"


@pytest.mark.parametrize("count,expected", [
    (0, "0 Kommunen"), (1, "1 Kommune"), (2, "2 Kommunen"), (21, "21 Kommunen"), (1234, "1.234 Kommunen"),
    (np.int64(1), "1 Kommune"), (np.int64(34), "34 Kommunen"),
])
def test_count_noun(count, expected):
    assert count_noun(count, "Kommune", "Kommunen") == expected


def test_count_noun_phrases_and_decimals():
    assert count_noun(1, "antwortende Kommune", "antwortende Kommunen") == "1 antwortende Kommune"
    assert count_noun(13, "Problem", "Probleme") == "13 Probleme"
    assert count_noun(1.5, "Kommune", "Kommunen", decimals=1) == "1,5 Kommunen"
    assert count_noun(1.0, "Kommune", "Kommunen", decimals=1) == "1,0 Kommunen"


def test_plural_for_verbs():
    assert plural(1, "entspricht", "entsprechen") == "entspricht"
    assert plural(0, "entspricht", "entsprechen") == "entsprechen"
    assert plural(7, "entspricht", "entsprechen") == "entsprechen"


# --- dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [pd.Timestamp("2023-04-27"), dt.date(2023, 4, 27), dt.datetime(2023, 4, 27, 18)])
def test_date_long(value):
    assert date_long(value) == "27. April 2023"


def test_date_long_every_month():
    assert [date_long(dt.date(2023, m, 1)) for m in (1, 3, 12)] == ["1. Januar 2023", "1. März 2023",
                                                                   "1. Dezember 2023"]
    assert len(MONTHS) == 12


def test_date_short():
    assert date_short(pd.Timestamp("2023-04-27")) == "27.04.2023"
    assert date_short(dt.date(2023, 12, 7)) == "07.12.2023"
    assert date_short(dt.date(2024, 1, 1)) == "01.01.2024"


@pytest.mark.parametrize("month,expected", [
    (1, "7. Jan. 2023"), (2, "7. Feb. 2023"), (3, "7. März 2023"), (4, "7. Apr. 2023"), (5, "7. Mai 2023"),
    (6, "7. Juni 2023"), (7, "7. Juli 2023"), (8, "7. Aug. 2023"), (9, "7. Sep. 2023"), (10, "7. Okt. 2023"),
    (11, "7. Nov. 2023"), (12, "7. Dez. 2023"),
])
def test_date_abbrev(month, expected):
    assert date_abbrev(dt.date(2023, month, 7)) == expected


def test_date_abbrev_timestamp():
    assert date_abbrev(pd.Timestamp("2023-04-27")) == "27. Apr. 2023"


def _workshops(*dates: str) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(list(dates))})


def test_period():
    assert period(_workshops("2023-06-05", "2023-04-27", "2023-12-07")) == "April bis Dezember 2023"
    assert period(_workshops("2023-11-20", "2024-02-01")) == "November 2023 bis Februar 2024"
    assert period(_workshops()) == ""


def test_period_within_one_month():
    assert period(_workshops("2023-06-05", "2023-06-22")) == "Juni 2023"
    assert period(_workshops("2023-06-05")) == "Juni 2023"
    assert period(_workshops("2023-06-05", "2024-06-05")) == "Juni 2023 bis Juni 2024"


def test_period_of_shipped_workshops():
    from pathlib import Path

    from data.loading import load_workshops

    w = load_workshops(Path(__file__).resolve().parents[3] / "data" / "workshops.csv", None)
    assert period(w) == "April bis Dezember 2023"
    assert date_long(w["date"].min()) == "27. April 2023"
    assert date_long(w["date"].max()) == "7. Dezember 2023"


# --- markdown escaping -------------------------------------------------------------------------------

@pytest.mark.parametrize("ch", list("*_[]<>$:`"))
def test_md_escape_special_character(ch):
    assert md_escape(f"a{ch}b") == f"a\\{ch}b"
    assert md_escape(ch * 3) == f"\\{ch}" * 3


@pytest.mark.parametrize("text", [":material/home:", ":streamlit:", "Icon :material/verified: hier",
                                  ":material_home:", "a:streamlit:b"])
def test_md_escape_breaks_streamlit_s_icon_shortcodes(text):
    # Streamlit rewrites ":material/" to ":material_" in the raw text and then turns ":material_x:" and
    # ":streamlit:" into an icon or image, escapes or not: no colon may stand right before a word.
    out = md_escape(text)
    assert ":material" not in out and ":streamlit" not in out
    assert out.count("\\:") == text.count(":")
    assert re.sub(r"\\(.)", r"\1", out).replace("\u2060", "") == text


@pytest.mark.parametrize("text", ["a\rb", "a\r\rb", "a  \r\n\r\n    b", "a\u2028b\u2029c", "a\x85b", "a\tb", "a\vb\fc"])
def test_md_escape_keeps_everything_on_one_line(text):
    out = md_escape(text)
    assert not re.search("[\r\n\t\v\f\u2028\u2029\x85]", out)
    assert out.replace(" ", "") == re.sub("[\r\n\t\v\f\u2028\u2029\x85]", "", text).replace(" ", "")


def test_md_escape_every_special_is_preceded_by_backslash():
    text = "**fett** _kursiv_ [Link](http://x) <b>html</b> $x^2$ :red[rot] `code` :material/home: # Titel"
    out = md_escape(text)
    # removing each escaped pair must leave none of the active characters behind
    rest = re.sub(r"\\.", "", out)
    assert not set(rest) & set("*_[]<>$:`()#")
    # and unescaping gives back the text (with an invisible word joiner that keeps addresses from linking)
    assert re.sub(r"\\(.)", r"\1", out).replace("\u2060", "") == text


# The two patterns with which Streamlit's markdown (mdast-util-gfm-autolink-literal) turns text into links,
# applied – as there – to the text after markdown escapes are read.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"(?:(?<=^)|(?<=[\s\W]))([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


@pytest.mark.parametrize("text", [
    "http://evil.example/pfad?x=1", "HTTPS://EVIL.EXAMPLE", "Infos: www.evil.example/seite",
    "https://www.evil.example", "(www.evil.example)", "kontakt@evil.example", "mailto:kontakt@evil.example",
    "Siehe http://a.example und www.b.example oder c@d.example.", "![bild](http://evil.example/bild.png)",
])
def test_md_escape_leaves_no_bare_address_that_would_become_a_link(text):
    out = md_escape(text)
    seen = re.sub(r"\\(.)", r"\1", out)  # what the autolink step sees
    assert not GFM_URL.search(seen) and not GFM_EMAIL.search(seen), seen
    assert seen.replace("\u2060", "") == text  # the reader still sees the address, as text
    assert "![" not in out and "](" not in out  # no image or link syntax survives


def test_md_escape_leaves_ordinary_text_without_word_joiners():
    for text in ["1.234 Einwohner", "Halle (Saale) · 27. April 2023", "Wittenberg – Straße 5", "www", "http"]:
        assert "\u2060" not in md_escape(text)


def test_md_escape_backslash_and_newlines():
    assert md_escape("a\\*b") == "a\\\\\\*b"
    assert md_escape("Zeile 1\nZeile 2") == "Zeile 1 Zeile 2"


def test_md_escape_leaves_plain_text_and_umlauts():
    assert md_escape("Lutherstadt Wittenberg, Straße 5") == "Lutherstadt Wittenberg, Straße 5"
    assert md_escape(42) == "42"
    assert md_escape("Halle (Saale)") == "Halle \\(Saale\\)"


def test_distance_reads_im_ort_for_zero():
    from data.formatting import distance

    assert distance(0.0) == "im Ort" and distance(0.4) == "im Ort"
    assert distance(8.2) == "8 km" and distance(8.2, " entfernt") == "8 km entfernt"
    assert distance(1234.0) == "1.234 km"
    assert distance(float("nan")) == "–"
