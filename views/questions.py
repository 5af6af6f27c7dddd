"""One survey question as a page shows it – in one wave, or compared between two waves – as one kind of
view: the chart, the breakdown by size class, the table, the sentences and why something is hidden. Every
figure comes from data.disclosure (a WaveDisclosure per wave), computed on the cover of the selection.

components.questions draws a QuestionView in the page's mode (Gesamt / Nach Größenklasse / Tabelle) and
caches it per data version, answers, selection and type size (shared by all sessions).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from data.compare import Comparison, compare_by_size, compare_question, focus_option
from data.disclosure import Selection, WaveDisclosure
from data.formatting import count_noun, count_of, number, percent, sample_mark
from data.survey import Result, breakdown_by_size, question_result
from views.charts import ChartSpec, breakdown_chart, compare_chart, question_chart, to_spec

# The page's Darstellung: one choice for every question, so presenters switch all questions at once.
TOTAL = "Gesamt"
BY_SIZE = "Nach Größenklasse"
TABLE = "Tabelle"
MODES = (TOTAL, BY_SIZE, TABLE)
SIZE_NOTE = ("Größenklassen mit zu wenigen Antworten werden mit der benachbarten Klasse zusammengefasst; eine "
             "Gruppe, die sich allein nicht zeigen lässt, steht mit der größeren Gruppe, die gezeigt wird.")
SIZE_NOTE_COMPARED = " Im Vergleich gilt das für jede der beiden Wellen."


@dataclass(frozen=True)
class QuestionView:
    """Everything shown of one question. Texts are plain (components escape them)."""

    question_id: str
    text: str
    kind: str  # "Fragebogen 2023 · eine Antwort[ · Vergleich 2023 mit 2025][ · Beispieldaten]"
    hidden: str  # why no figure is shown ("" when shown)
    summary: str  # the one-sentence result
    n_text: str  # the n line of charts, tables and exports
    footer: str  # the caption under the question
    export_title: str
    note: str = ""  # which larger group is counted, when not the selection itself (data.disclosure)
    chart: ChartSpec | None = None
    table: pd.DataFrame | None = None
    by_size: ChartSpec | None = None
    by_size_alt: str = ""
    by_size_missing: str = ""  # said instead of the breakdown when no size class may be shown
    size_summary: str = ""
    size_hidden: str = ""
    result: Result | None = None  # one wave
    comparison: Comparison | None = None  # two waves

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden)

    @property
    def reason(self) -> str:
        figures = self.result if self.result is not None else self.comparison
        return figures.reason if figures is not None else ""

    @property
    def n(self) -> int:
        return self.result.n if self.result is not None else 0

    @property
    def export_n_text(self) -> str:
        """The n line of an exported chart: the larger group counted, if any, said there too."""
        return self.n_text + (f" · {self.note}" if self.note else "")

    @property
    def export_table_title(self) -> str:
        return self.export_title + (f" – {self.note}" if self.note else "")

    @property
    def report_summary(self) -> str:
        return self.summary + (f" {self.note}" if self.note else "")


def question_row(questions: pd.DataFrame, question_id: str) -> pd.Series:
    """A question as a Series with its id (questions.csv's row)."""
    q = questions.set_index("id").loc[question_id]
    return pd.concat([pd.Series({"id": question_id}), q])


def kind_of(question: Mapping) -> str:
    origin = "Fragebogen 2023" if question["origin"] == "Fragebogen 2023" else "Beispielfrage"
    return f"{origin} · {'mehrere Antworten möglich' if question['type'] == 'multi' else 'eine Antwort'}"


def summary_sentence(result: Result, question_type: str) -> str:
    """A one-sentence text alternative, e.g. "12 von 34 Kommunen antworteten „Ja“."."""
    t = result.table
    if question_type == "multi":
        top = t.sort_values("count", ascending=False).iloc[0]
        return (f"Am häufigsten genannt: „{top['option']}“ – {count_of(int(top['count']), result.n)} "
                "(Mehrfachnennung möglich).")
    last = t.iloc[-1]
    verb = "antwortete" if int(last["count"]) == 1 else "antworteten"  # "1 von 3 Kommunen antwortete"
    return f"{count_of(int(last['count']), result.n)} {verb} „{last['option']}“."


def result_table(result: Result) -> pd.DataFrame:
    return pd.DataFrame({
        "Antwort": result.table["option"],
        "Anzahl": result.table["count"].astype(int),
        "Anteil": [percent(s) for s in result.table["share"]],
    })


# --- one wave ------------------------------------------------------------------------------------------

def single_view(question: Mapping, wd: WaveDisclosure, selection: Selection, large: bool = False) -> QuestionView:
    """The question in one wave (`wd`), counted on the cover of the filters' selection."""
    qid, text = question["id"], str(question["text"])
    sample = sample_mark(wd.sample_data)
    kind = kind_of(question) + sample
    result = question_result(wd, qid, selection)
    n_text = f"n = {count_noun(result.n, 'antwortende Kommune', 'antwortende Kommunen')}"
    if result.suppressed:
        return QuestionView(qid, text, kind, f"Nicht dargestellt: {result.reason}.", "", n_text, "", text,
                            result=result)
    multi = question["type"] == "multi"
    summary = summary_sentence(result, question["type"])
    chart = to_spec(question_chart(result, text, n_text + sample, multi, large=large))
    breakdown = breakdown_by_size(wd, qid, selection)
    by_size = (to_spec(breakdown_chart(breakdown, tuple(question["options"]), text))
               if breakdown["shown"].any() else None)
    return QuestionView(
        qid, text, kind, "", summary, n_text, f"{summary} · n = {number(result.n)}{sample}", text, note=result.note,
        chart=chart, table=result_table(result), by_size=by_size,
        by_size_alt=f"Antworten auf „{text}“ nach Gemeindegrößenklasse",
        by_size_missing="Keine Größenklasse hat genug Antworten für eine Aufschlüsselung.", result=result)


# --- two waves -----------------------------------------------------------------------------------------

def points(change: float) -> str:
    """A change in percentage points in words, safe as a spreadsheet cell: "plus 12,5", "minus 3,0", "±0"."""
    if abs(change) < 0.05:
        return "±0"
    return f"{'plus' if change > 0 else 'minus'} {number(abs(change), 1)}"


def compare_summary(c: Comparison, labels: tuple[str, str], question_type: str) -> str:
    """One sentence: the focus option's share in both waves and the change in percentage points."""
    i = focus_option(c, question_type)
    r = c.table.iloc[i]
    figures = (f"{labels[0]} {percent(r['share_a'])} ({count_of(int(r['count_a']), c.n_a)}), "
               f"{labels[1]} {percent(r['share_b'])} ({count_of(int(r['count_b']), c.n_b)})")
    change = points(float(r["change_pp"]))
    change = "unverändert" if change == "±0" else f"{change} Prozentpunkte"
    if question_type == "multi":
        if c.table["change_pp"].abs().max() < 0.05:
            return (f"Keine Veränderung: Jede Antwort hat in {labels[0]} und {labels[1]} denselben Anteil "
                    "(Mehrfachnennung möglich).")
        return f"Größte Veränderung: „{r['option']}“ – {figures}: {change} (Mehrfachnennung möglich)."
    return f"„{r['option']}“: {figures} – {change}."


def compare_table(c: Comparison, labels: tuple[str, str]) -> pd.DataFrame:
    t = c.table
    return pd.DataFrame({
        "Antwort": t["option"],
        f"Anzahl {labels[0]}": t["count_a"].astype(int),
        f"Anteil {labels[0]}": [percent(s) for s in t["share_a"]],
        f"Anzahl {labels[1]}": t["count_b"].astype(int),
        f"Anteil {labels[1]}": [percent(s) for s in t["share_b"]],
        "Veränderung (Prozentpunkte)": [points(p) for p in t["change_pp"]],
    })


def compare_n_text(c: Comparison) -> str:
    text = f"n = {number(c.n_a)} (Welle {c.wave_a}) und {number(c.n_b)} (Welle {c.wave_b}) antwortende Kommunen"
    if c.both_only:
        text += ", nur Kommunen, die in beiden Wellen geantwortet haben"
    elif c.n_both is not None:
        text += f", davon {number(c.n_both)} in beiden Wellen"
    return text + "".join(f". {n}" for n in c.notes)


def _size_rows(by_size: pd.DataFrame, labels: tuple[str, str]) -> pd.DataFrame:
    """The size-class comparison in the form of data.survey.breakdown_by_size: two rows per class (one per
    wave), hidden classes as one row with the reason."""
    frames = []
    for label, g in by_size.groupby("size_class", sort=False):
        first = g.iloc[0]
        if not first["shown"]:
            frames.append(pd.DataFrame({"size_class": [label], "option": [None], "count": [None], "share": [None],
                                        "n": [0], "shown": [False], "reason": [first["reason"]]}))
            continue
        for wave, suffix in zip(labels, ("a", "b")):
            frames.append(pd.DataFrame({"size_class": f"{label} · {wave}", "option": g["option"],
                                        "count": g[f"count_{suffix}"], "share": g[f"share_{suffix}"],
                                        "n": g[f"n_{suffix}"], "shown": True, "reason": ""}))
    return pd.concat(frames, ignore_index=True)


def _size_texts(by_size: pd.DataFrame, c: Comparison, question_type: str) -> tuple[str, str]:
    option = c.table.iloc[focus_option(c, question_type)]["option"]
    shown = by_size[by_size["shown"] & (by_size["option"] == option)]
    summary = ""
    if len(shown):
        summary = (f"Veränderung bei „{option}“ in Prozentpunkten: "
                   + " · ".join(f"{g} {points(float(p))}" for g, p in zip(shown["size_class"], shown["change_pp"])))
    hidden = by_size[~by_size["shown"]]
    hidden_text = "; ".join(f"{g} ({r})" for g, r in zip(hidden["size_class"], hidden["reason"]))
    return summary, hidden_text


def compared_view(question: Mapping, da: WaveDisclosure, db: WaveDisclosure, both_only: bool, selection: Selection,
                  large: bool = False) -> QuestionView:
    """The question in waves `da` and `db`, counted on the cover of the selection: both shares and the change
    per option (`both_only`: only units that answered it in both waves)."""
    qid, text = question["id"], str(question["text"])
    a, b = da.key, db.key
    sample = sample_mark(da.sample_data or db.sample_data)
    kind = kind_of(question) + f" · Vergleich {a} mit {b}" + sample
    title = f"{text} – Welle {a} und {b}"
    c = compare_question(da, db, question, selection, both_only=both_only)
    n_text = compare_n_text(c)
    if c.suppressed:
        return QuestionView(qid, text, kind, f"Nicht verglichen: {c.reason}.", "", n_text, "", title, comparison=c)
    labels = (a, b)
    multi = question["type"] == "multi"
    restriction = " · nur Kommunen, die in beiden Wellen geantwortet haben" if both_only else ""
    subtitle = f"Welle {a}: n = {number(c.n_a)}, Welle {b}: n = {number(c.n_b)} antwortende Kommunen" + restriction + sample
    chart = to_spec(compare_chart(c, labels, text, subtitle, multi, large=large))
    by_size = compare_by_size(da, db, question, selection, both_only=both_only)
    size_spec = (to_spec(breakdown_chart(_size_rows(by_size, labels), tuple(question["options"]),
                                         f"{text} – {a} und {b} nach Gemeindegrößenklasse"))
                 if by_size["shown"].any() else None)
    size_summary, size_hidden = _size_texts(by_size, c, question["type"])
    summary = compare_summary(c, labels, question["type"])
    return QuestionView(
        qid, text, kind, "", summary, n_text, f"{summary} · {n_text}{sample}", title, chart=chart,
        table=compare_table(c, labels), by_size=size_spec,
        by_size_alt=f"Antworten auf „{text}“ nach Gemeindegrößenklasse, Welle {a} und {b}. {size_summary}",
        by_size_missing="Keine Größenklasse hat in beiden Wellen genug Antworten für eine Aufschlüsselung.",
        size_summary=size_summary, size_hidden=size_hidden, comparison=c)


# --- the page's figures as report and export -------------------------------------------------------------

def chart_for_mode(view: QuestionView, mode: str) -> ChartSpec | None:
    """The chart an export offers in `mode`: the breakdown by size class where there is one."""
    return view.by_size if mode == BY_SIZE and view.by_size is not None else view.chart


def workshop_outcome(view: QuestionView, sample_data: bool) -> str:
    """A question's one-line result on a workshop card."""
    if view.suppressed:
        return f"nicht dargestellt – {view.reason}"
    return view.summary + sample_mark(sample_data, "paren") + (f" {view.note}" if view.note else "")
