"""The importer with files written the way LimeSurvey, Microsoft Forms, a hand-kept Excel list and Excel's
"Unicode-Text" write them (built in tests/export_files.py from the tools' documented formats)."""
from __future__ import annotations

import pytest

from data import importer as imp
from data.import_lss import StructureRefused, read_structure
from data.loading import load_dataset
from data.store import open_store
from tests.conftest import DATA
from tests.export_files import (
    PRIORITAETEN,
    STRATEGIE,
    LsResponse,
    csv_bytes,
    forms_xlsx,
    handmade_xlsx,
    limesurvey_csv,
    limesurvey_lss,
    ls_headings,
    unicode_text,
)


@pytest.fixture(scope="module")
def ds():
    d = load_dataset(DATA)
    assert not d.problems
    return d


def check(ds, data, name="results-survey4711.csv", wave="2025", store=None, **kw):
    return imp.check_bytes(store, data, name, wave, ds.questions, ds.municipalities, ds.units, **kw)


def answers(plan) -> set[tuple]:
    return set(plan.answers.itertuples(index=False, name=None))


def note(plan, text) -> str:
    found = [n for n in plan.notes if text in n]
    assert found, plan.notes
    return found[0]


# Four responses: Barleben answered twice (the later one counts), Merseburg once incomplete and once complete,
# one "Sonstiges" text, one multiple choice never shown (N/A).
RESPONSES = [
    LsResponse(11, "2025-04-02 10:00:00", {"G01Q01": "Gemeinde Barleben", "G01Q02": "Nein", "G01Q06": []}),
    LsResponse(12, "2025-04-03 11:30:00", {"G01Q01": "Barleben", "G01Q02": "Ja", "G01Q03": "Ja, erste Kontakte",
                                            "G01Q06": ["Energie und Klima", "Verkehr und Mobilität"]},
               other={"G01Q06": "Breitbandausbau"}),
    LsResponse(13, "", {"G01Q01": "Merseburg, Stadt", "G01Q02": "Nein"}),
    LsResponse(14, "2025-04-04 09:15:00", {"G01Q01": "Merseburg, Stadt", "G01Q02": "Ja, in Erarbeitung",
                                            "G01Q06": None}),
]
EXPECTED = {("15083040", "digitalstrategie", "Ja"), ("15083040", "digitalisierungszentrum", "Ja, erste Kontakte"),
            ("15083040", "prioritaeten", "Energie und Klima"), ("15083040", "prioritaeten", "Verkehr und Mobilität"),
            ("15088220", "digitalstrategie", "Ja, in Erarbeitung")}


def test_limesurvey_headings_are_what_the_export_writes():
    code, full, codetext = (ls_headings(s) for s in ("code", "full", "codetext"))
    assert code[:3] == ["id", "token", "submitdate"] and "G01Q06[SQ002]" in code and "G01Q06[other]" in code
    assert f"{PRIORITAETEN} [Energie und Klima]" in full and f"{PRIORITAETEN} [Sonstiges]" in full
    assert f"G01Q06[SQ002]. {PRIORITAETEN} [Energie und Klima]" in codetext and "id. Antwort ID" in codetext
    assert ls_headings("full", "en")[:3] == ["Response ID", "Token", "Date submitted"]
    data = limesurvey_csv(RESPONSES)
    assert data.startswith(b'\xef\xbb\xbf"id. Antwort ID","token. Zugangsschl') and data.endswith(b"\r\n\r\n")


@pytest.mark.parametrize("style,language", [("codetext", "de"), ("full", "de"), ("full", "en"), ("codetext", "en")])
def test_limesurvey_full_answers_in_every_heading_style(ds, style, language):
    plan = check(ds, limesurvey_csv(RESPONSES, style, "long", language))
    assert plan.ok, plan.report()
    assert answers(plan) == EXPECTED
    assert plan.tool == "LimeSurvey" and plan.unit_column.endswith("Name Ihrer Kommune")
    # what is not taken is named: metadata, the incomplete response, the superseded one, the free text
    assert "Zufallsstartwert" in note(plan, "Angaben des Umfragewerkzeugs") or language == "en"
    assert "Zeile 4" in note(plan, "1 unvollständige Antwort")
    assert "Barleben (15083040): Zeile 3 statt Zeile 2" in note(plan, "zuletzt abgeschickte Antwort")
    assert "„Breitbandausbau“" in note(plan, "Freitexte")
    assert not any("N/A" in str(p) for p in plan.problems)


def test_limesurvey_answer_codes_give_one_message_per_column_with_the_way_out(ds):
    plan = check(ds, limesurvey_csv(RESPONSES, "codetext", "short"))
    assert not plan.ok
    coded = [p for p in plan.problems if "Antwortcodes" in p.message]
    assert len(coded) == 2 and len(plan.problems) == 2  # one per column, not one per cell
    assert {p.column for p in coded} == {f"G01Q02. {STRATEGIE}", next(h for h in plan.mapping if h.startswith("G01Q03"))}
    assert "„AO03“" in coded[0].message or "„AO03“" in coded[1].message
    assert all("Volle Antworten" in p.message and ".lss" in p.message for p in coded)
    # multiple choice as codes (Y / empty) is read as it is
    assert ("15083040", "prioritaeten", "Energie und Klima") in answers(plan)


def test_limesurvey_codes_only_need_the_survey_structure(ds):
    data = limesurvey_csv(RESPONSES, "code", "short")
    plan = check(ds, data)
    assert not plan.ok
    assert "LimeSurvey-Fragecodes (G01Q02, G01Q03, G01Q06[SQ001] …)" in note(plan, "Fragecodes")
    structure = read_structure(limesurvey_lss())
    assert structure.question_text("G01Q02") == STRATEGIE
    assert structure.subquestion_text("G01Q06", "SQ004") == "Stadtentwicklung und Partizipation"
    assert structure.answer_text("G01Q03", "AO02") == "Ja, erste Kontakte"
    plan = check(ds, data, structure=structure)
    assert plan.ok, plan.report()
    assert answers(plan) == EXPECTED
    assert next(c for c in plan.columns if c.header == "G01Q02").how == "Umfragestruktur"


def test_a_broken_or_hostile_structure_file_is_refused():
    with pytest.raises(StructureRefused, match="keine lesbare"):
        read_structure(b"<document><questions>", "kaputt.lss")
    with pytest.raises(StructureRefused, match="keine Fragen"):
        read_structure(b"<document/>", "leer.lss")
    with pytest.raises(StructureRefused, match="Dokumenttyp"):
        read_structure(b'<!DOCTYPE d [<!ENTITY a "x">]><document/>', "dtd.lss")


def test_microsoft_forms_with_other_text_inside_a_multiple_choice_cell(ds):
    kommune = "Name Ihrer Kommune (bitte mit „Stadt“ oder „Gemeinde“)"
    data = forms_xlsx([kommune, STRATEGIE, PRIORITAETEN], [
        ["Gemeinde Barleben", "Ja", ["Energie und Klima", "Verkehr und Mobilität"]],
        ["Stadt Merseburg", "Nein", ["Energie und Klima", "Glasfaser für alle Ortsteile"]],
        ["Welterbestadt Quedlinburg", "Ja, in Erarbeitung", []],
    ])
    plan = check(ds, data, name="Kurzbefragung 2025(1-3).xlsx")
    assert plan.ok, plan.report()
    assert plan.form == "Excel (.xlsx), Microsoft Forms" and plan.sheet == "Sheet1"
    assert plan.unit_column == kommune  # proposed from its values, though the heading is not a known one
    assert answers(plan) == {("15083040", "digitalstrategie", "Ja"), ("15083040", "prioritaeten", "Energie und Klima"),
                             ("15083040", "prioritaeten", "Verkehr und Mobilität"),
                             ("15088220", "digitalstrategie", "Nein"), ("15088220", "prioritaeten", "Energie und Klima"),
                             ("15085235", "digitalstrategie", "Ja, in Erarbeitung")}
    assert "Zeile 3" in note(plan, "„Glasfaser für alle Ortsteile“")
    assert "ID, Startzeit, Fertigstellungszeit, E-Mail, Name" in note(plan, "Angaben des Umfragewerkzeugs")
    # times are read as times (a date cell), the preview shows the rows as read
    assert plan.preview[0][0] == 2 and plan.preview[0][1][1] == "03.03.2025 09:01"
    # a typo close to an option is no "Other" text: it is a problem with the column and row
    data = forms_xlsx([kommune, STRATEGIE, PRIORITAETEN], [["Gemeinde Barleben", "Ja", ["Energie und Klma"]]])
    [problem] = check(ds, data, name="f.xlsx").problems
    assert (problem.line, problem.column) == (2, PRIORITAETEN) and "„Energie und Klma“ ist keine" in problem.message


def test_handmade_excel_with_cover_sheet_title_group_row_blank_rows_and_totals(ds):
    header = ["AGS", "Kommune", "digitalstrategie", "investitionen"]
    rows = [["15083040.0", "Barleben", "Ja", "Nein"],
            ["15088220", "Merseburg", "Vielleicht", "Ja"],
            ["150900546546", "Tangerhütte", "Nein", "Ja"]]  # an ARS
    data = handmade_xlsx(header, rows, groups=["Kommune", "", "Strategie und Organisation", ""], blank_after=2)
    plan = check(ds, data, name="Rücklauf.xlsx")
    # the sheet with the table, not the cover; headings in row 4 under title (1), blank (2), groups (3)
    assert (plan.sheet, plan.header_row) == ("Rücklauf", 4)
    assert plan.sheets == ("Deckblatt", "Rücklauf")
    assert plan.unit_column == "AGS"  # the key column wins over the name column
    # true spreadsheet row numbers: the second data row is row 6; the totals row (9) is skipped with a note
    [problem] = plan.problems
    assert (problem.line, problem.column) == (6, "digitalstrategie") and "„Vielleicht“" in problem.message
    assert "Zeile 9" in note(plan, "Summenzeilen übersprungen")
    assert "„Kommune“ dient nur zur Kontrolle" in note(plan, "über die Spalte „AGS“")
    assert {a for a in answers(plan) if a[0] == "15090546"} == {("15090546", "digitalstrategie", "Nein"),
                                                                ("15090546", "investitionen", "Ja")}


def test_sheet_and_heading_row_can_be_chosen_and_are_saved_for_the_wave(ds, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'u.sqlite'}")
    data = handmade_xlsx(["Gemeindename", "Strategie?"], [["Barleben", "Ja"], ["Merseburg", "Nein"]], totals=False)
    plan = check(ds, data, name="a.xlsx", store=store, sheet="Deckblatt")
    assert plan.sheet == "Deckblatt" and not plan.ok
    plan = check(ds, data, name="a.xlsx", store=store, given={"Strategie?": "digitalstrategie"}, header_row=3)
    assert plan.header_row == 3 and plan.ok, plan.report()  # row 3 holds the headings (no group row here)
    version, plan = imp.import_bytes(store, data, "a.xlsx", "2025", ds.questions, ds.municipalities, ds.units,
                                     created_by="Test", given={"Strategie?": "digitalstrategie"})
    saved = store.mapping("2025")
    assert saved[imp.SHEET_KEY] == "Rücklauf" and saved[imp.HEADER_KEY] == "3"
    assert saved["Gemeindename"] == imp.UNIT and saved["Strategie?"] == "digitalstrategie"
    again = check(ds, data, name="b.xlsx", store=store)
    assert again.ok and again.sheet == "Rücklauf"


def test_the_unit_column_chosen_by_hand_is_saved_and_offered_for_the_next_file(ds, tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'u.sqlite'}")
    rows = [["Bemerkung", "Wer", "digitalstrategie"], ["gut", "Barleben", "Ja"], ["", "Merseburg", "Nein"]]
    given = {"Wer": imp.UNIT, "Bemerkung": imp.IGNORE}
    imp.import_bytes(store, csv_bytes(rows), "a.csv", "2025", ds.questions, ds.municipalities, ds.units,
                     created_by="T", given=given)
    plan = check(ds, csv_bytes([rows[0], ["", "Stendal", "Ja"]]), store=store)
    assert plan.ok and plan.unit_column == "Wer"
    assert next(c for c in plan.columns if c.header == "Wer").how == "von Hand"


def test_excel_unicode_text_is_utf16(ds):
    data = unicode_text([["AGS", "Kommune", "digitalstrategie"], ["15083040", "Barleben", "Ja"],
                         ["15089310", "Staßfurt", "Nein"]])
    assert data[:2] == b"\xff\xfe"
    plan = check(ds, data, name="Rücklauf.txt")
    assert plan.ok, plan.report()
    assert plan.form == "CSV (UTF-16, Tabulator)"
    assert ("15089310", "digitalstrategie", "Nein") in answers(plan)
    no_bom = "AGS\tdigitalstrategie\r\n15083040\tJa\r\n".encode("utf-16-le")
    assert check(ds, no_bom).form == "CSV (UTF-16, Tabulator)"


def test_formula_cells_without_a_stored_value_are_reported_not_dropped(ds):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["AGS", "digitalstrategie", "Bemerkung"])
    ws.append(["15083040", "Ja", ""])
    ws.append(["15088220", '=IF(TRUE,"Ja","Nein")', "=1+1"])  # openpyxl stores no cached result
    buf = io.BytesIO()
    wb.save(buf)
    plan = check(ds, buf.getvalue(), name="f.xlsx", given={"Bemerkung": imp.IGNORE})
    [problem] = plan.problems
    assert (problem.line, problem.column) == (3, "digitalstrategie")
    assert "Formel ohne gespeicherten Ergebniswert" in problem.message
    assert "Bemerkung" in note(plan, "Formeln ohne gespeicherten Wert")


def test_singular_and_plural_in_the_report(ds):
    one = check(ds, csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Jein"]]))
    assert "1 Problem – es wird nichts gespeichert:" in one.report() and "1 Probleme" not in one.report()
    two = check(ds, csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Jein"], ["Stendal", "Jein"]]))
    assert "2 Probleme – es wird nichts gespeichert:" in two.report()
    ok = check(ds, csv_bytes([["Kommune", "digitalstrategie"], ["Barleben", "Ja"]]))
    assert "1 Kommune, 1 Antwort." in ok.report()


def test_wide_files_check_duplicate_headings_in_linear_time(ds):
    heads = ["Kommune"] + [f"S{i}" for i in range(999)]
    heads[500] = heads[1]
    plan = check(ds, csv_bytes([heads, ["Barleben"] + [""] * 999]),
                 given={h: imp.IGNORE for h in heads[1:]})
    assert [p.column for p in plan.problems if "mehrfach" in p.message] == ["S0"]


def test_command_line_with_unit_column_sheet_heading_row_and_structure(tmp_path, monkeypatch, capsys, ds):
    monkeypatch.setenv("DASHBOARD_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("DATA_DIR", raising=False)
    export = tmp_path / "results-survey4711.csv"
    export.write_bytes(limesurvey_csv(RESPONSES, "code", "short"))
    lss = tmp_path / "limesurvey_survey_4711.lss"
    lss.write_bytes(limesurvey_lss())
    assert imp.main(["import", str(export), "--wave", "2025", "--check"]) == 1
    assert "LimeSurvey-Fragecodes" in capsys.readouterr().out
    assert imp.main(["import", str(export), "--wave", "2025", "--lss", str(lss), "--unit-column", "G01Q01",
                     "--by", "Test"]) == 0
    out = capsys.readouterr().out
    assert "2 Kommunen, 5 Antworten" in out and "Gespeichert: Version 2" in out
    store = open_store(f"sqlite:///{(tmp_path / 'store' / 'umfrage.sqlite').resolve()}")
    assert store.mapping("2025")["G01Q01"] == imp.UNIT
    book = tmp_path / "liste.xlsx"
    book.write_bytes(handmade_xlsx(["Kommune", "digitalstrategie"], [["Barleben", "Nein"]], totals=False))
    assert imp.main(["import", str(book), "--wave", "2026", "--sheet", "Rücklauf", "--header-row", "3",
                     "--check"]) == 0
    assert "Tabellenblatt „Rücklauf“, Überschriften in Zeile 3" in capsys.readouterr().out
    big = tmp_path / "gross.csv"
    big.write_bytes(b"x" * (imp.MAX_BYTES + 1))
    assert imp.main(["import", str(big), "--wave", "2025"]) == 1
    assert "gross.csv: Die Datei ist 10,0 MB groß; erlaubt sind höchstens 10 MB." in capsys.readouterr().err
