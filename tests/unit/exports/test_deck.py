"""Deck exports: PDF (16:9, one page per slide, vector charts, source and Beispieldaten on every page) and
PowerPoint (16:9, editable title and takeaway, high-resolution chart pictures, speaker notes with n and source)."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from data.filters import Choices, Filters
from data.loading import load_dataset
from exports.deck_pdf import build_deck_pdf
from exports.deck_pptx import build_deck_pptx
from exports.images import png_size
from views.deck import DeckInput, build_deck

REPO = Path(__file__).resolve().parents[3]
THEME = "Energie und Klima"


@pytest.fixture(scope="module")
def deck():
    ds = load_dataset(REPO / "data")
    seq = {s.theme: s for s in ds.sequences}[THEME]
    return build_deck(ds, seq, Filters(), Choices.from_data(ds.units, ds.municipalities, ds.districts),
                      DeckInput(created=dt.date(2026, 11, 26)))


@pytest.fixture(scope="module")
def pdf(deck):
    return PdfReader(io.BytesIO(build_deck_pdf(deck)))


@pytest.fixture(scope="module")
def pptx(deck):
    return Presentation(io.BytesIO(build_deck_pptx(deck)))


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_pdf_has_one_16_9_page_per_slide(pdf, deck):
    assert len(pdf.pages) == deck.total == 5
    for page in pdf.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert w / h == pytest.approx(16 / 9, rel=1e-3)


def test_pdf_pages_carry_title_takeaway_source_and_sample_mark(pdf, deck):
    for page, slide in zip(pdf.pages, deck.slides, strict=False):
        text = _flat(page.extract_text())
        assert _flat(slide.title)[:40] in text
        if slide.takeaway:
            assert _flat(slide.takeaway)[:40] in text
        assert _flat(slide.source)[:40] in text
        assert "BEISPIELDATEN" in text
        assert f"Folie {deck.slides.index(slide) + 1} / 5" in text


def test_pdf_charts_are_vectors_with_text(pdf, deck):
    for page, slide in zip(pdf.pages, deck.slides, strict=False):
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        images = [k for k, v in xobjects.items() if v.get_object().get("/Subtype") == "/Image"]
        assert images == [], f"raster image on the page of {slide.title!r}"
    question = pdf.pages[3]  # energiemonitoring: answers and values are text in the PDF
    text = _flat(question.extract_text())
    assert "Ja, flächendeckend" in text and "Anteil der antwortenden Kommunen" in text and "%" in text


def test_pptx_is_16_9_with_one_slide_each(pptx, deck):
    assert pptx.slide_width / pptx.slide_height == pytest.approx(16 / 9, rel=1e-3)
    assert len(pptx.slides) == deck.total


def test_pptx_titles_and_takeaways_are_editable_text(pptx, deck):
    for s, view in zip(pptx.slides, deck.slides, strict=False):
        shapes = {sh.name: sh for sh in s.shapes}
        assert shapes["Titel"].has_text_frame
        assert shapes["Titel"].text_frame.text == view.title.replace("\u202f", "\u00a0")
        if view.takeaway and view.kind != "titel":
            assert shapes["Kernaussage"].text_frame.text == view.takeaway.replace("\u202f", "\u00a0")
        texts = " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
        assert "BEISPIELDATEN" in texts and _flat(view.source)[:30] in _flat(texts)


def test_pptx_charts_are_high_resolution_pictures_with_alt_text(pptx, deck):
    for s, view in zip(pptx.slides, deck.slides, strict=False):
        pictures = [sh for sh in s.shapes if sh.shape_type == 13]
        if view.chart is None:
            assert pictures == []
            continue
        assert len(pictures) == 1
        w, h = png_size(pictures[0].image.blob)
        assert w >= 3000, (w, h)
        assert pictures[0].left >= 0 and pictures[0].left + pictures[0].width <= pptx.slide_width
        assert pictures[0].top + pictures[0].height <= pptx.slide_height - Emu(40 * 12_700)
        assert pictures[0]._element.nvPicPr.cNvPr.get("descr")


def test_pptx_speaker_notes_name_n_and_source(pptx, deck):
    for s, view in zip(pptx.slides, deck.slides, strict=False):
        notes = s.notes_slide.notes_text_frame.text
        assert "Quelle" in notes
        assert "Beispieldaten" in notes
        if view.n is not None:
            assert f"n = {view.n}" in notes
