"""What the area map colours, and how: variables, classes, colours, legend, n and suppression.

Pure functions over the tidy frames; geo.mapbuilder draws the result. The colours come from geo.palette.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.disclosure import Selection, WaveDisclosure
from data.formatting import number, percent, sample_mark
from data.model import ANSWERED, municipality_status, present_size_classes
from geo.palette import AREA_STATUS, NO_DATA, SEQUENTIAL, SIZE_COLOURS, SUPPRESSED, class_index

# Round class limits, aligned with the size classes: readable from the back of a room and comparable
# between filter selections (data-driven breaks would move with every filter).
POPULATION_BREAKS = [0, 2_500, 5_000, 10_000, 20_000, 50_000, 100_000]
SHARE_BREAKS = [0.0, 0.2, 0.4, 0.6, 0.8]

PARTICIPATION = "beteiligung"
SIZE = "groesse"
POPULATION = "einwohner"
QUESTION_PREFIX = "frage:"


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str
    count: int | None = None


@dataclass(frozen=True)
class Colouring:
    """Fill colour per area key, with the legend that explains it."""

    level: str  # "gemeinden" or "kreise"
    fill: dict[str, str]
    title: str
    legend: list[LegendEntry]
    note: str = ""
    values: dict[str, str] = field(default_factory=dict)  # area key -> text for the tooltip


def variable_choices(questions: pd.DataFrame) -> dict[str, str]:
    """Key -> German label of everything the map can be coloured by (questions: those passed in)."""
    out = {PARTICIPATION: "Beteiligung an der Workshopreihe", SIZE: "Gemeindegrößenklasse", POPULATION: "Einwohnerzahl"}
    for q in questions.itertuples():
        out[QUESTION_PREFIX + q.id] = f"Frage: {q.text}"
    return out


NOT_NAMED_NOTE = ("Ob eine Kommune den Fragebogen beantwortet hat, zeigt die Karte nur für Kommunen, die der "
                  "namentlichen Veröffentlichung zugestimmt haben.")
NOT_REGISTERED = "Nicht angemeldet"  # "none" when the questionnaire may not be shown: it says nothing about it


def by_participation(municipalities: pd.DataFrame, units: pd.DataFrame, mask: pd.Series,
                     sample_data: bool, named: frozenset[str] | None = None) -> Colouring:
    """Registration (public) for every municipality; whether a unit answered – itself an answer – only for
    units in `named` (data.disclosure; None: every unit, for signed-in staff)."""
    if named is not None and len(units):
        units = units.assign(answered=units["answered"] & units["unit_key"].isin(named))
    status = municipality_status(municipalities, units)
    fill = {a: (AREA_STATUS[s][0] if m else NO_DATA) for a, s, m in zip(municipalities["ags"], status, mask)}
    counts = status[mask].value_counts()
    legend = []
    for key, (colour, label) in AREA_STATUS.items():
        if key in ANSWERED and named is not None and not named:
            continue  # nothing may be named: no questionnaire colours at all
        if key == "none" and named is not None:
            label = NOT_REGISTERED
        legend.append(LegendEntry(colour, label + sample_mark(sample_data and key in ANSWERED, "paren"),
                                  int(counts.get(key, 0))))
    values = {a: (NOT_REGISTERED if s == "none" and named is not None else AREA_STATUS[s][1])
              for a, s in zip(municipalities["ags"], status)}
    note = "Mitgliedsgemeinden tragen den Status ihrer Verbandsgemeinde."
    if named is not None:
        note += " " + NOT_NAMED_NOTE
    return Colouring("gemeinden", fill, "Beteiligung an der Workshopreihe (Gemeinden)", legend, note, values)


def by_size(municipalities: pd.DataFrame, mask: pd.Series) -> Colouring:
    cls = municipalities["unit_size_class"]
    fill = {a: (SIZE_COLOURS.get(c, NO_DATA) if m else NO_DATA) for a, c, m in zip(municipalities["ags"], cls, mask)}
    counts = cls[mask].value_counts()
    # Every class some unit falls into (also those the filters grey out, with 0), never a class no unit has.
    legend = [LegendEntry(SIZE_COLOURS[c], c, int(counts.get(c, 0))) for c in present_size_classes(cls)]
    return Colouring("gemeinden", fill, "Gemeindegrößenklasse der Einheit (Gemeinden)", legend,
                     "Mitgliedsgemeinden einer Verbandsgemeinde zählen mit deren Einwohnerzahl.",
                     dict(zip(municipalities["ags"], cls)))


def population_class(value: float, breaks: list[int] = POPULATION_BREAKS) -> int:
    idx = 0
    for i, b in enumerate(breaks):
        if value >= b:
            idx = i
    return idx


def population_labels(breaks: list[int] = POPULATION_BREAKS) -> list[str]:
    labels = []
    for i, lo in enumerate(breaks):
        if i + 1 < len(breaks):
            hi = breaks[i + 1] - 1
            labels.append(f"unter {number(breaks[1])}" if i == 0 else f"{number(lo)} bis {number(hi)}")
        else:
            labels.append(f"ab {number(lo)}")
    return labels


def by_population(municipalities: pd.DataFrame, mask: pd.Series) -> Colouring:
    classes = [population_class(v) for v in municipalities["population"]]
    fill = {a: (SEQUENTIAL[c] if m else NO_DATA) for a, c, m in zip(municipalities["ags"], classes, mask)}
    shown = pd.Series(classes, index=municipalities.index)[mask].value_counts()
    legend = [LegendEntry(SEQUENTIAL[i], label, int(shown.get(i, 0)))
              for i, label in enumerate(population_labels())]
    values = {a: f"{number(v)} Einwohner" for a, v in zip(municipalities["ags"], municipalities["population"])}
    return Colouring("gemeinden", fill, "Einwohnerzahl (Gemeinden)", legend, "", values)


def share_class(share: float) -> int:
    return class_index(share, SHARE_BREAKS)


def share_labels() -> list[str]:
    out = []
    for i, lo in enumerate(SHARE_BREAKS):
        hi = SHARE_BREAKS[i + 1] if i + 1 < len(SHARE_BREAKS) else 1.0
        out.append(f"{percent(lo)} bis {'unter ' if i + 1 < len(SHARE_BREAKS) else ''}{percent(hi)}")
    return out


def by_question(wd: WaveDisclosure, question: pd.Series, option: str, districts: pd.DataFrame,
                selection: Selection, sample_data: bool) -> Colouring:
    """Share of answering units that chose `option`, per district of the selection – each district coloured
    by the figure of its cover (data.disclosure), which may be a larger group; the tooltip says which.
    Individual municipalities' answers are never drawn."""
    qid = question["id"]
    figures = wd.by_district(qid, selection)
    fill, values = {}, {}
    counts = [0] * len(SHARE_BREAKS)
    for key in districts["district_key"]:
        f = figures.get(key)
        if f is None:
            fill[key] = NO_DATA
            values[key] = "nicht ausgewählt"
            continue
        if not f.shown:
            fill[key] = SUPPRESSED
            values[key] = f"nicht ausgewiesen – {f.scope.reason}"
            continue
        row = f.table[f.table["option"] == option]
        k = int(row["count"].iloc[0]) if len(row) else 0
        share = k / f.n if f.n else 0.0
        c = share_class(share)
        counts[c] += 1
        fill[key] = SEQUENTIAL[c + 1]
        where = "" if f.scope.exact else f" – gezeigt: {f.scope.label}"
        values[key] = f"„{option}“: {percent(share)} ({number(k)} von {number(f.n)} Kommunen){where}"
    legend = [LegendEntry(SEQUENTIAL[i + 1], label, counts[i]) for i, label in enumerate(share_labels())]
    hidden = sum(1 for v in fill.values() if v == SUPPRESSED)
    if hidden:
        legend.append(LegendEntry(SUPPRESSED, "nicht ausgewiesen", hidden))
    legend.append(LegendEntry(NO_DATA, "nicht ausgewählt", int(sum(1 for v in fill.values() if v == NO_DATA))))
    total = wd.figure(qid, selection)
    text = str(question["text"])
    short = text if len(text) <= 70 else text[:67].rsplit(" ", 1)[0] + " …"
    title = f"{short} – Anteil „{option}“ je Kreis" + (f", n = {number(total.n)}" if total.shown else "")
    note = (sample_mark(sample_data, "lead")
            + "Kreise mit zu wenigen Antworten tragen den Wert der größeren Gruppe, zu der sie gezählt werden "
              "(Tooltip).")
    return Colouring("kreise", fill, title, legend, note, values)
