"""Survey exports written the way each tool writes them, built from the tools' documented formats – for the
importer's unit tests, the /daten page tests and bench/import_limits.py. Nothing here is read from outside
the repository.

- LimeSurvey (application/helpers/admin/export: Writer.php, CsvWriter.php, SurveyObj.php): CSV in UTF-8 with
  BOM, every field in double quotes, CRLF, a blank line at the end; heading styles "code"
  (`G01Q06[SQ001]`), "full" (`Text [Option]`) and "codetext" (code, separator ". ", full text); answers as
  codes (`AO01`, `Y`/``) or full answers (`Ja`/`Nein`, `N/A` for multiple-choice cells never shown);
  metadata columns id, submitdate, lastpage, startlanguage, seed, token with their German or English labels;
  an empty submitdate for an incomplete response; `[other]` columns. The survey structure (.lss) in the
  LimeSurvey 4+ layout (question_l10ns, answer_l10ns).
- Microsoft Forms (.xlsx from "Open in Excel"): ID, Startzeit, Fertigstellungszeit, E-Mail, Name, then one
  column per question; times as date cells; several choices in one cell as "A;B;"; an "Other" text as one
  more item in that cell.
- Excel by hand: a cover sheet, a title row and a group-label row above the headings, blank rows, a totals
  row with formulas (openpyxl stores no cached value, as a program that never calculated), keys typed as
  text "15083040.0".
- Excel "Unicode-Text": UTF-16 LE with BOM, tab-separated, CRLF.
- Hostile workbooks written member by member (zipfile), for the limits.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from xml.sax.saxutils import escape

from openpyxl import Workbook

STRATEGIE = "Hat Ihre Kommune bereits eine Digitalstrategie?"
ZENTRUM = ("Arbeitet Ihre Stadt mit einem Digitalisierungszentrum zusammen bzw. bestehen erste Kontakte zu "
           "einem solchen?")
PRIORITAETEN = "Welche Themenfelder haben für Ihre Kommune Priorität?"
OPTIONS_PRIO = ["Wirtschaft, Tourismus und Einzelhandel", "Energie und Klima", "Verkehr und Mobilität",
                "Stadtentwicklung und Partizipation"]


# --- LimeSurvey --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LsQuestion:
    code: str
    type: str  # S short text, L list (radio), M multiple choice
    text: str
    answers: tuple[tuple[str, str], ...] = ()  # L: (code, text)
    subquestions: tuple[tuple[str, str], ...] = ()  # M: (code, text)
    other: bool = False


LS_SURVEY = (
    LsQuestion("G01Q01", "S", "Name Ihrer Kommune"),
    LsQuestion("G01Q02", "L", STRATEGIE, answers=(("AO01", "Nein"), ("AO02", "Ja, in Erarbeitung"), ("AO03", "Ja"))),
    LsQuestion("G01Q03", "L", ZENTRUM, answers=(("AO01", "Nein"), ("AO02", "Ja, erste Kontakte"),
                                                ("AO03", "Ja, enge Zusammenarbeit"))),
    LsQuestion("G01Q06", "M", PRIORITAETEN, subquestions=tuple((f"SQ00{i}", o) for i, o in enumerate(OPTIONS_PRIO, 1)),
               other=True),
)
LS_META = (  # code, German label, English label
    ("id", "Antwort ID", "Response ID"),
    ("token", "Zugangsschlüssel", "Token"),
    ("submitdate", "Datum Abgeschickt", "Date submitted"),
    ("lastpage", "Letzte Seite", "Last page"),
    ("startlanguage", "Start-Sprache", "Start language"),
    ("seed", "Zufallsstartwert", "Seed"),
)


@dataclass
class LsResponse:
    """One response: answer texts by question code (M: list of chosen option texts, None = never shown)."""

    id: int
    submitted: str  # "" = incomplete
    answers: dict[str, object] = field(default_factory=dict)
    other: dict[str, str] = field(default_factory=dict)  # question code -> other text


def _ls_fields(survey=LS_SURVEY):
    """(field, question, sub) in export order: metadata first, then per question its columns."""
    out = [(code, None, None) for code, _de, _en in LS_META]
    for q in survey:
        if q.type == "M":
            out += [(f"{q.code}[{sq}]", q, (sq, text)) for sq, text in q.subquestions]
            if q.other:
                out.append((f"{q.code}[other]", q, ("other", None)))
        else:
            out.append((q.code, q, None))
    return out


def ls_headings(style: str, language: str = "de", survey=LS_SURVEY) -> list[str]:
    other_label = {"de": "Sonstiges", "en": "Other"}[language]
    heads = []
    for name, q, sub in _ls_fields(survey):
        if q is None:
            de, en = next((d, e) for c, d, e in LS_META if c == name)
            full = de if language == "de" else en
        elif sub is None:
            full = q.text
        elif sub[0] == "other":
            full = f"{q.text} [{other_label}]"
        else:
            full = f"{q.text} [{sub[1]}]"
        heads.append({"code": name, "full": full, "codetext": f"{name}. {full}"}[style])
    return heads


def ls_values(response: LsResponse, answers: str = "long", language: str = "de", survey=LS_SURVEY) -> list[str]:
    yes, no = {"de": ("Ja", "Nein"), "en": ("Yes", "No")}[language]
    row = []
    for name, q, sub in _ls_fields(survey):
        if q is None:
            row.append({"id": str(response.id), "token": "", "submitdate": response.submitted,
                        "lastpage": "3" if response.submitted else "1", "startlanguage": language,
                        "seed": str(1_000_000 + response.id * 7919)}[name])
            continue
        given = response.answers.get(q.code)
        if q.type == "M":
            if sub[0] == "other":
                row.append(response.other.get(q.code, ""))
            elif given is None:
                row.append("N/A" if answers == "long" else "")
            else:
                chosen = sub[1] in given
                row.append((yes if chosen else no) if answers == "long" else ("Y" if chosen else ""))
        elif q.type == "L":
            if given is None:
                row.append("")
            else:
                code = next(c for c, t in q.answers if t == given)
                row.append(str(given) if answers == "long" else code)
        else:
            row.append("" if given is None else str(given))
    return row


def limesurvey_csv(responses: list[LsResponse], style: str = "codetext", answers: str = "long",
                   language: str = "de", separator: str = ",", survey=LS_SURVEY) -> bytes:
    def line(cells):
        return separator.join('"' + c.replace('"', '""') + '"' for c in cells) + "\r\n"

    text = line(ls_headings(style, language, survey))
    text += "".join(line(ls_values(r, answers, language, survey)) for r in responses)
    return b"\xef\xbb\xbf" + (text + "\r\n").encode("utf-8")


def limesurvey_lss(survey=LS_SURVEY, language: str = "de") -> bytes:
    """The survey structure as LimeSurvey 4 and later export it (texts in *_l10ns)."""
    def rows(name: str, records: list[dict]) -> str:
        if not records:
            return f"<{name}/>"
        fields = "".join(f"<fieldname>{k}</fieldname>" for k in records[0])
        body = "".join("<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in r.items()) + "</row>"
                       for r in records)
        return f"<{name}><fields>{fields}</fields><rows>{body}</rows></{name}>"

    questions, subquestions, q10n, answers, a10n = [], [], [], [], []
    qid = aid = 100
    for gi, q in enumerate(survey):
        qid += 1
        parent = qid
        questions.append({"qid": parent, "parent_qid": 0, "sid": 4711, "gid": 1, "type": q.type, "title": q.code,
                          "other": "Y" if q.other else "N", "question_order": gi})
        q10n.append({"id": parent, "qid": parent, "question": f"<p>{escape(q.text)}</p>", "help": "",
                     "language": language})
        for order, (sq, text) in enumerate(q.subquestions):
            qid += 1
            subquestions.append({"qid": qid, "parent_qid": parent, "sid": 4711, "gid": 1, "type": "T", "title": sq,
                                 "question_order": order})
            q10n.append({"id": qid, "qid": qid, "question": escape(text), "help": "", "language": language})
        for order, (code, text) in enumerate(q.answers):
            aid += 1
            answers.append({"aid": aid, "qid": parent, "code": code, "sortorder": order, "assessment_value": 0,
                            "scale_id": 0})
            a10n.append({"id": aid, "aid": aid, "answer": escape(text), "language": language})
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<document><LimeSurveyDocType>Survey</LimeSurveyDocType>'
           f"<DBVersion>624</DBVersion><languages><language>{language}</language></languages>"
           + rows("answers", answers) + rows("answer_l10ns", a10n) + rows("questions", questions)
           + rows("subquestions", subquestions) + rows("question_l10ns", q10n) + "</document>")
    return doc.encode("utf-8")


# --- Microsoft Forms ---------------------------------------------------------------------------------

def forms_xlsx(questions: list[str], responses: list[list[object]], start: datetime = datetime(2025, 3, 3, 9, 0)) \
        -> bytes:
    """Forms' Excel download: one row per response; `responses` hold the answers to `questions` (a list for a
    multiple choice becomes "A;B;")."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name"] + questions)
    for i, answers in enumerate(responses, 1):
        begun = start.replace(minute=i % 60)
        done = begun.replace(second=30 + i % 29)
        cells = [i, begun, done, "anonymous", ""]
        for a in answers:
            cells.append("".join(f"{x};" for x in a) if isinstance(a, list) else a)
        ws.append(cells)
        for col in (2, 3):
            ws.cell(row=i + 1, column=col).number_format = "m/d/yy h:mm:ss"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- Excel by hand -------------------------------------------------------------------------------------

def handmade_xlsx(header: list[str], rows: list[list[object]], *, title: str = "Kurzbefragung 2023 – Rücklauf",
                  groups: list[str] | None = None, cover: bool = True, blank_after: int | None = None,
                  totals: bool = True) -> bytes:
    """A workbook as the centre keeps it: cover sheet, then "Rücklauf" with a title row (row 1), an empty row,
    an optional group-label row, the headings, the rows (an empty row after row `blank_after`), a totals
    row counting with formulas."""
    wb = Workbook()
    if cover:
        ws0 = wb.active
        ws0.title = "Deckblatt"
        ws0.append(["Kompetenzzentrum Stadtumbau und Smart Cities"])
        ws0.append(["Auswertung der Kurzbefragung"])
        ws0.append(["Stand:", "27.04.2023"])
        ws = wb.create_sheet("Rücklauf")
    else:
        ws = wb.active
        ws.title = "Rücklauf"
    ws.append([title])
    ws.append([])
    if groups:
        ws.append(groups)
    ws.append(header)
    first = ws.max_row + 1
    for i, r in enumerate(rows):
        ws.append(r)
        if blank_after is not None and i + 1 == blank_after:
            ws.append([])
    if totals:
        last = ws.max_row
        ws.append(["Summe"] + [f"=COUNTA({chr(66 + i)}{first}:{chr(66 + i)}{last})" for i in range(len(header) - 1)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def unicode_text(rows: list[list[str]]) -> bytes:
    """Excel "Speichern unter → Unicode-Text (*.txt)": UTF-16 LE with BOM, tabs, CRLF."""
    text = "".join("\t".join(r) + "\r\n" for r in rows)
    return b"\xff\xfe" + text.encode("utf-16-le")


def csv_bytes(rows, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


# --- raw workbooks (hostile files) -------------------------------------------------------------------

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/></Types>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def raw_xlsx(sheet_chunks, *, shared_chunks=None, dimension: str | None = None, doctype: str = "",
             level: int = 9, zip64: bool = True) -> bytes:
    """A minimal workbook whose sheet XML (and shared strings) come from iterables of str chunks, written
    member by member so that even a huge unpacked size never sits in memory here."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {NS} {RNS}><sheets><sheet name="Daten" '
                    'sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'worksheet" Target="worksheets/sheet1.xml"/>')
        if shared_chunks is not None:
            rels += ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/sharedStrings" Target="sharedStrings.xml"/>')
        zf.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                    f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as fh:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            fh.write(f'<?xml version="1.0"?>{doctype}<worksheet {NS}>{dim}<sheetData>'.encode())
            for chunk in sheet_chunks:
                fh.write(chunk.encode())
            fh.write(b"</sheetData></worksheet>")
        if shared_chunks is not None:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(f'<?xml version="1.0"?><sst {NS}>'.encode())
                for chunk in shared_chunks:
                    fh.write(chunk.encode())
                fh.write(b"</sst>")
    return buf.getvalue()


def inline_row(number: int, cells: dict[str, str]) -> str:
    return f'<row r="{number}">' + "".join(
        f'<c r="{ref}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>' for ref, v in cells.items()) + "</row>"


def hostile_shared_string(megabytes: int) -> bytes:
    """One shared string of `megabytes` MB, referenced by one cell (the 820 KB file that held 800 MB)."""
    def shared():
        yield "<si><t>"
        block = "A" * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield "</t></si>"
    return raw_xlsx([inline_row(1, {"A": "AGS", "B": "digitalstrategie"}),
                     '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'], shared_chunks=shared(), level=9)


def hostile_wide_rows(rows: int, dimension: bool = True) -> bytes:
    """`rows` rows each reaching column XFD (the 0.5 MB file that took 13 GB)."""
    def chunks():
        yield inline_row(1, {"A": "AGS", "B": "digitalstrategie"})
        for r in range(2, rows + 1):
            yield f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
    return raw_xlsx(chunks(), dimension=f"A1:XFD{rows}" if dimension else None)


def hostile_many_strings(count: int) -> bytes:
    def shared():
        for i in range(count):
            yield f"<si><t>{i}</t></si>"
    return raw_xlsx([inline_row(1, {"A": "AGS"})], shared_chunks=shared())


def hostile_zip_bomb(megabytes: int, declared: int | None = None) -> bytes:
    """A sheet that unpacks to `megabytes` MB of blank rows (packed about 1:1000). With `declared`, the zip
    directory claims that many bytes instead (a forged size)."""
    def chunks():
        block = "<row/>" * (1024 * 1024 // 6)
        for _ in range(megabytes):
            yield block
    data = raw_xlsx(chunks(), zip64=declared is None)
    if declared is None:
        return data
    out = bytearray(data)
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        name_at = 46 if signature == b"PK\x01\x02" else 30
        pos = out.find(signature)
        while pos >= 0:
            length = int.from_bytes(out[pos + name_at - 18:pos + name_at - 16], "little")
            if out[pos + name_at:pos + name_at + length] == name:
                out[pos + size_at:pos + size_at + 4] = declared.to_bytes(4, "little")
            pos = out.find(signature, pos + 4)
    return bytes(out)


def hostile_entities() -> bytes:
    """"Billion laughs": nested entities in a DOCTYPE."""
    doctype = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    return raw_xlsx(['<row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row>'], doctype=doctype)


def hostile_wide_csv(columns: int) -> bytes:
    return (",".join(f"S{i}" for i in range(columns)) + "\r\n" + "," * (columns - 1) + "\r\n").encode()


def hostile_long_csv(rows: int) -> bytes:
    return ("AGS;digitalstrategie\r\n" + "15083040;Ja\r\n" * rows).encode()


def hostile_long_cell(chars: int) -> bytes:
    return ("AGS;digitalstrategie\r\n15083040;" + "x" * chars + "\r\n").encode()
