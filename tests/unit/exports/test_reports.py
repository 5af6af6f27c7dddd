"""Exports: chart images (PNG/SVG via vl-convert), CSV for German Excel, xlsx, and the PDF report."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pypdf
import pytest
from PIL import Image

from data.formatting import VEGA_LOCALE, number
from data.loading import load_dataset
from data.survey import question_result
from exports.images import FONT_FAMILY, WIDTH, chart_png, chart_svg, export_spec, png_size
from exports.report import ReportSection, build_report
from exports.tables import neutralise, to_excel_csv, to_xlsx
from views.charts import question_chart, to_spec
from views.questions import result_table, summary_sentence

REPO = Path(__file__).resolve().parents[3]
FOOTER = ("Quelle: Kurzbefragung 2023 (Beispieldaten) · Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023 "
          "· erstellt am 26.11.2026")
CREATED = dt.date(2026, 11, 26)
DANGEROUS = ["=SUMME(A1)", "+1", "-2", "@x", "\tx", "\rx"]


@pytest.fixture(scope="module")
def survey():
    """Real questions of the shipped data: (question, result, SizedChart, subtitle)."""
    from data.disclosure import disclosure_of

    ds = load_dataset(REPO / "data")
    wd = disclosure_of(ds)
    out = []
    for qid in ["digitalstrategie", "prioritaeten", "investitionen", "zustaendigkeit"]:
        q = ds.questions.set_index("id").loc[qid].copy()
        q["id"] = qid
        r = question_result(wd, qid, None)
        assert not r.suppressed
        subtitle = f"n = {number(r.n)} antwortende Kommunen · Beispieldaten"
        out.append((q, r, question_chart(r, q["text"], subtitle, q["type"] == "multi"), subtitle))
    return out


@pytest.fixture(scope="module")
def rendered(survey):
    q, r, chart, subtitle = survey[1]
    png = chart_png(to_spec(chart).spec, title=q["text"], subtitle_lines=[subtitle], footer=FOOTER, scale=2.0)
    return q, png


# --- images ------------------------------------------------------------------------------------------

def test_png_is_valid_with_the_expected_size_and_text_in_it(rendered):
    q, png = rendered
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = png_size(png)
    assert width == pytest.approx(WIDTH * 2.0, abs=4)
    assert 150 * 2 < height < 1200 * 2
    with Image.open(io.BytesIO(png)) as img:
        assert img.size == (width, height)
        grey = img.convert("L")
    # Text really drawn: dark pixels in the title band (top) and in the footer band (bottom), white margins.
    title_band = grey.crop((0, 0, width, 40 * 2))
    footer_band = grey.crop((0, height - 20 * 2, width, height))
    assert sum(1 for v in title_band.get_flattened_data() if v < 100) > 500
    assert sum(1 for v in footer_band.get_flattened_data() if v < 160) > 300
    assert grey.getpixel((width - 1, height - 1)) == 255


def test_svg_contains_title_n_footer_and_keeps_the_german_locale(survey):
    q, r, chart, subtitle = survey[0]
    title = "Hat Ihre Kommune bereits eine Digitalstrategie? Größe & „Maßnahmen“"
    svg = chart_svg(chart.chart, title=title, subtitle_lines=[subtitle], footer=FOOTER)
    text = svg if isinstance(svg, str) else svg.decode("utf-8")
    assert text.lstrip().startswith("<svg")
    assert "Hat Ihre Kommune bereits eine Digitalstrategie?" in text
    assert "Größe &amp; „Maßnahmen“" in text
    assert "n = 34 antwortende Kommunen · Beispieldaten" in text
    assert "Quelle: Kurzbefragung 2023 (Beispieldaten)" in text and "erstellt am 26.11.2026" in text
    assert FONT_FAMILY in text
    assert f'width="{WIDTH}"' in text
    # German number locale: axis ticks read "20 %" (narrow no-break space), never "20%".
    assert "20\u202f%" in text and ">20%<" not in text


def test_export_spec_accepts_altair_arrow_and_json_specs_without_changing_them(survey):
    q, r, chart, subtitle = survey[0]
    arrow = to_spec(chart).spec
    assert all(isinstance(v, bytes) for v in arrow["datasets"].values())
    plain = chart.chart.to_dict()
    specs = [export_spec(c, title="T", subtitle_lines=["n = 34"]) for c in (chart, chart.chart, arrow, plain)]
    for spec in specs:
        assert spec["width"] == WIDTH and spec["autosize"]["type"] == "fit-x"
        assert spec["config"]["locale"] == VEGA_LOCALE
        assert spec["config"]["font"].startswith(f"'{FONT_FAMILY}'")
        assert spec["title"]["text"] == ["T"] and spec["title"]["subtitle"] == ["n = 34"]
        assert spec["datasets"] == specs[-1]["datasets"]  # Arrow bytes decoded to the same JSON rows
    # The caller's specs (cached in the app) are untouched.
    assert all(isinstance(v, bytes) for v in arrow["datasets"].values())
    assert plain["width"] == "container"


# --- CSV ---------------------------------------------------------------------------------------------

def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "Kommune": ["Barleben", "Möckern", "Groß Börnecke"] + DANGEROUS,
        "Anteil": [0.5, 1234.25, -2.75, 0.1, 2.0, 3.0, 4.0, 5.0, 6.0],
        "Anzahl": [1, -2, 12345, 4, 5, 6, 7, 8, 9],
    })


def test_csv_follows_german_excel_conventions():
    raw = to_excel_csv(_frame())
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "").replace("\rx", "")
    lines = text.split("\r\n")
    assert lines[0] == "Kommune;Anteil;Anzahl"
    assert lines[1] == "Barleben;0,5;1"
    assert lines[2] == "Möckern;1234,25;-2"  # decimal comma, no thousands separator, negative number stays
    assert lines[3] == "Groß Börnecke;-2,75;12345"
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    assert list(back["Kommune"][:3]) == ["Barleben", "Möckern", "Groß Börnecke"]
    assert list(back["Anteil"][:3]) == [0.5, 1234.25, -2.75]
    assert list(back["Anzahl"][:3]) == [1, -2, 12345]


def test_csv_neutralises_formulas_but_not_numbers():
    raw = to_excel_csv(_frame())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [row[0] for row in rows[4:]] == ["'" + s for s in DANGEROUS]
    assert rows[2][2] == "-2" and rows[3][1] == "-2,75"
    assert neutralise("Barleben") == "Barleben" and neutralise(-2) == -2 and neutralise("") == ""
    assert neutralise("a=b") == "a=b"
    header = to_excel_csv(pd.DataFrame({"=HYPERLINK(1)": [1]})).decode("utf-8-sig").split("\r\n")[0]
    assert header == "'=HYPERLINK(1)"


def test_csv_dates_missing_values_and_named_index():
    frame = pd.DataFrame({"Datum": pd.to_datetime(["2023-04-27", None]), "Wert": [1.5, float("nan")]},
                         index=pd.Index(["a", "b"], name="Schlüssel"))
    lines = to_excel_csv(frame).decode("utf-8-sig").split("\r\n")
    assert lines[:3] == ["Schlüssel;Datum;Wert", "a;27.04.2023;1,5", "b;;"]


# --- xlsx --------------------------------------------------------------------------------------------

def test_xlsx_opens_with_header_source_and_neutralised_text():
    data = to_xlsx(_frame(), sheet_name="Antworten", title="Digitalstrategie – Übersicht",
                   source="Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Antworten"]
    assert ws["A1"].value == "Digitalstrategie – Übersicht"
    assert [c.value for c in ws[3]] == ["Kommune", "Anteil", "Anzahl"]
    assert all(c.font.b for c in ws[3])
    assert ws["A5"].value == "Möckern" and ws["B5"].value == 1234.25 and ws["C5"].value == -2
    assert ws["C5"].data_type == "n"
    for row, text in enumerate(DANGEROUS, start=7):
        cell = ws.cell(row=row, column=1)
        # The stdlib XML parser reads a bare carriage return as a line feed, lxml (when installed) keeps it;
        # the apostrophe in front is what matters.
        assert cell.value in ("'" + text, "'" + text.replace("\r", "\n"))
        assert cell.data_type == "s"
    assert ws.column_dimensions["A"].width > 12
    last = 3 + len(_frame())
    assert ws.cell(row=last + 2, column=1).value == "Quelle: Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023"


def test_xlsx_without_title_starts_with_the_header():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(pd.DataFrame({"Antwort": ["=1+1"], "Anzahl": [3]}))))
    ws = wb["Daten"]
    assert [c.value for c in ws[1]] == ["Antwort", "Anzahl"]
    assert ws["A2"].value == "'=1+1" and ws["A2"].data_type == "s"
    assert ws.max_row == 2


# --- PDF report --------------------------------------------------------------------------------------

def _report(survey, rendered, sample: bool) -> tuple[list[str], pypdf.PdfReader]:
    png = rendered[1]
    sections = []
    for i, (q, r, _chart, _subtitle) in enumerate(survey):
        sections.append(ReportSection(heading=q["text"], summary=summary_sentence(r, q["type"]),
                                      chart_png=png if i else None, table=result_table(r)))
    sections.append(ReportSection(heading="Nur eine Tabelle: Größenklassen",
                                  table=pd.DataFrame({"Größenklasse": ["Kleinstadt"], "Anzahl": [1234]})))
    pdf = build_report(title="Kurzbefragung 2023 – Ergebnisse",
                       filters_text="Landkreis: Börde · Größe: Kleinstadt", sections=sections,
                       data_state="Datenstand: 31.12.2023", source=FOOTER, sample_data=sample,
                       created=CREATED)
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages], reader


@pytest.mark.parametrize("sample", [True, False])
def test_report_pdf_holds_filters_sections_and_sample_mark(survey, rendered, sample):
    pages, reader = _report(survey, rendered, sample)
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert reader.metadata.title == "Kurzbefragung 2023 – Ergebnisse"
    assert "Landkreis: Börde · Größe: Kleinstadt" in flat
    for q, r, _chart, _subtitle in survey:
        assert " ".join(q["text"].split()) in flat
        assert " ".join(summary_sentence(r, q["type"]).split()) in flat
    assert "Nur eine Tabelle: Größenklassen" in flat and "1.234" in flat
    assert "Datenstand: 31.12.2023" in flat and "26. November 2026" in flat
    if sample:
        assert len(pages) >= 2  # the check below means something only with more than one page
        assert all("BEISPIELDATEN" in page for page in pages)
    else:
        assert not any("BEISPIELDATEN" in page for page in pages)
    # The chart image is embedded.
    assert any(page.images for page in reader.pages)


# --- numbers as numbers, header block ------------------------------------------------------------------

def _shown() -> pd.DataFrame:
    """A table as the pages show it: German number text."""
    return pd.DataFrame({
        "Antwort": ["Nein", "Ja ◀ eigene", "Teilweise"],
        "Kleinstädte (n\u00a0=\u00a018)": ["44\u202f% (8)", "56\u202f% (10)", "0\u202f% (0)"],
        "Kreis Börde (n\u00a0=\u00a02)": ["–", "–", "–"],
        "Anteil": ["32\u202f%", "12,5\u202f%", "–"],
        "Einwohner": ["9.238", "126", "242.172"],
        "AGS": ["15083040", "150835001", "15002000"],
        "Entfernung": ["17 km", "0 km", "1.234 km"],
    })


def test_numeric_frame_turns_german_text_into_numbers_and_keeps_text_and_keys():
    from exports.tables import PERCENT_COLUMNS, numeric_frame

    n = numeric_frame(_shown())
    assert list(n["Kleinstädte (n\u00a0=\u00a018) – Anteil"]) == [0.44, 0.56, 0.0]
    assert list(n["Kleinstädte (n\u00a0=\u00a018) – Anzahl"]) == [8, 10, 0]
    assert list(n["Anteil"][:2]) == [0.32, 0.125] and pd.isna(n["Anteil"][2])
    assert list(n["Einwohner"]) == [9238, 126, 242172]
    assert list(n["AGS"]) == ["15083040", "150835001", "15002000"]  # keys stay text
    assert list(n["Entfernung (km)"]) == [17.0, 0.0, 1234.0]
    assert list(n["Antwort"]) == ["Nein", "Ja ◀ eigene", "Teilweise"]
    assert list(n["Kreis Börde (n\u00a0=\u00a02)"]) == ["–", "–", "–"]  # a withheld group stays marked
    assert set(n.attrs[PERCENT_COLUMNS]) == {"Kleinstädte (n\u00a0=\u00a018) – Anteil", "Anteil"}
    mixed = numeric_frame(pd.DataFrame({"x": ["1", "ja"]}))
    assert list(mixed["x"]) == ["1", "ja"]  # a column is converted only when every value is a number


def test_every_percent_becomes_its_shortest_decimal():
    """35 % is 0,35 in a CSV – never 0,35000000000000003 (35 × 0,01 in binary floating point)."""
    from exports.tables import csv_cell, numeric_frame

    n = numeric_frame(pd.DataFrame({"Anteil": [f"{p}\u202f%" for p in range(101)] + ["12,5\u202f%"]}))
    texts = [csv_cell(v) for v in n["Anteil"]]
    assert texts[:101] == ["0,0"] + [str(p / 100).replace(".", ",") for p in range(1, 100)] + ["1,0"]
    assert all(len(t) <= 4 for t in texts[:100]) and texts[101] == "0,125"


def test_the_n_line_says_n_once():
    assert dict(_info_with_n("n = 34 antwortende Kommunen").rows())["n"] == "34 antwortende Kommunen"
    assert dict(_info_with_n("Kleinstädte: 19 · Kreis Börde: 4").rows())["n"] == "Kleinstädte: 19 · Kreis Börde: 4"


def _info_with_n(n: str):
    from exports.tables import TableInfo

    return TableInfo(title="T", n=n)


def _info(sample: bool = True):
    from exports.tables import TableInfo

    return TableInfo(title="Hat Ihre Kommune bereits eine Digitalstrategie?", filters="Kommune: Barleben",
                     n="34 antwortende Kommunen", source="Quelle: Kurzbefragung 2023 (Beispieldaten)",
                     created=CREATED, sample_data=sample,
                     data_state="Gemeindedaten: Stand 31.12.2023 · Umfragedaten: Version 1 vom 26.11.2026, 14:05")


def test_csv_with_header_block_and_numbers_for_german_excel():
    text = to_excel_csv(_shown(), _info()).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[:7] == [
        "Tabelle;Hat Ihre Kommune bereits eine Digitalstrategie?", "Filter;Kommune: Barleben",
        "n;34 antwortende Kommunen", "Quelle;Kurzbefragung 2023 (Beispieldaten)",
        "Datenstand;Gemeindedaten: Stand 31.12.2023 · Umfragedaten: Version 1 vom 26.11.2026, 14:05",
        "Erstellt am;26.11.2026", "Hinweis;Beispieldaten – erzeugte Antworten, keine echten Angaben der Kommunen"]
    assert lines[7] == ""
    header = lines[8].split(";")
    assert header[:3] == ["Antwort", "Kleinstädte (n\u00a0=\u00a018) – Anteil", "Kleinstädte (n\u00a0=\u00a018) – Anzahl"]
    assert lines[9].split(";")[:3] == ["Nein", "0,44", "8"]
    assert "Quelle: Quelle" not in text and "Quelle;Quelle" not in text
    assert "Hinweis" not in to_excel_csv(_shown(), _info(sample=False)).decode("utf-8-sig")


def test_xlsx_with_header_block_shares_as_percent_counts_as_integers_keys_as_text():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(_shown(), info=_info())))
    ws = wb.active
    assert [ws.cell(row=r, column=1).value for r in range(1, 8)] == [
        "Tabelle", "Filter", "n", "Quelle", "Datenstand", "Erstellt am", "Hinweis"]
    assert ws["B1"].value == "Hat Ihre Kommune bereits eine Digitalstrategie?" and ws["B1"].font.b
    header_row = 9
    header = [c.value for c in ws[header_row]]
    share = ws.cell(row=header_row + 1, column=header.index("Kleinstädte (n\u00a0=\u00a018) – Anteil") + 1)
    count = ws.cell(row=header_row + 1, column=header.index("Kleinstädte (n\u00a0=\u00a018) – Anzahl") + 1)
    assert share.value == 0.44 and share.data_type == "n" and share.number_format == "0%"
    fine = ws.cell(row=header_row + 2, column=header.index("Anteil") + 1)
    assert fine.value == 0.125 and fine.number_format == "0.0%"
    assert count.value == 8 and count.data_type == "n"
    people = ws.cell(row=header_row + 3, column=header.index("Einwohner") + 1)
    assert people.value == 242172 and people.number_format == "#,##0"
    key = ws.cell(row=header_row + 1, column=header.index("AGS") + 1)
    assert key.value == "15083040" and key.data_type == "s"
    assert ws.freeze_panes == f"A{header_row + 1}"


def test_report_footer_fits_names_the_source_once_and_keeps_tables_together(rendered):
    from exports.pdfstyle import FOOTER_SIZE, fonts, wrap_text

    long_source = ("Kurzbefragung 2023 (Beispieldaten), Umfragedaten Version 12 vom 26.11.2026, 14:05 · Statistisches "
                   "Landesamt Sachsen-Anhalt, Stand 31.12.2023 · Gemeindeverzeichnis GV-ISys des Statistischen "
                   "Bundesamtes · Koordinaten: GeoNames, CC BY 4.0 · Schlusswort")
    filler = [ReportSection(heading=f"Frage {i}", chart_png=rendered[1]) for i in range(2)]
    three = pd.DataFrame({"Antwort": ["Nein", "Teilweise", "Ja"], "Anzahl": [1, 2, 3], "Anteil": [0.1, 0.2, 0.7]})
    three.attrs["percent_columns"] = ("Anteil",)
    sections = filler + [ReportSection(heading="Dreizeilige Tabelle", summary="Eine Zeile Text.", table=three)]
    pdf = build_report(title="Bericht", filters_text="", sections=sections,
                       data_state="Gemeindedaten: Stand 31.12.2023 · Umfragedaten: Version 12 vom 26.11.2026, 14:05",
                       source="Quelle: " + long_source, sample_data=True, created=CREATED)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(pages) >= 2
    for page in pages:
        assert "Schlusswort" in page  # the whole source on every page, never cut at the edge
        assert "Quellen: Quelle" not in page and "Quelle: Quelle" not in page
    regular, _ = fonts()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    for line in wrap_text("Quelle: " + long_source, regular, FOOTER_SIZE, A4[0] - 30 * mm):
        assert pdfmetrics.stringWidth(line, regular, FOOTER_SIZE) <= A4[0] - 30 * mm
    # Heading and all three rows of the table on one page; shares printed as percent.
    page = next(p for p in pages if "Dreizeilige Tabelle" in p)
    assert "Nein" in page and "Teilweise" in page and "70\u00a0%" in page.replace(" %", "\u00a0%")
    assert "Datenstand" in " ".join(pages) and "-s1" not in " ".join(pages)


def test_report_chart_carries_no_second_title(survey):
    q, r, chart, _ = survey[0]
    spec = export_spec(to_spec(chart).spec, title="", subtitle_lines=["n = 34 antwortende Kommunen"])
    assert spec["title"]["text"] == [""] and spec["title"]["subtitle"] == ["n = 34 antwortende Kommunen"]
    assert q["text"] not in str(spec["title"])


def test_data_state_is_dates_and_version_never_a_hash():
    import dataclasses

    from views.sources import Source

    ds = load_dataset(REPO / "data")
    source = Source.of(ds)
    assert ds.version and ds.version not in source.data_state
    assert source.data_state == ("Gemeindedaten: Stand 31.12.2023 · Umfragedaten: Kurzbefragung der Kommunen 2023 "
                                 "(Beispieldaten)")
    stored = Source.of(ds, dataclasses.replace(ds.survey, store_version="Version 2 vom 27.11.2026, 14:05"))
    assert "Umfragedaten: Kurzbefragung der Kommunen 2023, Version 2 vom 27.11.2026, 14:05" in stored.data_state
    assert source.line(CREATED).count("Quelle") == 1 and "Quelle" not in source.text
    assert source.line(CREATED) == f"Quelle: {source.text} · erstellt am 26.11.2026"
    from views.overview import FACTS_SOURCE

    facts = Source.of_facts(ds, FACTS_SOURCE)  # the overview's pictures: a date, and a source, not a file
    assert facts.line(CREATED) == ("Quelle: Workshopreihe 2023 des Kompetenzzentrums Stadtumbau und Smart Cities"
                                   " · erstellt am 26.11.2026")


def test_pdf_columns_never_split_a_word_and_fit_the_page():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from exports.pdfstyle import styles as pdf_styles
    from exports.report import CELL_PADDING, FRAME_WIDTH, column_widths

    styles = pdf_styles()
    headers = ["AGS", "Kommune", "Landkreis", "Einwohner", "Größenklasse", "Angemeldet", "Verbandsgemeinde"]
    rows = [["15002000", "Halle (Saale)", "kreisfreie Stadt", "242.172", "Großstadt", "ja", "–"],
            ["15083040", "Barleben", "Landkreis Börde", "9.238", "Kleinstadt", "nein",
             "Verbandsgemeinde Elbe-Heide mit einem sehr langen Namen, der umbrechen muss"]]
    widths = column_widths(headers, rows, styles["cellb"], styles["cell"])
    assert sum(widths) <= FRAME_WIDTH + 1e-6
    for j, h in enumerate(headers):
        longest_word = max([stringWidth(h, styles["cellb"].fontName, styles["cellb"].fontSize)]
                           + [stringWidth(w, styles["cell"].fontName, styles["cell"].fontSize)
                              for r in rows for w in r[j].split()])
        assert widths[j] >= longest_word + CELL_PADDING - 1e-6, (h, widths[j], longest_word)
    assert widths[-1] == max(widths)  # the long name takes the room that is left


def test_a_wide_long_table_is_set_smaller_and_starts_under_its_heading():
    import pypdf
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from exports.pdfstyle import styles as pdf_styles
    from exports.report import CELL_PADDING, FRAME_WIDTH, ReportSection, build_report, column_widths, table_styles

    row = ["150835001", "Sandersdorf-Brehna", "Verbandsgemeinde", "Anhalt-Bitterfeld", "242.172", "Größenklasse",
           "Angemeldet", "ja (Beispieldaten)"]
    headers = ["AGS / VG-Schlüssel", "Kommune", "Art", "Landkreis", "Einwohner", "Größenklasse", "Angemeldet",
               "Fragebogen"]
    sized = table_styles(headers, [row], pdf_styles())
    assert sized["cell"].fontSize < 8  # at 8 pt these words do not fit side by side
    widths = column_widths(headers, [row], sized["cellb"], sized["cell"])
    for j, word in enumerate(max((*h.split(), *row[j].split()), key=lambda w: stringWidth(w, "SCA-Bold", 8))
                             for j, h in enumerate(headers)):
        assert widths[j] >= stringWidth(word, sized["cell"].fontName, sized["cell"].fontSize) + CELL_PADDING - 1e-6
    assert sum(widths) <= FRAME_WIDTH + 1e-6
    frame = pd.DataFrame([row] * 36, columns=headers)
    pdf = build_report(title="Karte der Beteiligung", filters_text="", sections=[
        ReportSection("Beteiligte Kommunen", table=frame)], data_state="Stand", source="Quelle: x",
        sample_data=False, created=CREATED)
    first = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Beteiligte Kommunen" in first and "Sandersdorf-Brehna" in first  # no empty first page
