"""Karte: every municipality of Saxony-Anhalt, coloured by participation, with the workshop venues.

For presenters (the projector view of who takes part) and officers (where are we, who is near us).
Filters grey out municipalities that do not match; the table below lists the participants.
"""
import streamlit as st

from components.access import staff_notice
from components.access import viewer as current_viewer
from components.filters import current_filters
from components.map_card import selection_card
from components.map_widget import show_karte
from components.notices import filter_caption
from components.participants import participant_table
from components.state import get_dataset
from data.filters import municipality_mask

ds = get_dataset()
filters = current_filters()

st.title("Karte der Beteiligung")
filter_caption(ds, filters)
if not len(ds.municipalities):
    st.info("Die Gemeindedaten konnten nicht geladen werden; die Karte ist daher leer.")
    st.stop()

viewer = current_viewer()
staff_notice(viewer)
if ds.sample_data and viewer.role == "staff":
    st.caption(":material/science: Der Status „Fragebogen“ beruht auf **Beispieldaten**.")
if not municipality_mask(ds.municipalities, filters).any():
    st.info("Keine Gemeinde entspricht den gewählten Filtern; alle Gemeinden sind grau dargestellt.")
areas = show_karte(ds, filters)
selection_card(ds, filters)
if not areas:
    st.caption(
        "Jeder Punkt ist eine Gemeinde, gezeichnet am Ort ihres Verwaltungssitzes (GeoNames, CC BY 4.0); die "
        "Punktgröße folgt der Einwohnerzahl. Gemeindeflächen und Kreisgrenzen zeigt die Karte, sobald die amtlichen "
        "Verwaltungsgrenzen eingespielt sind. Ein Klick auf einen Punkt wählt die Gemeinde aus und zeigt den Weg zu "
        "ihrem Profil."
    )
st.caption("Mitgliedsgemeinden einer Verbandsgemeinde tragen deren Beteiligungsstatus. Wer den Fragebogen "
           "beantwortet hat, zeigt die Karte nicht – die Befragung wird nur zusammengefasst ausgewertet "
           "(Seite Umfrage). Ohne Kartenhintergrund "
           "funktioniert die Karte ohne Internetverbindung und lädt nichts von fremden Servern.")
st.subheader("Beteiligte Kommunen")
participant_table(ds, filters)
