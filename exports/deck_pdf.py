"""A slide deck as PDF: 16:9, one page per slide, charts as vector graphics (text stays text), the title, the
takeaway and the source/n/Beispieldaten line on every page.

reportlab draws each page's text; vl-convert draws each chart as a one-page PDF, which pypdf places into the
chart area of its page (scaled, never rasterised). Built from views.deck.DeckView, so the file says what the
screen says.
"""
from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas as pdfcanvas

from data.formatting import date_long
from exports import deck_charts
from exports.pdfstyle import AUTHOR, SAMPLE_HEADER, fonts
from views.deck import TITLE, DeckView, SlideView

PAGE_W, PAGE_H = 960.0, 540.0  # pt: 13,33 × 7,5 Zoll, PowerPoint's 16:9
MARGIN = 36.0
PRIMARY = colors.HexColor("#0b5394")
INK = colors.HexColor("#1b1b1b")
GREY = colors.HexColor("#4a4a4a")
WARN = colors.HexColor("#8a4b00")
TITLE_SIZE, TAKEAWAY_SIZE, BODY_SIZE, FOOT_SIZE = 26.0, 18.0, 16.0, 9.5
CHART_TOP = 150.0  # pt from the top edge: below title and takeaway
CHART_BOTTOM = 58.0  # pt from the bottom edge: above the source line


def _text(value: object) -> str:
    """Vera has no glyph for the narrow no-break space of "35 %"."""
    return str(value).replace("\u202f", "\u00a0").replace("\u2009", " ")


def _lines(text: str, font: str, size: float, width: float, limit: int) -> list[str]:
    lines = simpleSplit(_text(text), font, size, width)
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1].rstrip(" ,.;:") + " …"
    return lines


def chart_box(text_bottom: float) -> tuple[float, float, float, float]:
    """(x, y, width, height) in pt, origin bottom left: the chart's area between the text above it (ending at
    `text_bottom`) and the source line."""
    top = min(PAGE_H - CHART_TOP, text_bottom - 12)
    return MARGIN, CHART_BOTTOM, PAGE_W - 2 * MARGIN, top - CHART_BOTTOM


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 12 and stringWidth(_text(text), font, size) > width:
        size -= 2
    return size


def _draw_slide(c: pdfcanvas.Canvas, deck: DeckView, slide: SlideView, number: int, fonts: tuple[str, str]) -> float:
    """Draw the slide's text; returns where the text ends (pt from the bottom)."""
    regular, bold = fonts
    width = PAGE_W - 2 * MARGIN
    y = PAGE_H - MARGIN
    if slide.kind == TITLE:
        y = PAGE_H * 0.64
        c.setFillColor(PRIMARY)
        c.setFont(bold, 40)
        for line in _lines(slide.title, bold, 40, width, 2):
            c.drawString(MARGIN, y, line)
            y -= 48
        c.setFillColor(INK)
        c.setFont(regular, 22)
        for line in _lines(slide.takeaway, regular, 22, width, 2):
            c.drawString(MARGIN, y, line)
            y -= 30
        y -= 14
        c.setFont(regular, BODY_SIZE)
        c.setFillColor(GREY)
        for text in slide.lines:
            for line in _lines(text, regular, BODY_SIZE, width, 2):
                c.drawString(MARGIN, y, line)
                y -= BODY_SIZE + 6
    else:
        c.setFillColor(PRIMARY)
        c.setFont(bold, TITLE_SIZE)
        for line in _lines(slide.title, bold, TITLE_SIZE, width, 2):
            y -= TITLE_SIZE
            c.drawString(MARGIN, y, line)
            y -= 4
        if slide.takeaway:
            c.setFillColor(INK)
            c.setFont(regular, TAKEAWAY_SIZE)
            y -= 8
            for line in _lines(slide.takeaway, regular, TAKEAWAY_SIZE, width, 2):
                y -= TAKEAWAY_SIZE
                c.drawString(MARGIN, y, line)
                y -= 3
        if slide.figures:
            box_w = (width - 3 * 18) / 4
            top = PAGE_H - CHART_TOP - 20
            for i, f in enumerate(slide.figures):
                x = MARGIN + i * (box_w + 18)
                c.setFillColor(colors.HexColor("#f2f5f8"))
                c.roundRect(x, top - 190, box_w, 190, 8, stroke=0, fill=1)
                c.setFillColor(GREY)
                c.setFont(regular, 18)
                c.drawString(x + 16, top - 36, _text(f.label))
                c.setFillColor(PRIMARY)
                c.setFont(bold, _fit_size(f.value, bold, 54, box_w - 32))
                c.drawString(x + 16, top - 110, _text(f.value))
                c.setFillColor(INK)
                c.setFont(regular, 16)
                for j, line in enumerate(_lines(f.note, regular, 16, box_w - 32, 2)):
                    c.drawString(x + 16, top - 145 - j * 20, line)
        if slide.note:
            c.setFillColor(INK)
            c.setFont(regular, 20)
            yy = PAGE_H - CHART_TOP - 40
            for line in _lines(slide.note, regular, 20, width, 4):
                c.drawString(MARGIN, yy, line)
                yy -= 28
    # Footer: the source/n/Beispieldaten line, the slide number, and the sample mark on every page.
    c.setStrokeColor(colors.HexColor("#c8c8c8"))
    c.setLineWidth(0.6)
    c.line(MARGIN, 40, PAGE_W - MARGIN, 40)
    c.setFillColor(GREY)
    c.setFont(regular, FOOT_SIZE)
    source = slide.source or "Quelle: Smart-City-Dashboard Sachsen-Anhalt"
    for i, line in enumerate(_lines(source, regular, FOOT_SIZE, width - 200, 2)):
        c.drawString(MARGIN, 27 - i * 12, line)
    c.drawRightString(PAGE_W - MARGIN, 27, _text(f"Folie {number} / {deck.total} · {date_long(deck.created)}"))
    if deck.sample_data:
        c.setFillColor(WARN)
        c.setFont(bold, 10)
        c.drawRightString(PAGE_W - MARGIN, 14, SAMPLE_HEADER)
    return y


def build_deck_pdf(deck: DeckView) -> bytes:
    """The deck as PDF bytes: one 16:9 page per slide."""
    fonts_ = fonts()
    base = io.BytesIO()
    c = pdfcanvas.Canvas(base, pagesize=(PAGE_W, PAGE_H))
    c.setTitle(f"Foliensatz {deck.theme}")
    c.setAuthor(AUTHOR)
    c.setSubject(deck.series or "Foliensatz")
    c.setCreator(AUTHOR)
    text_bottoms = []
    for i, slide in enumerate(deck.slides, start=1):
        text_bottoms.append(_draw_slide(c, deck, slide, i, fonts_))
        c.showPage()
    c.save()

    writer = PdfWriter(clone_from=io.BytesIO(base.getvalue()))
    for page, slide, text_bottom in zip(writer.pages, deck.slides, text_bottoms, strict=False):
        if slide.chart is not None:
            x, y, w, h = chart_box(text_bottom)
            chart = PdfReader(io.BytesIO(deck_charts.chart_pdf(slide.chart))).pages[0]
            cw, ch = float(chart.mediabox.width), float(chart.mediabox.height)
            scale = min(w / cw, h / ch)
            dx = x + (w - cw * scale) / 2
            page.merge_transformed_page(chart, Transformation().scale(scale, scale).translate(dx, y + h - ch * scale))
    writer.add_metadata({"/Title": f"Foliensatz {deck.theme}", "/Author": AUTHOR})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["PAGE_H", "PAGE_W", "build_deck_pdf"]
