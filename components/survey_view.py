"""One question on the survey page: chart, one-sentence summary, table, breakdown by size class.

The figures and chart specs of a question are computed once per data version and filter selection, shared
read-only by all sessions (components.state.shared_memo), and then only sent; Altair's validation does not
run on every rerun.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import presentation
from components.access import disclosure
from components.charts import (
    ChartSpec,
    breakdown_chart,
    question_chart,
    result_table,
    show_chart,
    summary_sentence,
    to_spec,
)
from components.export_ui import chart_buttons, table_buttons
from components.state import shared_memo
from data.disclosure import Selection
from data.formatting import count_noun, md_escape, number
from data.loading import Dataset
from data.survey import Result, breakdown_by_size, question_result


@dataclass(frozen=True)
class QuestionView:
    result: Result
    summary: str
    chart: ChartSpec | None
    breakdown: ChartSpec | None
    table: pd.DataFrame | None


VIEWS = ["Gesamt", "Nach Größenklasse", "Tabelle"]
VIEW_KEY = "umfrage_ansicht"


def selection_key(sel) -> str:
    """A short, stable name for a selection (hashing 34 keys per chart is slower than the chart)."""
    units = sel.units if isinstance(sel, Selection) else sel
    single = "1" if isinstance(sel, Selection) and sel.single_unit else ""
    return hashlib.sha1("|".join(sorted(units)).encode()).hexdigest()[:16] + single


def _question_view(qid: str, large: bool, sel: Selection, ds: Dataset) -> QuestionView:
    q = ds.questions.set_index("id").loc[qid]
    q = pd.concat([pd.Series({"id": qid}), q])
    wd = disclosure(ds)
    result = question_result(wd, qid, sel)
    if result.suppressed:
        return QuestionView(result, "", None, None, None)
    multi = q["type"] == "multi"
    subtitle = (f"n = {count_noun(result.n, 'antwortende Kommune', 'antwortende Kommunen')}"
                + (" · Beispieldaten" if ds.sample_data else ""))
    chart = to_spec(question_chart(result, q["text"], subtitle, multi, large=large))
    breakdown = breakdown_by_size(wd, qid, sel)
    breakdown_spec = (to_spec(breakdown_chart(breakdown, tuple(q["options"]), q["text"]))
                      if breakdown["shown"].any() else None)
    return QuestionView(result, summary_sentence(result, q["type"]), chart, breakdown_spec, result_table(result))


def question_view(ds: Dataset, qid: str, sel: Selection, selection: str,
                  large: bool | None = None) -> QuestionView:
    """Figures and charts of one question on the cover of the selection (data.disclosure); large type in
    presentation mode unless told otherwise."""
    if large is None:
        large = presentation.active()
    if not isinstance(sel, Selection):
        sel = Selection(frozenset(sel))
    return shared_memo("question_view").get((ds.version, qid, selection, large),
                                            lambda: _question_view(qid, large, sel, ds))


def view_selector() -> str:
    """One choice for the whole page: presenters switch all questions at once."""
    choice = st.segmented_control("Darstellung", VIEWS, default=VIEWS[0], key=VIEW_KEY,
                                  help="Gesamtverteilung, Aufschlüsselung nach Gemeindegrößenklasse oder Tabelle")
    return choice or VIEWS[0]


def question_block(ds: Dataset, question: dict, unit_keys: tuple[str, ...], selection: str, mode: str,
                   said_above: str = "") -> None:
    """One question; `said_above`: the page's own sentence about a larger group, not repeated per question."""
    q = question
    view = question_view(ds, q["id"], unit_keys, selection)
    result = view.result
    origin = "Fragebogen 2023" if q["origin"] == "Fragebogen 2023" else "Beispielfrage"
    multi = q["type"] == "multi"
    with st.container(border=True):
        st.caption(f"{origin} · {'Mehrfachauswahl' if multi else 'Einfachauswahl'}"
                   + (" · Beispieldaten" if ds.sample_data else ""))
        if result.suppressed:
            st.markdown(f"**{md_escape(q['text'])}**")
            st.info(f"Nicht dargestellt: {md_escape(result.reason)}.", icon=":material/visibility_off:")
            return
        if mode == VIEWS[1]:
            if view.breakdown is None:
                st.markdown(f"**{md_escape(q['text'])}**")
                st.info("Keine Größenklasse hat genug Antworten für eine Aufschlüsselung.",
                        icon=":material/visibility_off:")
            else:
                st.markdown(f"**{md_escape(q['text'])}**")
                show_chart(view.breakdown, key=f"size_{q['id']}",
                           alt_text=f"Antworten auf „{q['text']}“ nach Gemeindegrößenklasse")
        elif mode == VIEWS[2]:
            st.markdown(f"**{md_escape(q['text'])}**")
            st.dataframe(view.table, hide_index=True, width="stretch")
        else:
            st.markdown(f"**{md_escape(q['text'])}**")
            show_chart(view.chart, key=f"chart_{q['id']}", alt_text=view.summary)
        st.caption(md_escape(view.summary) + f" · n = {number(result.n)}"
                   + (" · Beispieldaten" if ds.sample_data else ""))
        if result.note and result.note != said_above:
            st.caption(":material/group_work: " + md_escape(result.note))



def report_sections(ds: Dataset, questions: pd.DataFrame, unit_keys: Selection, selection: str) -> list:
    """Every chart and table of the survey page, for the PDF report."""
    from components.export_ui import png_for_report
    from exports.report import ReportSection

    out = []
    for q in questions.itertuples(index=False):
        view = question_view(ds, q.id, unit_keys, selection, large=False)
        if view.result.suppressed:
            out.append(ReportSection(q.text, note=f"Nicht dargestellt: {view.result.reason}."))
            continue
        n_text = f"n = {count_noun(view.result.n, 'antwortende Kommune', 'antwortende Kommunen')}"
        summary = view.summary + (f" {view.result.note}" if view.result.note else "")
        out.append(ReportSection(q.text, summary=summary, chart_png=png_for_report(ds, view.chart, q.text, n_text),
                                 table=view.table))
    return out


def export_panel(ds: Dataset, questions: pd.DataFrame, unit_keys: Selection, selection: str, mode: str) -> None:
    """One place for the page's downloads: a chosen question's chart and table, and the whole page as PDF.
    (One panel instead of buttons under every chart: less clutter, and a cheaper rerun.)"""
    shown = [q for q in questions.itertuples(index=False)
             if not question_view(ds, q.id, unit_keys, selection, large=False).result.suppressed]
    if not shown:
        return
    texts = {q.id: q.text for q in shown}
    qid = st.selectbox("Frage", list(texts), format_func=lambda k: texts[k], key="umfrage_export_frage")
    view = question_view(ds, qid, unit_keys, selection, large=False)
    n_text = (f"n = {count_noun(view.result.n, 'antwortende Kommune', 'antwortende Kommunen')}"
              + (f" · {view.result.note}" if view.result.note else ""))
    chart = view.breakdown if mode == VIEWS[1] and view.breakdown is not None else view.chart
    chart_buttons(ds, chart, title=texts[qid], n_text=n_text, key="umfrage")
    table_buttons(ds, view.table, title=texts[qid] + (f" – {view.result.note}" if view.result.note else ""),
                  key="umfrage")
