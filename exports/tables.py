"""Tables for download: CSV the way German Excel opens it by double-click, and .xlsx.

CSV: UTF-8 with byte order mark (else Excel reads umlauts as Windows-1252), semicolon as separator, decimal
comma, no thousands separator, CRLF line ends, dates as 27.04.2023.
Both formats neutralise formula injection: a text cell that begins with =, +, -, @, a tab or a carriage return
gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.

Numbers stay numbers: shares are fractions (0,32 in CSV; 0.32 formatted as percent in .xlsx), counts are
integers. A table shown on screen in German text ("32 %", "1.234", "44 % (8)", "17 km") is turned back into
numbers here (numeric_frame), so every export can be summed and sorted in a spreadsheet. Every export starts
with a header block: title, filters, n, source, date and the sample-data note (TableInfo).
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.formatting import SAMPLE_LABEL, SAMPLE_MEANING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SOURCE_PREFIX = "Quelle"
PERCENT_COLUMNS = "percent_columns"  # frame.attrs key: columns that hold shares (fractions of 1)


@dataclass(frozen=True)
class TableInfo:
    """What a table export says about itself above the table."""

    title: str
    filters: str = ""
    n: str = ""
    source: str = ""
    created: dt.date | None = None
    sample_data: bool = False
    data_state: str = ""  # "Gemeindedaten: Stand 31.12.2023 · Umfragedaten: …, Version 2 vom …"

    def rows(self) -> list[tuple[str, str]]:
        source = re.sub(r"^\s*Quellen?:\s*", "", self.source)
        n = re.sub(r"^\s*n\s*=\s*", "", self.n)  # the label says "n" already
        out = [("Tabelle", self.title), ("Filter", self.filters or "keine – alle Kommunen"), ("n", n),
               ("Quelle", source), ("Datenstand", self.data_state),
               ("Erstellt am", date_text(self.created) if self.created else "")]
        if self.sample_data:
            out.append(("Hinweis", f"{SAMPLE_LABEL} – {SAMPLE_MEANING}"))
        return [(k, v) for k, v in out if v]


def date_text(value: dt.date) -> str:
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


# --- display text back to numbers -----------------------------------------------------------------------

_INT = r"-?(?:\d{1,3}(?:\.\d{3})+|\d{1,3})"  # "7", "1.234" (German thousands) – never "15083040" (a key)
_DEC = rf"{_INT}(?:,\d+)?"
_SPACE = "[ \u00a0\u202f]?"
_PATTERNS = {
    "share_count": re.compile(rf"^({_DEC}){_SPACE}%\s*\(({_INT})\)$"),  # "44 % (8)"
    "share": re.compile(rf"^({_DEC}){_SPACE}%$"),  # "32 %", "12,5 %"
    "km": re.compile(rf"^({_DEC}){_SPACE}km$"),  # "17 km"
    "int": re.compile(rf"^({_INT})$"),
    "dec": re.compile(rf"^({_INT},\d+)$"),
}
_EMPTY = {"", "–", "-"}


def _german_number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _kind(values: list[str]) -> str | None:
    """The one pattern every non-empty value of a column matches, or None."""
    filled = [v.strip() for v in values if v.strip() not in _EMPTY]
    if not filled:
        return None
    for kind, pattern in _PATTERNS.items():
        if all(pattern.match(v) for v in filled):
            return kind
    return None


def numeric_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with German number text turned into numbers (a copy; the columns that hold shares are named
    in .attrs["percent_columns"]). Text columns stay text; a column is converted only when every value in it
    is a number of the same kind; "–" becomes an empty cell."""
    frame = _plain(frame)
    shares = list(frame.attrs.get(PERCENT_COLUMNS, ()))
    out = {}
    for column in frame.columns:
        series = frame[column]
        texts = [v for v in series if isinstance(v, str)]
        kind = _kind(texts) if len(texts) == series.notna().sum() and texts else None
        name = _header(column)
        if kind is None:
            out[column] = series
            continue

        def parse(group: int, as_int: bool = False, per: int = 1, _kind=kind):
            values = []
            for v in series:
                m = _PATTERNS[_kind].match(v.strip()) if isinstance(v, str) else None
                if m is None:
                    values.append(None)
                else:
                    x = _german_number(m.group(group)) / per  # "35 %" -> 0.35 (35 * 0.01 is 0.35000000000000003)
                    values.append(int(round(x)) if as_int else x)
            return pd.array(values, dtype="Int64" if as_int else "Float64")

        if kind == "share_count":
            out[f"{name} – Anteil"] = parse(1, per=100)
            out[f"{name} – Anzahl"] = parse(2, as_int=True)
            shares.append(f"{name} – Anteil")
        elif kind == "share":
            out[column] = parse(1, per=100)
            shares.append(column)
        elif kind == "km":
            out[f"{name} (km)" if "km" not in name else column] = parse(1)
        elif kind == "int":
            out[column] = parse(1, as_int=True)
        else:
            out[column] = parse(1)
    result = pd.DataFrame(out, index=frame.index)
    result.attrs[PERCENT_COLUMNS] = tuple(dict.fromkeys(c for c in shares if c in result.columns))
    return result


def neutralise(value: object) -> object:
    """'=SUMME(A1)' -> "'=SUMME(A1)"; anything that is not text is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, type(pd.NA)):
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return False


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Named index levels become columns (they carry data); a plain 0..n-1 index is left out."""
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    return frame


def _header(column: object) -> str:
    if isinstance(column, tuple):
        column = " / ".join(str(c) for c in column if str(c))
    return str(column)


def _date_text(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M:%S" if value.second else "%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")


def _float_text(value: float) -> str:
    """Shortest exact form with a decimal comma and no thousands separator: 1234.5 -> "1234,5"."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = np.format_float_positional(float(value), trim="-")
    return text.replace(".", ",")


def csv_cell(value: object) -> str:
    """One cell as text for German Excel."""
    if _missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "ja" if value else "nein"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _float_text(float(value))
    if isinstance(value, decimal.Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, (dt.date, pd.Timestamp)):  # datetime and Timestamp are dates too
        return _date_text(value)
    return str(neutralise(str(value)))


def to_excel_csv(frame: pd.DataFrame, info: TableInfo | None = None) -> bytes:
    """The table as CSV for German Excel (see module docstring). No index column. With `info`, the header
    block comes first (one "label;value" line each), then an empty line, then the table; numbers as numbers."""
    frame = _plain(frame)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if info is not None:
        frame = numeric_frame(frame)
        for label, value in info.rows():
            writer.writerow([label, str(neutralise(value))])
        writer.writerow([])
    writer.writerow([str(neutralise(_header(c))) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


# --- xlsx ----------------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str) -> str:
    name = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'") or "Daten"
    return name[:31]


def _xlsx_value(value: object) -> tuple[object, str | None]:
    """A Python value openpyxl can store, and its number format (None: General)."""
    if _missing(value):
        return None, None
    if isinstance(value, (bool, np.bool_)):
        return bool(value), None
    if isinstance(value, (int, np.integer)):
        return int(value), "#,##0"
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return (None, None) if math.isinf(value) else (value, None)
    if isinstance(value, decimal.Decimal):
        return float(value), None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        midnight = (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
        return value, "DD.MM.YYYY" if midnight else "DD.MM.YYYY HH:MM"
    if isinstance(value, dt.date):
        return value, "DD.MM.YYYY"
    return _xlsx_text(str(value)), None


def _xlsx_text(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(neutralise(ILLEGAL_CHARACTERS_RE.sub("", text)))


def _set(cell, value: object, number_format: str | None = None) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, whatever it looks like
    if number_format:
        cell.number_format = number_format


PERCENT_FORMAT = "0%"
PERCENT_FORMAT_FINE = "0.0%"


def to_xlsx(frame: pd.DataFrame, sheet_name: str = "Daten", title: str | None = None,
            source: str | None = None, info: TableInfo | None = None) -> bytes:
    """The table as an Excel workbook: optional title line, bold header row (frozen, with filter), widened
    columns, German number and date formats, and the source line below the table. With `info`, a header
    block (title, filters, n, source, date, sample-data note) stands above the table instead, numbers are
    numbers and shares are fractions shown as percent."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = _plain(frame)
    if info is not None:
        frame = numeric_frame(frame)
        title = info.title
        source = None  # in the header block
    shares = set(frame.attrs.get(PERCENT_COLUMNS, ()))
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet_name)
    wb.properties.creator = "Smart-City-Dashboard Sachsen-Anhalt"
    if title:
        wb.properties.title = title[:250]

    row = 1
    widths = [len(_header(c)) for c in frame.columns]
    if info is not None:
        for k, (label, value) in enumerate(info.rows(), start=1):
            _set(ws.cell(row=k, column=1), _xlsx_text(label))
            ws.cell(row=k, column=1).font = Font(bold=True)
            _set(ws.cell(row=k, column=2), _xlsx_text(value))
            if k == 1:
                ws.cell(row=k, column=2).font = Font(bold=True, size=13)
        row = len(info.rows()) + 2
    elif title:
        _set(ws.cell(row=1, column=1), _xlsx_text(title))
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
        row = 3
    header_row = row
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF3F8")
    for j, column in enumerate(frame.columns, start=1):
        cell = ws.cell(row=header_row, column=j)
        _set(cell, _xlsx_text(_header(column)))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    share_columns = [c in shares for c in frame.columns]
    for i, values in enumerate(frame.itertuples(index=False, name=None), start=header_row + 1):
        for j, value in enumerate(values, start=1):
            stored, fmt = _xlsx_value(value)
            if share_columns[j - 1] and isinstance(stored, (int, float)) and not isinstance(stored, bool):
                stored = float(stored)
                fmt = PERCENT_FORMAT if round(stored * 100, 6).is_integer() else PERCENT_FORMAT_FINE
            _set(ws.cell(row=i, column=j), stored, fmt)
            shown = len(csv_cell(value)) + (len(csv_cell(value)) // 3 if fmt == "#,##0" else 0)
            widths[j - 1] = max(widths[j - 1], shown)
    last_row = header_row + len(frame)
    if len(frame.columns):
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(frame.columns))}{max(last_row, header_row)}"
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, width + 2))
    if source:
        text = source if source.lstrip().startswith(SOURCE_PREFIX) else f"{SOURCE_PREFIX}: {source}"
        cell = ws.cell(row=last_row + 2, column=1)
        _set(cell, _xlsx_text(text))
        cell.font = Font(italic=True, size=9, color="444444")

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["FORMULA_STARTS", "PERCENT_COLUMNS", "TableInfo", "csv_cell", "neutralise", "numeric_frame", "to_excel_csv",
           "to_xlsx"]
