"""Slide colours keep at least 3:1 contrast against the white slide (WCAG 2 contrast ratio, computed here)."""
from __future__ import annotations

import pytest

from views import slide_style as style


@pytest.mark.parametrize("a,b,expected", [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#767676", "#ffffff", 4.54),  # the well-known lightest grey that passes 4.5:1
    ("#0b5394", "#ffffff", 7.84),
])
def test_contrast_ratio_matches_wcag(a, b, expected):
    assert style.contrast_ratio(a, b) == pytest.approx(expected, abs=0.01)
    assert style.contrast_ratio(b, a) == pytest.approx(expected, abs=0.01)


def test_contrast_ratio_rejects_malformed_colours():
    with pytest.raises(ValueError):
        style.contrast_ratio("#fff")


@pytest.mark.parametrize("colour", style.data_colours())
def test_every_data_colour_has_three_to_one_against_the_background(colour):
    assert style.contrast_ratio(colour, style.BACKGROUND) >= style.MIN_CONTRAST, colour


def test_the_old_near_white_answer_colour_would_fail():
    # "Nein" used to be drawn in ColorBrewer's lightest blue: the test above would catch it.
    assert style.contrast_ratio("#c6dbef") < style.MIN_CONTRAST


@pytest.mark.parametrize("n", range(1, 8))
def test_ordinal_colours_are_distinct_and_white_text_on_them_is_readable(n):
    colours = style.ordinal_colours(n)
    assert len(colours) == n
    assert len(set(colours)) == n
    for c in colours:  # values are written in white on the segments
        assert style.contrast_ratio("#ffffff", c) >= style.MIN_CONTRAST


def test_text_colours_and_sizes():
    assert style.contrast_ratio(style.INK) >= 4.5
    assert style.contrast_ratio(style.MUTED_INK) >= 4.5
    assert min(style.LABEL_PX, style.VALUE_PX, style.SMALL_PX, style.MAP_LABEL_PX) >= style.MIN_TEXT_PX


def test_share_classes():
    assert [style.share_class(s) for s in (0, 0.249, 0.25, 0.5, 0.74, 0.75, 1.0)] == [0, 0, 1, 2, 2, 3, 3]
