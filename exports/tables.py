"""Tables for download: CSV the way German Excel opens it by double-click, and .xlsx.

CSV: UTF-8 with byte order mark (else Excel reads umlauts as Windows-1252), semicolon as separator, decimal
comma, no thousands separator, CRLF line ends, dates as 27.04.2023.
Both formats neutralise formula injection: a text cell that begins with =, +, -, @, a tab or a carriage return
gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
import re

import numpy as np
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SOURCE_PREFIX = "Quelle"


def neutralise(value: object) -> object:
    """'=SUMME(A1)' -> "'=SUMME(A1)"; anything that is not text is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
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


def to_excel_csv(frame: pd.DataFrame) -> bytes:
    """The table as CSV for German Excel (see module docstring). No index column."""
    frame = _plain(frame)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
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


def to_xlsx(frame: pd.DataFrame, sheet_name: str = "Daten", title: str | None = None,
            source: str | None = None) -> bytes:
    """The table as an Excel workbook: optional title line, bold header row (frozen, with filter), widened
    columns, German number and date formats, and the source line below the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = _plain(frame)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet_name)
    wb.properties.creator = "Smart-City-Dashboard Sachsen-Anhalt"
    if title:
        wb.properties.title = title[:250]

    row = 1
    widths = [len(_header(c)) for c in frame.columns]
    if title:
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
    for i, values in enumerate(frame.itertuples(index=False, name=None), start=header_row + 1):
        for j, value in enumerate(values, start=1):
            stored, fmt = _xlsx_value(value)
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


__all__ = ["FORMULA_STARTS", "csv_cell", "neutralise", "to_excel_csv", "to_xlsx"]
