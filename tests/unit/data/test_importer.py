"""data.importer: export forms (CSV in several encodings and separators, .xlsx, Microsoft Forms, LimeSurvey),
mapping, unit matching, the German report, all-or-nothing writes and the command line."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import Workbook

from data import importer as imp
from data.loading import load_dataset
from data.store import open_store
from tests.conftest import DATA
from tests.export_files import STRATEGIE, csv_bytes


@pytest.fixture(scope="module")
def ds():
    d = load_dataset(DATA)
    assert not d.problems
    return d


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'umfrage.sqlite'}")


def xlsx_bytes(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def check(ds, data, name="export.csv", wave="2025", store=None, **kw):
    return imp.check_bytes(store, data, name, wave, ds.questions, ds.municipalities, ds.units, **kw)


def answers(plan) -> set[tuple]:
    return set(plan.answers.itertuples(index=False, name=None))


# --- export forms ----------------------------------------------------------------------------------

def test_windows_1252_semicolon_file_with_umlauts(ds):
    rows = [["Kommune", STRATEGIE, "prioritaeten"],
            ["Staßfurt", "Ja", "Verkehr und Mobilität;Energie und Klima"],
            ["Lutherstadt Wittenberg", "ja, in erarbeitung", "Wirtschaft, Tourismus und Einzelhandel"]]
    data = csv_bytes(rows, ";", "cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really Windows-1252
    plan = check(ds, data)
    assert plan.ok, plan.report()
    assert plan.form == "CSV (Windows-1252, Semikolon)"
    assert answers(plan) == {("15089310", "digitalstrategie", "Ja"),
                             ("15089310", "prioritaeten", "Verkehr und Mobilität"),
                             ("15089310", "prioritaeten", "Energie und Klima"),
                             ("15091375", "digitalstrategie", "Ja, in Erarbeitung"),
                             ("15091375", "prioritaeten", "Wirtschaft, Tourismus und Einzelhandel")}
    assert plan.respondents == 2


def test_utf8_file_with_bom_and_comma(ds):
    rows = [["AGS", "digitalstrategie", "investitionen"], ["15083040", "Nein", "Ja"], ["15002000", "Ja", ""]]
    plan = check(ds, csv_bytes(rows, ",", "utf-8", bom=True))
    assert plan.ok, plan.report()
    assert plan.form == "CSV (UTF-8 mit BOM, Komma)"
    assert plan.mapping == {"AGS": imp.UNIT, "digitalstrategie": "digitalstrategie", "investitionen": "investitionen",
                            imp.HEADER_KEY: "1"}
    assert answers(plan) == {("15083040", "digitalstrategie", "Nein"), ("15083040", "investitionen", "Ja"),
                             ("15002000", "digitalstrategie", "Ja")}


def test_microsoft_forms_excel_export(ds):
    rows = [["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", "Welche Kommune vertreten Sie?", STRATEGIE,
             "Welche Handlungsfelder haben für Ihre Kommune Priorität?"],
            [1, "2025-03-01 10:00", "2025-03-01 10:09", "anonym", "Frau Muster", 15083040.0, "Ja",
             "Energie und Klima;Verkehr und Mobilität;"]]
    plan = check(ds, xlsx_bytes(rows), name="Forms.xlsx")
    assert plan.form == "Excel (.xlsx), Microsoft Forms"
    assert any("ID, Startzeit, Fertigstellungszeit, E-Mail, Name" in n for n in plan.notes)
    # the priorities column is not a known question text: it needs a mapping, with a suggestion
    assert not plan.ok
    [problem] = plan.problems
    assert (problem.line, problem.column) == (1, "Welche Handlungsfelder haben für Ihre Kommune Priorität?")
    assert "keiner Frage zugeordnet" in problem.message
    given = {"Welche Handlungsfelder haben für Ihre Kommune Priorität?": "prioritaeten"}
    plan = check(ds, xlsx_bytes(rows), name="Forms.xlsx", given=given)
    assert plan.ok, plan.report()
    assert answers(plan) == {("15083040", "digitalstrategie", "Ja"), ("15083040", "prioritaeten", "Energie und Klima"),
                             ("15083040", "prioritaeten", "Verkehr und Mobilität")}


def test_our_ids_with_one_column_per_option_and_an_option_given_only_as_code(ds):
    rows = [["id", "submitdate", "lastpage", "Kommune", f"digitalstrategie. {STRATEGIE}",
             "prioritaeten[Energie und Klima]", "prioritaeten[Verkehr und Mobilität]", "prioritaeten[SQ004]"],
            ["7", "2025-04-02", "3", "Barleben", "Ja", "Y", "", "Y"],
            ["8", "2025-04-03", "3", "Halle (Saale)", "Nein", "N", "Ja", ""]]
    plan = check(ds, csv_bytes(rows))
    # the fourth option is named only by its LimeSurvey code: never guessed from its position
    [problem] = plan.problems
    assert problem.column == "prioritaeten[SQ004]" and "nur als Code" in problem.message
    assert "Fragecode & Fragetext" in problem.message and ".lss" in problem.message
    plan = check(ds, csv_bytes([r[:7] for r in rows]))
    assert plan.ok, plan.report()
    assert answers(plan) == {("15083040", "digitalstrategie", "Ja"), ("15083040", "prioritaeten", "Energie und Klima"),
                             ("15002000", "digitalstrategie", "Nein"),
                             ("15002000", "prioritaeten", "Verkehr und Mobilität")}


def test_unreadable_and_oversized_files_are_reported(ds):
    plan = check(ds, b"PK\x03\x04kaputt", name="x.xlsx")
    assert not plan.ok and "beschädigt" in plan.problems[0].message
    plan = check(ds, b"a" * (imp.MAX_BYTES + 1), name="gross.csv")
    assert "höchstens 10 MB" in plan.problems[0].message
    plan = check(ds, csv_bytes([["Kommune", "digitalstrategie"]]))
    assert any("keine Antworten" in p.message for p in plan.problems)


# --- mapping and units -----------------------------------------------------------------------------

def test_units_by_ags_vg_key_member_and_name_never_guessed(ds):
    rows = [["Kommune", "digitalstrategie"],
            ["150815051", "Ja"],          # VG key
            ["15081026", "Nein"],         # member of that VG -> its VG, said in a note … and a duplicate
            ["Wittenberg, Lutherstadt", "Ja"],  # the official GV-ISys form
            ["Halle", "Ja"],              # not exact: suggestions, no guess
            ["99999999", "Ja"],
            ["", "Ja"]]
    plan = check(ds, csv_bytes(rows))
    by_line = {(p.line, p.column): p.message for p in plan.problems}
    assert "schon in Zeile 2 geantwortet" in by_line[(3, "Kommune")]
    assert by_line[(5, "Kommune")].startswith("Die Kommune „Halle“ ist nicht bekannt. Meinten Sie: „Halle (Saale)“ "
                                              "(15002000)")
    assert "kein Gemeindeschlüssel" in by_line[(6, "Kommune")]
    assert by_line[(7, "Kommune")] == "Die Kommune fehlt."
    assert ("15091375", "digitalstrategie", "Ja") in answers(plan)
    assert any("„15081026“ gehört zur Verbandsgemeinde Beetzendorf-Diesdorf (150815051)" in n for n in plan.notes)


def test_report_names_file_row_column_and_value(ds):
    rows = [["Kommune", "digitalstrategie", "prioritaeten", "Bemerkung"],
            ["Barleben", "Vielleicht", "Energie und Klima; Raumfahrt", "gut"]]
    plan = check(ds, csv_bytes(rows), name="welle.csv")
    text = plan.report()
    assert "welle.csv, Zeile 2, Spalte „digitalstrategie“: „Vielleicht“ ist keine Antwortoption der Frage " \
           "„digitalstrategie“ (erlaubt: Nein · Ja, in Erarbeitung · Ja)." in text
    assert "welle.csv, Zeile 2, Spalte „prioritaeten“: „Raumfahrt“ ist keine Antwortoption" in text
    assert "welle.csv, Zeile 1, Spalte „Bemerkung“: Die Spalte ist keiner Frage zugeordnet" in text
    assert "es wird nichts gespeichert" in text
    ignored = check(ds, csv_bytes(rows), given={"Bemerkung": imp.IGNORE})
    assert not any(p.column == "Bemerkung" for p in ignored.problems)


def test_saved_mapping_is_used_for_the_next_import_of_the_wave(ds, store):
    rows = [["Kommune", "Strategie vorhanden?"], ["Barleben", "Ja"]]
    data = csv_bytes(rows)
    assert not check(ds, data, store=store).ok
    version, plan = imp.import_bytes(store, data, "a.csv", "2025", ds.questions, ds.municipalities, ds.units,
                                     created_by="Test", given={"Strategie vorhanden?": "digitalstrategie"})
    assert version.id == 1 and plan.ok
    again = check(ds, csv_bytes([["Kommune", "Strategie vorhanden?"], ["Halle (Saale)", "Nein"]]), store=store)
    assert again.ok and again.mapping["Strategie vorhanden?"] == "digitalstrategie"
    other_wave = check(ds, data, store=store, wave="2027")
    assert not other_wave.ok


def test_an_import_with_errors_writes_nothing(ds, store):
    bad = csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Ja"], ["Nirgendwo", "Ja"]])
    with pytest.raises(imp.ImportRejected) as exc:
        imp.import_bytes(store, bad, "bad.csv", "2025", ds.questions, ds.municipalities, ds.units, created_by="T")
    assert exc.value.plan.problems and store.head() == 0 and store.waves() == []
    good = csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Ja"]])
    version, _ = imp.import_bytes(store, good, "good.csv", "2025", ds.questions, ds.municipalities, ds.units,
                                  created_by="T")
    assert (version.respondents, version.answer_rows, version.file_name) == (1, 1, "good.csv")
    assert len(version.checksum) == 64


# --- command line ----------------------------------------------------------------------------------

def test_command_line_import_list_restore(tmp_path, monkeypatch, capsys):
    store_dir = tmp_path / "store"
    monkeypatch.setenv("DASHBOARD_STORE_DIR", str(store_dir))
    monkeypatch.delenv("DATA_DIR", raising=False)
    good = tmp_path / "welle2025.csv"
    good.write_bytes(csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Ja"], ["Halle (Saale)", "Nein"]], ";"))
    bad = tmp_path / "kaputt.csv"
    bad.write_bytes(csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Jein"]]))

    assert imp.main(["import", str(bad), "--wave", "2025", "--by", "Test"]) == 1
    assert "kaputt.csv, Zeile 2, Spalte „digitalstrategie“: „Jein“" in capsys.readouterr().err
    assert imp.main(["import", str(good), "--wave", "2025", "--by", "Frau Test"]) == 0
    out = capsys.readouterr().out
    assert "Gespeichert: Version 2 vom " in out and "Welle 2025" in out and "2 Kommunen" in out
    assert imp.main(["list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("* Version 2 vom ") and "Frau Test" in listing[0]
    assert listing[1].startswith("* Version 1 vom ") and "Welle 2023 · aus Datei · responses.csv" in listing[1]
    assert imp.main(["restore", "1", "--by", "Admin"]) == 0
    assert "Wiederhergestellt: Version 3 vom " in capsys.readouterr().out
    assert imp.main(["restore", "42"]) == 1
    assert "Version 42 gibt es nicht" in capsys.readouterr().err
    store = open_store(f"sqlite:///{(store_dir / 'umfrage.sqlite').resolve()}")
    assert [v.id for v in store.versions()] == [3, 2, 1]
    assert store.current("2023").restored_from == 1
    answers_2025 = store.answers(store.current("2025").id)
    assert sorted(answers_2025["unit_key"]) == ["15002000", "15083040"]
    assert isinstance(answers_2025, pd.DataFrame)


def test_command_line_migrate_prepares_the_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_STORE_DIR", str(tmp_path))
    monkeypatch.delenv("DATA_DIR", raising=False)
    assert imp.main(["migrate"]) == 0
    assert capsys.readouterr().out.startswith("Umfragedatenbank bereit: Welle 2023: Version 1 vom ")
    assert imp.main(["migrate"]) == 0  # again: nothing new
    assert "Version 1 vom" in capsys.readouterr().out
    assert (tmp_path / "umfrage.sqlite").is_file()


# --- consent to be named (data.disclosure) ---------------------------------------------------------------

def test_a_release_column_is_read_not_imported_and_stored_with_the_version(ds, store):
    data = csv_bytes([["AGS", STRATEGIE, "Freigabe"], ["15083040", "Ja", "ja"], ["15002000", "Nein", "nein"],
                      ["15003000", "Ja", ""]])
    plan = check(ds, data, store=store)
    assert plan.ok, plan.report()
    assert plan.released == {"15083040"}
    assert "Freigabe" not in plan.mapping and not plan.suggestions
    assert any("Spalte „Freigabe“: 1 Kommune stimmt der namentlichen Veröffentlichung" in n for n in plan.notes)
    version, _ = imp.import_bytes(store, data, "export.csv", "2025", ds.questions, ds.municipalities, ds.units,
                                  created_by="Test")
    assert store.releases(version.id) == {"15083040"}
    bad = check(ds, csv_bytes([["AGS", STRATEGIE, "Freigabe"], ["15083040", "Ja", "vielleicht"]]))
    assert not bad.ok and any(p.column == "Freigabe" and p.line == 2 for p in bad.problems)
    without = check(ds, csv_bytes([["AGS", STRATEGIE], ["15083040", "Ja"]]))
    assert without.released is None  # no column: the wave keeps its releases
