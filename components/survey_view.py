"""One question on the survey page: chart, one-sentence summary, table, breakdown by size class."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import breakdown_chart, question_chart, result_table, show_chart, summary_sentence
from data.formatting import md_escape, number
from data.loading import Dataset
from data.survey import question_result, breakdown_by_size


def question_block(ds: Dataset, question: dict, units: pd.DataFrame) -> None:
    q = pd.Series(question)
    result = question_result(ds.responses, q, set(units["unit_key"]))
    origin = "Fragebogen 2023" if q["origin"] == "Fragebogen 2023" else "Beispielfrage"
    multi = q["type"] == "multi"
    with st.container(border=True):
        st.caption(f"{origin} · {'Mehrfachauswahl' if multi else 'Einfachauswahl'}"
                   + (" · Beispieldaten" if ds.sample_data else ""))
        if result.suppressed:
            st.markdown(f"**{md_escape(q['text'])}**")
            st.info(f"Nicht dargestellt: {result.reason} (n = {number(result.n)}). Ergebnisse werden erst ab "
                    "drei antwortenden Kommunen gezeigt.", icon=":material/visibility_off:")
            return
        subtitle = f"n = {number(result.n)} antwortende Kommunen" + (" · Beispieldaten" if ds.sample_data else "")
        overall, by_size, table = st.tabs(["Gesamt", "Nach Größenklasse", "Tabelle"])
        with overall:
            show_chart(question_chart(result, q["text"], subtitle, multi), key=f"chart_{q['id']}")
            st.caption(md_escape(summary_sentence(result, q["type"])))
        with by_size:
            breakdown = breakdown_by_size(ds.responses, q, units)
            if not breakdown["shown"].any():
                st.info("Keine Größenklasse hat genug Antworten für eine Aufschlüsselung.")
            else:
                show_chart(breakdown_chart(breakdown, tuple(q["options"]), q["text"]), key=f"size_{q['id']}")
                st.caption("Größenklassen mit weniger als drei Antworten sind ausgeblendet; ist nur eine "
                           "ausgeblendet, wird eine weitere ausgeblendet, damit sie sich nicht errechnen lässt.")
        with table:
            st.dataframe(result_table(result), hide_index=True, width="stretch")
            st.caption(subtitle)
