"""The municipality one-pager ("Steckbrief") as PDF: facts, answers beside the peers, recommendations,
source and date; every page says "Beispieldaten" while sample answers are loaded."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

import reportlab

from data.formatting import date_long, date_short, number, percent
from data.profile import Facts, PeerGroup, Recommendation

_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
PRIMARY = colors.HexColor("#0b5394")
WARN = colors.HexColor("#8a4b00")


def _fonts() -> tuple[str, str]:
    """Bitstream Vera (shipped with reportlab) covers German umlauts, „“, – and €."""
    if "SCA-Regular" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("SCA-Regular", str(_FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("SCA-Bold", str(_FONT_DIR / "VeraBd.ttf")))
    return "SCA-Regular", "SCA-Bold"


@dataclass(frozen=True)
class QuestionComparison:
    text: str
    own: tuple[str, ...]
    options: tuple[str, ...]
    groups: tuple[PeerGroup, ...]


@dataclass(frozen=True)
class SteckbriefInput:
    facts: Facts
    comparisons: tuple[QuestionComparison, ...]
    recommendations: tuple[Recommendation, ...]
    workshops: tuple[tuple[str, str, float], ...]  # title, date text, km
    sample_data: bool
    source: str
    catalogue_draft: bool
    created: dt.date


def build_pdf(data: SteckbriefInput) -> bytes:
    regular, bold = _fonts()
    styles = {
        "title": ParagraphStyle("t", fontName=bold, fontSize=18, leading=22, textColor=PRIMARY, spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=4 * mm, spaceAfter=1.5 * mm,
                             textColor=PRIMARY),
        "body": ParagraphStyle("b", fontName=regular, fontSize=9, leading=12, alignment=TA_LEFT),
        "small": ParagraphStyle("s", fontName=regular, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")),
        "warn": ParagraphStyle("w", fontName=bold, fontSize=9, leading=12, textColor=WARN),
        "cell": ParagraphStyle("c", fontName=regular, fontSize=8, leading=10),
        "cellb": ParagraphStyle("cb", fontName=bold, fontSize=8, leading=10),
    }
    f = data.facts
    buf = io.BytesIO()

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(15 * mm, 12.5 * mm, f"Steckbrief {f.name} · erstellt am {date_short(data.created)} · "
                                              f"Seite {doc.page}")
        source = data.source if len(data.source) <= 150 else data.source[:147] + "…"
        canvas.drawString(15 * mm, 9 * mm, source)
        if data.sample_data:
            canvas.setFont(bold, 8)
            canvas.setFillColor(WARN)
            canvas.drawRightString(A4[0] - 15 * mm, A4[1] - 10 * mm, "BEISPIELDATEN – keine echten Antworten")
        canvas.restoreState()

    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=f"Steckbrief {f.name}", author="Smart-City-Dashboard Sachsen-Anhalt",
                            subject="Kommunenprofil")
    p = lambda text, style="body": Paragraph(escape(text), styles[style])  # noqa: E731
    story = [p(f"Steckbrief: {f.name}", "title"),
             p("Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten · Smart-City-Dashboard", "small")]
    if data.sample_data:
        story += [Spacer(1, 2 * mm), p("Beispieldaten: Die Antworten der Befragung sind erzeugte Beispieldaten, "
                                       "keine echten Angaben der Kommune.", "warn")]

    story.append(p("Fakten", "h2"))
    stand = f" (Stand {date_short(f.population_date)})" if f.population_date is not None else ""
    rows = [
        ["Art", f.kind],
        ["Landkreis", f.district_name],
        ["Einwohner", f"{number(f.population)}{stand}"],
        ["Fläche", f"{number(f.area_km2, 1)} km²"],
        ["Einwohner je km²", number(f.density)],
        ["Gemeindegrößenklasse", f.size_class],
        ["Angemeldet für die Workshopreihe", "ja" if f.registered else "nein"],
        ["Fragebogen beantwortet", ("ja" if f.answered else "nein") + (" (Beispieldaten)" if data.sample_data else "")],
    ]
    if f.members:
        rows.insert(2, ["Mitgliedsgemeinden", ", ".join(f.members)])
    if data.workshops:
        rows.append(["Workshops 2023 in der Nähe", "; ".join(f"{t} ({d}, {number(km)} km entfernt)"
                                                            for t, d, km in data.workshops)])
    story.append(_table([[p(a, "cellb"), p(b, "cell")] for a, b in rows], [55 * mm, 123 * mm]))

    story.append(p("Antworten im Vergleich", "h2"))
    if not data.comparisons:
        story.append(p("Keine Antworten aus der Befragung."))
    for c in data.comparisons:
        header = ["Antwort", "Eigene Antwort"] + [f"{g.label} (n\u00a0=\u00a0{number(g.n)})" for g in c.groups]
        body = [[p(h, "cellb") for h in header]]
        for opt in c.options:
            row = [p(opt, "cell"), p("ja" if opt in c.own else "", "cell")]
            for g in c.groups:
                if g.table is None:
                    row.append(p("–", "cell"))
                else:
                    r = g.table[g.table["option"] == opt].iloc[0]
                    row.append(p(f"{percent(r['share'])} ({number(int(r['count']))})", "cell"))
            body.append(row)
        hidden = [f"{g.label} ({g.reason})" for g in c.groups if g.table is None]
        block = [p(c.text, "cellb"), Spacer(1, 1 * mm),
                 _table(body, [46 * mm, 18 * mm] + [114 * mm / max(1, len(c.groups))] * len(c.groups), header=True)]
        if hidden:
            block.append(p("Nicht ausgewiesen, damit sich keine einzelne Antwort ablesen lässt: " + ", ".join(hidden),
                           "small"))
        block.append(Spacer(1, 2.5 * mm))
        story.append(KeepTogether(block))

    story.append(p("Nächste Schritte aus dem Baukasten" + (" (Entwurf)" if data.catalogue_draft else ""), "h2"))
    if not data.recommendations:
        story.append(p("Aus den Antworten ergibt sich keine Empfehlung."))
    for r in data.recommendations:
        b = r.block
        details = f"Aufwand: {b.aufwand} · Themenfeld: {b.themenfeld}"
        if b.foerderung:
            details += " · Förderung: " + "; ".join(b.foerderung)
        story.append(KeepTogether([
            p(b.titel, "cellb"), p("Warum: " + "; ".join(r.reasons), "cell"), p(b.beschreibung, "cell"),
            p(details, "small"), p(f"Quelle: {b.quelle}", "small"), Spacer(1, 2 * mm)]))

    story += [Spacer(1, 4 * mm), p(f"Quellen: {data.source}", "small")]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def _table(rows, widths, header: bool = False) -> Table:
    t = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8c8c8")),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3f8")))
    t.setStyle(TableStyle(style))
    return t


__all__ = ["QuestionComparison", "SteckbriefInput", "build_pdf", "date_long"]
