"""AppTest: survey waves on the survey page (one wave alone, two compared) and on the profile page.

The data folder is a private copy whose responses.csv (wave 2023) is written here; wave 2025 goes into the
test's own survey store, as an import would put it. All expected figures are worked out by hand below.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import keys
from components.questions import COMPARE

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
# Units that answer in the shipped sample (valid unit keys), in the order of the file.
U = ["15002000", "15003000", "15081030", "15081135", "150815051", "15082015", "15082180", "15082241", "15082301",
     "15082340", "15083040"]
E = "Ja, in Erarbeitung"
# Size classes: U0 U1 Großstädte, U3 U5 U6 Mittelstädte (together: "Mittel- und Großstädte", 5 units, the
# Großstädte alone are too few); U2 U4 U7 and U8 U9 U10 Kleinstädte. In both waves: the five Mittel- und
# Großstädte; the Kleinstädte of 2023 and of 2025 are three different ones each – so every cell has none or
# at least three units that answered in only one wave, and the restriction to both waves may be shown.
# digitalstrategie 2023: U0-U3 Nein, U4 U5 in Erarbeitung, U6 U7 Ja          -> n 8: 50 % / 25 % / 25 %
# digitalstrategie 2025: U0 Ja, U1 Erarb., U3 Nein, U5 U6 Ja, U8 Ja, U9 U10 Nein -> n 8: 37,5 % / 12,5 % / 50 %
#   change: Nein minus 12,5, in Erarbeitung minus 12,5, Ja plus 25,0 percentage points
# both waves: U0 U1 U3 U5 U6. 2023 Nein 3, Erarb. 1, Ja 1 of 5; 2025 Nein 1, Erarb. 1, Ja 3 of 5 -> Ja plus 40,0
# per size group, "Ja": Mittel- und Großstädte 20 % -> 60 % (plus 40,0), Kleinstädte 33 % -> 33 % (±0)
# investitionen 2023: U0 Ja, others Nein; 2025: U0 Nein (zurück for U0)
STRATEGY_2023 = {U[0]: "Nein", U[1]: "Nein", U[2]: "Nein", U[3]: "Nein", U[4]: E, U[5]: E, U[6]: "Ja", U[7]: "Ja"}
STRATEGY_2025 = {U[0]: "Ja", U[1]: E, U[3]: "Nein", U[5]: "Ja", U[6]: "Ja", U[8]: "Ja", U[9]: "Nein",
                 U[10]: "Nein"}


def rows_of(strategy: dict[str, str], invest_yes: set[str]) -> list[tuple[str, str, str]]:
    out = []
    for unit, answer in strategy.items():
        out.append((unit, "digitalstrategie", answer))
        out.append((unit, "investitionen", "Ja" if unit in invest_yes else "Nein"))
    return out


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.info]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def param(at: AppTest, name: str) -> list[str]:
    value = at.query_params.get(name)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def open_page(page: str, query: dict | None = None, staff: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if staff:  # signed in with the admin password (components.admin sets this after a correct password)
        at.session_state["daten_angemeldet"] = True
    if query:
        at.query_params.update(query)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def write_responses(data_dir: Path, rows) -> None:
    with (data_dir / "responses.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["unit_key", "question_id", "answer"])
        w.writerows(rows)


def add_wave(data_dir: Path, key: str, rows) -> None:
    from components.dataset import get_dataset
    from data.store import open_store, url_from_env

    get_dataset()  # seeds the file's wave 2023 into the store first
    store = open_store(url_from_env(data_dir))
    store.add_version(key, pd.DataFrame(rows, columns=["unit_key", "question_id", "answer"]), created_by="Test",
                      action="import", file_name=f"welle{key}.csv", checksum="x")


@pytest.fixture
def one_wave(data_dir, monkeypatch):
    write_responses(data_dir, rows_of(STRATEGY_2023, {U[0]}))
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture
def two_waves(one_wave):
    add_wave(one_wave, "2025", rows_of(STRATEGY_2025, set()))
    return one_wave


def test_one_wave_shows_no_wave_control(one_wave):
    at = open_page("app_pages/umfrage.py")
    assert [s.label for s in at.segmented_control] == ["Darstellung"]
    assert not at.checkbox
    assert not any(param(at, p) for p in ("welle", "vergleich", "beide"))
    assert any(m.value.startswith("**8** antwortende Kommunen entsprechen den Filtern") for m in at.markdown)
    at = open_page("app_pages/kommune.py", {"kommune": U[0]})
    assert "Entwicklung über die Befragungswellen" not in [s.value for s in at.subheader]


def test_two_waves_show_the_newest_by_default_and_each_wave_alone(two_waves):
    at = open_page("app_pages/umfrage.py")
    control = at.segmented_control(key=keys.WAVE)
    assert control.label == "Befragungswelle"
    assert control.options == ["2023 \\(Beispieldaten\\)", "2025", "Vergleich"]
    assert control.value == "2025"
    shown = texts(at)
    assert "„Ja“" in shown and "4 von 8 Kommunen antworteten „Ja“" in shown  # 2025: U0 U4 U8 U9
    assert not any("Beispieldaten" in w.value for w in at.warning)  # the 2025 import is not sample data
    control.set_value("2023").run()
    assert not at.exception
    assert "2 von 8 Kommunen antworteten „Ja“" in texts(at)  # 2023: U6 U7
    assert any("Beispieldaten" in w.value for w in at.warning)
    assert param(at, "welle") == ["2023"]


def test_compare_mode_shows_the_change_in_points(two_waves):
    at = open_page("app_pages/umfrage.py")
    at.segmented_control(key=keys.WAVE).set_value(COMPARE).run()
    assert not at.exception and not at.error
    assert at.selectbox(key=keys.WAVE_A).value == "2023" and at.selectbox(key=keys.WAVE_B).value == "2025"
    assert at.checkbox(key=keys.BOTH_WAVES).label == "Nur Kommunen, die in beiden Wellen geantwortet haben"
    assert param(at, "vergleich") == ["2023", "2025"]
    shown = texts(at)
    assert ("„Ja“: 2023 25 % (2 von 8 Kommunen), 2025 50 % (4 von 8 Kommunen) – plus 25,0 Prozentpunkte."
            .replace(" %", "\u202f%") in shown)
    assert "8 und 8 antwortende Kommunen entsprechen den Filtern, 5 davon haben in beiden Wellen geantwortet" in shown
    assert "davon 5 in beiden Wellen" in shown
    assert len(at.get("vega_lite_chart")) == 2  # one comparison chart per question

    at.segmented_control(key="umfrage_ansicht").set_value("Tabelle").run()
    table = at.dataframe[0].value
    assert list(table.columns) == ["Antwort", "Anzahl 2023", "Anteil 2023", "Anzahl 2025", "Anteil 2025",
                                   "Veränderung (Prozentpunkte)"]
    assert list(table["Anzahl 2023"]) == [4, 2, 2] and list(table["Anzahl 2025"]) == [3, 1, 4]
    assert list(table["Veränderung (Prozentpunkte)"]) == ["minus 12,5", "minus 12,5", "plus 25,0"]

    at.checkbox(key=keys.BOTH_WAVES).check().run()
    assert not at.exception
    assert param(at, "beide") == ["ja"]
    table = at.dataframe[0].value
    assert list(table["Anzahl 2023"]) == [3, 1, 1] and list(table["Anzahl 2025"]) == [1, 1, 3]
    assert list(table["Veränderung (Prozentpunkte)"]) == ["minus 40,0", "±0", "plus 40,0"]
    assert "nur Kommunen, die in beiden Wellen geantwortet haben" in texts(at)


def test_compare_mode_by_size_class_follows_the_cells(two_waves):
    at = open_page("app_pages/umfrage.py", {"vergleich": ["2023", "2025"]})
    at.segmented_control(key="umfrage_ansicht").set_value("Nach Größenklasse").run()
    assert not at.exception and not at.error
    shown = texts(at)
    # The two Großstädte alone are too few: they are counted with the Mittelstädte, in both waves.
    assert "Veränderung bei „Ja“ in Prozentpunkten: Mittel- und Großstädte plus 40,0 · Kleinstädte ±0" in shown
    at.checkbox(key=keys.BOTH_WAVES).check().run()
    shown = texts(at)
    assert "Mittel- und Großstädte plus 40,0" in shown
    # No Kleinstadt answered in both waves: said, not drawn as zero.
    assert "Nicht gezeigt: Kleinstädte" in shown and "in beiden Wellen" in shown


def test_compare_mode_hides_both_waves_when_one_or_two_answered_once(one_wave):
    # 2025: the five Mittel- und Großstädte minus one, plus the three Kleinstädte: one unit answered only in 2023.
    add_wave(one_wave, "2025", rows_of({k: v for k, v in STRATEGY_2025.items() if k != U[6]}, set()))
    at = open_page("app_pages/umfrage.py", {"vergleich": ["2023", "2025"], "beide": "ja"})
    assert not at.exception
    infos = [re.sub(r"\\(.)", r"\1", i.value) for i in at.info if "Nicht verglichen" in i.value]
    assert sum("nur in einer der beiden Wellen" in i for i in infos) == 2  # the two questions with answers
    assert all("nur in einer der beiden Wellen" in i or "ganz Sachsen-Anhalt zu wenige" in i for i in infos)
    assert "davon haben in beiden Wellen geantwortet" not in texts(at)


def test_compare_selection_comes_from_the_url_without_a_notice(two_waves):
    at = open_page("app_pages/umfrage.py", {"vergleich": ["2023", "2025"], "beide": "ja"})
    assert at.segmented_control(key=keys.WAVE).value == COMPARE
    assert at.checkbox(key=keys.BOTH_WAVES).value is True
    assert "plus 40,0 Prozentpunkte" in texts(at)
    assert not any("Unbekannte URL-Parameter" in n for n in at.session_state[keys.NOTICES])
    at = open_page("app_pages/umfrage.py", {"welle": "2023"})
    assert at.segmented_control(key=keys.WAVE).value == "2023"
    at = open_page("app_pages/umfrage.py", {"welle": "1999<b>"})  # unknown: the newest wave
    assert at.segmented_control(key=keys.WAVE).value == "2025"


def test_same_wave_twice_asks_for_two_waves(two_waves):
    at = open_page("app_pages/umfrage.py", {"vergleich": ["2023", "2025"]})
    at.selectbox(key=keys.WAVE_B).set_value("2023").run()
    assert not at.exception
    assert "Bitte zwei verschiedene Wellen zum Vergleich wählen." in texts(at)


def test_profile_shows_the_development_only_to_those_who_may_see_it(two_waves):
    at = open_page("app_pages/kommune.py", {"kommune": U[0]})
    assert "Entwicklung über die Befragungswellen" not in [s.value for s in at.subheader]  # the public: no
    at = open_page("app_pages/kommune.py", {"kommune": U[0]}, staff=True)
    assert "Entwicklung über die Befragungswellen" in [s.value for s in at.subheader]
    frame = [d.value for d in at.dataframe if "Entwicklung" in d.value.columns][0]
    assert list(frame.columns) == ["Frage", "2023 (Beispieldaten)", "2025", "Entwicklung"]
    by_question = frame.set_index("Frage")
    strategy = by_question.loc["Hat Ihre Kommune bereits eine Digitalstrategie?"]
    assert (strategy["2023 (Beispieldaten)"], strategy["2025"], strategy["Entwicklung"]) == ("Nein", "Ja", "weiter")
    invest = by_question.loc[[q for q in by_question.index if "Investitionen" in q][0]]
    assert (invest["2023 (Beispieldaten)"], invest["2025"], invest["Entwicklung"]) == ("Ja", "Nein", "zurück")
    at = open_page("app_pages/kommune.py", {"kommune": U[3]}, staff=True)
    frame = [d.value for d in at.dataframe if "Entwicklung" in d.value.columns][0]
    assert list(frame["Entwicklung"]) == ["unverändert", "unverändert"]
    at = open_page("app_pages/kommune.py", {"kommune": U[8]}, staff=True)  # answered in 2025 only
    assert "Entwicklung über die Befragungswellen" not in [s.value for s in at.subheader]


EVIL = '<img src=x onerror=alert(1)>**fett** [klick](javascript:alert(3)) :red[rot] $x$'


def unescaped(text: str) -> list[str]:
    hits = []
    for token in ("<img", "**fett**", "[klick]", ":red[", "$x$", "*2026*"):
        for m in re.finditer(re.escape(token), text):
            if m.start() == 0 or text[m.start() - 1] != "\\":
                hits.append(token)
    return hits


def test_question_texts_and_wave_keys_are_never_markup(two_waves):
    questions = two_waves / "questions.csv"
    rows = list(csv.DictReader(questions.open(encoding="utf-8")))
    for r in rows:
        if r["id"] == "digitalstrategie":
            r["text"] = "Digitalstrategie? " + EVIL
    with questions.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    add_wave(two_waves, "*2026*", rows_of(STRATEGY_2025, {U[1]}))  # written past the importer's key check
    pages = [("app_pages/umfrage.py", {"vergleich": ["2023", "*2026*"]}),
             ("app_pages/umfrage.py", {"welle": "*2026*"}),
             ("app_pages/kommune.py", {"kommune": U[0]})]
    for page, query in pages:
        at = open_page(page, query, staff=page.endswith("kommune.py"))
        assert not at.error, [e.value for e in at.error]
        seen = 0
        for kind in ("markdown", "caption", "header", "subheader", "info", "warning"):
            for el in at.get(kind):
                value = str(el.value)
                if "onerror" in value or "2026" in value:
                    seen += 1
                    assert not unescaped(value), (page, kind, value)
        assert seen, page
        for control in at.segmented_control:
            assert all(not unescaped(o) for o in control.options)
