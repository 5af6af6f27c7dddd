"""Reading CSV files strictly: UTF-8 (BOM allowed), comma-separated, exact header."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from data.problems import DataError, Problem

# Data rows start on line 2 of a file (line 1 is the header).
FIRST_DATA_LINE = 2


def line_of(index: int) -> int:
    """File line number of the data row with positional index `index`."""
    return int(index) + FIRST_DATA_LINE


def read_text(path: Path) -> str:
    """Read a file as UTF-8; a BOM is accepted. Other encodings get a German problem report."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(name, None, None, "Die Datei fehlt.")]) from None
    except OSError as exc:
        raise DataError([Problem(name, None, None, f"Die Datei ist nicht lesbar ({exc.strerror}).")]) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        hint = ""
        try:
            raw.decode("cp1252")
            hint = " Sie ist vermutlich in Windows-1252 (ANSI) gespeichert; bitte als „CSV UTF-8“ speichern."
        except UnicodeDecodeError:
            pass
        raise DataError(
            [Problem(name, line, None, f"Die Datei ist nicht in UTF-8 kodiert (ungültiges Byte 0x{byte}).{hint}")]
        ) from None


def read_csv(path: Path, required: list[str], optional: list[str] | None = None) -> pd.DataFrame:
    """Read a CSV with every value as a string (empty cells become None).

    Checks the separator and the header before anything else, so that a wrong file gets one clear message.
    """
    optional = optional or []
    name = path.name
    text = read_text(path)
    if not text.strip():
        raise DataError([Problem(name, None, None, "Die Datei ist leer.")])
    header_line = text.splitlines()[0]
    if ";" in header_line and "," not in header_line:
        raise DataError(
            [Problem(name, 1, None, "Die Datei verwendet Semikolons als Trennzeichen; erwartet werden Kommas.")]
        )
    reader = csv.reader(io.StringIO(text))
    rows, starts, last = [], [], 0
    for r in reader:  # a quoted cell may span lines: remember the line each record starts on
        rows.append(r)
        starts.append(last + 1)
        last = reader.line_num
    header = [h.strip() for h in rows[0]]
    problems = []
    missing = [c for c in required if c not in header]
    extra = [c for c in header if c not in required and c not in optional]
    if missing:
        problems.append(Problem(name, 1, None, "Es fehlen die Spalten " + ", ".join(f"„{c}“" for c in missing) + "."))
    if extra:
        problems.append(
            Problem(name, 1, None, "Unbekannte Spalten " + ", ".join(f"„{c}“" for c in extra) + "; erwartet: "
                    + ", ".join(required + optional) + ".")
        )
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        problems.append(Problem(name, 1, None, "Doppelte Spalten " + ", ".join(f"„{c}“" for c in dupes) + "."))
    body = [(starts[k] - FIRST_DATA_LINE, r) for k, r in enumerate(rows) if k and any(cell.strip() for cell in r)]
    for i, r in body:
        if len(r) != len(header):
            problems.append(
                Problem(name, i + FIRST_DATA_LINE, None,
                        f"Die Zeile hat {len(r)} Felder, die Kopfzeile {len(header)}.")
            )
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame([[cell.strip() for cell in r] for _, r in body], columns=header, dtype=object)
    frame.index = [i for i, _ in body]  # file line of the data row minus FIRST_DATA_LINE, for line numbers
    frame = frame.where(frame != "", None)
    for c in optional:
        if c not in frame.columns:
            frame[c] = None
    return frame[required + [c for c in optional]]
