"""The slide in the address: parsed and clamped, steps, and what the QR code carries."""
from __future__ import annotations

import pytest

from data.slides import Sequence, Slide
from views import slide_nav
from views.slide_nav import BACK, FIRST, LAST, NEXT, Position, position, share_params, step

TOTALS = {"Energie und Klima": 5, "Verkehr und Mobilität": 4}


@pytest.mark.parametrize("params,expected", [
    ({}, Position("Energie und Klima", 1, 5)),
    ({"satz": "Verkehr und Mobilität", "folie": "3"}, Position("Verkehr und Mobilität", 3, 4)),
    ({"satz": ["Verkehr und Mobilität"], "folie": ["9"]}, Position("Verkehr und Mobilität", 4, 4)),
    ({"satz": "Unbekannt", "folie": "2"}, Position("Energie und Klima", 2, 5)),
    ({"folie": "0"}, Position("Energie und Klima", 1, 5)),
    ({"folie": "-3"}, Position("Energie und Klima", 1, 5)),
    ({"folie": "zwei"}, Position("Energie und Klima", 1, 5)),
    ({"folie": "9" * 5000}, Position("Energie und Klima", 1, 5)),
])
def test_position_from_the_address(params, expected):
    assert position(params, TOTALS) == expected


def test_steps_stay_within_the_deck():
    middle = Position("Energie und Klima", 3, 5)
    assert [step(middle, a) for a in (NEXT, BACK, FIRST, LAST)] == [4, 2, 1, 5]
    assert step(Position("Energie und Klima", 5, 5), NEXT) == 5
    assert step(Position("Energie und Klima", 1, 5), BACK) == 1
    assert Position("x", 1, 5).first and Position("x", 5, 5).last
    with pytest.raises(ValueError):
        step(middle, "springen")


def test_share_params_name_exactly_this_slide():
    seqs = (Sequence("Energie und Klima", (Slide("uebersicht"), Slide("frage", "x"))),)
    assert slide_nav.totals_of(seqs) == {"Energie und Klima": 3}  # with the title slide
    assert share_params(seqs, {}) == {"satz": ["Energie und Klima"], "folie": ["1"]}
    assert share_params(seqs, {"satz": "Energie und Klima", "folie": "7"}) == \
        {"satz": ["Energie und Klima"], "folie": ["3"]}
    assert share_params((), {"folie": "2"}) == {}
