"""The survey report as PDF (A4): active filters, one section per question (chart image, table, one-sentence
summary), data state and source. Every page says "BEISPIELDATEN" in its header while sample answers are
loaded. Fonts and styles: exports.pdfstyle, as in the Steckbrief."""
from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from data.formatting import date_long, date_short, number, percent
from exports.pdfstyle import (
    AUTHOR,
    GREY,
    SAMPLE_HEADER,
    SAMPLE_MARK,
    WARN,
    draw_footer,
    fonts,
    footer_height,
    grid,
    pdf_text,
    sample_warning,
)
from exports.pdfstyle import styles as pdf_styles

MARGIN = 15 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
MAX_IMAGE_HEIGHT = 150 * mm
# Text that reads as a number in German format ("1.234", "-2,5", "35 %"): right-aligned like numbers.
_NUMERIC_TEXT = re.compile(r"^[-\u2212]?(\d{1,3}(\.\d{3})*|\d+)(,\d+)?([\s\u00a0\u202f]?%)?$")


@dataclass(frozen=True)
class ReportSection:
    """One block of the report: a heading, then the chart image and/or the table, then the summary."""

    heading: str
    summary: str = ""
    chart_png: bytes | None = None  # from exports.images.chart_png, without a title of its own (the heading is it)
    table: pd.DataFrame | None = None  # shares as fractions in the columns named in table.attrs["percent_columns"]
    note: str = ""  # e.g. why a result is not shown


def _png_size(png: bytes) -> tuple[int, int]:
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("Diagrammbild ist keine PNG-Datei")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _image(png: bytes) -> Image:
    """The chart across the text width, lower if it would be taller than MAX_IMAGE_HEIGHT."""
    w, h = _png_size(png)
    width = FRAME_WIDTH
    height = width * h / w
    if height > MAX_IMAGE_HEIGHT:
        width, height = width * MAX_IMAGE_HEIGHT / height, MAX_IMAGE_HEIGHT
    img = Image(io.BytesIO(png), width=width, height=height)
    img.hAlign = "LEFT"
    return img


def _cell_text(value: object) -> tuple[str, bool]:
    """A cell in German format, and whether it is a number (right-aligned)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "–", False
    if isinstance(value, (bool, np.bool_)):
        return ("ja" if value else "nein"), False
    if isinstance(value, (int, np.integer)):
        return number(int(value)), True
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "–", True
        return number(value, 0 if value.is_integer() else 2), True
    if isinstance(value, (dt.date, pd.Timestamp)):
        return date_short(value), False
    text = str(value)
    return text, bool(_NUMERIC_TEXT.match(text.strip()))


CELL_PADDING = 6  # points: the table style (exports.pdfstyle.grid) pads 3 pt on either side
TABLE_FONT_SIZES = (8, 7.5, 7, 6.5)  # a wide table is set smaller until its longest words fit side by side
LONG_TABLE_ROWS = 20  # more rows than fit a page beside a heading: the table flows on, its header repeated


def longest_words(headers: list[str], rows: list[list[str]], head_style, cell_style) -> list[float]:
    """Per column, the width of its longest word (header or cell) with the cell padding."""
    def width(text: str, style) -> float:
        return stringWidth(text, style.fontName, style.fontSize)

    return [max(width(w, st) for t, st in [(h, head_style)] + [(r[j], cell_style) for r in rows]
                for w in (t.split() or [""])) + CELL_PADDING for j, h in enumerate(headers)]


def column_widths(headers: list[str], rows: list[list[str]], head_style, cell_style,
                  frame_width: float = FRAME_WIDTH) -> list[float]:
    """Widths in points: every column at least as wide as its longest word (no word split mid-way, such as
    "Einwoh|ner"), the rest of the frame shared in proportion to how much wider each column's longest entry
    is (a long name wraps at its spaces). Only when the longest words alone exceed the frame are all
    columns narrowed alike."""
    words = longest_words(headers, rows, head_style, cell_style)
    whole = [max(stringWidth(t, st.fontName, st.fontSize) for t, st in [(h, head_style)]
                 + [(r[j], cell_style) for r in rows]) + CELL_PADDING for j, h in enumerate(headers)]
    spare = frame_width - sum(words)
    if spare <= 0:
        return [frame_width * w / sum(words) for w in words]
    extra = [max(a - b, 0.0) for a, b in zip(whole, words)]
    if not sum(extra):
        return [w + spare / len(words) for w in words]
    return [w + min(e, spare * e / sum(extra)) for w, e in zip(words, extra)]


def table_styles(headers: list[str], rows: list[list[str]], styles: dict) -> dict:
    """The cell styles at the largest of TABLE_FONT_SIZES at which the longest words fit the frame."""
    for size in TABLE_FONT_SIZES:
        sized = {k: ParagraphStyle(f"{k}{size}", parent=styles[k], fontSize=size, leading=size * 1.25)
                 for k in ("cell", "cell_r", "cellb", "cellb_r")}
        if sum(longest_words(headers, rows, sized["cellb"], sized["cell"])) <= FRAME_WIDTH:
            break
    return sized


def _data_table(frame: pd.DataFrame, styles: dict) -> Table:
    shares = set(frame.attrs.get("percent_columns", ()))
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    headers = [str(c) for c in frame.columns]
    cells = [[(percent(v), True) if c in shares and isinstance(v, (int, float, np.number)) and not pd.isna(v)
              else _cell_text(v) for c, v in zip(frame.columns, row)]
             for row in frame.itertuples(index=False, name=None)]
    numeric = [bool(cells) and all(c[j][1] or c[j][0] == "–" for c in cells) for j in range(len(headers))]
    texts = [[t for t, _ in r] for r in cells]
    styles = table_styles(headers, texts, styles)
    widths = column_widths(headers, texts, styles["cellb"], styles["cell"])
    head = [Paragraph(pdf_text(h), styles["cellb_r" if numeric[j] else "cellb"]) for j, h in enumerate(headers)]
    body = [[Paragraph(pdf_text(text), styles["cell_r" if numeric[j] else "cell"]) for j, (text, _) in enumerate(r)]
            for r in cells]
    table = Table([head] + body, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle(grid(header=True)))
    return table


def build_report(*, title: str, filters_text: str, sections: list[ReportSection], data_state: str, source: str,
                 sample_data: bool, created: dt.date) -> bytes:
    """The report as PDF bytes."""
    regular, bold = fonts()
    styles = pdf_styles(title_space_after=1.5 * mm)

    def p(text: object, style: str = "body") -> Paragraph:
        return Paragraph(pdf_text(text), styles[style])

    source_text = re.sub(r"^\s*Quellen?:\s*", "", source)  # the label is written once, here
    footer_width = A4[0] - 2 * MARGIN

    def footer_texts(page: int) -> list[str]:
        return [f"Quelle: {source_text}", f"erstellt am {date_short(created)} · Seite {page}"]

    # The bottom margin leaves room for the whole footer, however long the source line is.
    bottom = 8 * mm + footer_height(footer_texts(999), footer_width) + 3 * mm

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, A4[1] - 10 * mm, AUTHOR)
        draw_footer(canvas, footer_texts(doc.page), MARGIN, 8 * mm, footer_width)
        if sample_data:
            canvas.setFont(bold, 8)
            canvas.setFillColor(WARN)
            canvas.drawRightString(A4[0] - MARGIN, A4[1] - 10 * mm, SAMPLE_HEADER)
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=16 * mm,
                            bottomMargin=max(16 * mm, bottom), title=title, author=AUTHOR,
                            subject="Bericht zur Kurzbefragung", creator=AUTHOR)
    story: list = [p(title, "title"), p(f"Erstellt am {date_long(created)}", "small")]
    if sample_data:
        story += [Spacer(1, 2 * mm), p(sample_warning(), "warn")]
    story += [p("Aktive Filter", "h2"), p(filters_text or "Keine Filter – alle Kommunen."),
              p("Datenstand", "h2"), p(data_state)]

    for section in sections:
        block: list = [p(section.heading, "h2")]
        if section.chart_png:
            block += [_image(section.chart_png), Spacer(1, 1.5 * mm)]
        if section.summary:
            block += [p(section.summary), Spacer(1, 1.5 * mm)]
        if section.note:
            block += [p(section.note, "small"), Spacer(1, 1.5 * mm)]
        if section.table is not None and len(section.table.columns):
            block += [_data_table(section.table, styles), Spacer(1, 3 * mm)]
        # Heading, chart, summary and a short table stay on one page; a long table starts right under its
        # heading (a kept-together block taller than the rest of the page would leave that rest empty).
        story.append(CondPageBreak(40 * mm))
        long_table = section.table is not None and len(section.table) > LONG_TABLE_ROWS
        if long_table:
            story.extend(block)
        else:
            story.append(KeepTogether(block))

    story += [p("Datenstand und Quellen", "h2"), p(data_state), p(f"Quelle: {source_text}", "small")]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


__all__ = ["ReportSection", "SAMPLE_MARK", "build_report"]
