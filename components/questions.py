"""Survey questions on the pages: the wave control, the page's Darstellung, the survey page's first
sentence, one question block for one wave or two waves compared, and the export panel.

A question's view (views.questions) is built once per data version, answers shown, filter selection and type
size, and shared read-only by all sessions (components.dataset.shared_memo); Altair's validation does not
run on every rerun. Its figures come from data.disclosure (components.access.disclosure).
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from components import keys
from components.access import disclosure
from components.charts import show_chart
from components.dataset import shared_memo
from components.export_ui import chart_buttons, table_buttons
from components.narrow import table_or_cards
from components.notices import empty_state
from components.url_state import UrlSection, publish, query, restore
from data.disclosure import Selection
from data.formatting import md_escape
from data.loading import Dataset
from data.schemas import THEMES
from views.questions import BY_SIZE, MODES, TABLE, TOTAL, QuestionView, chart_for_mode, compared_view, single_view
from views.sources import Source
from views.survey import Answers, comparison_intro_md, respondents_md, wave_keys, wave_label
from views.url import (
    VIEW_PARAM,
    WAVE_PARAMS,
    WaveSelection,
    default_comparison,
    parse_view_param,
    parse_wave_params,
    view_notice,
    view_params,
)

COMPARE = "(Vergleich)"  # never a wave key (data.importer allows letters, digits, _ and -)
BOTH_LABEL = "Nur Kommunen, die in beiden Wellen geantwortet haben"

Shown = Answers | WaveSelection  # one wave's answers, or two waves compared


def selection_key(sel: Selection) -> str:
    """A short, stable name for a selection (hashing 34 keys per chart is slower than the chart)."""
    return hashlib.sha1("|".join(sorted(sel.units)).encode()).hexdigest()[:16] + ("1" if sel.single_unit else "")


def question_view(ds: Dataset, question: pd.Series, sel: Selection, shown: Shown, large: bool = False,
                  key: str | None = None) -> QuestionView:
    """The view of one question for the filters' selection (built once per data version, answers shown,
    selection and type size)."""
    key = key or selection_key(sel)
    which = ("vergleich", shown) if isinstance(shown, WaveSelection) else ("welle", shown.key)

    def build() -> QuestionView:
        if isinstance(shown, WaveSelection):
            return compared_view(question, disclosure(ds, shown.a), disclosure(ds, shown.b), shown.both_only, sel,
                                 large)
        return single_view(question, disclosure(ds, shown.key), sel, large)

    return shared_memo("question_view").get((ds.version, which, question["id"], key, large), build)


def question_views(ds: Dataset, questions: pd.DataFrame, sel: Selection, shown: Shown,
                   large: bool = False) -> list[QuestionView]:
    """The views of `questions` for the selection, in the questions' order."""
    key = selection_key(sel)
    return [question_view(ds, pd.Series(q._asdict()), sel, shown, large, key) for q in questions.itertuples(index=False)]


# --- the controls --------------------------------------------------------------------------------------

_VIEW = UrlSection("darstellung", (VIEW_PARAM,), parse=parse_view_param,
                   seed=lambda mode: st.session_state.__setitem__(keys.VIEW_MODE, mode),
                   present=lambda: st.session_state.get(keys.VIEW_MODE) in MODES)


def view_selector() -> str:
    """One choice for the whole page: presenters switch all questions at once. The choice lives in the URL
    (darstellung=groessenklasse|tabelle), so a link opens the same view."""
    restore(_VIEW)
    notice = view_notice(query())
    if notice:
        st.caption(":material/link_off: " + md_escape(notice))
    choice = st.segmented_control("Darstellung", MODES, key=keys.VIEW_MODE,
                                  help="Gesamtverteilung, Aufschlüsselung nach Gemeindegrößenklasse oder Tabelle")
    mode = choice or TOTAL
    publish(_VIEW, view_params(mode))
    return mode


def _wave_section(ds: Dataset) -> UrlSection:
    known = wave_keys(ds)

    def seed(sel: WaveSelection) -> None:
        st.session_state[keys.WAVE] = COMPARE if sel.compare else sel.wave
        pair = sel if sel.compare else default_comparison(known)
        st.session_state[keys.WAVE_A], st.session_state[keys.WAVE_B] = pair.a, pair.b
        st.session_state[keys.BOTH_WAVES] = sel.both_only

    def present() -> bool:  # the widgets still hold a valid selection (not dropped by a page change)
        return (st.session_state.get(keys.WAVE) in known + [COMPARE] and st.session_state.get(keys.WAVE_A) in known
                and st.session_state.get(keys.WAVE_B) in known)

    return UrlSection("welle", WAVE_PARAMS, parse=lambda params: parse_wave_params(params, known), seed=seed,
                      present=present)


def wave_selector(ds: Dataset) -> WaveSelection | None:
    """The "Befragungswelle" control, only when there is more than one wave (else None). The choice lives in
    the URL (welle, vergleich, beide) so a link opens the same view; page changes keep it for the session."""
    known = wave_keys(ds)
    if len(known) < 2:
        return None
    section = _wave_section(ds)
    restore(section)
    st.segmented_control("Befragungswelle", known + [COMPARE], key=keys.WAVE,
                         format_func=lambda k: "Vergleich" if k == COMPARE else md_escape(wave_label(ds, k)),
                         help="Eine Welle allein oder zwei Wellen im Vergleich")
    choice = st.session_state.get(keys.WAVE) or known[-1]
    if choice == COMPARE:
        left, right = st.columns(2)
        left.selectbox("Vergleich von", known, key=keys.WAVE_A, format_func=lambda k: wave_label(ds, k))
        right.selectbox("mit", known, key=keys.WAVE_B, format_func=lambda k: wave_label(ds, k))
        st.checkbox(BOTH_LABEL, key=keys.BOTH_WAVES,
                    help="Vergleicht je Frage nur Kommunen, die diese Frage in beiden Wellen beantwortet haben.")
        sel = WaveSelection(a=st.session_state[keys.WAVE_A], b=st.session_state[keys.WAVE_B],
                            both_only=bool(st.session_state.get(keys.BOTH_WAVES)))
    else:
        sel = WaveSelection(wave=choice)
    publish(section, sel.to_query_params(known[-1]))
    return sel


def survey_intro(ds: Dataset, shown: Shown, sel: Selection) -> str:
    """The survey page's first sentence: how many answering units the figures count. Returns the sentence
    about a larger group that it said for the whole page ("" if none), so questions need not repeat it."""
    if isinstance(shown, WaveSelection):
        st.markdown(comparison_intro_md(ds, disclosure(ds, shown.a), disclosure(ds, shown.b), shown.both_only, sel))
        return ""
    wd = disclosure(ds, shown.key)
    counted = wd.respondents(sel)
    if not counted.shown:
        empty_state(f"Keine Zahlen für diese Auswahl: {counted.reason}.")
        return ""
    st.markdown(respondents_md(counted, wd.respondents(None)))
    return counted.note


# --- one question --------------------------------------------------------------------------------------

def question_block(view: QuestionView, mode: str, said_above: str = "") -> None:
    """One question in the page's mode: chart, breakdown by size class or table, and its sentence.
    `said_above`: the page's own sentence about a larger group, not repeated per question."""
    with st.container(border=True):
        st.caption(md_escape(view.kind))
        st.markdown(f"**{md_escape(view.text)}**")
        if view.hidden:
            st.info(md_escape(view.hidden), icon=":material/visibility_off:")
            return
        if mode == BY_SIZE:
            if view.by_size is None:
                st.info(view.by_size_missing, icon=":material/visibility_off:")
            else:
                show_chart(view.by_size, key=f"size_{view.question_id}", alt_text=view.by_size_alt)
                if view.size_summary:
                    st.caption(md_escape(view.size_summary))
            if view.size_hidden:
                st.caption("Nicht gezeigt: " + md_escape(view.size_hidden))
        elif mode == TABLE:
            table_or_cards(view.table, f"tabelle-{view.question_id}", compact=True)
        else:
            show_chart(view.chart, key=f"chart_{view.question_id}", alt_text=view.summary)
        st.caption(md_escape(view.footer))
        if view.note and view.note != said_above:
            st.caption(":material/group_work: " + md_escape(view.note))


def questions_by_theme(questions: pd.DataFrame, views: list[QuestionView], mode: str, said_above: str = "") -> None:
    """Every question, under its theme's heading, in the order of the themes."""
    by_id = {v.question_id: v for v in views}
    for theme in THEMES:
        ids = list(questions.loc[questions["theme"] == theme, "id"])
        if not ids:
            continue
        st.header(md_escape(theme), divider="gray")
        for qid in ids:
            question_block(by_id[qid], mode, said_above)


def export_panel(source: Source, views: list[QuestionView], mode: str) -> None:
    """One place for the page's downloads: a chosen question's chart and table.
    (One panel instead of buttons under every chart: less clutter, and a cheaper rerun.)"""
    shown = {v.question_id: v for v in views if not v.suppressed}
    if not shown:
        return
    qid = st.selectbox("Frage", list(shown), format_func=lambda k: shown[k].text, key=keys.EXPORT_QUESTION)
    view = shown[qid]
    chart_buttons(source, chart_for_mode(view, mode), title=view.export_title, n_text=view.export_n_text,
                  key="umfrage")
    table_buttons(source, view.table, title=view.export_table_title, key="umfrage", n_text=view.export_n_text)
