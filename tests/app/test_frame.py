"""The frame (app.py) keeps every page up: an overlong link gives a QR code without filters (segno cannot
encode it), and any part of the frame that fails – filters, QR code, notices, footer – is one German sentence
while the page goes on."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
import segno
from streamlit.testing.v1 import AppTest

from components import presentation
from data.filters import Choices
from data.loading import load_dataset

REPO = Path(__file__).resolve().parents[2]
BASE = "https://dashboard.example.de/uebersicht"


@pytest.fixture
def public_link(monkeypatch):
    """A page address as a browser would report it (AppTest has none)."""
    def share_url(query):
        query = {k: v for k, v in query.items() if k != presentation.MODE_PARAM}
        return BASE + ("?" + urlencode(query, doseq=True) if query else "")

    monkeypatch.setattr(presentation, "share_url", share_url)


def every_unit() -> list[str]:
    return sorted(load_dataset(REPO / "data").units["unit_key"])


def everything() -> dict[str, list[str]]:
    """Every theme, size class, district and municipality selected: the longest link the filters make."""
    ds = load_dataset(REPO / "data")
    choices = Choices.from_data(ds.units, ds.municipalities, ds.districts)
    return {"thema": list(choices.themes), "groesse": list(choices.sizes), "kreis": sorted(choices.districts),
            "kommune": sorted(choices.units)}


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_presentation_with_every_municipality_selected_keeps_its_qr_code(public_link):
    query = everything()
    with pytest.raises(segno.DataOverflowError):  # what crashed every page before
        segno.make(BASE + "?" + urlencode(query, doseq=True), error="m")
    at = run({"modus": "praesentation", **query})
    assert len(at.session_state["f_kommune"]) == len(query["kommune"]) > 100
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("image")) == 1  # the code, for the page without filters
    assert any("ohne Filter: der Link mit allen Filtern ist zu lang" in m.value for m in at.markdown)


def test_qr_target_this_view_or_the_page_or_a_notice(public_link, monkeypatch):
    assert presentation.qr_target({"groesse": ["Kleinstadt"]}) == (BASE + "?groesse=Kleinstadt",
                                                                    "Diese Ansicht auf dem Handy")
    url, caption = presentation.qr_target({"kommune": every_unit()})
    assert url == BASE and "ohne Filter" in caption
    monkeypatch.setattr(presentation, "share_url", lambda query: "https://x.example/" + "a" * 400)
    assert presentation.qr_target({}) == (None, "Kein QR-Code: die Adresse dieser Seite ist zu lang.")


@pytest.mark.parametrize("part, target, message", [
    ("footer", "components.footer.footer", "Die Quellenangaben konnten nicht angezeigt werden."),
    ("filters", "components.filters.sidebar_filters", "Die Filter konnten nicht angezeigt werden."),
    ("notices", "components.dataset.show_problems", "Die Hinweise zu den Daten konnten nicht angezeigt werden."),
    ("qr", "components.presentation.qr_code", "Der QR-Code zu dieser Ansicht konnte nicht erzeugt werden."),
])
def test_a_failing_part_of_the_frame_is_one_german_sentence(monkeypatch, part, target, message):
    def broken(*args, **kwargs):
        raise segno.DataOverflowError("Data too large. No version found to accommodate the data.")

    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(__import__(module, fromlist=[name]), name, broken)
    at = run({"modus": "praesentation"} if part == "qr" else None)
    errors = [e.value for e in at.error]
    assert errors == [message]
    assert at.title and at.title[0].value  # the page itself is there
    shown = " ".join(m.value for m in at.markdown) + " ".join(errors)
    assert "Data too large" not in shown and "Traceback" not in shown
