"""The card under the map for the one municipality that a click (or the Kommune filter) selected: its name,
key facts and the way on to its profile."""
from __future__ import annotations

import streamlit as st

from components import keys
from data.disclosure import STAFF, Viewer
from data.filters import Filters
from data.formatting import md_escape
from data.loading import Dataset
from views.map import units_for_map
from views.map_card import map_card

PROFILE_PAGE = "app_pages/kommune.py"


def _clear() -> None:
    st.session_state[keys.UNITS] = []


def selection_card(ds: Dataset, filters: Filters, viewer: Viewer) -> None:
    """Nothing unless exactly one municipality or Verbandsgemeinde is selected."""
    if len(filters.units) != 1:
        return
    staff = viewer.role == STAFF  # whether it answered is an answer: named for staff only
    card = map_card(filters.units[0], ds.municipalities, units_for_map(ds, staff), ds.workshops, ds.sample_data,
                    questionnaire=staff)
    if card is None:
        return
    with st.container(border=True, key="karte_auswahl"):
        st.markdown(f"**{md_escape(card.name)}**  \n" + "  \n".join(md_escape(line) for line in card.lines))
        left, right = st.columns([3, 2], vertical_alignment="center")
        label = "Profil öffnen" if card.profile_name == card.name else f"Profil der {card.profile_name} öffnen"
        left.page_link(PROFILE_PAGE, label=md_escape(label), icon=":material/location_city:",
                       query_params={"kommune": card.unit_key})
        right.button("Auswahl aufheben", on_click=_clear, icon=":material/close:", key="karte_auswahl_aufheben")
