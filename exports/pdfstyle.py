"""The look of every PDF (page report and Steckbrief): fonts, colours, paragraph styles, table grid, the
sample-data marks and text escaping – set up once here."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
REGULAR = "SCA-Regular"
BOLD = "SCA-Bold"
PRIMARY = colors.HexColor("#0b5394")
WARN = colors.HexColor("#8a4b00")
GREY = colors.HexColor("#444444")
RULE = colors.HexColor("#c8c8c8")
HEAD = colors.HexColor("#eef3f8")
AUTHOR = "Smart-City-Dashboard Sachsen-Anhalt"
SAMPLE_MARK = "BEISPIELDATEN"
SAMPLE_HEADER = f"{SAMPLE_MARK} – keine echten Antworten"


def sample_warning(whose: str = "der Kommunen") -> str:
    """The sentence under the title while sample answers are loaded."""
    return f"Beispieldaten: Die Antworten der Befragung sind erzeugte Beispieldaten, keine echten Angaben {whose}."


def fonts() -> tuple[str, str]:
    """Bitstream Vera (shipped with reportlab) covers German umlauts, „“, – and €. Registered once per process."""
    names = pdfmetrics.getRegisteredFontNames()
    if REGULAR not in names:
        pdfmetrics.registerFont(TTFont(REGULAR, str(_FONT_DIR / "Vera.ttf")))
    if BOLD not in names:
        pdfmetrics.registerFont(TTFont(BOLD, str(_FONT_DIR / "VeraBd.ttf")))
    return REGULAR, BOLD


def styles(title_space_after: float = 2 * mm) -> dict[str, ParagraphStyle]:
    """The paragraph styles by name: title, h2, body, small, warn, and table cells (… _r: right-aligned)."""
    regular, bold = fonts()
    return {
        "title": ParagraphStyle("t", fontName=bold, fontSize=18, leading=22, textColor=PRIMARY,
                                spaceAfter=title_space_after),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=4 * mm, spaceAfter=1.5 * mm,
                             textColor=PRIMARY),
        "body": ParagraphStyle("b", fontName=regular, fontSize=9, leading=12),
        "small": ParagraphStyle("s", fontName=regular, fontSize=7.5, leading=9.5, textColor=GREY),
        "warn": ParagraphStyle("w", fontName=bold, fontSize=9, leading=12, textColor=WARN),
        "cell": ParagraphStyle("c", fontName=regular, fontSize=8, leading=10),
        "cell_r": ParagraphStyle("cr", fontName=regular, fontSize=8, leading=10, alignment=2),
        "cellb": ParagraphStyle("cb", fontName=bold, fontSize=8, leading=10),
        "cellb_r": ParagraphStyle("cbr", fontName=bold, fontSize=8, leading=10, alignment=2),
    }


def grid(header: bool) -> list[tuple]:
    """The table style: thin grey grid, top-aligned cells, a tinted header row."""
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, RULE),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD))
    return style


def pdf_text(text: object) -> str:
    """Escaped for reportlab's paragraph markup; the narrow spaces of "35 %" become no-break spaces (Vera has
    no glyph for U+202F / U+2009); line breaks stay line breaks."""
    s = str(text).replace("\u202f", "\u00a0").replace("\u2009", " ")
    return "<br/>".join(escape(line) for line in s.splitlines()) if s else ""


def page_text(text: str) -> str:
    """Text drawn straight onto the canvas (header, footer): no glyph-less narrow spaces either."""
    return str(text).replace("\u202f", "\u00a0").replace("\u2009", " ")


FOOTER_SIZE = 7
FOOTER_LEADING = 8.5


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` at spaces into lines no wider than `width` points (a word longer than the line is cut
    at characters, so nothing ever runs off the page)."""
    lines: list[str] = []
    current = ""
    for word in page_text(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while pdfmetrics.stringWidth(word, font, size) > width:  # a very long word: break it
            cut = len(word)
            while cut > 1 and pdfmetrics.stringWidth(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def footer_height(texts: list[str], width: float) -> float:
    """Height in points of the footer that draw_footer() draws for these texts."""
    regular, _ = fonts()
    return sum(len(wrap_text(t, regular, FOOTER_SIZE, width)) for t in texts) * FOOTER_LEADING


def draw_footer(canvas, texts: list[str], left: float, bottom: float, width: float) -> None:
    """The page footer: each text wrapped within `width`, the first text on top, the last line at `bottom`."""
    regular, _ = fonts()
    lines = [line for t in texts for line in wrap_text(t, regular, FOOTER_SIZE, width)]
    canvas.setFont(regular, FOOTER_SIZE)
    for i, line in enumerate(reversed(lines)):
        canvas.drawString(left, bottom + i * FOOTER_LEADING, line)
