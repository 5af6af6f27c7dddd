"""German number and date formats: 1.234,5 · 27. April 2023 · 27.04.2023."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


def number(value: float | int, decimals: int = 0) -> str:
    """1234.5 -> "1.234,5" (decimals=1)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    s = f"{value:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(share: float, decimals: int = 0) -> str:
    """0.353 -> "35 %" (with a narrow no-break space, as DIN 5008 asks)."""
    return f"{number(share * 100, decimals)}\u202f%"


def date_long(value: dt.date | pd.Timestamp) -> str:
    """27. April 2023"""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def date_abbrev(value: dt.date | pd.Timestamp) -> str:
    """27. Apr. 2023 (months of up to four letters stay whole: Mai, Juni, Juli, März)."""
    name = MONTHS[value.month - 1]
    short = name if len(name) <= 4 else name[:3] + "."
    return f"{value.day}. {short} {value.year}"


def period(workshops: pd.DataFrame) -> str:
    """"April bis Dezember 2023" for the span of the workshop dates."""
    if not len(workshops):
        return ""
    first, last = workshops["date"].min(), workshops["date"].max()
    if (first.year, first.month) == (last.year, last.month):
        return f"{MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{MONTHS[first.month - 1]} bis {MONTHS[last.month - 1]} {last.year}"
    return f"{MONTHS[first.month - 1]} {first.year} bis {MONTHS[last.month - 1]} {last.year}"


def date_short(value: dt.date | pd.Timestamp) -> str:
    """27.04.2023"""
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def datetime_short(value: dt.datetime) -> str:
    """27.11.2026, 14:05 – in German local time (Europe/Berlin) for aware values."""
    if value.tzinfo is not None:
        from zoneinfo import ZoneInfo

        value = value.astimezone(ZoneInfo("Europe/Berlin"))
    return f"{date_short(value)}, {value.hour:02d}:{value.minute:02d}"


def plural(count: int | float, singular: str, plural_form: str) -> str:
    """The word that agrees with `count`: German uses the singular for exactly one, the plural for 0 and
    for every other number ("0 Kommunen", "1 Kommune", "1,5 Kommunen"). Works for verbs too:
    plural(n, "entspricht", "entsprechen")."""
    return singular if count == 1 else plural_form


def count_noun(count: int | float, singular: str, plural_form: str, decimals: int = 0) -> str:
    """"1 Kommune", "2 Kommunen", "1.234 Kommunen" – the number in German format with the noun (phrase)
    that agrees with it: count_noun(1, "antwortende Kommune", "antwortende Kommunen"). A number shown with
    decimals takes the plural ("1,0 Kommunen")."""
    word = plural(count, singular, plural_form) if decimals == 0 else plural_form
    return f"{number(count, decimals)} {word}"


def distance(km: float, away: str = "") -> str:
    """"8 km" (or "8 km entfernt" with away=" entfernt"); a place less than half a kilometre away is "im Ort"."""
    if km is None or (isinstance(km, float) and pd.isna(km)):
        return "–"
    return "im Ort" if round(float(km)) == 0 else f"{number(km)} km{away}"


def count_of(count: int, n: int, noun: str = "Kommunen", singular: str | None = None) -> str:
    """"12 von 34 Kommunen", "1 von 1 Kommune": the noun agrees with the total."""
    if singular is None:
        singular = "Kommune" if noun == "Kommunen" else noun
    return f"{number(count)} von {count_noun(n, singular, noun)}"


# Vega / d3 format locale, so that axes and tooltips in Altair charts read like German text.
VEGA_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"],
               "percent": "\u202f%"},
    "time": {
        "dateTime": "%A, der %e. %B %Y, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        "shortDays": ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        "months": MONTHS,
        "shortMonths": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    },
}


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~<>$:=&")
WORD_JOINER = "\u2060"  # invisible; keeps a bare address from being turned into a link
# What Streamlit's markdown (remark-gfm) links without any syntax, found in the text after escapes are read:
# http:// and https:// addresses, www. addresses and e-mail addresses. A word joiner after "http"/"https",
# after "www" and after "@" breaks each pattern and shows nothing.
_AUTOLINK = re.compile(r"https?(?=://)|www(?=\.)|@", re.IGNORECASE)
# Streamlit rewrites ":material/" to ":material_" in the raw text and then draws ":material_…:" as an icon and
# ":streamlit:" as an image, escaped or not: a word joiner after such a colon breaks both.
_ICON = re.compile(r":(?=material|streamlit)", re.IGNORECASE)


# Line and paragraph breaks of every kind become a space: a lone carriage return also ends a markdown line.
BREAKS = re.compile("\r\n|[\r\n\t\v\f\u2028\u2029\x85]")


def md_escape(value: object) -> str:
    """Make any text inert in Streamlit markdown: no emphasis, links (also bare addresses: no autolinks),
    images, HTML, LaTeX ($), :directives:, icons or line breaks."""
    text = BREAKS.sub(" ", str(value))
    text = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, _ICON.sub(":" + WORD_JOINER, text))
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


# --- the sample-data mark --------------------------------------------------------------------------

SAMPLE_LABEL = "Beispieldaten"
# What the label means, in the words every export and notice uses after it.
SAMPLE_MEANING = "erzeugte Antworten, keine echten Angaben der Kommunen"
_SAMPLE_FORMS = {
    "list": f" · {SAMPLE_LABEL}",  # one more item of a "·" line: "n = 34 · Beispieldaten"
    "paren": f" ({SAMPLE_LABEL})",  # after a value: "ja (Beispieldaten)"
    "dash": f" – {SAMPLE_LABEL}",  # after a source: "Kurzbefragung 2023 – Beispieldaten"
    "lead": f"{SAMPLE_LABEL}. ",  # before a note: "Beispieldaten. Unter 3 Antworten: …"
}


def sample_mark(sample_data: bool, form: str = "list") -> str:
    """The "Beispieldaten" mark a text carries while sample answers are shown, "" for real answers. Every
    figure built on survey answers asks here, so the label is decided in one place."""
    return _SAMPLE_FORMS[form] if sample_data else ""
