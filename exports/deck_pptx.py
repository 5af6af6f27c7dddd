"""A slide deck as PowerPoint (.pptx, python-pptx): 16:9, one slide per slide, titles, takeaways and key
figures as editable text, charts as high-resolution pictures (PNG, twice the 1920×1080 screen size), the
source/n/Beispieldaten line on every slide and the speaker notes with n and source.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from data.formatting import SAMPLE_LABEL, SAMPLE_MEANING, date_long
from exports import deck_charts
from views.deck import TITLE, DeckView, SlideView

SLIDE_W, SLIDE_H = Emu(12_192_000), Emu(6_858_000)  # 13,33 × 7,5 Zoll (16:9)
PT = 12_700  # EMU per point
MARGIN = 36 * PT
PRIMARY = RGBColor(0x0B, 0x53, 0x94)
INK = RGBColor(0x1B, 0x1B, 0x1B)
GREY = RGBColor(0x4A, 0x4A, 0x4A)
WARN = RGBColor(0x8A, 0x4B, 0x00)
FONT = "Calibri"
SAMPLE_MARK = "BEISPIELDATEN – keine echten Antworten"


def _text(value: object) -> str:
    return str(value).replace("\u202f", "\u00a0")


def _box(slide, x: int, y: int, w: int, h: int, text: str, size: float, *, bold: bool = False,
         colour: RGBColor = INK, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, name: str = ""):
    shape = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = 0
    lines = str(text).split("\n")
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = _text(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = colour
    return shape


def _content(slide, view: SlideView) -> int:
    """Title, takeaway, figures or note; returns where the chart may start (EMU from the top)."""
    width = SLIDE_W - 2 * MARGIN
    if view.kind == TITLE:
        _box(slide, MARGIN, int(SLIDE_H * 0.26), width, 60 * PT, view.title, 40, bold=True, colour=PRIMARY,
             anchor=MSO_ANCHOR.BOTTOM, name="Titel")
        _box(slide, MARGIN, int(SLIDE_H * 0.26) + 66 * PT, width, 34 * PT, view.takeaway, 22, name="Untertitel")
        _box(slide, MARGIN, int(SLIDE_H * 0.26) + 110 * PT, width, 120 * PT, "\n".join(view.lines), 16,
             colour=GREY, name="Workshops")
        return SLIDE_H
    title_lines = 2 if len(view.title) > 62 else 1
    title_h = (title_lines * 32 + 6) * PT
    _box(slide, MARGIN, 26 * PT, width, title_h, view.title, 26, bold=True, colour=PRIMARY, name="Titel")
    y = 26 * PT + title_h + 4 * PT
    if view.takeaway:
        take_lines = 2 if len(view.takeaway) > 95 else 1
        take_h = (take_lines * 23 + 4) * PT
        _box(slide, MARGIN, y, width, take_h, view.takeaway, 18, name="Kernaussage")
        y += take_h + 8 * PT
    if view.figures:
        gap = 18 * PT
        box_w = (width - 3 * gap) // 4
        for i, f in enumerate(view.figures):
            x = MARGIN + i * (box_w + gap)
            card = slide.shapes.add_shape(1, Emu(x), Emu(y + 20 * PT), Emu(box_w), Emu(190 * PT))  # rectangle
            card.fill.solid()
            card.fill.fore_color.rgb = RGBColor(0xF2, 0xF5, 0xF8)
            card.line.fill.background()
            _box(slide, x + 16 * PT, y + 32 * PT, box_w - 32 * PT, 26 * PT, f.label, 18, colour=GREY)
            _box(slide, x + 16 * PT, y + 66 * PT, box_w - 32 * PT, 70 * PT, f.value, 48 if len(f.value) <= 5 else 36,
                 bold=True, colour=PRIMARY)
            _box(slide, x + 16 * PT, y + 146 * PT, box_w - 32 * PT, 50 * PT, f.note, 16)
    if view.note:
        _box(slide, MARGIN, y + 20 * PT, width, 120 * PT, view.note, 20, name="Hinweis")
    return y


def _footer(slide, deck: DeckView, view: SlideView, number: int) -> None:
    width = SLIDE_W - 2 * MARGIN
    source = view.source or "Quelle: Smart-City-Dashboard Sachsen-Anhalt"
    _box(slide, MARGIN, SLIDE_H - 44 * PT, width - 220 * PT, 32 * PT, source, 10, colour=GREY, name="Quelle")
    _box(slide, SLIDE_W - MARGIN - 220 * PT, SLIDE_H - 44 * PT, 220 * PT, 14 * PT,
         f"Folie {number} / {deck.total} · {date_long(deck.created)}", 10, colour=GREY, align=PP_ALIGN.RIGHT)
    if deck.sample_data:
        _box(slide, SLIDE_W - MARGIN - 260 * PT, SLIDE_H - 28 * PT, 260 * PT, 14 * PT, SAMPLE_MARK, 10, bold=True,
             colour=WARN, align=PP_ALIGN.RIGHT, name="Beispieldaten")


def _notes(deck: DeckView, view: SlideView) -> str:
    parts = [view.notes or view.takeaway or view.title]
    if view.n is not None and f"n = {view.n}" not in parts[0]:
        parts.append(f"n = {view.n} antwortende Kommunen.")
    if view.source:
        parts.append(view.source + ".")
    if deck.sample_data:
        parts.append(f"{SAMPLE_LABEL}: {SAMPLE_MEANING}.")
    return "\n".join(parts)


def build_deck_pptx(deck: DeckView) -> bytes:
    """The deck as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]
    prs.core_properties.title = f"Foliensatz {deck.theme}"
    prs.core_properties.author = "Smart-City-Dashboard Sachsen-Anhalt"
    prs.core_properties.subject = deck.series or "Foliensatz"
    for number, view in enumerate(deck.slides, start=1):
        slide = prs.slides.add_slide(blank)
        top = _content(slide, view)
        if view.chart is not None:
            png = deck_charts.chart_png(view.chart)
            bottom = SLIDE_H - 54 * PT
            box_w, box_h = SLIDE_W - 2 * MARGIN, bottom - top
            ratio = deck_charts.SCREEN_WIDTH / deck_charts.SCREEN_HEIGHT
            w, h = (box_w, int(box_w / ratio)) if box_w / ratio <= box_h else (int(box_h * ratio), box_h)
            picture = slide.shapes.add_picture(io.BytesIO(png), Emu(MARGIN + (box_w - w) // 2), Emu(top), Emu(w),
                                               Emu(h))
            picture.name = "Diagramm"
            picture._element.nvPicPr.cNvPr.set("descr", view.alt or view.title)
        _footer(slide, deck, view, number)
        slide.notes_slide.notes_text_frame.text = _notes(deck, view)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


__all__ = ["SLIDE_H", "SLIDE_W", "build_deck_pptx"]
