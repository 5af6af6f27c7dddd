"""The dashboard's URL parameters (views.url): the shared filters, the survey waves, the slide, the mode –
parsed with German notices for what is dropped, and written back."""
from __future__ import annotations

from pathlib import Path

import pytest

from data.filters import Choices, Filters
from data.loading import load_dataset
from views.questions import BY_SIZE, MODES, TABLE, TOTAL
from views.url import (
    MAX_VALUE_LENGTH,
    WaveSelection,
    colour_params,
    filter_params,
    mode_params,
    parse_colour_params,
    parse_mode,
    parse_query_params,
    parse_view_param,
    parse_wave_params,
    view_notice,
    view_params,
)

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"

FINNE = "150845051"  # Verbandsgemeinde An der Finne, 7 members
BAD_BIBRA = "15084015"  # member of An der Finne
HALLE = "15002000"
BURGENLANDKREIS = "15084"


@pytest.fixture(scope="module")
def choices() -> Choices:
    ds = load_dataset(DATA)
    return Choices.from_data(ds.units, ds.municipalities, ds.districts)


# --- parse_query_params ------------------------------------------------------------------------------

def test_parse_valid_values(choices):
    parsed = parse_query_params({
        "thema": ["Energie und Klima"],
        "groesse": ["Kleinstadt", "Großstadt"],
        "kreis": [BURGENLANDKREIS],
        "kommune": [FINNE, BAD_BIBRA],
    }, choices)
    assert parsed.notices == []
    assert parsed.filters == Filters(themes=("Energie und Klima",), sizes=("Kleinstadt", "Großstadt"),
                                     districts=(BURGENLANDKREIS,), units=(FINNE, BAD_BIBRA))
    assert parsed.filters.active


def test_parse_empty(choices):
    parsed = parse_query_params({}, choices)
    assert parsed.filters == Filters()
    assert not parsed.filters.active
    assert parsed.notices == []


def test_parse_unknown_values_are_dropped_with_notice(choices):
    parsed = parse_query_params({"groesse": ["Riesenstadt", "Kleinstadt"], "kreis": ["99999"],
                                 "kommune": ["<script>"]}, choices)
    assert parsed.filters.sizes == ("Kleinstadt",)
    assert parsed.filters.districts == ()
    assert parsed.filters.units == ()
    assert "Größenklasse: unbekannte Werte ignoriert („Riesenstadt“)." in parsed.notices
    assert "Landkreis: unbekannte Werte ignoriert („99999“)." in parsed.notices
    assert "Kommune: unbekannte Werte ignoriert („<script>“)." in parsed.notices
    assert len(parsed.notices) == 3
    empty = parse_query_params({"groesse": ["Landgemeinde", "Landgemeinde"]}, choices)
    assert empty.filters.sizes == ()
    assert empty.notices == ["Größenklasse: „Landgemeinde“ ignoriert – in diesen Daten gibt es keine Kommune dieser "
                             "Größe."]


def test_parse_values_are_case_sensitive(choices):
    parsed = parse_query_params({"groesse": ["kleinstadt"]}, choices)
    assert parsed.filters.sizes == ()
    assert parsed.notices


def test_parse_repeated_values_are_deduplicated(choices):
    parsed = parse_query_params({"groesse": ["Kleinstadt", "Kleinstadt", " Kleinstadt "],
                                 "kommune": [HALLE, HALLE]}, choices)
    assert parsed.filters.sizes == ("Kleinstadt",)
    assert parsed.filters.units == (HALLE,)
    assert parsed.notices == []


def test_parse_overlong_value(choices):
    long = "Kleinstadt" + "x" * 500
    parsed = parse_query_params({"groesse": [long]}, choices)
    assert parsed.filters.sizes == ()
    assert len(parsed.notices) == 1
    notice = parsed.notices[0]
    assert notice.startswith("Größenklasse: unbekannte Werte ignoriert")
    assert long[:30] + "…" in notice
    assert long not in notice
    assert len(notice) < 100


def test_parse_value_length_limit(choices):
    padded = "Kleinstadt" + " " * (MAX_VALUE_LENGTH + 5)  # surrounding blanks are stripped before the check
    assert parse_query_params({"groesse": [padded]}, choices).filters.sizes == ("Kleinstadt",)
    too_long = "a" * (MAX_VALUE_LENGTH + 1)
    parsed = parse_query_params({"thema": [too_long]}, choices)
    assert parsed.filters.themes == ()
    assert parsed.notices


def test_parse_many_bad_values_shows_at_most_five(choices):
    parsed = parse_query_params({"kreis": [str(i) for i in range(1000)]}, choices)
    assert parsed.filters.districts == ()
    assert len(parsed.notices) == 1
    assert parsed.notices[0].count("„") == 5


def test_parse_unknown_parameter_names(choices):
    parsed = parse_query_params({"foo": ["1"], "thema": ["Energie und Klima"], "utm_source": "x"}, choices)
    assert parsed.filters.themes == ("Energie und Klima",)
    assert parsed.notices == ["Unbekannte URL-Parameter ignoriert: „foo“, „utm_source“."]


def test_parse_modus_is_not_unknown(choices):
    assert parse_query_params({"modus": ["druck"]}, choices).notices == []


def test_parse_plain_string_values(choices):
    parsed = parse_query_params({"thema": "Energie und Klima", "kreis": BURGENLANDKREIS, "kommune": FINNE},
                                choices)
    assert parsed.filters == Filters(themes=("Energie und Klima",), districts=(BURGENLANDKREIS,), units=(FINNE,))
    assert parsed.notices == []


def test_round_trip(choices):
    f = Filters(themes=("Verkehr und Mobilität", "Energie und Klima"), sizes=("Mittelstadt",),
                districts=(BURGENLANDKREIS, "15002"), units=(BAD_BIBRA, HALLE))
    params = filter_params(f)
    assert params == {"thema": ["Verkehr und Mobilität", "Energie und Klima"], "groesse": ["Mittelstadt"],
                      "kreis": [BURGENLANDKREIS, "15002"], "kommune": [BAD_BIBRA, HALLE]}
    parsed = parse_query_params(params, choices)
    assert parsed.filters == f
    assert parsed.notices == []


def test_empty_filters_have_no_query_params(choices):
    assert filter_params(Filters()) == {}
    assert filter_params(Filters(sizes=("Kleinstadt",))) == {"groesse": ["Kleinstadt"]}


# --- selection and URL -----------------------------------------------------------------------------

def test_wave_selection_from_and_to_the_url():
    keys = ["2023", "2025"]
    assert parse_wave_params({}, keys) == WaveSelection(wave="2025")
    assert parse_wave_params({"welle": "2023"}, keys) == WaveSelection(wave="2023")
    assert parse_wave_params({"welle": ["1999"]}, keys) == WaveSelection(wave="2025")
    assert parse_wave_params({"vergleich": ["2023", "2025"], "beide": "ja"}, keys) == WaveSelection(
        a="2023", b="2025", both_only=True)
    assert parse_wave_params({"vergleich": ["2025", "<b>", "2023"]}, keys) == WaveSelection(a="2025", b="2023")
    assert parse_wave_params({"vergleich": "2023"}, keys) == WaveSelection(a="2023", b="2025")
    for sel in (WaveSelection(wave="2023"), WaveSelection(a="2023", b="2025", both_only=True),
                WaveSelection(a="2025", b="2023")):
        assert parse_wave_params(sel.to_query_params("2025"), keys) == sel
    assert WaveSelection(wave="2025").to_query_params("2025") == {}
    assert WaveSelection(a="2023", b="2025", both_only=True).to_query_params("2025") == {
        "vergleich": ["2023", "2025"], "beide": ["ja"]}


def test_presentation_mode_from_and_to_the_url():
    assert parse_mode({"modus": "praesentation"}) is True
    assert parse_mode({"modus": ["druck"]}) is False and parse_mode({}) is False
    assert mode_params(True) == {"modus": ["praesentation"]} and mode_params(False) == {}


def test_the_survey_view_round_trips_through_the_url(choices):
    for mode in MODES:
        assert parse_view_param(view_params(mode)) == mode
    assert view_params(TOTAL) == {}
    assert view_params(TABLE) == {"darstellung": ["tabelle"]}
    assert parse_view_param({"darstellung": "Groessenklasse "}) == BY_SIZE
    assert parse_view_param({}) == TOTAL
    assert parse_view_param({"darstellung": ["unsinn", "tabelle"]}) == TABLE
    assert parse_query_params({"darstellung": "tabelle"}, choices).notices == []  # a known parameter


def test_an_unknown_survey_view_gets_a_german_notice():
    assert view_notice({}) is None and view_notice({"darstellung": "tabelle"}) is None
    notice = view_notice({"darstellung": "torte" + "x" * 500})
    assert notice.startswith("Die Darstellung „torte") and "gesamt, groessenklasse, tabelle" in notice
    assert len(notice) < 300


def test_the_map_colouring_round_trips_through_the_url():
    choices = ["beteiligung", "groesse", "frage:digitalstrategie"]
    options = {"frage:digitalstrategie": ["Nein", "Ja, in Erarbeitung", "Ja"]}
    parse = lambda p: parse_colour_params(p, choices, "beteiligung", lambda v: options.get(v, []))  # noqa: E731
    assert colour_params("beteiligung", "", "beteiligung") == {}
    assert parse({}) == (("beteiligung", ""), None)
    for variable, option in (("groesse", ""), ("frage:digitalstrategie", "Ja, in Erarbeitung")):
        assert parse(colour_params(variable, option, "beteiligung")) == ((variable, option), None)
    # a question without an answer in the link: its most advanced answer
    assert parse({"faerben": "frage:digitalstrategie"}) == (("frage:digitalstrategie", "Ja"), None)


def test_unknown_map_colourings_get_a_german_notice_and_the_default():
    choices = ["beteiligung", "frage:digitalstrategie"]
    parse = lambda p: parse_colour_params(p, choices, "beteiligung",  # noqa: E731
                                          lambda v: ["Nein", "Ja"] if v.startswith("frage:") else [])
    (variable, option), notice = parse({"faerben": "x" * 5000})
    assert (variable, option) == ("beteiligung", "") and notice.startswith("Die Färbung „xxx")
    assert len(notice) < 250
    (variable, option), notice = parse({"faerben": "frage:digitalstrategie", "antwort": "Vielleicht"})
    assert (variable, option) == ("frage:digitalstrategie", "Ja") and "„Vielleicht“" in notice
    assert parse({"faerben": ["a"] * 10_000})[0] == ("beteiligung", "")
