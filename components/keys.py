"""Widget and session-state keys in one place, so that pages, components and tests address the same state.
(The URL parameters themselves are named in views.url.)"""

# The shared filters in the sidebar (app.py).
THEMES = "f_thema"
SIZES = "f_groesse"
DISTRICTS = "f_kreis"
UNITS = "f_kommune"
FILTER_KEYS = (THEMES, SIZES, DISTRICTS, UNITS)
NOTICES = "_filter_notices"  # the German notices about URL values that were dropped
PRESENTATION = "praesentation"

# Survey page.
VIEW_MODE = "umfrage_ansicht"  # Darstellung: Gesamt / Nach Größenklasse / Tabelle
WAVE = "umfrage_welle"
WAVE_A = "umfrage_welle_a"
WAVE_B = "umfrage_welle_b"
BOTH_WAVES = "umfrage_beide"
EXPORT_QUESTION = "umfrage_export_frage"

# Map page.
MAP = "karte_map"
COLOUR_BY = "karte_faerben"
COLOUR_OPTION = "karte_antwort"
BASEMAP = "karte_hintergrund"

# Profile page.
SEARCH = "kommune_suche"
PARTNER_QUESTION = "kommune_weiter_frage"
PROFILE_CHOICE = "kommune_profil_von"

# Toolkit page.
ADDRESSEES = "baukasten_adressat"
CATALOGUE_SEARCH = "baukasten_suche"

# Slides page (the slide itself lives in the address: views.slide_nav).
SLIDE_THEME = "folien_satz"
