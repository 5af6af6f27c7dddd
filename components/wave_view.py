"""Survey waves on the pages: the wave control of the survey page, a question compared across two waves
(chart, sentence, table, size classes), and a unit's answers over the waves on its profile.

Like the single-wave views, the figures and chart specs of a comparison are built once per data version,
selection and waves, and shared read-only by all sessions (components.state.shared_memo).
"""
from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from components import presentation
from components.access import disclosure
from components.charts import INK, ChartSpec, SizedChart, breakdown_chart, configure, show_chart, to_spec
from components.state import shared_memo
from data.compare import (
    NOT_COMPARABLE,
    WAVE_PARAMS,
    Comparison,
    WaveSelection,
    compare_by_size,
    compare_question,
    comparison_dataset,
    default_comparison,
    focus_option,
    parse_wave_params,
    unit_development,
    wave_dataset,
    waves_answered,
)
from data.formatting import count_of, md_escape, number, percent
from data.loading import Dataset

COMPARE = "(Vergleich)"  # never a wave key (data.importer allows letters, digits, _ and -)
WAVE_KEY = "umfrage_welle"
WAVE_A_KEY = "umfrage_welle_a"
WAVE_B_KEY = "umfrage_welle_b"
BOTH_KEY = "umfrage_beide"
_SAVED = "_umfrage_wellen"  # the selection, kept while the page is not shown (widget state is dropped then)
_LAST_URL = "_umfrage_wellen_url"  # what this page last wrote into the URL
BOTH_LABEL = "Nur Kommunen, die in beiden Wellen geantwortet haben"
# First wave of a comparison lighter, second darker (ColorBrewer Blues; ≥ 3:1 against white).
WAVE_COLOURS = ["#4292c6", "#08306b"]


def wave_label(ds: Dataset, key: str) -> str:
    """"2023 (Beispieldaten)" for a wave of sample answers, else the key."""
    wave = next((w for w in ds.waves if w.key == key), None)
    return f"{key} (Beispieldaten)" if wave is not None and wave.sample_data else str(key)


def dataset_of_wave(ds: Dataset, key: str) -> Dataset:
    """The Dataset as it was in one wave (data.compare.wave_dataset), built once and shared read-only."""
    return shared_memo("wave_dataset", 16).get((ds.version, key), lambda: wave_dataset(ds, key))


def dataset_of_comparison(ds: Dataset, sel: WaveSelection) -> Dataset:
    """The Dataset labelled as the comparison (data.compare.comparison_dataset), for banner and exports."""
    return shared_memo("wave_dataset", 16).get((ds.version, sel.a, sel.b),
                                               lambda: comparison_dataset(ds, sel.a, sel.b))


def sample_in(ds: Dataset, keys) -> bool:
    return any(w.sample_data for w in ds.waves if w.key in set(keys))


# --- the control ---------------------------------------------------------------------------------------

def _url() -> dict[str, list[str]]:
    return {p: st.query_params.get_all(p) for p in WAVE_PARAMS if st.query_params.get_all(p)}


def _seed(sel: WaveSelection, keys: list[str]) -> None:
    st.session_state[WAVE_KEY] = COMPARE if sel.compare else sel.wave
    pair = (sel.a, sel.b) if sel.compare else (default_comparison(keys).a, default_comparison(keys).b)
    st.session_state[WAVE_A_KEY], st.session_state[WAVE_B_KEY] = pair
    st.session_state[BOTH_KEY] = sel.both_only


def wave_selector(ds: Dataset) -> WaveSelection | None:
    """The "Befragungswelle" control, only when there is more than one wave (else None). The choice lives in
    the URL (welle, vergleich, beide) so a link opens the same view; page changes keep it for the session."""
    keys = [w.key for w in ds.waves]
    if len(keys) < 2:
        return None
    url = _url()
    last = st.session_state.get(_LAST_URL)
    saved = st.session_state.get(_SAVED)
    valid = (st.session_state.get(WAVE_KEY) in keys + [COMPARE] and st.session_state.get(WAVE_A_KEY) in keys
             and st.session_state.get(WAVE_B_KEY) in keys)
    if last is None or (url and url != last):
        _seed(parse_wave_params(url, keys), keys)  # first visit, or someone edited the URL
    elif not valid:
        # Back from another page (the page's widget state was dropped) or the waves changed.
        _seed(parse_wave_params(saved.to_query_params(keys[-1]) if saved else {}, keys), keys)

    st.segmented_control("Befragungswelle", keys + [COMPARE], key=WAVE_KEY,
                         format_func=lambda k: "Vergleich" if k == COMPARE else md_escape(wave_label(ds, k)),
                         help="Eine Welle allein oder zwei Wellen im Vergleich")
    choice = st.session_state.get(WAVE_KEY) or keys[-1]
    if choice == COMPARE:
        left, right = st.columns(2)
        left.selectbox("Vergleich von", keys, key=WAVE_A_KEY, format_func=lambda k: wave_label(ds, k))
        right.selectbox("mit", keys, key=WAVE_B_KEY, format_func=lambda k: wave_label(ds, k))
        st.checkbox(BOTH_LABEL, key=BOTH_KEY,
                    help="Vergleicht je Frage nur Kommunen, die diese Frage in beiden Wellen beantwortet haben.")
        sel = WaveSelection(a=st.session_state[WAVE_A_KEY], b=st.session_state[WAVE_B_KEY],
                            both_only=bool(st.session_state.get(BOTH_KEY)))
    else:
        sel = WaveSelection(wave=choice)
    st.session_state[_SAVED] = sel
    wanted = sel.to_query_params(keys[-1])
    for p in WAVE_PARAMS:
        if p in wanted:
            st.query_params[p] = wanted[p]
        elif p in st.query_params:
            del st.query_params[p]
    st.session_state[_LAST_URL] = wanted
    return sel


# --- one question in two waves -------------------------------------------------------------------------

@dataclass(frozen=True)
class CompareView:
    comparison: Comparison
    summary: str
    chart: ChartSpec | None
    by_size: ChartSpec | None
    size_summary: str
    size_hidden: str
    table: pd.DataFrame | None


def points(change: float) -> str:
    """A change in percentage points in words, safe as a spreadsheet cell: "plus 12,5", "minus 3,0", "±0"."""
    if abs(change) < 0.05:
        return "±0"
    return f"{'plus' if change > 0 else 'minus'} {number(abs(change), 1)}"


def compare_chart(c: Comparison, labels: tuple[str, str], title: str, subtitle: str, multi: bool,
                  large: bool = False) -> SizedChart:
    """Grouped horizontal bars: per option one bar per wave, each labelled with share and count; the
    option's text above its pair of bars, so the chart works at any width."""
    t = c.table
    rows = []
    for label, share, count, n in ((labels[0], "share_a", "count_a", c.n_a), (labels[1], "share_b", "count_b", c.n_b)):
        legend = f"{label} (n = {number(n)})"
        rows += [{"option": o, "wave": legend, "share": float(s), "label": f"{percent(s)} ({number(k)})"}
                 for o, s, k in zip(t["option"], t[share], t[count])]
    frame = pd.DataFrame(rows)
    waves = list(dict.fromkeys(frame["wave"]))
    order = list(t["option"])
    size = 22 if large else 14
    # Half of each row is the gap that carries the next answer's text, so a text sits clearly nearer to its
    # own pair of bars than to the pair above.
    row = 124 if large else 88
    band = 0.5
    y = alt.Y("option:N", sort=order, title=None, axis=None,
              scale=alt.Scale(paddingInner=1 - band, paddingOuter=0.3))
    offset = alt.YOffset("wave:N", sort=waves, scale=alt.Scale(paddingInner=0.12))
    x = alt.X("share:Q", title="Anteil der antwortenden Kommunen" + (" (Mehrfachnennung)" if multi else ""),
              axis=alt.Axis(format=".0%", tickCount=5, labelColor=INK, titleColor=INK), scale=alt.Scale(domain=[0, 1]))
    colour = alt.Color("wave:N", sort=waves, title="Welle", scale=alt.Scale(domain=waves, range=WAVE_COLOURS),
                       legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=320))
    base = alt.Chart(frame).encode(
        y=y, yOffset=offset,
        tooltip=[alt.Tooltip("option:N", title="Antwort"), alt.Tooltip("wave:N", title="Welle"),
                 alt.Tooltip("label:N", title="Anteil (Anzahl)")])
    bars = base.mark_bar(cornerRadiusEnd=3).encode(x=x, color=colour)
    value = base.mark_text(align="left", dx=6, fontSize=size - 1, fontWeight="bold", color=INK).encode(
        x=alt.X("share:Q"), text="label:N")
    answer = alt.Chart(pd.DataFrame({"option": order})).mark_text(
        align="left", baseline="bottom", dy=-(row * band / 2) - 3, fontSize=size, color=INK, x=0).encode(
        y=y, text="option:N")
    plot = row * len(order)
    chart = alt.layer(bars, value, answer).properties(height=plot, width="container",
                                                     description=f"{title} – {subtitle}")
    return SizedChart(configure(chart, large), plot + (120 if large else 90))


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


def _compare_view(ds: Dataset, sel: WaveSelection, qid: str, unit_keys, large: bool) -> CompareView:
    q = ds.questions.set_index("id").loc[qid]
    q = pd.concat([pd.Series({"id": qid}), q])
    waves = {w.key: w for w in ds.waves}
    a, b = waves[sel.a], waves[sel.b]
    da, db = disclosure(ds, a.key), disclosure(ds, b.key)
    c = compare_question(da, db, q, unit_keys, both_only=sel.both_only)
    if c.suppressed:
        return CompareView(c, "", None, None, "", "", None)
    labels = (a.key, b.key)
    multi = q["type"] == "multi"
    sample = " · Beispieldaten" if a.sample_data or b.sample_data else ""
    restriction = " · nur Kommunen, die in beiden Wellen geantwortet haben" if sel.both_only else ""
    subtitle = (f"Welle {a.key}: n = {number(c.n_a)}, Welle {b.key}: n = {number(c.n_b)} antwortende Kommunen"
                + restriction + sample)
    chart = to_spec(compare_chart(c, labels, q["text"], subtitle, multi, large=large))
    by_size = compare_by_size(da, db, q, unit_keys, both_only=sel.both_only)
    size_spec = (to_spec(breakdown_chart(_size_rows(by_size, labels), tuple(q["options"]),
                                         f"{q['text']} – {a.key} und {b.key} nach Gemeindegrößenklasse"))
                 if by_size["shown"].any() else None)
    size_summary, size_hidden = _size_texts(by_size, c, q["type"])
    return CompareView(c, compare_summary(c, labels, q["type"]), chart, size_spec, size_summary, size_hidden,
                       compare_table(c, labels))


def compare_view(ds: Dataset, sel: WaveSelection, qid: str, unit_keys: tuple[str, ...], selection: str,
                 large: bool | None = None) -> CompareView:
    if large is None:
        large = presentation.active()
    return shared_memo("compare_view").get((ds.version, sel, qid, selection, large),
                                           lambda: _compare_view(ds, sel, qid, unit_keys, large))


def n_text(c: Comparison) -> str:
    text = f"n = {number(c.n_a)} (Welle {c.wave_a}) und {number(c.n_b)} (Welle {c.wave_b}) antwortende Kommunen"
    if c.both_only:
        text += ", nur Kommunen, die in beiden Wellen geantwortet haben"
    elif c.n_both is not None:
        text += f", davon {number(c.n_both)} in beiden Wellen"
    return text + "".join(f". {n}" for n in c.notes)


def compare_block(ds: Dataset, sel: WaveSelection, question: dict, unit_keys: tuple[str, ...], selection: str,
                  mode: str) -> None:
    """One question in compare mode; `mode` is the page's Darstellung (Gesamt / Nach Größenklasse / Tabelle)."""
    from components.survey_view import VIEWS

    q = question
    view = compare_view(ds, sel, q["id"], unit_keys, selection)
    c = view.comparison
    origin = "Fragebogen 2023" if q["origin"] == "Fragebogen 2023" else "Beispielfrage"
    multi = q["type"] == "multi"
    sample = " · Beispieldaten" if sample_in(ds, (sel.a, sel.b)) else ""
    with st.container(border=True):
        st.caption(f"{origin} · {'Mehrfachauswahl' if multi else 'Einfachauswahl'} · "
                   f"Vergleich {md_escape(c.wave_a)} mit {md_escape(c.wave_b)}{sample}")
        st.markdown(f"**{md_escape(q['text'])}**")
        if c.suppressed:
            st.info(f"Nicht verglichen: {md_escape(c.reason)}.", icon=":material/visibility_off:")
            return
        if mode == VIEWS[1]:
            if view.by_size is None:
                st.info("Keine Größenklasse hat in beiden Wellen genug Antworten für eine Aufschlüsselung.",
                        icon=":material/visibility_off:")
            else:
                show_chart(view.by_size, key=f"size_{q['id']}",
                           alt_text=f"Antworten auf „{q['text']}“ nach Gemeindegrößenklasse, "
                                    f"Welle {c.wave_a} und {c.wave_b}. {view.size_summary}")
                if view.size_summary:
                    st.caption(md_escape(view.size_summary))
            if view.size_hidden:
                st.caption("Nicht gezeigt: " + md_escape(view.size_hidden))
        elif mode == VIEWS[2]:
            st.dataframe(view.table, hide_index=True, width="stretch")
        else:
            show_chart(view.chart, key=f"chart_{q['id']}", alt_text=view.summary)
        st.caption(md_escape(view.summary) + " · " + md_escape(n_text(c)) + sample)


def compare_intro(ds: Dataset, sel: WaveSelection, units: pd.DataFrame, chosen=None) -> None:
    """How many of the filtered units answered in each wave and in both – counted like every figure, on the
    cover of the selection (data.disclosure)."""
    from data.disclosure import Selection, both_waves_scope

    chosen = chosen if chosen is not None else Selection(frozenset(units["unit_key"]))
    da, db = disclosure(ds, sel.a), disclosure(ds, sel.b)
    in_a, in_b = da.respondents(chosen), db.respondents(chosen)
    both, _, why = both_waves_scope(da.participation, db.participation, chosen)
    counts = (f"{number(in_a.n)} und {number(in_b.n)} antwortende Kommunen entsprechen den Filtern"
              if in_a.exact and in_b.exact else
              f"gezählt werden {number(in_a.n)} und {number(in_b.n)} antwortende Kommunen einer größeren Gruppe "
              "als der Auswahl (je Frage steht, welche)")
    if not why and both.exact and in_a.exact and in_b.exact:
        counts += f", {number(both.n)} davon haben in beiden Wellen geantwortet"
    st.markdown(
        f"Vergleich der Welle **{md_escape(wave_label(ds, sel.a))}** mit **{md_escape(wave_label(ds, sel.b))}**: "
        f"{counts}. Die Veränderung steht in "
        f"Prozentpunkten (Anteil {md_escape(sel.b)} minus Anteil {md_escape(sel.a)})."
        + (" Gezählt werden je Frage nur Kommunen, die sie in beiden Wellen beantwortet haben." if sel.both_only
           else ""))


def compare_export_panel(ds: Dataset, sel: WaveSelection, questions: pd.DataFrame, unit_keys: tuple[str, ...],
                         selection: str, mode: str, labelled: Dataset) -> None:
    """A chosen question's comparison chart and table, as on the single-wave page. `labelled`: the Dataset
    the files name as their source (dataset_of_comparison)."""
    from components.export_ui import chart_buttons, table_buttons
    from components.survey_view import VIEWS

    views = {q.id: compare_view(ds, sel, q.id, unit_keys, selection, large=False)
             for q in questions.itertuples(index=False)}
    texts = {q.id: q.text for q in questions.itertuples(index=False) if not views[q.id].comparison.suppressed}
    if not texts:
        return
    qid = st.selectbox("Frage", list(texts), format_func=lambda k: texts[k], key="umfrage_export_frage")
    view = views[qid]
    title = f"{texts[qid]} – Welle {sel.a} und {sel.b}"
    chart = view.by_size if mode == VIEWS[1] and view.by_size is not None else view.chart
    chart_buttons(labelled, chart, title=title, n_text=n_text(view.comparison), key="umfrage")
    table_buttons(labelled, view.table, title=title, key="umfrage")


def compare_report_sections(ds: Dataset, sel: WaveSelection, questions: pd.DataFrame, unit_keys: tuple[str, ...],
                            selection: str, labelled: Dataset) -> list:
    from components.export_ui import png_for_report
    from exports.report import ReportSection

    out = []
    for q in questions.itertuples(index=False):
        view = compare_view(ds, sel, q.id, unit_keys, selection, large=False)
        c = view.comparison
        if c.suppressed:
            out.append(ReportSection(q.text, note=f"Nicht verglichen: {c.reason}."))
            continue
        out.append(ReportSection(q.text, summary=view.summary,
                                 chart_png=png_for_report(labelled, view.chart, q.text, n_text(c)), table=view.table))
    return out


# --- a unit over the waves (profile) -------------------------------------------------------------------

def development_table(ds: Dataset, unit_key: str, questions: pd.DataFrame, viewer=None) -> pd.DataFrame | None:
    """Per question the unit's answer in each wave it took part in, and how it moved; None unless the unit
    answered in more than one wave whose answers the viewer may see by name (data.disclosure)."""
    from data.disclosure import PUBLIC_VIEWER, wave_policy

    viewer = viewer or PUBLIC_VIEWER
    waves = [(w.key, w.responses) for w in ds.waves if viewer.may_name(wave_policy(ds, w.key), unit_key)]
    answered = waves_answered(unit_key, waves)
    if len(answered) < 2:
        return None
    rows = unit_development(unit_key, [w for w in waves if w[0] in answered], questions)
    frame = pd.DataFrame({"Frage": [r.text for r in rows]})
    for i, key in enumerate(answered):
        frame[wave_label(ds, key)] = [" · ".join(r.answers[i]) if r.answers[i] else "keine Angabe" for r in rows]
    frame["Entwicklung"] = [r.change if r.change != NOT_COMPARABLE else "nicht vergleichbar" for r in rows]
    return frame


def development_section(ds: Dataset, unit_key: str, name: str, questions: pd.DataFrame, viewer=None) -> None:
    frame = development_table(ds, unit_key, questions, viewer)
    if frame is None:
        return
    from components.export_ui import table_buttons

    st.subheader("Entwicklung über die Befragungswellen")
    st.caption("Die Antworten dieser Kommune in jeder Welle, an der sie teilgenommen hat: „weiter“ heißt eine "
               "fortgeschrittenere Antwort als bei ihrer ersten Antwort auf die Frage, „zurück“ eine weniger "
               "fortgeschrittene; bei Mehrfachauswahl steht „verändert“.")
    # Fixed widths, so that long question texts never push the development column out of view.
    waves = [c for c in frame.columns if c not in ("Frage", "Entwicklung")]
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"Frage": st.column_config.TextColumn(width=300),
                                "Entwicklung": st.column_config.TextColumn(width=110),
                                **{c: st.column_config.TextColumn(width=400 // max(len(waves), 1)) for c in waves}})
    with st.popover("Exportieren", icon=":material/download:"):
        table_buttons(ds, frame, title=f"{name} – Entwicklung über die Befragungswellen", key="entwicklung")
