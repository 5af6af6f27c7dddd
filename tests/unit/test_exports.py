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

from views.charts import question_chart, to_spec
from views.questions import result_table, summary_sentence
from data.formatting import VEGA_LOCALE, number
from data.loading import load_dataset
from data.survey import question_result
from exports.images import FONT_FAMILY, WIDTH, chart_png, chart_svg, export_spec, png_size
from exports.report import ReportSection, build_report
from exports.tables import neutralise, to_excel_csv, to_xlsx

REPO = Path(__file__).resolve().parents[2]
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
