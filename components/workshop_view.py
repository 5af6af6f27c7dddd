"""One workshop: facts, the questions of its theme and a one-line result for each."""
from __future__ import annotations

import streamlit as st

from components.survey_view import question_view
from data.filters import Filters
from data.formatting import date_long, md_escape
from data.loading import Dataset


def workshop_card(ds: Dataset, w: dict, unit_keys, selection: str, filters: Filters) -> None:
    with st.container(border=True):
        head, facts = st.columns([3, 2])
        with head:
            st.subheader(f"{w['number']}. {md_escape(w['title'])}")
            st.markdown(f"**{date_long(w['date'])}** · {md_escape(w['venue'])}")
        with facts:
            st.markdown(f"Themenfeld: **{md_escape(w['theme'])}**")
            st.page_link("app_pages/umfrage.py", label="Fragen dieses Themenfelds auswerten",
                         icon=":material/bar_chart:", query_params={**filters.to_query_params(), "thema": w["theme"]})
        qs = ds.questions[ds.questions["theme"] == w["theme"]]
        if not len(qs):
            st.caption("Zu diesem Themenfeld sind keine Fragen hinterlegt.")
            return
        lines = []
        for q in qs.itertuples(index=False):
            view = question_view(ds, q.id, unit_keys, selection)
            result = view.result
            if result.suppressed:
                outcome = f"nicht dargestellt – {result.reason}"
            else:
                outcome = view.summary + (" (Beispieldaten)" if ds.sample_data else "") + (
                    f" {result.note}" if result.note else "")
            marker = "" if q.origin == "Fragebogen 2023" else " (Beispielfrage)"
            lines.append(f"- **{md_escape(q.text)}**{md_escape(marker)}  \n  {md_escape(outcome)}")
        st.markdown("\n".join(lines))
