"""Widget keys in one place, so that pages and tests address the same state."""

THEMA = "f_thema"
GROESSE = "f_groesse"
KREIS = "f_kreis"
KOMMUNE = "f_kommune"
FILTER_KEYS = {"thema": THEMA, "groesse": GROESSE, "kreis": KREIS, "kommune": KOMMUNE}

# Remembers what the app last wrote into the URL, to tell a user's edit of the URL from our own.
LAST_URL = "_last_url_filters"
NOTICES = "_filter_notices"
SHOW_TABLES = "show_tables"
