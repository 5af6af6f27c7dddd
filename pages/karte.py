"""Karte: every municipality of Saxony-Anhalt, coloured by participation, with the workshop venues.

For presenters (the projector view of who takes part) and officers (where are we, who is near us).
Filters grey out municipalities that do not match; the table below lists the participants.
"""
import streamlit as st

from components.filters import current_filters
from components.map_widget import show_map
from components.notices import filter_caption, sample_banner
from components.participants import participant_table
from components.state import get_dataset
from data.filters import municipality_mask, selected_unit_keys
from geo.mapbuilder import participant_map

ds = get_dataset()
filters = current_filters()

st.title("Karte der Beteiligung")
filter_caption(ds, filters)
if not len(ds.municipalities):
    st.info("Die Gemeindedaten konnten nicht geladen werden; die Karte ist daher leer.")
    st.stop()

mask = municipality_mask(ds.municipalities, filters)
selected = set(filters.units) | selected_unit_keys(filters, ds.municipalities)
m, counts = participant_map(ds.municipalities, ds.units, ds.workshops, ds.districts, mask, selected,
                            sample_data=ds.sample_data)
if ds.sample_data:
    st.caption(":material/science: Der Status „Fragebogen“ beruht auf **Beispieldaten**.")
if not mask.any():
    st.info("Keine Gemeinde entspricht den gewählten Filtern; alle Punkte sind grau dargestellt.")
show_map(m)
st.caption(
    "Punkte: Verwaltungssitz oder Hauptort jeder Gemeinde (GeoNames, CC BY 4.0), Fläche proportional zur "
    "Einwohnerzahl. Mitgliedsgemeinden einer Verbandsgemeinde tragen deren Beteiligungsstatus. "
    "Kein Kartenhintergrund: Die Karte funktioniert ohne Internetverbindung."
)
st.subheader("Beteiligte Kommunen")
participant_table(ds, filters)
