"""views.presses: every press of a presenter's clicker taken once, in order, whatever the browser sends."""
from __future__ import annotations

import pytest

from views.presses import MAX_EVENTS, PageStep, new_presses, page_after, page_step, slide_after
from views.slide_nav import BACK, FIRST, LAST, NEXT


def test_three_quick_presses_merged_into_one_value_are_three_steps():
    value = {"id": "w1", "events": [[1, NEXT], [2, NEXT], [3, NEXT]]}
    presses = new_presses(value, {})
    assert presses.source == "w1" and [a for _, a in presses.new] == [NEXT, NEXT, NEXT]
    assert slide_after(1, 5, [a for _, a in presses.new]) == 4


def test_presses_already_taken_are_not_taken_again():
    value = {"id": "w1", "events": [[1, NEXT], [2, NEXT], [3, BACK]]}
    assert [n for n, _ in new_presses(value, {"w1": 2}).new] == [3]
    assert new_presses(value, {"w1": 3}).new == ()
    # another window (a reload) counts from its own start
    assert [n for n, _ in new_presses({"id": "w2", "events": [[1, LAST]]}, {"w1": 3}).new] == [1]


def test_a_press_made_before_the_last_step_reached_the_browser_continues_from_that_step():
    # Presses 1 and 2 were taken; press 3 was made while the browser showed only the step of press 1.
    value = {"id": "w", "events": [[1, NEXT, 0], [2, NEXT, 0], [3, NEXT, 1]]}
    late = new_presses(value, {"w": 2})
    assert late.continues and late.new == ((3, NEXT),)
    # The browser showed the step of press 2 (or went Back/Forward since): the address decides.
    assert not new_presses({"id": "w", "events": [[3, NEXT, 2]]}, {"w": 2}).continues
    # Nothing taken yet from this window, no number sent, or one that is not a number: the address decides.
    assert not new_presses({"id": "w", "events": [[1, NEXT, 0], [2, NEXT, 0]]}, {}).continues
    assert not new_presses({"id": "w", "events": [[3, NEXT]]}, {"w": 2}).continues
    assert not new_presses({"id": "w", "events": [[3, NEXT, "1"]]}, {"w": 2}).continues


@pytest.mark.parametrize("value", [None, "x", [], {"id": 3, "events": []}, {"id": "", "events": []},
                                   {"id": "a" * 41, "events": []}, {"id": "w", "events": "1,2"}])
def test_malformed_values_are_ignored(value):
    assert new_presses(value, {}) is None


def test_unknown_actions_bad_numbers_and_reordering_are_dropped():
    value = {"id": "w", "events": [[1, NEXT], [True, NEXT], ["2", NEXT], [3, "loeschen"], [5, BACK], [4, NEXT],
                                   [6], "x", [7, LAST]]}
    assert new_presses(value, {}).new == ((1, NEXT), (5, BACK), (7, LAST))


def test_only_the_last_events_are_read():
    value = {"id": "w", "events": [[i, NEXT] for i in range(1, 10_001)]}
    assert len(new_presses(value, {}).new) == MAX_EVENTS


def test_steps_stay_inside_the_deck_and_the_page_list():
    assert slide_after(1, 5, [BACK, BACK]) == 1
    assert slide_after(4, 5, [NEXT, NEXT, NEXT]) == 5
    assert slide_after(3, 5, [FIRST, NEXT]) == 2
    assert slide_after(1, 5, [LAST, BACK]) == 4
    assert page_after(0, 8, [NEXT, NEXT, BACK]) == 1
    assert page_after(7, 8, [NEXT]) == 7 and page_after(0, 8, [BACK, FIRST, LAST]) == 0


PAGES = ("uebersicht", "karte", "umfrage", "workshops")


def test_a_press_moves_one_page_and_remembers_the_switch():
    assert page_step(PAGES, "uebersicht", [NEXT], None) == PageStep("karte", ("uebersicht", "karte"))
    assert page_step(PAGES, "umfrage", [BACK], None) == PageStep("karte", ("umfrage", "karte"))
    assert page_step(PAGES, "karte", [NEXT, NEXT, BACK], None) == PageStep("umfrage", ("karte", "umfrage"))


def test_no_step_before_the_first_or_after_the_last_page():
    assert page_step(PAGES, "uebersicht", [BACK], None) == PageStep(None, None)
    assert page_step(PAGES, "workshops", [NEXT, LAST], ("umfrage", "workshops")) == PageStep(None, None)
    assert page_step(PAGES, "daten", [NEXT], None) == PageStep(None, None)  # not among the presenter's pages


def test_a_press_sent_from_the_page_just_left_continues_from_the_new_one():
    # The server switched Übersicht -> Karte; the browser still showed Übersicht when the next press came.
    assert page_step(PAGES, "uebersicht", [NEXT], ("uebersicht", "karte")) == PageStep(
        "umfrage", ("uebersicht", "umfrage"))
    # Back from there lands where the browser already is: no switch.
    assert page_step(PAGES, "uebersicht", [BACK], ("uebersicht", "karte")) == PageStep(None, None)
    # Once the browser is on the new page, presses count from there.
    assert page_step(PAGES, "karte", [NEXT], ("uebersicht", "karte")) == PageStep("umfrage", ("karte", "umfrage"))


def test_a_run_without_presses_keeps_the_switch_only_on_the_page_switched_to():
    assert page_step(PAGES, "karte", [], ("uebersicht", "karte")) == PageStep(None, ("uebersicht", "karte"))
    # The browser went back to Übersicht by itself (Back button): the address decides again.
    assert page_step(PAGES, "uebersicht", [], ("uebersicht", "karte")) == PageStep(None, None)
    assert page_step(PAGES, "uebersicht", [NEXT], None) == PageStep("karte", ("uebersicht", "karte"))
