"""The municipality one-pager ("Steckbrief") as PDF: facts, answers beside the peers, recommendations,
source and date; every page says "Beispieldaten" while sample answers are loaded."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from data.formatting import date_long, date_short, distance, number, percent, sample_mark
from data.profile import Facts, PeerGroup, Recommendation
from exports.pdfstyle import (
    AUTHOR,
    GREY,
    SAMPLE_HEADER,
    WARN,
    draw_footer,
    fonts,
    footer_height,
    grid,
    pdf_text,
    sample_warning,
)
from exports.pdfstyle import styles as pdf_styles


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
    own_visible: bool = True  # may the reader see this municipality's own answers (data.disclosure)?
    own_note: str = ""  # why not, in one sentence


def build_pdf(data: SteckbriefInput) -> bytes:
    regular, bold = fonts()
    styles = pdf_styles()
    f = data.facts
    buf = io.BytesIO()

    footer_width = A4[0] - 30 * mm

    def footer_texts(page: int) -> list[str]:
        return [f"Steckbrief {f.name} · erstellt am {date_short(data.created)} · Seite {page}",
                f"Quelle: {data.source}"]

    # The whole source stands in the footer, wrapped; the bottom margin makes room for it.
    bottom = 8 * mm + footer_height(footer_texts(999), footer_width) + 3 * mm

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(GREY)
        draw_footer(canvas, footer_texts(doc.page), 15 * mm, 8 * mm, footer_width)
        if data.sample_data:
            canvas.setFont(bold, 8)
            canvas.setFillColor(WARN)
            canvas.drawRightString(A4[0] - 15 * mm, A4[1] - 10 * mm, SAMPLE_HEADER)
        canvas.restoreState()

    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=16 * mm,
                            bottomMargin=max(16 * mm, bottom), title=f"Steckbrief {f.name}", author=AUTHOR,
                            subject="Kommunenprofil")
    def p(text: object, style: str = "body") -> Paragraph:
        return Paragraph(pdf_text(text), styles[style])

    story = [p(f"Steckbrief: {f.name}", "title"),
             p("Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten · Smart-City-Dashboard", "small")]
    if data.sample_data:
        story += [Spacer(1, 2 * mm), p(sample_warning("der Kommune"), "warn")]

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
    ]
    if data.own_visible:
        rows.append(["Fragebogen beantwortet",
                     ("ja" if f.answered else "nein") + sample_mark(data.sample_data, "paren")])
    if f.members:
        rows.insert(2, ["Mitgliedsgemeinden", ", ".join(f.members)])
    if data.workshops:
        rows.append(["Workshops 2023 in der Nähe", "; ".join(f"{t} ({d}, {distance(km, ' entfernt')})"
                                                            for t, d, km in data.workshops)])
    story.append(_table([[p(a, "cellb"), p(b, "cell")] for a, b in rows], [55 * mm, 123 * mm]))

    story.append(p("Antworten im Vergleich", "h2"))
    if not data.own_visible and data.own_note:
        story.append(p(data.own_note, "small"))
    if not data.comparisons:
        story.append(p("Keine Antworten aus der Befragung."))
    own_cols = 1 if data.own_visible else 0
    for c in data.comparisons:
        header = ["Antwort"] + (["Eigene Antwort"] if own_cols else []) \
            + [f"{g.label} (n\u00a0=\u00a0{number(g.n)})" for g in c.groups]
        body = [[p(h, "cellb") for h in header]]
        for opt in c.options:
            row = [p(opt, "cell")] + ([p("ja" if opt in c.own else "", "cell")] if own_cols else [])
            for g in c.groups:
                if g.table is None:
                    row.append(p("–", "cell"))
                else:
                    r = g.table[g.table["option"] == opt].iloc[0]
                    row.append(p(f"{percent(r['share'])} ({number(int(r['count']))})", "cell"))
            body.append(row)
        hidden = [f"{g.label} ({g.reason})" for g in c.groups if g.table is None]
        width = 132 * mm - 18 * mm * own_cols
        block = [p(c.text, "cellb"), Spacer(1, 1 * mm),
                 _table(body, [46 * mm] + [18 * mm] * own_cols + [width / max(1, len(c.groups))] * len(c.groups),
                        header=True)]
        if hidden:
            block.append(p("Nicht ausgewiesen: " + ", ".join(hidden), "small"))
        notes = [g.note for g in c.groups if getattr(g, "note", "")]
        if notes:
            block.append(p(" ".join(notes), "small"))
        block.append(Spacer(1, 2.5 * mm))
        story.append(KeepTogether(block))

    story.append(p("Nächste Schritte aus dem Baukasten" + (" (Entwurf)" if data.catalogue_draft else ""), "h2"))
    if not data.recommendations:
        story.append(p("Aus den Antworten ergibt sich keine Empfehlung."))
    for r in data.recommendations:
        b = r.block
        details = f"Aufwand: {b.effort} · Themenfeld: {b.theme}"
        if b.funding:
            details += " · Förderung: " + "; ".join(b.funding)
        story.append(KeepTogether([
            p(b.title, "cellb"), p("Warum: " + "; ".join(r.reasons), "cell"), p(b.description, "cell"),
            p(details, "small"), p(f"Quelle: {b.source}", "small"), Spacer(1, 2 * mm)]))

    story += [Spacer(1, 4 * mm), p(f"Quelle: {data.source}", "small")]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def _table(rows, widths, header: bool = False) -> Table:
    t = Table(rows, colWidths=widths, hAlign="LEFT")
    t.setStyle(TableStyle(grid(header)))
    return t


__all__ = ["QuestionComparison", "SteckbriefInput", "build_pdf", "date_long"]
