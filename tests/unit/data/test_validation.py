"""Broken data files: every problem is reported in German with file, line and column, never raised."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from data.loading import FILES, load_dataset
from data.problems import DataError, Problem

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"


@pytest.fixture(scope="module")
def good():
    ds = load_dataset(DATA)
    assert ds.problems == ()
    return ds


# --- helpers -------------------------------------------------------------------------------------

def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append_line(path: Path, line: str) -> int:
    """Append a data line; returns its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += line + "\n"
    path.write_text(text, encoding="utf-8")
    return text.count("\n")


def line_starting(path: Path, prefix: str) -> int:
    """Line number (header = 1) of the first line starting with `prefix`."""
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(prefix):
            return no
    raise AssertionError(f"no line starting with {prefix!r} in {path.name}")


def rewrite_csv(path: Path, change, delimiter: str = ",") -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows = change(rows)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def problems_of(ds, file: str) -> list[Problem]:
    return [p for p in ds.problems if p.file == file]


def only_problem(ds, file: str) -> Problem:
    assert ds.failed_files == frozenset({file}), ds.problems
    found = problems_of(ds, file)
    assert len(found) == 1, found
    assert len(ds.problems) == 1, ds.problems
    return found[0]


# --- Problem and DataError -----------------------------------------------------------------------

def test_problem_str_with_line_and_column():
    p = Problem("responses.csv", 3, "answer", "„x“ ist keine Antwortoption.")
    assert str(p) == "responses.csv, Zeile 3, Spalte „answer“: „x“ ist keine Antwortoption."


def test_problem_str_without_column_or_line():
    assert str(Problem("districts.csv", 1, None, "Fehler.")) == "districts.csv, Zeile 1: Fehler."
    assert str(Problem("districts.csv", None, None, "Die Datei fehlt.")) == "districts.csv: Die Datei fehlt."
    assert str(Problem("survey.yaml", None, "wave", "Der Eintrag fehlt.")) == \
        "survey.yaml, Spalte „wave“: Der Eintrag fehlt."


def test_data_error_sorts_and_lists_every_problem():
    a = Problem("b.csv", 2, "x", "zwei")
    b = Problem("a.csv", 10, None, "eins")
    c = Problem("b.csv", None, None, "null")
    err = DataError([a, b, c])
    assert err.problems == [b, c, a]
    assert str(err).splitlines() == [str(b), str(c), str(a)]


# --- file format -----------------------------------------------------------------------------------

def test_missing_column(data_dir):
    rewrite_csv(data_dir / "districts.csv", lambda rows: [r[:-1] for r in rows])  # drops population_date
    ds = load_dataset(data_dir)
    p = only_problem(ds, "districts.csv")
    assert p.line == 1
    assert "Es fehlen die Spalten „population_date“" in p.message
    assert str(p).startswith("districts.csv, Zeile 1: ")
    assert len(ds.districts) == 0  # no last good version: an empty table, not a crash


def test_extra_column(data_dir):
    rewrite_csv(data_dir / "participants.csv",
                lambda rows: [rows[0] + ["bemerkung"]] + [r + [""] for r in rows[1:]])
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert p.line == 1
    assert "Unbekannte Spalten „bemerkung“" in p.message
    assert "unit_key, name, registered" in p.message


def test_optional_column_may_be_missing(data_dir):
    rewrite_csv(data_dir / "workshops.csv", lambda rows: [r[:-3] for r in rows])  # coord_source, agenda, results
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    assert len(ds.workshops) == 6
    assert ds.workshops["coord_source"].isna().all()
    assert ds.workshops["agenda"].isna().all() and ds.workshops["results"].isna().all()


def test_workshop_content_is_read_and_bounded(data_dir):
    def fill(rows):
        header = rows[0]
        rows[1][header.index("agenda")] = "Begrüßung | Impulse aus Barleben | Diskussion"
        rows[6][header.index("results")] = "x" * 2001
        return rows

    rewrite_csv(data_dir / "workshops.csv", fill)
    p = only_problem(load_dataset(data_dir), "workshops.csv")
    assert (p.line, p.column) == (7, "results") and "länger als 2.000 Zeichen" in p.message
    rewrite_csv(data_dir / "workshops.csv", lambda rows: rows[:6] + [rows[6][:-1] + ["Entwurf des Baukastens"]])
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    assert ds.workshops.set_index("number").at[1, "agenda"] == "Begrüßung | Impulse aus Barleben | Diskussion"
    assert ds.workshops.set_index("number").at[6, "results"] == "Entwurf des Baukastens"


def test_duplicate_column(data_dir):
    rewrite_csv(data_dir / "participants.csv", lambda rows: [r + [r[1]] for r in rows])
    ds = load_dataset(data_dir)
    assert any("Doppelte Spalten „name“" in p.message and p.line == 1 for p in problems_of(ds, "participants.csv"))


def test_semicolon_separated(data_dir):
    rewrite_csv(data_dir / "participants.csv", lambda rows: rows, delimiter=";")
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert p.line == 1
    assert "Semikolons" in p.message
    assert "Kommas" in p.message


def test_windows_1252(data_dir):
    path = data_dir / "participants.csv"
    text = path.read_text(encoding="utf-8")
    first_non_ascii = next(no for no, line in enumerate(text.splitlines(), start=1)
                           if any(ord(ch) > 127 for ch in line))
    assert first_non_ascii == line_starting(path, "15089310") == 19  # Staßfurt
    path.write_bytes(text.encode("cp1252"))
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert p.line == first_non_ascii
    assert "UTF-8" in p.message
    assert "Windows-1252" in p.message
    assert f"participants.csv, Zeile {first_non_ascii}: " in str(p)


def test_invalid_bytes_that_are_not_windows_1252(data_dir):
    path = data_dir / "participants.csv"
    path.write_bytes(path.read_bytes() + b"15089015,Asch\x81\n")  # 0x81 is undefined in cp1252
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert "UTF-8" in p.message
    assert "Windows-1252" not in p.message
    assert p.line == 23


def test_utf8_bom_is_accepted(data_dir):
    for name in ("municipalities.csv", "participants.csv", "survey.yaml"):
        path = data_dir / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    assert len(ds.municipalities) == 218
    assert list(ds.municipalities.columns[:2]) == ["ags", "ars"]
    assert len(ds.participants) == 21


def test_windows_line_endings_are_accepted(data_dir):
    path = data_dir / "municipalities.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    assert len(ds.municipalities) == 218


def test_missing_file(data_dir):
    (data_dir / "districts.csv").unlink()
    p = only_problem(load_dataset(data_dir), "districts.csv")
    assert str(p) == "districts.csv: Die Datei fehlt."


def test_empty_file(data_dir):
    (data_dir / "workshops.csv").write_text("", encoding="utf-8")
    p = only_problem(load_dataset(data_dir), "workshops.csv")
    assert "leer" in p.message


def test_row_with_wrong_number_of_fields(data_dir):
    path = data_dir / "participants.csv"
    line = line_starting(path, "15082015")
    replace_in(path, "15082015,Bitterfeld-Wolfen,true", "15082015,Bitterfeld-Wolfen")
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert p.line == line
    assert "2 Felder" in p.message and "Kopfzeile 3" in p.message


def test_blank_lines_are_skipped_and_counted(data_dir):
    path = data_dir / "participants.csv"
    replace_in(path, "15091020,Bad Schmiedeberg,true\n", "\n15091020,Bad Schmiedeberg,true\n")
    line = line_starting(path, "15082015")
    replace_in(path, "15082015,Bitterfeld-Wolfen,true", "15082015,Bitterfeld-Wolfen,ja")
    ds = load_dataset(data_dir)
    p = only_problem(ds, "participants.csv")
    assert (p.line, p.column) == (line, "registered")
    assert "„ja“" in p.message


def test_line_numbers_count_line_breaks_inside_quoted_cells(data_dir):
    path = data_dir / "questions.csv"
    replace_in(path, "Hat Ihre Kommune bereits eine Digitalstrategie?",
               '"Hat Ihre Kommune\nbereits eine Digitalstrategie?"')
    line = line_starting(path, "investitionen,3,")
    assert line == 5
    replace_in(path, "investitionen,3,", "investitionen,x,")
    p = only_problem(load_dataset(data_dir), "questions.csv")
    assert (p.line, p.column) == (5, "order")


# --- keys ------------------------------------------------------------------------------------------

def test_unknown_ags_in_participants(data_dir):
    path = data_dir / "participants.csv"
    line = line_starting(path, "15089015")
    replace_in(path, "15089015,Aschersleben", "15099999,Aschersleben")
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert (p.line, p.column) == (line, "unit_key")
    assert "„15099999“" in p.message
    assert "weder ein AGS noch ein Verbandsgemeindeschlüssel" in p.message
    assert str(p).startswith(f"participants.csv, Zeile {line}, Spalte „unit_key“: ")


def test_unknown_vg_key_in_participants(data_dir):
    path = data_dir / "participants.csv"
    replace_in(path, "150905051,", "150909999,")
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert (p.line, p.column) == (3, "unit_key")
    assert "„150909999“" in p.message


def test_malformed_key_in_participants(data_dir):
    replace_in(data_dir / "participants.csv", "15089015,", "1508901,")
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert (p.line, p.column) == (4, "unit_key")
    assert "weder AGS (8 Ziffern) noch Verbandsgemeindeschlüssel (9 Ziffern)" in p.message


def test_unknown_keys_in_responses(data_dir):
    path = data_dir / "responses.csv"
    replace_in(path, "15002000,digitalstrategie,", "159999999,digitalstrategie,")
    replace_in(path, "15002000,investitionen,", "15099999,investitionen,")
    ds = load_dataset(data_dir)
    assert ds.failed_files == frozenset({"responses.csv"})
    found = problems_of(ds, "responses.csv")
    assert [(p.line, p.column) for p in found] == [(2, "unit_key"), (4, "unit_key")]
    assert "„159999999“" in found[0].message and "„15099999“" in found[1].message


def test_vg_member_as_unit_key_in_participants(data_dir):
    path = data_dir / "participants.csv"
    replace_in(path, "150845051,Verbandsgemeinde An der Finne", "15084015,Bad Bibra")
    p = only_problem(load_dataset(data_dir), "participants.csv")
    assert (p.line, p.column) == (2, "unit_key")
    assert "Bad Bibra" in p.message
    assert "Verbandsgemeinde An der Finne" in p.message
    assert "„150845051“" in p.message


def test_vg_member_as_unit_key_in_responses(data_dir):
    path = data_dir / "responses.csv"
    line = append_line(path, "15084132,digitalstrategie,Ja")  # Finne, member of VG An der Finne
    p = only_problem(load_dataset(data_dir), "responses.csv")
    assert (p.line, p.column) == (line, "unit_key")
    assert "bitte deren Schlüssel „150845051“ verwenden" in p.message


def test_duplicate_key_in_participants(data_dir):
    path = data_dir / "participants.csv"
    line = append_line(path, "15089015,Aschersleben,true")
    ds = load_dataset(data_dir)
    assert ds.failed_files == frozenset({"participants.csv"})
    found = problems_of(ds, "participants.csv")
    assert [(p.line, p.column) for p in found] == [(4, "unit_key"), (line, "unit_key")]
    assert all("„15089015“ kommt mehrfach vor" in p.message for p in found)


def test_duplicate_ags_in_municipalities(data_dir):
    path = data_dir / "municipalities.csv"
    halle = next(row for row in path.read_text(encoding="utf-8").splitlines() if row.startswith("15002000,"))
    line = append_line(path, halle)
    ds = load_dataset(data_dir)
    assert "municipalities.csv" in ds.failed_files
    lines = {(p.line, p.column) for p in problems_of(ds, "municipalities.csv")}
    assert {(3, "ags"), (line, "ags"), (3, "ars"), (line, "ars")} <= lines


def test_duplicate_workshop_number(data_dir):
    replace_in(data_dir / "workshops.csv", "\n2,", "\n1,")
    ds = load_dataset(data_dir)
    assert ds.failed_files == frozenset({"workshops.csv"})
    assert {(p.line, p.column) for p in ds.problems} == {(2, "number"), (3, "number")}


def test_unknown_workshop_venue(data_dir):
    replace_in(data_dir / "workshops.csv", ",15083040,", ",15083999,")
    p = only_problem(load_dataset(data_dir), "workshops.csv")
    assert (p.line, p.column) == (5, "venue_ags")
    assert "„15083999“ ist unbekannt" in p.message


def test_district_missing_for_municipality(data_dir):
    rewrite_csv(data_dir / "districts.csv", lambda rows: [r for r in rows if r[0] != "15001"])
    ds = load_dataset(data_dir)
    assert ds.failed_files == frozenset({"districts.csv"})
    assert [str(p) for p in ds.problems] == [
        "municipalities.csv, Spalte „district_key“: Der Kreisschlüssel „15001“ fehlt in districts.csv."]


def test_ars_must_match_ags(data_dir):
    replace_in(data_dir / "municipalities.csv", "15002000,150020000000,", "15002000,150020000001,")
    p = only_problem(load_dataset(data_dir), "municipalities.csv")
    assert (p.line, p.column) == (3, "ars")
    assert "passt nicht zum AGS" in p.message


# --- values ----------------------------------------------------------------------------------------

def test_answer_not_an_option(data_dir):
    path = data_dir / "responses.csv"
    replace_in(path, "15002000,digitalstrategie,Ja\n", "15002000,digitalstrategie,Vielleicht\n")
    p = only_problem(load_dataset(data_dir), "responses.csv")
    assert (p.line, p.column) == (2, "answer")
    assert str(p).startswith("responses.csv, Zeile 2, Spalte „answer“: „Vielleicht“ ist keine Antwortoption")
    assert "digitalstrategie" in p.message
    assert "Nein · Ja, in Erarbeitung · Ja" in p.message


def test_multi_answer_with_unknown_option(data_dir):
    path = data_dir / "responses.csv"
    line = line_starting(path, "15002000,mobilitaet_angebote,")
    replace_in(path, "15002000,mobilitaet_angebote,Parkleitsystem",
               "15002000,mobilitaet_angebote,Parkleitsystem|Seilbahn")
    p = only_problem(load_dataset(data_dir), "responses.csv")
    assert (p.line, p.column) == (line, "answer")
    assert "„Seilbahn“" in p.message


def test_single_choice_answer_must_not_combine_options(data_dir):
    replace_in(data_dir / "responses.csv", "15002000,digitalstrategie,Ja\n", "15002000,digitalstrategie,Nein|Ja\n")
    p = only_problem(load_dataset(data_dir), "responses.csv")
    assert (p.line, p.column) == (2, "answer")


def test_unknown_question_in_responses(data_dir):
    line = append_line(data_dir / "responses.csv", "15002000,lieblingsfarbe,Blau")
    p = only_problem(load_dataset(data_dir), "responses.csv")
    assert (p.line, p.column) == (line, "question_id")
    assert "„lieblingsfarbe“" in p.message


def test_duplicate_unit_question_in_responses(data_dir):
    line = append_line(data_dir / "responses.csv", "15002000,digitalstrategie,Nein")
    p = only_problem(load_dataset(data_dir), "responses.csv")
    assert (p.line, p.column) == (line, "question_id")
    assert "„15002000“" in p.message and "„digitalstrategie“" in p.message
    assert "früheren Zeile" in p.message


@pytest.mark.parametrize("value", ["-5", "12.5", "abc", "0", "1e3", " 7x"])
def test_population_not_a_positive_whole_number(data_dir, value):
    replace_in(data_dir / "municipalities.csv", "Halle (Saale),242172,", f"Halle (Saale),{value},")
    p = only_problem(load_dataset(data_dir), "municipalities.csv")
    assert (p.line, p.column) == (3, "population")
    assert p.message == f"„{value.strip()}“ ist keine positive ganze Zahl."
    assert str(p) == f"municipalities.csv, Zeile 3, Spalte „population“: „{value.strip()}“ ist keine positive ganze Zahl."


def test_population_missing(data_dir):
    replace_in(data_dir / "municipalities.csv", "Halle (Saale),242172,", "Halle (Saale),,")
    p = only_problem(load_dataset(data_dir), "municipalities.csv")
    assert (p.line, p.column, p.message) == (3, "population", "Der Wert fehlt.")


def test_district_population_checked_too(data_dir):
    replace_in(data_dir / "districts.csv", ",242172,", ",-242172,")
    p = only_problem(load_dataset(data_dir), "districts.csv")
    assert (p.line, p.column) == (3, "population")


def test_municipality_coordinates_outside_saxony_anhalt(data_dir):
    replace_in(data_dir / "municipalities.csv", "51.48158,11.97947", "48.13743,11.97947")  # latitude of Munich
    p = only_problem(load_dataset(data_dir), "municipalities.csv")
    assert (p.line, p.column) == (3, "lat")
    assert p.message == "„48.13743“ ist kein Breitengrad in Sachsen-Anhalt (50.9 bis 53.1)."


def test_workshop_coordinates_outside_saxony_anhalt(data_dir):
    replace_in(data_dir / "workshops.csv", "51.75831,12.44753", "51.75831,13.40495")  # longitude of Berlin
    p = only_problem(load_dataset(data_dir), "workshops.csv")
    assert (p.line, p.column) == (4, "lon")
    assert "Längengrad in Sachsen-Anhalt (10.5 bis 13.3)" in p.message


def test_coordinate_not_a_number(data_dir):
    replace_in(data_dir / "workshops.csv", "51.75831,12.44753", "51°45',12.44753")
    p = only_problem(load_dataset(data_dir), "workshops.csv")
    assert (p.line, p.column) == (4, "lat")


@pytest.mark.parametrize("value", ["2023-13-01", "27.04.2023", "2023-4-27"])
def test_bad_dates(data_dir, value):
    replace_in(data_dir / "workshops.csv", "2023-04-27", value)
    p = only_problem(load_dataset(data_dir), "workshops.csv")
    assert (p.line, p.column) == (2, "date")
    assert "JJJJ-MM-TT" in p.message


def test_every_bad_cell_is_reported_not_just_the_first(data_dir):
    path = data_dir / "participants.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",true", ",wahr"), encoding="utf-8")
    ds = load_dataset(data_dir)
    found = problems_of(ds, "participants.csv")
    assert len(found) == 21
    assert [p.line for p in found] == list(range(2, 23))
    assert all(p.column == "registered" for p in found)


def test_questions_duplicate_option(data_dir):
    replace_in(data_dir / "questions.csv", "Nein|Ja,Fragebogen 2023", "Nein|Ja|Nein,Fragebogen 2023")
    ds = load_dataset(data_dir)
    qp = problems_of(ds, "questions.csv")
    assert [(p.line, p.column) for p in qp] == [(4, "options")]
    assert "Doppelte Antwortoption „Nein“" in qp[0].message


# --- YAML ------------------------------------------------------------------------------------------

def test_invalid_yaml(data_dir):
    path = data_dir / "program.yaml"
    text = path.read_text(encoding="utf-8")
    bad_line = text.count("\n") + 2
    path.write_text(text + "\nfoo: [nicht geschlossen\n", encoding="utf-8")
    ds = load_dataset(data_dir)
    p = only_problem(ds, "program.yaml")
    assert "kein gültiges YAML" in p.message
    assert p.line is not None and p.line >= bad_line - 1
    assert str(p).startswith(f"program.yaml, Zeile {p.line}: ")
    assert ds.program == {}
    assert len(ds.municipalities) == 218


def test_yaml_missing_and_mistyped_entries(data_dir):
    (data_dir / "survey.yaml").write_text('title: "T"\nsample_data: "nein"\n', encoding="utf-8")
    ds = load_dataset(data_dir)
    found = {(p.column, p.message) for p in problems_of(ds, "survey.yaml")}
    assert ("wave", "Der Eintrag fehlt.") in found
    assert ("sample_data", "Der Eintrag hat nicht die erwartete Form (bool).") in found
    assert ds.sample_data is True  # unknown: every view keeps saying "Beispieldaten"


def test_yaml_that_is_not_a_mapping(data_dir):
    (data_dir / "survey.yaml").write_text("- a\n- b\n", encoding="utf-8")
    p = only_problem(load_dataset(data_dir), "survey.yaml")
    assert "Schlüssel-Wert-Paare" in p.message


# --- resilience --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("content", [b"\x00\xff\xfe garbage \x80\x81", b"", b"\n\n\n", b'"a,b\n', b"x"])
def test_load_dataset_never_raises(data_dir, name, content):
    (data_dir / name).write_bytes(content)
    ds = load_dataset(data_dir)
    assert name in ds.failed_files
    assert problems_of(ds, name)
    assert all(isinstance(p, Problem) and str(p).startswith(name) for p in problems_of(ds, name))


def test_every_file_broken_at_once(data_dir):
    for name in FILES:
        (data_dir / name).write_bytes(b"\x81kaputt;")
    ds = load_dataset(data_dir)
    assert ds.failed_files == frozenset(FILES)
    assert {p.file for p in ds.problems} == set(FILES)
    assert len(ds.units) == 0 and len(ds.responses) == 0
    assert ds.population_date is None
    assert ds.sample_data is True


def test_broken_municipalities_without_fallback(data_dir):
    replace_in(data_dir / "municipalities.csv", "Halle (Saale),242172,", "Halle (Saale),x,")
    ds = load_dataset(data_dir)
    assert ds.failed_files == frozenset({"municipalities.csv"})
    assert len(ds.municipalities) == 0
    assert len(ds.units) == 0
    # the other files still load
    assert len(ds.districts) == 14
    assert len(ds.workshops) == 6
    assert len(ds.participants) == 21
    assert ds.responses["unit_key"].nunique() == 34


def test_last_good_fallback_for_broken_file(data_dir, good):
    replace_in(data_dir / "participants.csv", "15089015,Aschersleben", "15099999,Aschersleben")
    path = data_dir / "workshops.csv"
    replace_in(path, "Auftaktveranstaltung", "Auftakt")  # a valid edit elsewhere is picked up
    ds = load_dataset(data_dir, last_good=good)
    assert ds.failed_files == frozenset({"participants.csv"})
    assert len(ds.participants) == len(good.participants) == 21
    pd.testing.assert_frame_equal(ds.participants, good.participants)
    assert ds.workshops["title"].iloc[0] == "Auftakt"
    assert len(ds.municipalities) == 218
    assert int(ds.units["registered"].sum()) == 21


def test_last_good_fallback_for_municipalities(data_dir, good):
    replace_in(data_dir / "municipalities.csv", "51.48158,11.97947", "1.0,11.97947")
    ds = load_dataset(data_dir, last_good=good)
    assert ds.failed_files == frozenset({"municipalities.csv"})
    assert len(ds.municipalities) == len(good.municipalities) == 218
    assert len(ds.units) == 122
    assert int(ds.units["answered"].sum()) == 34


def test_last_good_fallback_for_yaml(data_dir, good):
    (data_dir / "program.yaml").write_text("a: [\n", encoding="utf-8")
    ds = load_dataset(data_dir, last_good=good)
    assert ds.failed_files == frozenset({"program.yaml"})
    assert ds.program == good.program


def test_last_good_fallback_for_responses(data_dir, good):
    append_line(data_dir / "responses.csv", "15002000,digitalstrategie,Nein")
    ds = load_dataset(data_dir, last_good=good)
    assert ds.failed_files == frozenset({"responses.csv"})
    assert len(ds.responses) == len(good.responses)
    assert int(ds.units["answered"].sum()) == 34


def test_broken_questions_keep_responses(data_dir, good):
    replace_in(data_dir / "questions.csv", "digitalstrategie,1,", "digitalstrategie,eins,")
    ds = load_dataset(data_dir)
    assert ds.failed_files == frozenset({"questions.csv"})
    assert len(ds.questions) == 0
    assert len(ds.responses) == len(good.responses)
    assert ds.responses["unit_key"].nunique() == 34
    assert int(ds.units["answered"].sum()) == 34
    pd.testing.assert_frame_equal(ds.responses.reset_index(drop=True), good.responses.reset_index(drop=True))


def test_broken_questions_with_last_good_still_check_responses(data_dir, good):
    replace_in(data_dir / "questions.csv", "digitalstrategie,1,", "digitalstrategie,eins,")
    ds = load_dataset(data_dir, last_good=good)
    assert ds.failed_files == frozenset({"questions.csv"})
    pd.testing.assert_frame_equal(ds.questions, good.questions)
    assert len(ds.responses) == len(good.responses)


def test_repeated_multi_option_counts_once(data_dir):
    path = data_dir / "responses.csv"
    replace_in(path, "15002000,mobilitaet_angebote,Parkleitsystem",
               "15002000,mobilitaet_angebote,Parkleitsystem| Parkleitsystem")
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    r = ds.responses
    rows = r[(r["unit_key"] == "15002000") & (r["question_id"] == "mobilitaet_angebote")]
    assert list(rows["answer"]) == ["Parkleitsystem"]
