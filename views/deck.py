"""A slide deck as plain data: what each slide shows (title, one-line takeaway, chart or key figures, the
source/n/Beispieldaten line, speaker notes). The page /folien draws it, exports/deck_pdf.py and
exports/deck_pptx.py print it – all from the same view model, so screen and file say the same.

Every deck opens with a title slide naming its workshops (data/workshops.csv), then follows
data/foliensaetze.yaml. Figures come from data.disclosure only (the cover of the selection, like every page): a
figure that is not shown gives its reason and no takeaway, a hidden size group is not described, and a figure of a
larger group than the selection says which.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from data.disclosure import Selection, WaveDisclosure, disclosure_of
from data.filters import Choices, Filters, describe, filter_units
from data.formatting import SAMPLE_LABEL, date_long, number, percent
from data.loading import Dataset
from data.overview import participation_counts, series_facts
from data.slides import Sequence, Slide
from data.survey import breakdown_by_size, question_result
from views import slide_charts, takeaways
from views.sources import WORKSHOPS_SOURCE, store_version_text

TITLE, OVERVIEW, MAP, QUESTION, SIZES = "titel", "uebersicht", "karte", "frage", "groessen"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class SlideView:
    """One slide. `chart` is a Vega-Lite dict sized "container" (exports set pixels)."""

    kind: str
    title: str
    takeaway: str = ""
    chart: dict | None = None
    figures: tuple[KeyFigure, ...] = ()
    lines: tuple[str, ...] = ()  # the title slide's lines (series, workshops)
    note: str = ""  # shown instead of a chart, e.g. why a result is not shown
    source: str = ""  # the line at the bottom: selection, n, source, Beispieldaten
    n: int | None = None
    alt: str = ""  # text alternative of the chart
    notes: str = ""  # speaker notes (PowerPoint)


@dataclass(frozen=True)
class DeckView:
    theme: str
    slides: tuple[SlideView, ...]
    selection: str  # the active filters in words
    sample_data: bool
    created: dt.date
    series: str = ""

    @property
    def total(self) -> int:
        return len(self.slides)


@dataclass(frozen=True)
class DeckInput:
    """What a deck is built from besides the data: the imported district areas (GeoJSON) if any."""

    district_areas: dict | None = None
    areas_source: str = ""  # attribution of the boundaries, e.g. "© GeoBasis-DE / BKG 2021 (Daten verändert)"
    created: dt.date = field(default_factory=dt.date.today)


def survey_source(ds: Dataset) -> str:
    """The survey named as views.sources names it (a slide says "Beispieldaten" on its own)."""
    return f"Quelle: {ds.survey.name}{store_version_text(ds.survey)}"


def _line(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def workshop_lines(workshops: pd.DataFrame, theme: str) -> tuple[str, ...]:
    """ "1. Auftaktveranstaltung – 27. April 2023, Magdeburg" for each workshop of the theme."""
    w = workshops[workshops["theme"] == theme].sort_values("date")
    return tuple(f"{int(r.number)}. {r.title} – {date_long(r.date)}, {r.venue}" for r in w.itertuples(index=False))


def title_slide(ds: Dataset, seq: Sequence, selection: str) -> SlideView:
    series = str(ds.program.get("series_title", "Sachsen-Anhalt digital"))
    lines = workshop_lines(ds.workshops, seq.theme)
    organiser = str(ds.program.get("organiser", ""))
    workshop_text = "; ".join(lines) if lines else "kein Workshop zu diesem Themenfeld"
    return SlideView(
        TITLE, seq.theme, takeaway=series,
        lines=(lines or ("Zu diesem Themenfeld ist kein Workshop eingetragen.",)) + ((organiser,) if organiser else ()),
        source=_line(selection, WORKSHOPS_SOURCE),
        notes=f"Foliensatz „{seq.theme}“. Workshops: {workshop_text}.",
    )


def overview_slide(ds: Dataset, seq: Sequence, filters: Filters, units: pd.DataFrame, selection: str,
                   wd: WaveDisclosure) -> SlideView:
    counts = participation_counts(ds.units, units, ds.workshops, Filters((seq.theme,), filters.sizes,
                                                                         filters.districts, filters.units), wd)
    facts = series_facts(ds.program, ds.participants, ds.workshops)
    invited_text = f"{facts.invited_qualifier} {number(facts.invited)}".strip()
    # Without filters the programme's own figures are facts; with filters the registrations come from
    # participants.csv (a fact) and the questionnaires from the answers, on the cover of the selection.
    filtered = bool(filters.sizes or filters.districts or filters.units)
    registered = counts.registered if filtered else facts.registered
    answered = (counts.answered if counts.answered_shown else 0) if filtered else facts.questionnaires
    figures = (
        KeyFigure("Eingeladen", invited_text, "Kommunen"),
        KeyFigure("Angemeldet", number(registered), "für die ganze Reihe"),
        KeyFigure("Fragebögen", number(answered) if not filtered or counts.answered_shown else "–",
                  "zurückgesandt" + (f" ({SAMPLE_LABEL})" if filtered and ds.sample_data else "")),
        KeyFigure("Workshops", number(counts.workshops), "in diesem Themenfeld"),
    )
    return SlideView(
        OVERVIEW, f"{seq.theme}: Beteiligung", takeaway=takeaways.overview_takeaway(answered, registered, filtered),
        figures=figures,
        source=_line(selection, "Quelle: Workshopreihe (Einladungen, Anmeldungen, Fragebögen)",
                     counts.answered_note if filtered else "", SAMPLE_LABEL if filtered and ds.sample_data else ""),
        notes=(f"Eingeladen {invited_text} Kommunen, angemeldet {number(registered)}, Fragebögen {number(answered)}, "
               f"Workshops in diesem Themenfeld {number(counts.workshops)}."),
    )


def _shares(table: pd.DataFrame) -> dict[str, float]:
    return {str(o): float(s) for o, s in zip(table["option"], table["share"], strict=False)}


def question_slide(ds: Dataset, slide: Slide, sel: Selection, selection: str, wd: WaveDisclosure) -> SlideView:
    q = ds.questions.set_index("id").loc[slide.question_id]
    q = pd.concat([pd.Series({"id": slide.question_id}), q])
    text = str(q["text"])
    multi = q["type"] == "multi"
    result = question_result(wd, slide.question_id, sel)
    source = survey_source(ds)
    sample = SAMPLE_LABEL if ds.sample_data else ""
    if result.suppressed:
        note = f"Nicht dargestellt: {result.reason}."
        return SlideView(slide.view, text, note=note + " Ergebnisse werden erst ab drei antwortenden Kommunen gezeigt.",
                         source=_line(selection, source, sample), n=result.n,
                         notes=f"{note} {source}.")
    n_text = f"n = {number(result.n)} antwortende Kommunen" + (f" ({result.scope})" if not result.exact else "")
    breakdown = breakdown_by_size(wd, slide.question_id, sel)
    groups = [takeaways.ShownShares(str(g), int(part["n"].iloc[0]), _shares(part))
              for g, part in breakdown[breakdown["shown"]].groupby("size_class", sort=False)]
    overall = takeaways.ShownShares(takeaways.OVERALL, result.n, _shares(result.table))
    phrases = dict(slide.phrases)
    rows = "; ".join(f"{o}: {c} von {result.n}"
                     for o, c in zip(result.table["option"], result.table["count"], strict=True))
    if slide.view == SIZES:
        if not breakdown["shown"].any():
            return SlideView(SIZES, text, note="Keine Größenklasse hat genug Antworten für eine Aufschlüsselung.",
                             source=_line(selection, n_text, source, sample), n=result.n,
                             notes=f"{n_text}. {source}.")
        takeaway = takeaways.question_takeaway(overall, groups, phrases, multi)
        chart = slide_charts.size_breakdown(breakdown, tuple(q["options"]), description=f"{text} – nach Größenklasse")
        hidden = breakdown[~breakdown["shown"]].drop_duplicates("size_class")
        hidden_text = "".join(f" {g}: {r}." for g, r in zip(hidden["size_class"], hidden["reason"], strict=False))
        return SlideView(SIZES, text, takeaway=takeaway, chart=chart, n=result.n,
                         source=_line(selection, n_text, source, sample, "nach Gemeindegrößenklasse"),
                         alt=f"Antworten auf „{text}“ nach Gemeindegrößenklasse. {takeaway}",
                         notes=f"{takeaway} {n_text}. Insgesamt: {rows}.{hidden_text} {source}.")
    # The chart shows all answering units only: so does its sentence (a size class stands out on the slide that
    # breaks the answers down by size, beside its bars).
    takeaway = takeaways.question_takeaway(overall, (), phrases, multi)
    chart = slide_charts.question_bars(result.table, multi=multi, description=f"{text} – {n_text}")
    return SlideView(QUESTION, text, takeaway=takeaway, chart=chart, n=result.n,
                     source=_line(selection, n_text + (" (Mehrfachnennung)" if multi else ""), source, sample),
                     alt=f"{takeaway} {rows}.",
                     notes=f"{takeaway} {n_text}. {rows}. {source}.")


def district_shares(ds: Dataset, question_id: str, answer: str, sel: Selection,
                    wd: WaveDisclosure) -> list[slide_charts.DistrictShare]:
    """Share of `answer` per district, each on the cover of (selection ∩ district) as data.disclosure decides:
    districts that cannot be shown on their own carry the share of the larger group that covers them, and
    districts with nothing to show have share None."""
    figures = wd.by_district(question_id, sel)
    out = []
    for key, name in zip(ds.districts["district_key"], ds.districts["name"], strict=False):
        f = figures.get(str(key))
        if f is None or not f.shown or not f.n:
            out.append(slide_charts.DistrictShare(str(key), str(name), None, 0))
            continue
        t = f.table
        chose = int(t.loc[t["option"] == answer, "count"].sum())
        out.append(slide_charts.DistrictShare(str(key), str(name), chose / f.n, f.n))
    return out


def map_slide(ds: Dataset, slide: Slide, sel: Selection, selection: str, wd: WaveDisclosure, areas: dict | None,
              areas_source: str = "") -> SlideView:
    q = ds.questions.set_index("id").loc[slide.question_id]
    text = str(q["text"])
    shares = district_shares(ds, slide.question_id, slide.answer, sel, wd)
    shown = {d.name: d.share for d in shares if d.share is not None}
    hidden = len(shares) - len(shown)
    n = wd.figure(slide.question_id, sel).n  # districts may share a cover: never add them up
    takeaway = takeaways.map_takeaway(slide.answer, shown, hidden, len(shares))
    points = ds.municipalities[["lon", "lat", "district_key"]] if areas is None else None
    chart = slide_charts.district_map(shares, slide.answer, areas=areas, points=points,
                                      description=f"{text} – Anteil „{slide.answer}“ je Kreis")
    geometry = (f"Kreisgrenzen: {areas_source}" if areas_source else "") if areas is not None \
        else "Punkte: Verwaltungssitze der Gemeinden (GeoNames)"
    per_district = "; ".join(f"{d.name}: {percent(d.share)}" if d.share is not None
                             else f"{d.name}: nicht ausgewiesen" for d in shares)
    return SlideView(
        MAP, text, takeaway=takeaway, chart=chart, n=n,
        source=_line(selection, f"n = {number(n)} antwortende Kommunen", f"Anteil „{slide.answer}“ je Kreis",
                     survey_source(ds), geometry, SAMPLE_LABEL if ds.sample_data else ""),
        alt=f"Karte: Anteil „{slide.answer}“ je Kreis. {takeaway}",
        notes=f"{takeaway} Je Kreis: {per_district}. Kreise, die allein zu wenige Antworten haben, tragen den Wert "
              "der größeren Gruppe (Planungsregion); grau: ohne Wert. "
              f"n = {number(n)} antwortende Kommunen. {survey_source(ds)}.",
    )


def selection_text(filters: Filters, choices: Choices) -> str:
    """The active filters besides the deck's theme, or "" for all municipalities."""
    rest = Filters((), filters.sizes, filters.districts, filters.units)
    return f"Auswahl: {describe(rest, choices)}" if rest.active else ""


def build_deck(ds: Dataset, seq: Sequence, filters: Filters, choices: Choices,
               extra: DeckInput | None = None, wd: WaveDisclosure | None = None) -> DeckView:
    """Every slide of one deck under the shared filters (the theme is the deck's own). `wd`: the wave's
    disclosure when the caller holds a shared one (built from the Dataset otherwise)."""
    extra = extra or DeckInput()
    wd = wd or disclosure_of(ds)
    slide_filters = Filters((seq.theme,), filters.sizes, filters.districts, filters.units)
    units = filter_units(ds.units, slide_filters, ds.municipalities)
    selection = selection_text(filters, choices)
    sel = Selection.of(units["unit_key"], by_name=bool(filters.units))
    slides = [title_slide(ds, seq, selection)]
    for slide in seq.slides:
        if slide.view == OVERVIEW:
            slides.append(overview_slide(ds, seq, slide_filters, units, selection, wd))
        elif slide.view == MAP:
            slides.append(map_slide(ds, slide, sel, selection, wd, extra.district_areas, extra.areas_source))
        else:
            slides.append(question_slide(ds, slide, sel, selection, wd))
    return DeckView(seq.theme, tuple(slides), selection, ds.sample_data, extra.created,
                    str(ds.program.get("series_title", "")))
