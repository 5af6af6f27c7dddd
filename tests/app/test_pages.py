"""AppTest: every page through app.py, filters from the URL and from widgets, broken data."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from components import keys
from tests.pages import DEFAULT_PAGE, HEADINGS, PAGES, heading

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")


def open_page(page: str, query: dict | None = None, staff: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if staff:  # signed in with the admin password (components.admin sets this after a correct password)
        at.session_state["daten_angemeldet"] = True
    if query:
        at.query_params.update(query)
    at.run()
    if page != DEFAULT_PAGE.path:
        at.switch_page(page)
        at.run()
    return at


def texts(at: AppTest) -> str:
    """All text of the page as a reader sees it (markdown escapes removed)."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.info] + [
        e.value for e in at.warning] + [e.value for e in at.error]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def plain(values) -> list[str]:
    """Element texts without markdown escapes, as the reader sees them."""
    return [re.sub(r"\\(.)", r"\1", v.value) for v in values]


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}: {[m.label for m in at.metric]}")


def test_every_registered_page_has_an_expected_heading():
    assert set(HEADINGS) == {p.url_path for p in PAGES}
    assert len({p.path for p in PAGES}) == len({p.url_path for p in PAGES}) == len(PAGES)
    assert [p.default for p in PAGES].count(True) == 1


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_renders_without_error(page):
    """Smoke test over the whole registry, through app.py as a visitor opens each page."""
    at = open_page(page.path)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == [heading(page)]
    # More than a heading: the page body was written (text, tables, charts or widgets below the title).
    body = [e for e in at.main if not isinstance(e, Block) and e.type != "title"]
    assert len(body) >= 2, f"{page.url_path}: only {len(body)} elements below the heading"


def test_footer_is_one_short_source_line_with_a_link_to_the_sources_page():
    # AppTest drops the frame's elements from its tree after switch_page, so the footer and the sidebar
    # are checked on the default page; the browser tests see them on every page.
    at = open_page("app_pages/uebersicht.py", {"groesse": "Kleinstadt"})
    lines = plain([c for c in at.caption if "Quellen" in c.value])
    assert len(lines) == 1
    assert re.fullmatch(r"\*\*Quellen:\*\* Statistisches Landesamt Sachsen-Anhalt, Stand 31\.12\.2023 · "
                        r"Kurzbefragung der Kommunen 2023: \*\*Beispieldaten\*\*, Umfragedaten Version 1 vom "
                        r"\d\d\.\d\d\.\d{4}, \d\d:\d\d", lines[0]), lines[0]
    for jargon in ("Lizenz", "BSD", "Leaflet", "CC BY", "GeoNames", "Zensus"):  # all on "Über diese Daten"
        assert jargon not in lines[0]
    [link] = [p for p in at.get("page_link") if p.proto.label == "Über diese Daten"]
    assert link.proto.page == "ueber" and link.proto.query_string == "groesse=Kleinstadt"  # filters kept


def test_about_page_names_sources_dates_licences_sample_data_and_the_disclosure_rule():
    from geo.assets import LEAFLET_VERSION

    at = open_page("app_pages/ueber.py")
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader] == ["Datenstand", "Was „Beispieldaten“ bedeutet",
                                               "Welche Zahlen gezeigt werden", "Quellen der Daten", "Karte",
                                               "Software"]
    page = texts(at)
    # The data version, as the footer and the exports name it.
    assert re.search(r"Gemeindedaten: Stand 31\.12\.2023 · Umfragedaten: Kurzbefragung der Kommunen 2023, "
                     r"Version 1 vom \d\d\.\d\d\.\d{4}, \d\d:\d\d \(Beispieldaten\)", page), page
    # Sources with reference dates and licences of the data ...
    assert ("Statistisches Bundesamt, Gemeindeverzeichnis GV-ISys; Statistisches Landesamt Sachsen-Anhalt "
            "(Bevölkerung: Fortschreibung auf Basis des Zensus 2011) · Stand 31.12.2023 · Lizenz: Datenlizenz "
            "Deutschland – Namensnennung 2.0 (dl-de/by-2-0)") in page
    assert "GeoNames · Lizenz: CC BY 4.0" in page
    assert "Workshopreihe „Sachsen-Anhalt digital – Auf dem Weg zu smarten Städten“ · April bis Dezember 2023" in page
    assert "Fragebogen der Kurzbefragung 2023 (3 Fragen); Beispielfragen je Themenfeld (10 Fragen)" in page
    assert "§ 21 Abs. 1 Landesentwicklungsgesetz Sachsen-Anhalt" in page
    # ... of the map (no boundaries imported here: no BKG boundary attribution) and of the software.
    assert "Amtliche Grenzen sind nicht eingelesen" in page and "GeoBasis-DE" not in page
    assert "© OpenStreetMap-Mitwirkende · Lizenz: Open Database License (ODbL)" in page
    assert f"Leaflet {LEAFLET_VERSION}" in page and "Lizenz: BSD-2-Clause" in page and "Lizenz: Apache-2.0" in page
    # What Beispieldaten means, and the disclosure rule in one paragraph.
    assert "Zurzeit sind Beispieldaten geladen: erzeugte Antworten von 34 Einheiten" in page
    assert "Jede Zahl zur Befragung beschreibt mindestens 3 antwortende Kommunen." in page
    assert "ist zusammengefasst (nur Gruppen ab drei Kommunen) veröffentlicht." in page
    assert "python -m" not in page and "secrets.toml" not in page  # command lines are for operators


def test_overview_tiles_show_the_programme_figures():
    at = open_page("app_pages/uebersicht.py")
    assert metric(at, "Eingeladen") == "über 70"
    assert metric(at, "Angemeldet") == "21"
    assert metric(at, "Fragebögen") == "34"
    assert metric(at, "Workshops") == "6"


def test_size_filter_from_url_sets_widget_and_changes_numbers():
    at = open_page("app_pages/uebersicht.py", {"groesse": "Großstadt"})
    assert at.multiselect(key=keys.SIZES).value == ["Großstadt"]
    # Halle (Saale) is the only registered Großstadt.
    assert metric(at, "Angemeldet") == "1"
    assert "Größenklasse: Großstadt" in texts(at)


def test_widget_filter_changes_numbers_and_url():
    at = open_page("app_pages/uebersicht.py")
    at.multiselect(key=keys.DISTRICTS).set_value(["15083"]).run()  # Landkreis Börde
    assert metric(at, "Angemeldet") == "3"  # Barleben, Haldensleben, VG Westliche Börde
    assert "Landkreis: Börde" in texts(at)


def test_theme_filter_reduces_workshops_and_questions():
    at = open_page("app_pages/workshops.py", {"thema": "Energie und Klima"})
    subheaders = [s.value for s in at.subheader]
    assert subheaders == ["3. Energie und Klima"]
    at = open_page("app_pages/umfrage.py", {"thema": "Energie und Klima"})
    assert [h.value for h in at.header] == ["Energie und Klima"]


def test_unknown_url_values_are_ignored_with_a_notice():
    at = open_page("app_pages/uebersicht.py", {"groesse": ["Riesenstadt", "Kleinstadt"], "foo": "bar"})
    assert "Größenklasse: Kleinstadt" in texts(at)
    assert not at.exception
    assert at.session_state[keys.SIZES] == ["Kleinstadt"]
    notes = " ".join(at.session_state[keys.NOTICES])
    assert "unbekannte Werte ignoriert" in notes and "Riesenstadt" in notes
    assert "Unbekannte URL-Parameter ignoriert" in notes


def test_survey_page_labels_sample_data_and_shows_small_groups_on_a_larger_group():
    at = open_page("app_pages/umfrage.py")
    assert any("Beispieldaten" in w.value for w in at.warning)
    at = open_page("app_pages/umfrage.py", {"groesse": "Großstadt"})  # 2 respondents in the sample
    assert not at.exception and not at.info
    unescape = lambda t: re.sub(r"\\(.)", r"\1", str(t))  # noqa: E731
    said = [unescape(m.value) for m in at.markdown if "Gezeigt:" in unescape(m.value)]
    # one sentence naming the larger group that is shown instead – said once, not again under every question
    assert len(said) == 1 and "Mittel- und Großstädte" in said[0] and "zu wenige Antworten" in said[0]
    assert not [c for c in at.caption if "Gezeigt:" in unescape(c.value)]
    assert len(at.get("vega_lite_chart")) == 13
    at = open_page("app_pages/umfrage.py", {"kommune": "15083040"})  # one municipality: no figures at all
    assert not at.get("vega_lite_chart")
    assert any("einzelne Kommune" in i.value for i in at.info)


def test_kommune_filter_accepts_a_vg_member(data_dir):
    # 15084... members of VG An der Finne stand for their VG in the survey counts.
    at = open_page("app_pages/karte.py", {"kommune": "150845051"})
    assert not at.exception
    assert "Kommune: Verbandsgemeinde An der Finne" in texts(at)


def test_broken_file_shows_german_error_and_other_pages_keep_working(data_dir, monkeypatch):
    path = data_dir / "participants.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("15089015,", "1508901,"), encoding="utf-8")
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = open_page("app_pages/uebersicht.py")
    assert not at.exception
    errors = re.sub(r"\\(.)", r"\1", " ".join(e.value for e in at.error))
    assert "participants.csv" in errors and "Zeile 4" in errors and "„unit_key“" in errors
    assert metric(at, "Eingeladen") == "über 70"
    at = open_page("app_pages/karte.py")
    assert not at.exception
    assert [t.value for t in at.title] == ["Karte der Beteiligung"]


def test_broken_replacement_keeps_last_good_data(data_dir, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = open_page("app_pages/uebersicht.py")
    assert metric(at, "Angemeldet") == "21"
    (data_dir / "participants.csv").write_text("unit_key;name;registered\n", encoding="utf-8")
    at = open_page("app_pages/uebersicht.py")  # a new visitor on the same server
    assert "Semikolons" in " ".join(e.value for e in at.error)
    assert metric(at, "Angemeldet") == "21"  # last good participants stay in use


def test_real_answers_are_not_labelled_sample(data_dir, monkeypatch):
    survey = data_dir / "survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8").replace("sample_data: true", "sample_data: false"),
                      encoding="utf-8")
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = open_page("app_pages/umfrage.py")
    assert not any("Beispieldaten" in w.value for w in at.warning)
    assert "Beispieldaten" not in " ".join(c.value for c in at.caption)


def test_map_page_without_boundaries_explains_itself_without_commands():
    at = open_page("app_pages/karte.py")
    assert not at.exception
    page = texts(at)
    assert "Gemeindeflächen und Kreisgrenzen zeigt die Karte, sobald die amtlichen Verwaltungsgrenzen" in page
    assert "python -m" not in page  # command lines are for the operators (README, /daten), not for visitors
    assert [s.label for s in at.selectbox] == ["Hintergrund"]


def test_map_page_with_boundaries_offers_colouring_by_every_question(tmp_path, monkeypatch):
    import subprocess
    import sys

    from tests.conftest import BOUNDARIES
    geo = tmp_path / "geo"
    subprocess.run([sys.executable, "-m", "geo.boundaries", "import", str(BOUNDARIES),
                    "--out", str(geo)], cwd=REPO, check=True, capture_output=True)
    monkeypatch.setenv("GEO_DIR", str(geo))
    at = open_page("app_pages/karte.py", {"thema": "Energie und Klima"})
    assert not at.exception
    colour = at.selectbox(key="karte_faerben")
    assert colour.options[:3] == ["Beteiligung an der Workshopreihe", "Gemeindegrößenklasse", "Einwohnerzahl"]
    questions = [o for o in colour.options if o.startswith("Frage: ")]
    # The map applies no theme (app_pages.registry): every question, the theme filter marked "gilt hier nicht"
    from data.loading import load_dataset
    assert len(questions) == len(load_dataset(REPO / "data").questions)
    energy = "Frage: Erfasst Ihre Kommune die Energieverbräuche ihrer Liegenschaften digital?"
    assert energy in questions and "Frage: Hat Ihre Kommune bereits eine Digitalstrategie?" in questions
    colour.set_value(energy).run()
    assert not at.exception and not at.error
    assert at.selectbox(key="karte_antwort").value == "Ja, flächendeckend"
    assert "GeoBasis-DE / BKG 2021" in texts(at)
    # The colouring lives in the URL: a copied link opens the same map.
    assert at.query_params.get("faerben") in ("frage:energiemonitoring", ["frage:energiemonitoring"])
    link = {k: at.query_params.get(k) for k in ("faerben", "antwort")}
    again = open_page("app_pages/karte.py", link)
    assert again.selectbox(key="karte_faerben").value == at.selectbox(key="karte_faerben").value
    assert again.selectbox(key="karte_antwort").value == "Ja, flächendeckend"
    at.selectbox(key="karte_faerben").set_value("beteiligung").run()
    assert "faerben" not in at.query_params and "antwort" not in at.query_params
    wrong = open_page("app_pages/karte.py", {"faerben": "frage:gibtsnicht"})
    assert wrong.selectbox(key="karte_faerben").value == "beteiligung"
    assert any("Die Färbung „frage:gibtsnicht“ aus dem Link gibt es nicht" in c for c in plain(wrong.caption))


def test_profile_opens_from_the_url_and_recommends_for_a_unit_without_strategy():
    from data.loading import load_dataset

    ds = load_dataset(REPO / "data")
    no_strategy = ds.responses[(ds.responses["question_id"] == "digitalstrategie")
                               & (ds.responses["answer"] == "Nein")]["unit_key"].iloc[0]
    name = ds.units.set_index("unit_key").at[no_strategy, "name"]
    at = open_page("app_pages/kommune.py", {"kommune": no_strategy})
    assert not at.exception and not at.error
    assert plain(at.header) == [name]
    assert [s.value for s in at.subheader] == ["Antworten im Vergleich", "Wer ist schon weiter?", "Nächste Schritte"]
    # The public sees no own answers: the same first steps as for any municipality of its size.
    assert "Eigene Antwort" not in texts(at) and "zusammengefasst veröffentlicht" in texts(at)
    assert any(label.startswith("Digitalstrategie") for label in [e.label for e in at.expander])
    assert "„Nein“" not in texts(at)
    at = open_page("app_pages/kommune.py", {"kommune": no_strategy}, staff=True)
    recommended = [e.label for e in at.expander]
    assert any(label.startswith("Digitalstrategie") for label in recommended), recommended
    assert "Eigene Antwort: Nein" in texts(at) and "„Nein“" in texts(at)


def test_profile_link_for_barleben_and_for_a_vg_member():
    at = open_page("app_pages/kommune.py", {"kommune": "15083040"})
    assert plain(at.header) == ["Barleben"]
    assert any(m.label == "Einwohner" and m.value == "9.238" for m in at.metric)
    at = open_page("app_pages/kommune.py", {"kommune": "15090180"})  # Goldbeck, member of VG Arneburg-Goldbeck
    assert plain(at.header) == ["Verbandsgemeinde Arneburg-Goldbeck"]
    assert "gehört zur Verbandsgemeinde Arneburg-Goldbeck" in texts(at)


def test_profile_search_finds_and_opens_a_municipality():
    at = open_page("app_pages/kommune.py")
    assert not at.header
    at.text_input(key="kommune_suche").set_value("Weissenfels").run()
    button = [b for b in at.button if b.label == "Weißenfels"]
    assert button, [b.label for b in at.button]
    button[0].click().run()
    assert plain(at.header) == ["Weißenfels"]
    assert at.session_state[keys.UNITS] == ["15084550"]


def test_catalogue_filters_and_search_reduce_the_list():
    at = open_page("app_pages/baukasten.py")
    assert not at.exception
    def count(at):
        line = [m.value for m in at.markdown if "Bausteinen" in m.value][0]
        return int(line.split("**")[1])

    all_blocks = count(at)
    assert all_blocks >= 25
    assert any("Entwurf" in w.value for w in at.warning)
    at.multiselect(key="baukasten_adressat").set_value(["Land"]).run()
    land = count(at)
    assert 0 < land < all_blocks
    at.text_input(key="baukasten_suche").set_value("Förderlotse").run()
    assert 0 < count(at) < land
    at = open_page("app_pages/baukasten.py", {"thema": "Energie und Klima"})
    assert 0 < count(at) < all_blocks


def test_slides_step_forward_and_back_and_follow_the_url():
    at = open_page("app_pages/folien.py", {"satz": "Energie und Klima", "folie": "3"})
    assert not at.exception and not at.error
    position = lambda: [m.value for m in at.markdown if m.value.startswith("**Folie")][0]  # noqa: E731
    assert position() == "**Folie 3 / 5**"
    assert [t.value for t in at.title] == ["Erfasst Ihre Kommune die Energieverbräuche ihrer Liegenschaften digital?"]
    next_button = lambda: [b for b in at.button if b.label == "Weiter"][0]  # noqa: E731
    next_button().click().run()
    assert position() == "**Folie 4 / 5**"
    next_button().click().run()
    assert position() == "**Folie 5 / 5**" and next_button().disabled
    [b for b in at.button if b.label == "Zurück"][0].click().run()
    assert position() == "**Folie 4 / 5**"


def test_slide_sequences_are_data():
    from data.loading import load_dataset

    ds = load_dataset(REPO / "data")
    themes = [s.theme for s in ds.sequences]
    assert themes == ["Strategie und Organisation", "Wirtschaft, Tourismus und Einzelhandel", "Energie und Klima",
                      "Verkehr und Mobilität", "Stadtentwicklung und Partizipation"]
    for s in ds.sequences:
        assert [sl.view for sl in s.slides][:2] == ["uebersicht", "karte"]
        assert all(sl.view in ("frage", "groessen") and sl.question_id for sl in s.slides[2:])
    # Each question slide says its answers in words for the takeaway (data/foliensaetze.yaml, "aussagen").
    for s in ds.sequences:
        for sl in s.slides[2:]:
            options = ds.questions.set_index("id").loc[sl.question_id, "options"]
            assert {a for a, _ in sl.phrases} == set(options), (s.theme, sl.question_id)


def test_presentation_mode_from_the_url_hides_the_chrome_and_offers_a_way_back():
    at = open_page("app_pages/uebersicht.py", {"modus": "praesentation"})
    assert not at.exception
    assert at.session_state["praesentation"] is True
    assert any(b.label == "Präsentation beenden" for b in at.button)
    [b for b in at.button if b.label == "Präsentation beenden"][0].click().run()
    assert at.session_state["praesentation"] is False
    assert not any(b.label == "Präsentation beenden" for b in at.button)


def test_last_good_data_survive_a_cleared_cache(data_dir, monkeypatch, tmp_path):
    import streamlit as st

    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("DASHBOARD_STATE_DIR", str(tmp_path / "state"))
    at = open_page("app_pages/uebersicht.py")
    assert metric(at, "Angemeldet") == "21"
    st.cache_data.clear()
    st.cache_resource.clear()  # what any visitor can trigger, and what a restart does
    (data_dir / "participants.csv").write_text("unit_key;name;registered\n", encoding="utf-8")
    at = open_page("app_pages/uebersicht.py")
    assert "Semikolons" in " ".join(e.value for e in at.error)
    assert metric(at, "Angemeldet") == "21"  # from the copy of the last good data on disk


def test_a_vanished_data_file_is_a_notice_not_a_crash(data_dir, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    (data_dir / "responses.csv").unlink()
    at = open_page("app_pages/umfrage.py")
    assert not at.exception
    at = open_page("app_pages/uebersicht.py")
    assert "responses.csv" in " ".join(e.value for e in at.error) and "fehlt" in " ".join(e.value for e in at.error)
