"""The Steckbrief PDF: valid, with the municipality's name, its answers, recommendations and sources."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf

from data.loading import load_dataset
from data.profile import answers_of, facts, peer_groups, recommendations
from exports.steckbrief import QuestionComparison, SteckbriefInput, build_pdf

REPO = Path(__file__).resolve().parents[3]


def make(unit_key: str, sample: bool = True, own_visible: bool = True) -> str:
    from data.disclosure import disclosure_of

    ds = load_dataset(REPO / "data")
    wd = disclosure_of(ds)
    f = facts(unit_key, ds.units, ds.municipalities)
    answers = answers_of(unit_key, ds.responses) if own_visible else {}
    comparisons = []
    for q in ds.questions.head(3).itertuples(index=False):
        q = q._asdict()
        comparisons.append(QuestionComparison(q["text"], answers.get(q["id"], ()), tuple(q["options"]),
                                              tuple(peer_groups(wd, unit_key, q["id"], ds.units))))
    recs = recommendations(unit_key, f.size_class, answers if own_visible else None, ds.questions, ds.catalogue)
    pdf = build_pdf(SteckbriefInput(f, tuple(comparisons), tuple(recs), (("Auftaktveranstaltung", "27. Apr. 2023", 12.0),),
                                    sample, "Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023", True,
                                    dt.date(2026, 11, 26), own_visible=own_visible,
                                    own_note="Die Antworten einzelner Kommunen werden nicht namentlich gezeigt."))
    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_pdf_holds_name_facts_answers_and_sources():
    text, reader = make("15083040")
    assert reader.metadata.title == "Steckbrief Barleben"
    for fragment in ["Steckbrief: Barleben", "Börde", "9.238", "Hat Ihre Kommune bereits eine Digitalstrategie?",
                     "Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023", "26.11.2026"]:
        assert fragment in text, fragment


def test_every_page_says_beispieldaten_while_sample_data_is_loaded():
    text, reader = make("150845051")
    assert "Verbandsgemeinde An der Finne" in text
    for page in reader.pages:
        assert "BEISPIELDATEN" in page.extract_text()
    text, reader = make("150845051", sample=False)
    assert "BEISPIELDATEN" not in text and "Beispieldaten:" not in text


def test_without_access_the_pdf_holds_no_own_answer_and_says_why():
    text, _ = make("15002000", own_visible=False)  # Halle
    assert "Eigene" not in text and "Fragebogen beantwortet" not in text
    assert "nicht namentlich gezeigt" in text
    assert "Mittel- und Großstädte" in text  # the larger group shown for Halle's district
    text, _ = make("15002000", own_visible=True)
    assert "Eigene" in text and "Fragebogen beantwortet" in text
