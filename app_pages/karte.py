"""Karte: every municipality of Saxony-Anhalt, coloured by registration for the series, with the workshop
venues.

For presenters (the projector view of who takes part) and officers (where are we, who is near us; a click
leads to the profile). Filters grey out municipalities that do not match; the table below lists the
participants. Who answered the questionnaire is an answer: the map shows it to signed-in staff only.
"""
import streamlit as st

from components.access import staff_notice
from components.frame import page_context
from components.map_card import selection_card
from components.map_widget import show_map
from components.notices import empty_state, filter_caption
from components.participants import participant_table
from data.disclosure import STAFF
from data.filters import municipality_mask

ctx = page_context()
ds, filters = ctx.dataset, ctx.filters

st.title("Karte der Beteiligung")
filter_caption(ctx.filter_line)
if not len(ds.municipalities):
    empty_state("Die Gemeindedaten konnten nicht geladen werden; die Karte ist daher leer.")
    st.stop()

staff_notice(ctx.viewer)
if ds.sample_data and ctx.viewer.role == STAFF:
    st.caption(":material/science: Der Status „Fragebogen“ beruht auf **Beispieldaten**.")
if not municipality_mask(ds.municipalities, filters).any():
    empty_state("Keine Gemeinde entspricht den gewählten Filtern; alle Gemeinden sind grau dargestellt.")
areas = show_map(ds, filters, ctx.viewer, controls_below=ctx.presenting)  # presenting: the map first
selection_card(ds, filters, ctx.viewer)
if not areas:
    st.caption("Jeder Punkt ist eine Gemeinde, gezeichnet am Ort ihres Verwaltungssitzes (GeoNames, CC BY 4.0); die "
               "Punktgröße folgt der Einwohnerzahl. Gemeindeflächen und Kreisgrenzen zeigt die Karte, sobald die "
               "amtlichen Verwaltungsgrenzen eingespielt sind; bis dahin umfährt eine gestrichelte Linie die "
               "Gemeindesitze (keine amtliche Grenze). Ein Klick auf einen Punkt wählt die Gemeinde aus und "
               "zeigt den Weg zu ihrem Profil.")
st.caption("Mitgliedsgemeinden einer Verbandsgemeinde tragen deren Beteiligungsstatus. Wer den Fragebogen "
           "beantwortet hat, zeigt die Karte nicht – die Befragung wird nur zusammengefasst ausgewertet "
           "(Seite Umfrage). Ohne Kartenhintergrund funktioniert die Karte ohne Internetverbindung und lädt nichts "
           "von fremden Servern.")
st.subheader("Beteiligte Kommunen")
participant_table(ctx)
