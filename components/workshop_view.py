"""One workshop: facts, its own programme and results where filled, a link to its theme's questions, and a
one-line result for each of them."""
from __future__ import annotations

import streamlit as st

from data.formatting import date_long, md_escape
from views.questions import QuestionView, workshop_outcome
from views.workshops import content_sections


def workshop_card(w: dict, questions: list[tuple[dict, QuestionView]], sample_data: bool,
                  link_params: dict[str, list[str]], earlier: int | None = None, results: bool = True,
                  in_chosen: bool = False) -> None:
    """`questions`: the theme's questions (row, view); `earlier`: the number of the workshop whose card lists
    them already (views.workshops.first_of_theme); `results`: whether survey figures may stand here (not for
    one municipality); `in_chosen`: held in a municipality the Kommune filter chose; `link_params`: the URL
    of the survey page with the current filters and this theme."""
    with st.container(border=True):
        head, facts = st.columns([3, 2])
        with head:
            st.subheader(f"{w['number']}. {md_escape(w['title'])}")
            st.markdown(f"**{date_long(w['date'])}** · {md_escape(w['venue'])}")
            if in_chosen:
                st.badge("in der gewählten Kommune", icon=":material/location_on:", color="blue")
        with facts:
            st.markdown(f"Themenfeld: **{md_escape(w['theme'])}**")
            st.page_link("app_pages/umfrage.py", label="Fragen dieses Themenfelds auswerten",
                         icon=":material/bar_chart:", query_params=link_params)
        for label, items in content_sections(w):
            st.markdown(f"**{label}**\n\n" + "\n".join(f"- {md_escape(item)}" for item in items))
        if not results:
            return
        if earlier is not None:
            st.caption(f"Die Fragen dieses Themenfelds und ihre Ergebnisse stehen beim {earlier}. Workshop.")
            return
        if not questions:
            st.caption("Zu diesem Themenfeld sind keine Fragen hinterlegt.")
            return
        lines = []
        for q, view in questions:
            marker = "" if q["origin"] == "Fragebogen 2023" else " (Beispielfrage)"
            lines.append(f"- **{md_escape(q['text'])}**{md_escape(marker)}  \n  "
                         f"{md_escape(workshop_outcome(view, sample_data))}")
        st.markdown("\n".join(lines))
