"""Foliensätze: prepared sequences per workshop theme for the projector – the overview, the map coloured
by the theme's key question, then the theme's questions – stepped with Weiter/Zurück. The sequences are
data (data/foliensaetze.yaml); /folien?satz=Energie und Klima&folie=2 opens a slide directly."""
import streamlit as st

from components.access import selection as selection_of
from components.charts import show_chart
from components.filters import current_filters
from components.map_widget import show_karte
from components.notices import empty_state, filter_caption
from components.overview import funnel_spec
from components.state import get_dataset
from components.survey_view import question_view, selection_key
from components.tiles import tiles
from data.filters import Filters, filter_units
from data.formatting import count_noun, md_escape, number
from data.overview import series_facts
from geo.choropleth import QUESTION_PREFIX

ds = get_dataset()
filters = current_filters()
sequences = {s.theme: s for s in ds.sequences}
if not sequences:
    st.title("Foliensätze")
    empty_state("Es sind keine Foliensätze hinterlegt (data/foliensaetze.yaml).")
    st.stop()

# The slide lives in the URL (satz, folie) so that a link or a reload shows the same slide.
if "folien_satz" not in st.session_state or st.query_params.get("satz", st.session_state["folien_satz"]) != \
        st.session_state["folien_satz"]:
    wanted = st.query_params.get("satz", "")
    st.session_state["folien_satz"] = wanted if wanted in sequences else next(iter(sequences))
    try:
        st.session_state["folien_nr"] = max(1, int(st.query_params.get("folie", "1")))
    except ValueError:
        st.session_state["folien_nr"] = 1


def _step(delta: int) -> None:
    st.session_state["folien_nr"] += delta


def _restart() -> None:
    st.session_state["folien_nr"] = 1


pick, nav_back, nav_pos, nav_next = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
with pick:
    theme = st.selectbox("Foliensatz", list(sequences), key="folien_satz", on_change=_restart)
seq = sequences[theme]
total = len(seq.slides)
nr = min(max(1, st.session_state.get("folien_nr", 1)), total)
st.session_state["folien_nr"] = nr
slide = seq.slides[nr - 1]
with nav_back:
    st.button("Zurück", on_click=_step, args=(-1,), disabled=nr <= 1, icon=":material/arrow_back:", width="stretch")
with nav_pos:
    st.markdown(f"**Folie {nr} / {total}**", text_alignment="center")
with nav_next:
    st.button("Weiter", on_click=_step, args=(1,), disabled=nr >= total, icon=":material/arrow_forward:",
              width="stretch")

slide_filters = Filters((theme,), filters.sizes, filters.districts, filters.units)
filter_caption(ds, slide_filters)
units = filter_units(ds.units, slide_filters, ds.municipalities)
sample = " · Beispieldaten" if ds.sample_data else ""

if slide.view == "uebersicht":
    st.title(md_escape(theme))
    # The series' real key figures, drawn as facts (never from the sample answers).
    facts = series_facts(ds.program, ds.participants, ds.workshops)
    themed = ds.workshops[ds.workshops["theme"] == theme]
    tiles([("Eingeladen", facts.invited_text, "Kommunen"),
           ("Angemeldet", number(facts.registered), "für die ganze Reihe"),
           ("Fragebögen", number(facts.questionnaires), "zurückgesandt (Kurzbefragung 2023)"),
           ("Workshops", number(len(themed)), "in diesem Themenfeld")])
    show_chart(funnel_spec(facts), key="folie_funnel",
               alt_text=f"{facts.invited_text} eingeladene Kommunen, {number(facts.questionnaires)} Fragebögen, "
                        f"{number(facts.registered)} angemeldete Kommunen")
elif slide.view == "karte":
    q = ds.questions.set_index("id").loc[slide.question_id]
    st.title(md_escape(q["text"]))
    st.caption(f"Anteil „{md_escape(slide.answer)}“ je Landkreis{sample}")
    show_karte(ds, slide_filters, preset=(QUESTION_PREFIX + slide.question_id, slide.answer))
else:
    sel = selection_of(units, slide_filters)
    view = question_view(ds, slide.question_id, sel, selection_key(sel), large=True)
    q = ds.questions.set_index("id").loc[slide.question_id]
    if view.result.suppressed:
        st.title(md_escape(q["text"]))
        st.info(f"Nicht dargestellt: {md_escape(view.result.reason)}.")
    else:
        st.title(md_escape(q["text"]))
        st.caption(f"n = {count_noun(view.result.n, 'antwortende Kommune', 'antwortende Kommunen')}{sample}"
                   + (f" · {md_escape(view.result.note)}" if view.result.note else ""))
        show_chart(view.chart, key=f"folie_{slide.question_id}", alt_text=view.summary)
        st.markdown(f"### {md_escape(view.summary)}")

st.query_params["satz"] = theme
st.query_params["folie"] = str(nr)
