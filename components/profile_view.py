"""Pieces of the municipality profile: search, facts, comparison, development over the waves, partners,
next steps, Steckbrief. What they show is built in views.profile; what the viewer may see of the unit's own
answers and of other named units data.disclosure decides."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import keys
from components.access import disclosure
from components.export_ui import table_buttons
from components.filters import choose_unit
from components.narrow import figure_columns, table_or_cards
from data.disclosure import Viewer, wave_policy, why_not_named
from data.formatting import date_short, md_escape, number, sample_mark
from data.loading import Dataset
from data.profile import (
    CORE_QUESTIONS,
    MAX_QUERY,
    Facts,
    answers_of,
    further_along,
    recommendations,
    search,
    search_entries,
)
from exports.steckbrief import build_pdf
from geo.mapbuilder import PointLayer, base_map, view_for_bounds
from views.profile import (
    OWN_NOT_PUBLIC,
    PeerComparison,
    comparison_note_md,
    development_table,
    facts_md,
    no_partners_named,
    own_visible,
    partner_points,
    partners_table,
    peer_comparison,
    steckbrief_file_name,
    steckbrief_input,
)
from views.sources import Source

PARTNER_MAP_HEIGHT = 380


def _open(unit_key: str) -> None:
    choose_unit(unit_key)
    st.session_state[keys.SEARCH] = ""


def search_box(ds: Dataset) -> str:
    """Find any municipality or Verbandsgemeinde by name; tolerant of umlauts, prefixes and typos. Returns the
    search text (the hits are buttons that open a profile)."""
    query = st.text_input("Kommune suchen", key=keys.SEARCH, placeholder="z. B. Barleben, Weißenfels, Wittenberg",
                          max_chars=MAX_QUERY,
                          help="Gemeinden und Verbandsgemeinden; eine Mitgliedsgemeinde führt zu ihrer "
                               "Verbandsgemeinde.")
    if not query.strip():
        return ""
    matches = search(query, search_entries(ds.municipalities, ds.units))
    if not matches:
        st.info(f"Keine Kommune gefunden für „{md_escape(query)}“.")
        return query
    names = dict(zip(ds.units["unit_key"], ds.units["name"]))
    st.caption(f"{len(matches)} Treffer – zum Öffnen anklicken:")
    for m in matches:
        label = m.label if not m.note else f"{m.label} → {names.get(m.unit_key, m.unit_key)}"
        st.button(md_escape(label), key=f"treffer_{m.key}", on_click=_open, args=(m.unit_key,),
                  icon=":material/location_city:")
    return query


def unit_choice(ds: Dataset, unit_keys: list[str]) -> str:
    """With several units in the Kommune filter: which one the profile shows."""
    if len(unit_keys) == 1:
        return unit_keys[0]
    names = dict(zip(ds.units["unit_key"], ds.units["name"]))
    return st.selectbox("Mehrere Kommunen gewählt – Profil von", unit_keys, format_func=lambda k: names.get(k, k),
                        key=keys.PROFILE_CHOICE)


def facts_section(ds: Dataset, f: Facts, viewer: Viewer) -> None:
    as_of = f" am {date_short(f.population_date)}" if f.population_date is not None else ""
    c = figure_columns(4, "profil")
    c[0].metric("Einwohner", number(f.population), border=True, help=f"Bevölkerung{as_of}")
    c[1].metric("Fläche", f"{number(f.area_km2, 1)} km²", border=True)
    c[2].metric("Einwohner je km²", number(f.density), border=True)
    c[3].metric("Größenklasse", f.size_class, border=True, help="Gemeindegrößenklasse nach Einwohnerzahl")
    st.markdown(facts_md(ds, f, own_visible(ds, viewer, f.unit_key)))


def comparison_section(ds: Dataset, f: Facts, questions: pd.DataFrame, viewer: Viewer) -> list[PeerComparison]:
    """The unit's peers per question (public figures, the same for everyone) and – where the viewer may see
    them – its own answers beside them."""
    visible = own_visible(ds, viewer, f.unit_key)
    answers = answers_of(f.unit_key, ds.responses) if visible else None
    out: list[PeerComparison] = []
    if visible and not answers:
        st.info("Diese Kommune hat den Fragebogen nicht beantwortet; verglichen werden kann daher nichts."
                + sample_mark(ds.sample_data, "paren"))
        return out
    if not visible:
        st.caption(":material/visibility_off: " + md_escape(why_not_named(wave_policy(ds))))
    st.caption(comparison_note_md(f, visible))
    source, wd = Source.of(ds), disclosure(ds)
    core = questions[questions["id"].isin(CORE_QUESTIONS)]
    rest = questions[~questions["id"].isin(CORE_QUESTIONS)]
    for part, container in ((core, st.container()), (rest, st.expander(f"Weitere Fragen ({len(rest)})"))):
        with container:
            for q in part.itertuples(index=False):
                q = pd.Series(q._asdict())
                c = peer_comparison(wd, ds.units, f, q, answers.get(q["id"], ()) if answers is not None else None)
                own_text = ("  \nEigene Antwort: " + (md_escape(" · ".join(c.own)) if c.own else "keine Angabe")
                            if c.own is not None else "")
                st.markdown(f"**{md_escape(c.text)}**{own_text}")
                table_or_cards(c.frame, f"vergleich-{c.question_id}")
                with st.popover("Exportieren", icon=":material/download:"):
                    table_buttons(source, c.frame, title=f"{f.name} – {c.text}", key=f"vergleich_{c.question_id}",
                                  n_text=c.n_text)
                if c.hidden:
                    st.caption("Nicht ausgewiesen: " + md_escape(c.hidden))
                if c.notes:
                    st.caption(":material/group_work: " + md_escape(c.notes))
                out.append(c)
    return out


def development_section(ds: Dataset, f: Facts, questions: pd.DataFrame, viewer: Viewer) -> None:
    """The unit's answers in every wave it took part in (only with more than one such wave the viewer may
    see by name)."""
    frame = development_table(ds, f.unit_key, questions, viewer)
    if frame is None:
        return
    st.subheader("Entwicklung über die Befragungswellen")
    st.caption("Die Antworten dieser Kommune in jeder Welle, an der sie teilgenommen hat: „weiter“ heißt eine "
               "fortgeschrittenere Antwort als bei ihrer ersten Antwort auf die Frage, „zurück“ eine weniger "
               "fortgeschrittene; bei Mehrfachauswahl steht „verändert“.")
    # Fixed widths, so that long question texts never push the development column out of view.
    waves = [c for c in frame.columns if c not in ("Frage", "Entwicklung")]
    widths = {"Frage": st.column_config.TextColumn(width=300), "Entwicklung": st.column_config.TextColumn(width=110),
              **{c: st.column_config.TextColumn(width=400 // max(len(waves), 1)) for c in waves}}
    table_or_cards(frame, "entwicklung", draw_table=lambda t: st.dataframe(t, hide_index=True, width="stretch",
                                                                           column_config=widths))
    with st.popover("Exportieren", icon=":material/download:"):
        table_buttons(Source.of(ds), frame, title=f"{f.name} – Entwicklung über die Befragungswellen",
                      key="entwicklung")


def partners_section(ds: Dataset, f: Facts, viewer: Viewer) -> None:
    """Named units further along – only units whose answers this viewer may see by name."""
    single = ds.questions[(ds.questions["type"] == "single")]
    choices = dict(zip(single["id"], single["text"]))
    if not choices:
        return
    policy = wave_policy(ds)
    named = viewer.named_units(policy, ds.units["unit_key"])
    if not (named - {f.unit_key}):
        st.info(md_escape(no_partners_named(policy)), icon=":material/visibility_off:")
        return
    st.caption("Kommunen derselben Größenklasse, die weiter fortgeschritten geantwortet haben – mögliche Partner "
               "für interkommunale Zusammenarbeit, die nächsten zuerst.")
    visible = f.unit_key in named
    own_answers = answers_of(f.unit_key, ds.responses) if visible else {}
    if st.session_state.get(keys.PARTNER_QUESTION) not in choices:
        own = own_answers
        open_core = [q for q in CORE_QUESTIONS if q in choices
                     and own.get(q, ("",))[0] != single.set_index("id").at[q, "options"][-1]]
        st.session_state[keys.PARTNER_QUESTION] = (open_core or [q for q in CORE_QUESTIONS if q in choices]
                                                   or list(choices))[0]
    qid = st.selectbox("Frage", list(choices), format_func=lambda k: choices[k], key=keys.PARTNER_QUESTION)
    q = single[single["id"] == qid].iloc[0]
    partners = further_along(f.unit_key, q, ds.units, ds.responses, named,
                             own_answers.get(qid, ()) if visible else None)
    if not visible:
        st.caption(OWN_NOT_PUBLIC)
    if partners.empty:
        st.info(f"Keine Kommune der Größenklasse {f.size_class}, deren Antworten namentlich gezeigt werden dürfen, "
                "hat hier weiter fortgeschritten geantwortet.")
        return
    table_or_cards(partners_table(partners), "partner")
    st.caption(f"Kommunen der Größenklasse {f.size_class}, nach Entfernung" + sample_mark(ds.sample_data))
    with st.popover("Exportieren", icon=":material/download:"):
        table_buttons(Source.of(ds), partners_table(partners, with_key=True), title=f"Weiter fortgeschritten als {f.name}",
                      key="partner")
    partner_map(f, partners)


def partner_map(f: Facts, partners: pd.DataFrame) -> None:
    """The unit and its partners on a small map (pan and zoom never rerun the app)."""
    from streamlit_folium import st_folium

    lats = list(partners["lat"]) + [f.lat]
    lons = list(partners["lon"]) + [f.lon]
    # extra room to the east for the name labels right of each point
    centre, zoom = view_for_bounds(min(lats), min(lons), max(lats), max(lons) + 0.6, PARTNER_MAP_HEIGHT, 760,
                                   max_zoom=10)
    m = base_map(PARTNER_MAP_HEIGHT, centre, zoom)
    PointLayer(*partner_points(f, partners)).add_to(m)
    st_folium(m, key="partner_map", height=PARTNER_MAP_HEIGHT, use_container_width=True, returned_objects=[])


def recommendations_section(ds: Dataset, f: Facts, viewer: Viewer):
    answers = answers_of(f.unit_key, ds.responses) if own_visible(ds, viewer, f.unit_key) else None
    recs = recommendations(f.unit_key, f.size_class, answers, ds.questions, ds.catalogue)
    if not ds.catalogue.blocks:
        st.info("Der Baukasten ist nicht geladen.")
        return recs
    if ds.catalogue.is_draft:
        st.caption(f"Aus dem Baukasten ({md_escape(ds.catalogue.status)}): {md_escape(ds.catalogue.note)}")
    if not recs:
        st.success("Aus den Antworten ergibt sich keine offene Empfehlung – diese Kommune ist bei den "
                   "abgefragten Punkten schon weit.")
    for r in recs:
        with st.expander(md_escape(f"{r.block.title} · {r.block.theme}"), expanded=len(recs) <= 3):
            st.markdown("**Warum:** " + md_escape("; ".join(r.reasons)))
            st.markdown(md_escape(r.block.description))
            st.caption(f"Aufwand: {md_escape(r.block.effort)} · Voraussetzungen: {md_escape(r.block.prerequisites)}"
                       + (f" · Förderung: {md_escape('; '.join(r.block.funding))}" if r.block.funding else "")
                       + f" · Quelle: {md_escape(r.block.source)}")
    return recs


def steckbrief_button(ds: Dataset, f: Facts, comparisons: list[PeerComparison], recs, viewer: Viewer) -> None:
    data = steckbrief_input(ds, f, comparisons, recs, viewer)
    st.download_button("Steckbrief als PDF", data=lambda: build_pdf(data), file_name=steckbrief_file_name(f),
                       mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore")
