"""Bounded reading of survey exports: CSV (any of the encodings spreadsheet programs write) and Excel .xlsx.

Every limit is checked before the thing it limits grows: a CSV line is measured before the csv module splits
it, an .xlsx member's size and compression ratio are checked before it is unpacked, and the unpacked XML is
fed to a streaming parser in small chunks – counting rows, columns, cells, shared strings and characters as
they arrive – so that a small hostile file cannot make the server hold more than the limits allow. A refusal
is a `ReadRefused` with a German sentence naming the limit.

The .xlsx reader is our own (expat over the zip members) rather than openpyxl: openpyxl's read-only mode loads
the shared strings whole, pads every row to the sheet's claimed dimension, and cannot tell a formula cell
without a stored value from an empty one. Never imports streamlit.
"""
from __future__ import annotations

import csv
import io
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from xml.parsers import expat

from data.formatting import number

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one upload may cost. The defaults hold a real survey export with room to spare."""

    max_bytes: int = 10 * MB  # the file as uploaded
    max_rows: int = 50_000  # non-empty rows of a sheet
    max_columns: int = 1_000
    max_cells: int = 300_000  # non-empty cells of a sheet (11.000 respondents × 19 columns is 209.000)
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_unpacked: int = 100 * MB  # .xlsx: XML unpacked, all members read together
    max_ratio: int = 100  # .xlsx: unpacked size / packed size of one member (a zip bomb packs far tighter)
    max_shared_strings: int = 250_000  # distinct texts; a real export has a few thousand
    max_shared_chars: int = 10_000_000
    max_sheets: int = 50
    max_seconds: float = 15.0  # a real export is read in one or two seconds


LIMITS = Limits()


class ReadRefused(ValueError):
    """The file is not read (further): a German sentence that names the limit or the damage."""


class SheetRefused(ReadRefused):
    """One sheet of a workbook exceeds a limit; the other sheets may still be used."""


def _n(value: int) -> str:
    return number(value)


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise ReadRefused(f"Das Lesen der Datei dauerte länger als {_n(int(self.seconds))} Sekunden und wurde "
                              "abgebrochen.")


@dataclass
class Grid:
    """One table as read: the non-empty rows with their true row numbers (as the spreadsheet or editor shows
    them), each a list of trimmed text cells without trailing empties."""

    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    formula_cells: list[tuple[int, int]] = field(default_factory=list)  # (row, column index) without a value
    cells: int = 0

    @property
    def width(self) -> int:
        return max((len(r) for _, r in self.rows), default=0)


@dataclass
class Source:
    """A read file: its form ("CSV (UTF-16, Tabulator)", "Excel (.xlsx)"), its sheets and one sheet's grid."""

    file_name: str
    form: str
    sheets: list[str]  # empty for CSV
    sheet: str | None
    grid: Grid
    summaries: list[SheetSummary] = field(default_factory=list)  # every sheet of a workbook


@dataclass(frozen=True)
class SheetSummary:
    name: str
    rows: int  # non-empty rows; -1 when not read (another sheet was asked for)
    refusal: str  # why the sheet cannot be read, or ""


class _Collector:
    """Collects rows for a Grid while counting against the limits."""

    def __init__(self, limits: Limits, deadline: Deadline, what: str):
        self.limits, self.deadline, self.what = limits, deadline, what
        self.grid = Grid()

    def add(self, row_number: int, cells: list[str]) -> None:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return
        limits = self.limits
        if len(self.grid.rows) >= limits.max_rows:
            raise SheetRefused(f"{self.what} hat mehr als {_n(limits.max_rows)} Zeilen; erlaubt sind höchstens "
                              f"{_n(limits.max_rows)}.")
        self.grid.cells += len(cells)
        if self.grid.cells > limits.max_cells:
            raise SheetRefused(f"{self.what} hat mehr als {_n(limits.max_cells)} Zellen; erlaubt sind höchstens "
                              f"{_n(limits.max_cells)}.")
        self.grid.rows.append((row_number, cells))
        if len(self.grid.rows) % 500 == 0:
            self.deadline.check()


def _too_many_columns(what: str, limits: Limits) -> ReadRefused:
    return SheetRefused(f"{what} hat mehr als {_n(limits.max_columns)} Spalten; erlaubt sind höchstens "
                       f"{_n(limits.max_columns)}.")


def _cell_too_long(where: str, limits: Limits) -> ReadRefused:
    return SheetRefused(f"{where} enthält mehr als {_n(limits.max_cell_chars)} Zeichen; erlaubt sind höchstens "
                        f"{_n(limits.max_cell_chars)} Zeichen je Zelle.")


def read_source(data: bytes, file_name: str, sheet: str | None = None, limits: Limits = LIMITS,
                score_sheet=None) -> Source:
    """Read CSV or .xlsx bytes within the limits. For a workbook, `sheet` names the sheet to use; without it
    the non-empty sheet with the highest `score_sheet(grid)` is used (default: the first non-empty one)."""
    if len(data) > limits.max_bytes:
        raise ReadRefused(f"Die Datei ist {_mb(len(data))} groß; erlaubt sind höchstens "
                          f"{_n(limits.max_bytes // MB)} MB.")
    deadline = Deadline(limits.max_seconds)
    if data.startswith(b"PK\x03\x04") or file_name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data, file_name, sheet, limits, deadline, score_sheet)
    grid, form = _read_csv(data, limits, deadline)
    return Source(file_name, form, [], None, grid)


# --- CSV ----------------------------------------------------------------------------------------------

_ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 mit BOM", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
                    "utf-16-be": "UTF-16", "cp1252": "Windows-1252"}
_DELIMITERS = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: BOMs first (UTF-8, UTF-16 as Excel's "Unicode-Text" writes it),
    UTF-16 without BOM by its zero bytes, then UTF-8, then Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        head = data[:4096]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if len(head) >= 2 and max(even, odd) > len(head) // 8:
            candidates = ["utf-16-be" if even > odd else "utf-16-le"]
        else:
            candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), _ENCODING_LABELS[encoding]
        except UnicodeDecodeError:
            continue
    if candidates[0].startswith("utf-16"):
        raise ReadRefused("Die Datei sieht nach UTF-16 aus, ist aber nicht vollständig so kodiert.")
    raise ReadRefused("Die Datei ist weder UTF-8 noch Windows-1252 noch UTF-16 kodiert.")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    if delimiter not in line:
        return 0
    if '"' not in line:
        return line.count(delimiter)
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _iter_lines(text: str):
    """The lines of a text with their line ends, one at a time (io.StringIO would copy the text at four bytes
    per character first)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _read_csv(data: bytes, limits: Limits, deadline: Deadline) -> tuple[Grid, str]:
    text, label = decode_text(data)
    del data
    if not text.strip():
        raise ReadRefused("Die Datei ist leer.")
    head_lines = text[:65536].splitlines()[:30]
    # the separator that splits the first lines most often (a title row above the header may have none)
    delimiter = max(_DELIMITERS, key=lambda d: max((_count_outside_quotes(h, d) for h in head_lines), default=0))
    if max((_count_outside_quotes(h, delimiter) for h in head_lines), default=0) == 0:
        delimiter = ","
    what = "Die Datei"

    if "\n" not in text and "\r" in text:  # classic Mac line ends
        text = text.replace("\r", "\n")

    def lines():
        for line in _iter_lines(text):
            # a line is measured before the csv module splits it: the column limit holds before anything grows
            if line.count(delimiter) >= limits.max_columns and \
                    _count_outside_quotes(line, delimiter) >= limits.max_columns:
                raise _too_many_columns(what, limits)
            yield line

    collector = _Collector(limits, deadline, what)
    reader = csv.reader(lines(), delimiter=delimiter)
    start = 1
    try:
        for record in reader:
            line_number = start
            start = reader.line_num + 1
            cells = []
            for c in record:
                if len(c) > limits.max_cell_chars:
                    raise _cell_too_long(f"Zeile {line_number}", limits)
                cells.append(c.strip())
            collector.add(line_number, cells)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(f"Zeile {start}", limits) from None
        raise ReadRefused(f"Die CSV-Datei ist ab Zeile {start} nicht lesbar ({exc}).") from None
    if not collector.grid.rows:
        raise ReadRefused("Die Datei ist leer.")
    return collector.grid, f"CSV ({label}, {_DELIMITERS[delimiter]})"


# --- .xlsx ---------------------------------------------------------------------------------------------

_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
CHUNK = 64 * 1024


def column_index(letters: str) -> int:
    """0-based index of a column name: A → 0, Z → 25, AA → 26, XFD → 16383."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


class _Budget:
    """Unpacked bytes across all members of one workbook."""

    def __init__(self, limits: Limits):
        self.limits, self.used = limits, 0


def _stream_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, deadline: Deadline, start, end,
                text=None) -> None:
    """Feed one member in chunks to expat; DTDs (entity tricks) are refused, sizes counted as they arrive."""
    limits = budget.limits
    if info.file_size > limits.max_unpacked:
        raise ReadRefused(f"Die Excel-Datei entpackt sich auf {_mb(info.file_size)}; erlaubt sind höchstens "
                          f"{_n(limits.max_unpacked // MB)} MB entpackt.")
    if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise ReadRefused(f"Die Excel-Datei ist ungewöhnlich stark gepackt ({info.filename}: "
                          f"{_mb(info.file_size)} aus {_mb(info.compress_size)}); erlaubt ist höchstens "
                          f"das {_n(limits.max_ratio)}-Fache – so packen sich nur absichtlich aufgeblähte Dateien.")

    def refuse_dtd(*_args):
        raise ReadRefused("Die Excel-Datei enthält eine Dokumenttyp-Definition (DTD); das tut kein "
                          "Tabellenprogramm, sie wird nicht gelesen.")

    parser = expat.ParserCreate()
    parser.buffer_text = True  # fewer text callbacks; pieces stay at most buffer_size (8 KB) long
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                budget.used += len(chunk)
                if budget.used > limits.max_unpacked:
                    raise ReadRefused(f"Die Excel-Datei entpackt sich auf mehr als {_n(limits.max_unpacked // MB)} "
                                      f"MB; erlaubt sind höchstens {_n(limits.max_unpacked // MB)} MB entpackt.")
                parser.Parse(chunk, False)
                deadline.check()
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ReadRefused(f"Die Excel-Datei ist beschädigt ({info.filename}, Zeile {exc.lineno}).") from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise ReadRefused(f"Die Excel-Datei ist beschädigt ({info.filename}: {exc}).") from None


@dataclass
class _Workbook:
    zf: zipfile.ZipFile
    sheets: list[tuple[str, str]]  # (name, member path)
    shared_path: str | None
    styles_path: str | None
    date1904: bool


def _member(zf: zipfile.ZipFile, path: str) -> zipfile.ZipInfo | None:
    try:
        return zf.getinfo(path)
    except KeyError:
        return None


def _open_workbook(data: bytes, budget: _Budget, deadline: Deadline) -> _Workbook:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadRefused("Die Excel-Datei ist beschädigt oder kein .xlsx.") from None
    if len(infos) > 10_000:
        raise ReadRefused(f"Die Excel-Datei enthält {_n(len(infos))} Teile; erlaubt sind höchstens 10.000.")
    if sum(i.file_size for i in infos) > 4 * budget.limits.max_unpacked:
        raise ReadRefused(f"Die Excel-Datei entpackt sich auf {_mb(sum(i.file_size for i in infos))}; erlaubt sind "
                          f"höchstens {_n(budget.limits.max_unpacked // MB)} MB entpackt.")
    book = _member(zf, "xl/workbook.xml")
    if book is None:
        raise ReadRefused("Die Datei ist keine Excel-Arbeitsmappe (.xlsx): xl/workbook.xml fehlt.")
    sheets: list[tuple[str, str]] = []
    state = {"date1904": False}

    def start_book(name, attrs):
        tag = _local(name)
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            if len(sheets) >= budget.limits.max_sheets:
                raise ReadRefused(f"Die Excel-Datei hat mehr als {_n(budget.limits.max_sheets)} Tabellenblätter; "
                                  f"erlaubt sind höchstens {_n(budget.limits.max_sheets)}.")
            sheets.append((attrs.get("name", f"Blatt {len(sheets) + 1}")[:100], rid))
        elif tag == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            state["date1904"] = True

    _stream_xml(zf, book, budget, deadline, start_book, lambda _n: None)
    targets: dict[str, str] = {}
    kinds: dict[str, str] = {}
    rels = _member(zf, "xl/_rels/workbook.xml.rels")

    def start_rels(name, attrs):
        if _local(name) == "Relationship" and len(targets) < 10_000:
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs.get("Id", "")] = path
            kinds[path] = attrs.get("Type", "").rsplit("/", 1)[-1]

    if rels is not None:
        _stream_xml(zf, rels, budget, deadline, start_rels, lambda _n: None)
    resolved = []
    for i, (name, rid) in enumerate(sheets):
        path = targets.get(rid) or f"xl/worksheets/sheet{i + 1}.xml"
        resolved.append((name, path))
    shared = next((p for p, k in kinds.items() if k == "sharedStrings"), None)
    if shared is None and _member(zf, "xl/sharedStrings.xml") is not None:
        shared = "xl/sharedStrings.xml"
    styles = next((p for p, k in kinds.items() if k == "styles"), None)
    if styles is None and _member(zf, "xl/styles.xml") is not None:
        styles = "xl/styles.xml"
    return _Workbook(zf, resolved, shared, styles, state["date1904"])


def _shared_strings(wb: _Workbook, budget: _Budget, deadline: Deadline) -> list[str]:
    if wb.shared_path is None:
        return []
    info = _member(wb.zf, wb.shared_path)
    if info is None:
        return []
    limits = budget.limits
    strings: list[str] = []
    state = {"parts": [], "length": 0, "in_t": False, "in_ph": 0, "total": 0}

    def start(name, _attrs):
        tag = _local(name)
        if tag == "si":
            state["parts"], state["length"] = [], 0
            if len(strings) >= limits.max_shared_strings:
                raise ReadRefused(f"Die Excel-Datei enthält mehr als {_n(limits.max_shared_strings)} verschiedene "
                                  f"Texte; erlaubt sind höchstens {_n(limits.max_shared_strings)}.")
        elif tag == "t":
            state["in_t"] = True
        elif tag in ("rPh", "phoneticPr"):
            state["in_ph"] += 1

    def end(name):
        tag = _local(name)
        if tag == "si":
            strings.append("".join(state["parts"]).strip())
            state["parts"] = []
        elif tag == "t":
            state["in_t"] = False
        elif tag in ("rPh", "phoneticPr"):
            state["in_ph"] -= 1

    def text(data):
        if state["in_t"] and not state["in_ph"]:
            # length checked before the text is kept: one huge string never grows past the cell limit
            state["length"] += len(data)
            if state["length"] > limits.max_cell_chars:
                raise ReadRefused(str(_cell_too_long(f"Der {_n(len(strings) + 1)}. Text der Excel-Datei", limits)))
            state["total"] += len(data)
            if state["total"] > limits.max_shared_chars:
                raise ReadRefused(f"Die Texte der Excel-Datei sind zusammen länger als "
                                  f"{_n(limits.max_shared_chars)} Zeichen; erlaubt sind höchstens "
                                  f"{_n(limits.max_shared_chars)}.")
            state["parts"].append(data)

    _stream_xml(wb.zf, info, budget, deadline, start, end, text)
    return strings


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code).lower()
    return code != "general" and bool(re.search(r"[dmyhs]", code)) and not re.fullmatch(r"[#0.,%e+\- ]*", code)


def _date_styles(wb: _Workbook, budget: _Budget, deadline: Deadline) -> set[int]:
    """Indexes of cell formats (the `s` attribute of a cell) that show a number as a date or time."""
    if wb.styles_path is None or _member(wb.zf, wb.styles_path) is None:
        return set()
    custom: dict[int, str] = {}
    xfs: list[int] = []
    state = {"in_xfs": False}

    def start(name, attrs):
        tag = _local(name)
        if tag == "numFmt" and len(custom) < 10_000:
            try:
                custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif tag == "cellXfs":
            state["in_xfs"] = True
        elif tag == "xf" and state["in_xfs"] and len(xfs) < 100_000:
            try:
                xfs.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xfs.append(0)

    def end(name):
        if _local(name) == "cellXfs":
            state["in_xfs"] = False

    _stream_xml(wb.zf, _member(wb.zf, wb.styles_path), budget, deadline, start, end)
    return {i for i, fmt in enumerate(xfs) if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt]))}


def _excel_date(serial: float, date1904: bool) -> str:
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    try:
        moment = base + timedelta(seconds=round(serial * 86400))
    except (OverflowError, ValueError):
        return str(serial)
    if moment.hour == moment.minute == moment.second == 0:
        return moment.strftime("%d.%m.%Y")
    return moment.strftime("%d.%m.%Y %H:%M")


def number_text(raw: str) -> str:
    """A stored number as a person would type it: 15083040 (not 15083040.0), 0.5."""
    try:
        value = float(raw)
    except ValueError:
        return raw
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return raw


def _read_sheet(wb: _Workbook, name: str, path: str, strings: list[str], dates: set[int], budget: _Budget,
                deadline: Deadline) -> Grid:
    info = _member(wb.zf, path)
    limits = budget.limits
    what = f"Das Tabellenblatt „{name}“"
    if info is None:
        raise SheetRefused(f"{what} fehlt in der Excel-Datei ({path}).")
    collector = _Collector(limits, deadline, what)
    st = {"row": 0, "cells": {}, "col": -1, "ref_col": -1, "type": "n", "style": -1, "v": [], "is": [],
          "has_f": False, "in_v": False, "in_is_t": False, "in_is": False, "in_ph": 0, "len": 0}

    # the handlers run once per element: kept lean (a sheet at the cell limit has about a million elements)
    def start(tag, attrs):
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            ref = attrs.get("r")
            st["col"] += 1
            if ref:
                m = _CELL_REF.match(ref)
                if m:
                    st["col"] = column_index(m.group(1))
            st["type"] = attrs.get("t", "n")
            style = attrs.get("s")
            st["style"] = int(style) if style and style.isdigit() else -1
            st["v"], st["is"], st["has_f"], st["len"] = [], [], False, 0
        elif tag == "v":
            st["in_v"] = True
        elif tag == "f":
            st["has_f"] = True
        elif tag == "is":
            st["in_is"] = True
        elif tag == "t" and st["in_is"]:
            st["in_is_t"] = True
        elif tag == "rPh":
            st["in_ph"] += 1
        elif tag == "row":
            r = attrs.get("r")
            st["row"] = int(r) if r and r.isdigit() else st["row"] + 1
            st["cells"], st["col"] = {}, -1
        elif tag == "dimension":
            _check_dimension(attrs.get("ref", ""), what, limits)

    def text(data):
        if st["in_v"] or (st["in_is_t"] and not st["in_ph"]):
            st["len"] += len(data)
            if st["len"] > limits.max_cell_chars:
                raise _cell_too_long(f"{what}, Zeile {st['row']}", limits)
            (st["v"] if st["in_v"] else st["is"]).append(data)

    def end(tag):
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "v":
            st["in_v"] = False
        elif tag == "t":
            st["in_is_t"] = False
        elif tag == "is":
            st["in_is"] = False
        elif tag == "rPh":
            st["in_ph"] -= 1
        elif tag == "c":
            value = _cell_value(st, strings, dates, wb.date1904, what)
            col = st["col"]
            if value or st["has_f"]:
                if col >= limits.max_columns or len(st["cells"]) >= limits.max_columns:
                    raise _too_many_columns(what, limits)
                st["cells"][col] = value
                if st["has_f"] and not value:
                    collector.grid.formula_cells.append((st["row"], col))
        elif tag == "row":
            cells = st["cells"]
            if cells:
                width = max(cells) + 1
                collector.add(st["row"], [cells.get(i, "") for i in range(width)])
            st["cells"] = {}

    _stream_xml(wb.zf, info, budget, deadline, start, end, text)
    return collector.grid


def _check_dimension(ref: str, what: str, limits: Limits) -> None:
    """A sheet that claims more rows or columns than allowed is refused before its rows are read."""
    last = ref.split(":")[-1].replace("$", "")
    m = _CELL_REF.match(last)
    if not m:
        return
    if column_index(m.group(1)) + 1 > limits.max_columns:
        raise SheetRefused(f"{what} reicht bis Spalte {m.group(1)} ({_n(column_index(m.group(1)) + 1)} Spalten); "
                          f"erlaubt sind höchstens {_n(limits.max_columns)} Spalten.")
    if int(m.group(2)) > limits.max_rows + 1_000:
        raise SheetRefused(f"{what} reicht bis Zeile {_n(int(m.group(2)))}; erlaubt sind höchstens "
                          f"{_n(limits.max_rows)} Zeilen.")


def _cell_value(st: dict, strings: list[str], dates: set[int], date1904: bool, what: str) -> str:
    kind = st["type"]
    raw = "".join(st["v"]).strip()
    if kind == "s":
        if not raw:
            return ""
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            raise ReadRefused(f"{what}, Zeile {st['row']}: Die Zelle verweist auf einen Text, den es in der "
                              "Datei nicht gibt – die Datei ist beschädigt.") from None
    if kind == "inlineStr":
        return "".join(st["is"]).strip()
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return {"1": "WAHR", "0": "FALSCH"}.get(raw, raw)
    if kind == "d":
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            return raw
        return moment.strftime("%d.%m.%Y %H:%M")
    if not raw:
        return ""
    if st["style"] in dates:
        try:
            return _excel_date(float(raw), date1904)
        except ValueError:
            return raw
    return number_text(raw)


def _read_xlsx(data: bytes, file_name: str, sheet: str | None, limits: Limits, deadline: Deadline,
               score_sheet) -> Source:
    budget = _Budget(limits)
    wb = _open_workbook(data, budget, deadline)
    names = [n for n, _ in wb.sheets]
    if not names:
        raise ReadRefused("Die Excel-Datei enthält kein Tabellenblatt.")
    if sheet is not None and sheet not in names:
        raise ReadRefused(f"Das Tabellenblatt „{sheet}“ gibt es in der Datei nicht (vorhanden: "
                          + ", ".join(f"„{n}“" for n in names) + ").")
    strings = _shared_strings(wb, budget, deadline)
    dates = _date_styles(wb, budget, deadline)
    summaries: dict[str, SheetSummary] = {}
    best: tuple[float, str, Grid] | None = None
    for index, (name, path) in enumerate(wb.sheets):
        if sheet is not None and name != sheet:
            continue
        try:
            grid = _read_sheet(wb, name, path, strings, dates, budget, deadline)
        except SheetRefused as exc:
            if sheet is not None:
                raise
            summaries[name] = SheetSummary(name, 0, str(exc))
            continue
        summaries[name] = SheetSummary(name, len(grid.rows), "")
        if not grid.rows:
            continue
        # only the best sheet so far stays in memory
        score = score_sheet(grid) if (score_sheet and sheet is None) else -index
        if best is None or score > best[0]:
            best = (score, name, grid)
    if best is None:
        if sheet is not None:
            raise ReadRefused(f"Das Tabellenblatt „{sheet}“ ist leer.")
        refusals = [s.refusal for s in summaries.values() if s.refusal]
        raise ReadRefused(refusals[0] if refusals else "Die Excel-Datei enthält nur leere Tabellenblätter.")
    return Source(file_name, "Excel (.xlsx)", names, best[1], best[2],
                  [summaries.get(n, SheetSummary(n, -1, "")) for n in names])
