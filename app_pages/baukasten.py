"""Baukasten: the draft catalogue of building blocks and recommendations for the Land, the districts and
every municipality – filterable by theme and size class (sidebar), addressee and full text, with the
participating municipalities that already answered that they do it."""
import datetime as dt

import streamlit as st

from components.access import staff_notice
from components.access import viewer as current_viewer
from components.filters import current_filters
from components.notices import empty_state, filter_caption
from components.state import get_dataset
from data.baukasten import ADDRESSEES
from data.catalogue_search import filter_blocks
from data.disclosure import wave_policy
from data.formatting import count_noun, date_long, md_escape, number
from data.profile import units_doing


def stand_text(value: str) -> str:
    try:
        return date_long(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


ds = get_dataset()
filters = current_filters()
cat = ds.catalogue

st.title("Baukasten für smarte Kommunen")
if cat.is_draft:
    st.warning(f"**{md_escape(cat.status)}** (Stand {md_escape(stand_text(cat.stand))}): {md_escape(cat.hinweis)}",
               icon=":material/edit_note:")
st.markdown("Bausteine und Empfehlungen für die Landespolitik, die Landkreise und jede Kommune – zusammengestellt "
            "aus den Themen der Workshopreihe.")
filter_caption(ds, filters)
left, right = st.columns([2, 3])
with left:
    addressees = st.multiselect("Adressat", ADDRESSEES, key="baukasten_adressat", placeholder="Alle Adressaten")
with right:
    query = st.text_input("Volltextsuche", key="baukasten_suche", placeholder="z. B. Förderung, Wärmeplanung, Daten")

if not cat.blocks:
    empty_state("Der Baukasten ist nicht geladen.")
    st.stop()
blocks = filter_blocks(cat, filters.themes, filters.sizes, addressees, query)
st.markdown(f"**{number(len(blocks))}** von {count_noun(len(cat.blocks), 'Baustein', 'Bausteinen')}")
if not blocks:
    empty_state("Kein Baustein passt zu dieser Auswahl. Filter oder Suchbegriff ändern.")
    st.stop()

# Who already does it is an answer: named only where data.disclosure allows it for this viewer.
policy = wave_policy(ds)
viewer = current_viewer()
staff_notice(viewer)
named = viewer.named_units(policy, ds.units["unit_key"])
if not named:
    st.caption(":material/visibility_off: Welche Kommunen einen Baustein schon umsetzen, wird nicht genannt: Die "
               "Befragung wird nur zusammengefasst veröffentlicht.")
elif policy.mode == "namentlich":
    st.caption(":material/visibility: Genannt werden nur Kommunen, die der namentlichen Veröffentlichung ihrer "
               "Antworten zugestimmt haben.")
for b in blocks:
    with st.container(border=True):
        st.markdown(f"#### {md_escape(b.titel)}")
        st.caption(f"{md_escape(b.themenfeld)} · Adressat: {md_escape(', '.join(b.adressaten))} · Aufwand: "
                   f"{md_escape(b.aufwand)} · passt zu: {md_escape(', '.join(b.groessenklassen))}")
        st.markdown(md_escape(b.beschreibung))
        details = [f"**Voraussetzungen:** {md_escape(b.voraussetzungen)}"]
        if b.foerderung:
            details.append(f"**Förderwege:** {md_escape('; '.join(b.foerderung))}")
        details.append(f"**Quelle:** {md_escape(b.quelle)}")
        st.markdown("  \n".join(details))
        if b.umgesetzt_wenn and named:
            doing = units_doing(b, ds.responses, ds.units, named)
            sample = " (Beispieldaten)" if ds.sample_data else ""
            if doing:
                st.caption(f"Teilnehmende Kommunen, die angeben, das schon zu tun{sample}: " + md_escape(", ".join(doing)))
            elif len(named) == len(ds.units):
                st.caption(f"Noch keine teilnehmende Kommune gibt an, das schon zu tun{sample}.")
            else:
                st.caption(f"Keine der namentlich genannten Kommunen gibt an, das schon zu tun{sample}.")
