"""AppTest: the officer's day – one municipality chosen on any page leads to its profile instead of empty
boxes; the profile's comparison says what it compares; workshop cards with their own content."""
from __future__ import annotations

import csv
import io

import pytest

from components import keys
from tests.app.test_pages import open_page, plain, texts

BARLEBEN = "15083040"
POINTER_PAGES = ["app_pages/uebersicht.py", "app_pages/umfrage.py", "app_pages/workshops.py", "app_pages/folien.py"]


def profile_links(at) -> list:
    return [p.proto for p in at.get("page_link") if p.proto.label.startswith("Profil von")]


@pytest.mark.parametrize("page", POINTER_PAGES, ids=lambda p: p.split("/")[1][:-3])
def test_one_municipality_on_any_page_points_to_its_profile(page):
    at = open_page(page, {"kommune": BARLEBEN})
    assert not at.exception and not at.error
    [link] = profile_links(at)
    assert link.label == "Profil von Barleben öffnen"
    assert link.page.endswith("kommune")  # the profile's url_path
    assert f"kommune={BARLEBEN}" in link.query_string
    assert "nicht dargestellt" not in texts(at)  # no box per question saying nothing
    assert "Eine einzelne Kommune" in texts(at) or "einzelne Kommune" in texts(at)


def test_two_municipalities_get_figures_where_they_may_and_no_pointer():
    at = open_page("app_pages/uebersicht.py", {"kommune": [BARLEBEN, "15003000"]})
    assert not at.exception and profile_links(at) == []


def test_workshops_for_one_municipality_list_the_workshops_without_results():
    at = open_page("app_pages/workshops.py", {"kommune": BARLEBEN})
    assert plain(at.subheader)[:2] == ["1. Auftaktveranstaltung", "2. Wirtschaft, Tourismus und Einzelhandel"]
    assert len(at.subheader) == 6
    assert "Hat Ihre Kommune bereits eine Digitalstrategie?" not in texts(at)
    badges = [m.value for m in at.markdown if "in der gewählten Kommune" in m.value]
    assert len(badges) == 1  # workshop 4 took place in Barleben


def test_auftakt_and_abschluss_share_their_theme_s_questions_once():
    at = open_page("app_pages/workshops.py")
    assert not at.exception
    text = texts(at)
    assert text.count("Hat Ihre Kommune bereits eine Digitalstrategie?") == 1
    assert "Die Fragen dieses Themenfelds und ihre Ergebnisse stehen beim 1. Workshop." in plain(at.caption)


def _fill_workshops(path, agenda: dict[int, str], results: dict[int, str]) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for r in rows:
        r["agenda"] = agenda.get(int(r["number"]), "")
        r["results"] = results.get(int(r["number"]), "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_workshop_cards_show_their_own_content_when_filled_and_escaped(data_dir, monkeypatch):
    _fill_workshops(data_dir / "workshops.csv",
                    agenda={4: "Begrüßung | Mobilstationen im ländlichen Raum | [Link](http://evil.example)"},
                    results={6: "Entwurf des Baukastens vorgestellt"})
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    at = open_page("app_pages/workshops.py")
    assert not at.exception and not at.error
    cards = [m.value for m in at.markdown if m.value.startswith(("**Programm**", "**Ergebnisse**"))]
    assert cards == ["**Programm**\n\n- Begrüßung\n- Mobilstationen im ländlichen Raum\n"
                     "- \\[Link\\]\\(http\u2060\\://evil\\.example\\)",
                     "**Ergebnisse**\n\n- Entwurf des Baukastens vorgestellt"]


def test_profile_comparison_says_whom_it_counts():
    at = open_page("app_pages/kommune.py", {"kommune": BARLEBEN})
    assert not at.exception
    assert any("Barleben eingeschlossen, falls sie geantwortet hat" in c for c in plain(at.caption))
    frames = [d.value for d in at.dataframe]
    comparison = next(f for f in frames if "Antwort" in f.columns)
    assert "Barleben" not in comparison.columns  # its own answer is not public
    assert any(c.startswith("Kleinstädte (n") for c in comparison.columns)


def test_the_survey_s_darstellung_lives_in_the_url():
    at = open_page("app_pages/umfrage.py", {"darstellung": "tabelle"})
    assert not at.exception
    assert at.segmented_control(key=keys.VIEW_MODE).value == "Tabelle"
    assert len(at.dataframe) == 13 and not at.get("vega_lite_chart")
    at.segmented_control(key=keys.VIEW_MODE).set_value("Nach Größenklasse").run()
    assert at.query_params.get("darstellung") in ("groessenklasse", ["groessenklasse"])
    at.segmented_control(key=keys.VIEW_MODE).set_value("Gesamt").run()
    assert "darstellung" not in at.query_params
    at = open_page("app_pages/umfrage.py", {"darstellung": "torte"})
    assert at.segmented_control(key=keys.VIEW_MODE).value == "Gesamt"
    assert any("Die Darstellung „torte“ aus dem Link gibt es nicht" in c for c in plain(at.caption))


def test_signed_in_staff_see_the_own_column_named_for_the_municipality():
    at = open_page("app_pages/kommune.py", {"kommune": BARLEBEN}, staff=True)
    assert not at.exception
    comparison = next(d.value for d in at.dataframe if "Antwort" in d.value.columns)
    assert list(comparison.columns[:2]) == ["Antwort", "Barleben"]
    assert list(comparison["Barleben"]).count("● eigene Antwort") == 1
    assert any(c.startswith("Kleinstädte mit Barleben (n") for c in comparison.columns)
    assert any("Barleben eingeschlossen – eine Zahl ohne Barleben" in c for c in plain(at.caption))
