"""data.import_read: every hostile file class is refused with a German sentence naming the limit, before
what it limits has grown (peak memory measured with tracemalloc – memory, not time)."""
from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from data.import_read import (
    LIMITS,
    Limits,
    ReadRefused,
    column_index,
    column_letters,
    decode_text,
    number_text,
    read_source,
)
from tests.export_files import (
    hostile_entities,
    hostile_long_cell,
    hostile_long_csv,
    hostile_many_strings,
    hostile_shared_string,
    hostile_wide_csv,
    hostile_wide_rows,
    hostile_zip_bomb,
    inline_row,
    raw_xlsx,
)

MB = 1024 * 1024


def refused(data: bytes, name: str, limits: Limits = LIMITS, **kw) -> tuple[str, int]:
    """The refusal and the peak of memory allocated while reading."""
    tracemalloc.start()
    try:
        with pytest.raises(ReadRefused) as exc:
            read_source(data, name, limits=limits, **kw)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(exc.value), peak


def test_one_huge_shared_string_is_refused_while_it_streams():
    data = hostile_shared_string(64)  # 64 MB unpacked in a file of well under 1 MB
    assert len(data) < MB
    message, peak = refused(data, "bombe.xlsx")  # packed 1:600: refused before it is unpacked
    assert message.startswith("Die Excel-Datei ist ungewöhnlich stark gepackt (xl/sharedStrings.xml: 64,0 MB aus")
    assert peak < 2 * MB, peak
    # without the ratio check, the string is measured as it streams and refused at the cell limit
    message, peak = refused(data, "bombe.xlsx", Limits(max_ratio=1_000_000))
    assert message == ("Der 1. Text der Excel-Datei enthält mehr als 32.767 Zeichen; erlaubt sind höchstens 32.767 "
                       "Zeichen je Zelle.")
    assert peak < 2 * MB, peak


def test_rows_reaching_column_xfd_are_refused_by_the_dimension_or_the_first_cell():
    message, peak = refused(hostile_wide_rows(60_000), "breit.xlsx")
    assert message == ("Das Tabellenblatt „Daten“ reicht bis Spalte XFD (16.384 Spalten); erlaubt sind höchstens "
                       "1.000 Spalten.")
    assert peak < 2 * MB, peak
    message, peak = refused(hostile_wide_rows(60_000, dimension=False), "breit.xlsx")
    assert message == "Das Tabellenblatt „Daten“ hat mehr als 1.000 Spalten; erlaubt sind höchstens 1.000."
    assert peak < 2 * MB, peak


def test_fifty_thousand_columns_in_a_csv_are_refused_before_the_line_is_split():
    data = hostile_wide_csv(50_000)
    message, peak = refused(data, "breit.csv")
    assert message == "Die Datei hat mehr als 1.000 Spalten; erlaubt sind höchstens 1.000."
    assert peak < 4 * len(data) + MB, peak  # the text itself, nothing per column


def test_too_many_rows_cells_and_characters():
    message, _ = refused(hostile_long_csv(50_001), "lang.csv")
    assert message == "Die Datei hat mehr als 50.000 Zeilen; erlaubt sind höchstens 50.000."
    message, _ = refused(hostile_long_cell(40_000), "zelle.csv")
    assert message == "Zeile 2 enthält mehr als 32.767 Zeichen; erlaubt sind höchstens 32.767 Zeichen je Zelle."
    small = Limits(max_cells=100)
    message, _ = refused(hostile_long_csv(60), "zellen.csv", small)
    assert message == "Die Datei hat mehr als 100 Zellen; erlaubt sind höchstens 100."


def test_too_many_shared_strings():
    message, peak = refused(hostile_many_strings(2_000), "texte.xlsx", Limits(max_shared_strings=1_000))
    assert message == "Die Excel-Datei enthält mehr als 1.000 verschiedene Texte; erlaubt sind höchstens 1.000."
    message, _ = refused(hostile_many_strings(2_000), "texte.xlsx", Limits(max_shared_chars=1_000))
    assert message == ("Die Texte der Excel-Datei sind zusammen länger als 1.000 Zeichen; erlaubt sind höchstens "
                       "1.000.")


def test_zip_bomb_by_ratio_and_by_unpacked_size():
    data = hostile_zip_bomb(200)
    assert len(data) < 2 * MB
    message, peak = refused(data, "bombe.xlsx")
    assert "entpackt sich auf 200,0 MB" in message and "höchstens 100 MB entpackt" in message
    assert peak < 2 * MB, peak
    message, _ = refused(hostile_zip_bomb(20), "bombe.xlsx")
    assert "ungewöhnlich stark gepackt" in message and "höchstens das 100-Fache" in message
    # the declared size may lie: what is really unpacked is counted as it arrives
    message, _ = refused(hostile_zip_bomb(3), "bombe.xlsx", Limits(max_unpacked=2 * MB, max_ratio=10_000))
    assert message == "Die Excel-Datei entpackt sich auf 3,0 MB; erlaubt sind höchstens 2 MB entpackt."
    # each member below the limit, together above it: counted as the bytes arrive
    half = raw_xlsx(["<row/>" * 250_000], shared_chunks=["<si><t>x</t></si>" * 90_000])
    message, _ = refused(half, "zwei.xlsx", Limits(max_unpacked=2 * MB, max_ratio=10_000, max_shared_strings=10**6))
    assert message == "Die Excel-Datei entpackt sich auf mehr als 2 MB; erlaubt sind höchstens 2 MB entpackt."


def test_a_forged_small_size_in_the_zip_directory_does_not_help():
    data = hostile_zip_bomb(3, declared=1024)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1024  # passes the size and ratio checks
    message, peak = refused(data, "gefaelscht.xlsx")
    assert message.startswith("Die Excel-Datei ist beschädigt (xl/worksheets/sheet1.xml")
    assert peak < 2 * MB, peak


def test_entities_and_document_types_are_refused():
    message, _ = refused(hostile_entities(), "lachen.xlsx")
    assert "Dokumenttyp-Definition" in message


def test_the_time_limit_stops_reading():
    message, _ = refused(hostile_long_csv(5_000), "lang.csv", Limits(max_seconds=0))
    assert message == "Das Lesen der Datei dauerte länger als 0 Sekunden und wurde abgebrochen."


def test_broken_and_empty_files():
    assert refused(b"PK\x03\x04kaputt", "x.xlsx")[0] == "Die Excel-Datei ist beschädigt oder kein .xlsx."
    assert refused(b"", "leer.csv")[0] == "Die Datei ist leer."
    assert refused(b"a" * (LIMITS.max_bytes + 1), "gross.csv")[0] == ("Die Datei ist 10,0 MB groß; erlaubt sind "
                                                                        "höchstens 10 MB.")
    assert refused("Name\r\n\x81\x8d".encode("latin-1"), "x.csv")[0].startswith("Die Datei ist weder UTF-8")


def test_encodings_and_separators():
    assert decode_text(b"AGS;Name\r\n") == ("AGS;Name\r\n", "UTF-8")
    assert decode_text(b"\xef\xbb\xbfA") == ("A", "UTF-8 mit BOM")
    assert decode_text("Staßfurt".encode("cp1252"))[1] == "Windows-1252"
    assert decode_text("AGS\tName".encode("utf-16"))[1] == "UTF-16"
    assert decode_text("AGS\tName".encode("utf-16-be"))[1] == "UTF-16"
    # a title row without separators above a semicolon table
    source = read_source(b"Kurzbefragung 2023\r\n\r\nAGS;Kommune\r\n15083040;Barleben\r\n", "t.csv")
    assert source.form == "CSV (UTF-8, Semikolon)"
    assert source.grid.rows == [(1, ["Kurzbefragung 2023"]), (3, ["AGS", "Kommune"]), (4, ["15083040", "Barleben"])]


def test_true_row_numbers_with_quoted_line_breaks_and_blank_rows():
    text = 'AGS,Bemerkung\r\n15083040,"zwei\r\nZeilen"\r\n\r\n15088220,x\r\n'
    source = read_source(text.encode(), "q.csv")
    assert source.grid.rows == [(1, ["AGS", "Bemerkung"]), (2, ["15083040", "zwei\r\nZeilen"]),
                                (5, ["15088220", "x"])]


def test_xlsx_inline_strings_sparse_rows_numbers_and_sheets():
    data = raw_xlsx([inline_row(3, {"B": "AGS", "C": "Wert"}),
                     '<row r="7"><c r="B7"><v>15083040</v></c><c r="C7"><v>0.5</v></c>'
                     '<c r="D7" t="b"><v>1</v></c><c r="E7" t="e"><v>#DIV/0!</v></c></row>'])
    source = read_source(data, "x.xlsx")
    assert source.sheets == ["Daten"] and source.sheet == "Daten"
    assert source.grid.rows == [(3, ["", "AGS", "Wert"]), (7, ["", "15083040", "0.5", "WAHR", "#DIV/0!"])]


def test_cell_names_and_numbers():
    assert [column_index(c) for c in ("A", "Z", "AA", "XFD")] == [0, 25, 26, 16383]
    assert [column_letters(i) for i in (0, 25, 26, 16383)] == ["A", "Z", "AA", "XFD"]
    assert number_text("15083040.0") == "15083040" and number_text("0.25") == "0.25"
