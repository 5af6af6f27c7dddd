"""Pieces of the municipality profile: search, facts, comparison, partners, next steps, Steckbrief."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import keys
from components.access import disclosure
from components.export_ui import table_buttons
from data.disclosure import NAMED, SUMMARISED, Viewer, wave_policy, why_not_named
from data.formatting import date_abbrev, date_short, md_escape, number, percent
from data.loading import Dataset
from data.model import short_name
from data.profile import (
    CORE_QUESTIONS,
    Facts,
    answers_of,
    further_along,
    nearby_workshops,
    peer_groups,
    recommendations,
    search,
    search_entries,
)
from exports.steckbrief import QuestionComparison, SteckbriefInput, build_pdf
from geo.html import escape
from geo.mapbuilder import PointLayer, base_map, view_for_bounds

NO_NAMES = {SUMMARISED: "Die Befragung wird nur zusammengefasst veröffentlicht, ohne Namen einzelner Kommunen.",
            NAMED: "Keine andere Kommune hat der namentlichen Veröffentlichung ihrer Antworten zugestimmt."}
SEARCH_KEY = "kommune_suche"
PARTNER_QUESTION_KEY = "kommune_weiter_frage"


def _choose(unit_key: str) -> None:
    st.session_state[keys.KOMMUNE] = [unit_key]
    st.session_state[SEARCH_KEY] = ""


def search_box(ds: Dataset) -> None:
    """Find any municipality or Verbandsgemeinde by name; tolerant of umlauts, prefixes and typos."""
    query = st.text_input("Kommune suchen", key=SEARCH_KEY, placeholder="z. B. Barleben, Weissenfels, Wittenberg",
                          help="Gemeinden und Verbandsgemeinden; eine Mitgliedsgemeinde führt zu ihrer "
                               "Verbandsgemeinde.")
    if not query.strip():
        return
    matches = search(query, search_entries(ds.municipalities, ds.units))
    if not matches:
        st.info(f"Keine Kommune gefunden für „{md_escape(query)}“.")
        return
    names = dict(zip(ds.units["unit_key"], ds.units["name"]))
    st.caption(f"{len(matches)} Treffer – zum Öffnen anklicken:")
    for m in matches:
        label = m.label if not m.note else f"{m.label} → {names.get(m.unit_key, m.unit_key)}"
        st.button(md_escape(label), key=f"treffer_{m.key}", on_click=_choose, args=(m.unit_key,),
                  icon=":material/location_city:")


def own_visible(ds: Dataset, viewer: Viewer, unit_key: str) -> bool:
    """May this viewer see the unit's own answers (and whether it answered)? data.disclosure decides."""
    return viewer.may_name(wave_policy(ds), unit_key)


def facts_section(ds: Dataset, f: Facts, viewer: Viewer) -> None:
    stand = f" am {date_short(f.population_date)}" if f.population_date is not None else ""
    c = st.columns(4)
    c[0].metric("Einwohner", number(f.population), border=True, help=f"Bevölkerung{stand}")
    c[1].metric("Fläche", f"{number(f.area_km2, 1)} km²", border=True)
    c[2].metric("Einwohner je km²", number(f.density), border=True)
    c[3].metric("Größenklasse", f.size_class, border=True, help="Gemeindegrößenklasse nach Einwohnerzahl")
    where = "Landkreis" if not f.district_key.startswith("1500") else "Gebiet der kreisfreien Stadt"
    lines = [f"**{md_escape(f.kind)}** im {where} **{md_escape(f.district_name)}** · Bevölkerungsstand{stand}"]
    if f.members:
        lines.append(f"Mitgliedsgemeinden ({len(f.members)}): " + md_escape(", ".join(f.members)))
    sample = " (Beispieldaten)" if ds.sample_data else ""
    answered = (f" · Fragebogen beantwortet: **{'ja' if f.answered else 'nein'}**{sample}"
                if own_visible(ds, viewer, f.unit_key) else "")
    lines.append(f"Angemeldet für die Workshopreihe: **{'ja' if f.registered else 'nein'}**{answered}")
    near = nearby_workshops(f, ds.workshops).head(3)
    if len(near):
        lines.append("Workshops in der Nähe: " + "; ".join(
            f"{md_escape(r.title)} in {md_escape(r.venue)} ({date_abbrev(r.date)}, {number(r.km)} km)"
            for r in near.itertuples()))
    st.markdown("  \n".join(lines))


def _comparison(ds: Dataset, f: Facts, q: pd.Series, own: tuple[str, ...] | None) -> tuple[pd.DataFrame, list]:
    groups = peer_groups(disclosure(ds), f.unit_key, q["id"], ds.units)
    options = list(q["options"])
    frame = pd.DataFrame({"Antwort": [f"{o} ◀ eigene" if own and o in own else o for o in options]})
    for g in groups:
        col = f"{g.label} (n\u00a0=\u00a0{number(g.n)})"
        if g.table is None:
            frame[col] = "–"
        else:
            frame[col] = [f"{percent(s)} ({number(c)})" for s, c in zip(g.table["share"], g.table["count"])]
    return frame, groups


def comparison_section(ds: Dataset, f: Facts, questions: pd.DataFrame, viewer: Viewer) -> list[QuestionComparison]:
    """The unit's peers per question (public figures, the same for everyone) and – where the viewer may see
    them – its own answers beside them."""
    visible = own_visible(ds, viewer, f.unit_key)
    answers = answers_of(f.unit_key, ds.responses) if visible else None
    out = []
    if visible and not answers:
        st.info("Diese Kommune hat den Fragebogen nicht beantwortet; verglichen werden kann daher nichts."
                + (" (Beispieldaten)" if ds.sample_data else ""))
        return out
    if not visible:
        st.caption(":material/visibility_off: " + md_escape(why_not_named(wave_policy(ds))))
    core = questions[questions["id"].isin(CORE_QUESTIONS)]
    rest = questions[~questions["id"].isin(CORE_QUESTIONS)]
    for part, container in ((core, st.container()), (rest, st.expander(f"Weitere Fragen ({len(rest)})"))):
        with container:
            for q in part.itertuples(index=False):
                q = pd.Series(q._asdict())
                own = answers.get(q["id"], ()) if answers is not None else None
                frame, groups = _comparison(ds, f, q, own)
                own_text = ("  \nEigene Antwort: " + (md_escape(" · ".join(own)) if own else "keine Angabe")
                            if own is not None else "")
                st.markdown(f"**{md_escape(q['text'])}**{own_text}")
                st.dataframe(frame, hide_index=True, width="stretch")
                with st.popover("Exportieren", icon=":material/download:"):
                    table_buttons(ds, frame, title=f"{f.name} – {q['text']}", key=f"vergleich_{q['id']}")
                hidden = [f"{g.label} ({g.reason})" for g in groups if g.table is None]
                if hidden:
                    st.caption("Nicht ausgewiesen: " + md_escape(", ".join(hidden)))
                notes = [g.note for g in groups if g.note]
                if notes:
                    st.caption(":material/group_work: " + md_escape(" ".join(notes)))
                out.append(QuestionComparison(q["text"], own or (), tuple(q["options"]), tuple(groups)))
    return out


def partners_section(ds: Dataset, f: Facts, viewer: Viewer) -> None:
    """Named units further along – only units whose answers this viewer may see by name."""
    single = ds.questions[(ds.questions["type"] == "single")]
    choices = dict(zip(single["id"], single["text"]))
    if not choices:
        return
    policy = wave_policy(ds)
    named = viewer.named_units(policy, ds.units["unit_key"])
    if not (named - {f.unit_key}):
        st.info(md_escape(NO_NAMES[policy.mode]) + " Wer schon weiter ist, lässt sich deshalb nicht mit Namen zeigen.",
                icon=":material/visibility_off:")
        return
    visible = f.unit_key in named
    own_answers = answers_of(f.unit_key, ds.responses) if visible else {}
    if st.session_state.get(PARTNER_QUESTION_KEY) not in choices:
        own = own_answers
        open_core = [q for q in CORE_QUESTIONS if q in choices
                     and own.get(q, ("",))[0] != single.set_index("id").at[q, "options"][-1]]
        st.session_state[PARTNER_QUESTION_KEY] = (open_core or [q for q in CORE_QUESTIONS if q in choices]
                                                  or list(choices))[0]
    qid = st.selectbox("Frage", list(choices), format_func=lambda k: choices[k], key=PARTNER_QUESTION_KEY)
    q = single[single["id"] == qid].iloc[0]
    partners = further_along(f.unit_key, q, ds.units, ds.responses, named,
                             own_answers.get(qid, ()) if visible else None)
    if not visible:
        st.caption("Die eigene Antwort dieser Kommune ist nicht öffentlich; gezeigt werden Kommunen derselben "
                   "Größenklasse, die ihre Antworten freigegeben haben und über den ersten Schritt hinaus sind.")
    if partners.empty:
        st.info(f"Keine Kommune der Größenklasse {f.size_class}, deren Antworten namentlich gezeigt werden dürfen, "
                "hat hier weiter fortgeschritten geantwortet.")
        return
    left, right = st.container(), st.container()
    with left:
        table = pd.DataFrame({"Kommune": [short_name(n) for n in partners["name"]], "Landkreis": partners["district_name"],
                              "Antwort": partners["answer"], "Entfernung": [f"{number(k)} km" for k in partners["km"]]})
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(f"Kommunen der Größenklasse {f.size_class}, nach Entfernung"
                   + (" · Beispieldaten" if ds.sample_data else ""))
        with st.popover("Exportieren", icon=":material/download:"):
            table_buttons(ds, table, title=f"Weiter fortgeschritten als {f.name}", key="partner")
    with right:
        from streamlit_folium import st_folium

        lats = list(partners["lat"]) + [f.lat]
        lons = list(partners["lon"]) + [f.lon]
        # extra room to the east for the name labels right of each point
        centre, zoom = view_for_bounds(min(lats), min(lons), max(lats), max(lons) + 0.6, 380, 760, max_zoom=10)
        m = base_map(380, centre, zoom)
        points = [{"lat": f.lat, "lon": f.lon, "tip": f"<b>{escape(f.name)}</b>",
                   "style": {"radius": 9, "color": "#000", "weight": 3, "fillColor": "#D55E00", "fillOpacity": 1,
                             "className": "eigene-kommune"}}]
        points += [{"lat": float(r.lat), "lon": float(r.lon),
                    "tip": f"<b>{escape(r.name)}</b><br>{escape(r.answer)} · {escape(number(r.km))} km",
                    "style": {"radius": 7, "color": "#333", "weight": 1, "fillColor": "#0072B2", "fillOpacity": 0.9,
                              "className": "partner"}} for r in partners.itertuples()]
        labels = [{"lat": float(r.lat), "lon": float(r.lon), "html": f'<div class="sca-label">{escape(short_name(r.name))}</div>',
                   "cls": "sca-label-icon", "size": [160, 16], "anchor": [-9, 8], "tip": ""}
                  for r in partners.itertuples()]
        labels.append({"lat": f.lat, "lon": f.lon, "html": f'<div class="sca-label"><b>{escape(short_name(f.name))}</b></div>',
                       "cls": "sca-label-icon", "size": [180, 16], "anchor": [-11, 8], "tip": ""})
        PointLayer(points, labels).add_to(m)
        st_folium(m, key="partner_map", height=380, use_container_width=True, returned_objects=[])


def recommendations_section(ds: Dataset, f: Facts, viewer: Viewer):
    answers = answers_of(f.unit_key, ds.responses) if own_visible(ds, viewer, f.unit_key) else None
    recs = recommendations(f.unit_key, f.size_class, answers, ds.questions, ds.catalogue)
    if not ds.catalogue.blocks:
        st.info("Der Baukasten ist nicht geladen.")
        return recs
    if ds.catalogue.is_draft:
        st.caption(f"Aus dem Baukasten ({md_escape(ds.catalogue.status)}): {md_escape(ds.catalogue.hinweis)}")
    if not recs:
        st.success("Aus den Antworten ergibt sich keine offene Empfehlung – diese Kommune ist bei den "
                   "abgefragten Punkten schon weit.")
    for r in recs:
        with st.expander(md_escape(f"{r.block.titel} · {r.block.themenfeld}"), expanded=len(recs) <= 3):
            st.markdown("**Warum:** " + md_escape("; ".join(r.reasons)))
            st.markdown(md_escape(r.block.beschreibung))
            st.caption(f"Aufwand: {md_escape(r.block.aufwand)} · Voraussetzungen: {md_escape(r.block.voraussetzungen)}"
                       + (f" · Förderung: {md_escape('; '.join(r.block.foerderung))}" if r.block.foerderung else "")
                       + f" · Quelle: {md_escape(r.block.quelle)}")
    return recs


def steckbrief_button(ds: Dataset, f: Facts, comparisons, recs, viewer: Viewer) -> None:
    near = nearby_workshops(f, ds.workshops).head(3)
    stand = date_short(ds.population_date) if ds.population_date is not None else "unbekannt"
    source = (f"Statistisches Landesamt Sachsen-Anhalt, Stand {stand}; Koordinaten: GeoNames, CC BY 4.0; "
              f"{ds.survey.get('title', 'Befragung')} {ds.survey.get('wave', '')}"
              + (" – Beispieldaten" if ds.sample_data else "")
              + (f", Umfragedaten {ds.survey['store_version']}" if ds.survey.get("store_version") else ""))
    data = SteckbriefInput(
        facts=f, comparisons=tuple(comparisons), recommendations=tuple(recs),
        workshops=tuple((r.title, date_abbrev(r.date), float(r.km)) for r in near.itertuples()),
        sample_data=ds.sample_data, source=source, catalogue_draft=ds.catalogue.is_draft, created=dt.date.today(),
        own_visible=own_visible(ds, viewer, f.unit_key), own_note=why_not_named(wave_policy(ds)))
    safe = "".join(ch if ch.isalnum() else "-" for ch in f.name).strip("-")
    st.download_button("Steckbrief als PDF", data=lambda: build_pdf(data), file_name=f"Steckbrief-{safe}.pdf",
                       mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore")
