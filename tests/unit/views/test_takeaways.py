"""Takeaway sentences: said in words, only from shown figures, nothing when a result is not shown."""
from __future__ import annotations

import pytest

from views.takeaways import (
    OVERALL,
    ShownShares,
    fraction_phrase,
    map_takeaway,
    municipalities,
    overview_takeaway,
    question_takeaway,
    subject,
)

PHRASES = {"Nein": "haben noch keine Digitalstrategie", "Ja, in Erarbeitung": "arbeiten an einer Digitalstrategie",
           "Ja": "haben bereits eine Digitalstrategie"}


@pytest.mark.parametrize("share,expected", [
    (1.0, ("alle", False)),
    (0.93, ("fast alle", False)),
    (2 / 3, ("zwei Drittel", True)),
    (0.65, ("zwei Drittel", True)),
    (0.75, ("drei Viertel", True)),
    (0.5, ("die Hälfte", True)),
    (0.47, ("knapp die Hälfte", True)),
    (0.58, ("mehr als die Hälfte", True)),
    (0.33, ("ein Drittel", True)),
    (0.4, ("mehr als ein Drittel", True)),
    (0.26, ("ein Viertel", True)),
    (0.12, ("weniger als ein Fünftel", True)),
])
def test_fraction_phrase(share, expected):
    assert fraction_phrase(share) == expected


def test_zero_is_never_said():
    assert fraction_phrase(0) is None
    assert subject(0, OVERALL) is None


def test_subject_forms():
    assert subject(2 / 3, "Kleinstadt") == "Zwei Drittel der Kleinstädte"
    assert subject(1.0, OVERALL) == "Alle antwortenden Kommunen"
    assert subject(0.5, "Mittel- und Großstädte") == "Die Hälfte der Mittel- und Großstädte"


def test_a_size_class_that_stands_out_gives_the_sentence():
    overall = ShownShares(OVERALL, 34, {"Nein": 0.40, "Ja, in Erarbeitung": 0.20, "Ja": 0.40})
    groups = [ShownShares("Kleinstadt", 18, {"Nein": 12 / 18, "Ja, in Erarbeitung": 2 / 18, "Ja": 4 / 18}),
              ShownShares("Mittel- und Großstädte", 16, {"Nein": 0.125, "Ja, in Erarbeitung": 0.3125, "Ja": 0.5625})]
    assert question_takeaway(overall, groups, PHRASES) == \
        "Zwei Drittel der Kleinstädte haben noch keine Digitalstrategie."


def test_without_a_notable_group_the_whole_is_described():
    overall = ShownShares(OVERALL, 34, {"Nein": 11 / 34, "Ja, in Erarbeitung": 7 / 34, "Ja": 16 / 34})
    groups = [ShownShares("Kleinstadt", 19, {"Nein": 0.42, "Ja, in Erarbeitung": 0.16, "Ja": 0.42})]  # a tie
    assert question_takeaway(overall, groups, PHRASES) == \
        "Knapp die Hälfte der antwortenden Kommunen haben bereits eine Digitalstrategie."


def test_without_phrases_the_answer_is_quoted():
    overall = ShownShares(OVERALL, 10, {"Nein": 0.25, "Ja": 0.75})
    assert question_takeaway(overall) == "Drei Viertel der antwortenden Kommunen antworten „Ja“."
    assert question_takeaway(overall, multi=True) == "Drei Viertel der antwortenden Kommunen nennen „Ja“."


def test_a_tie_is_said_as_a_tie():
    overall = ShownShares(OVERALL, 12, {"A": 0.5, "B": 0.5})
    assert question_takeaway(overall) == "„A“ und „B“ gleichauf: je 50\u202f% der antwortenden Kommunen."


def test_nothing_is_said_about_a_result_that_is_not_shown():
    assert question_takeaway(None, [ShownShares("Kleinstadt", 5, {"Ja": 1.0})], PHRASES) == ""
    assert question_takeaway(ShownShares(OVERALL, 0, {}), (), PHRASES) == ""


def test_only_the_groups_passed_in_can_be_described():
    # A hidden group is not passed in: even a striking share there cannot reach the sentence.
    overall = ShownShares(OVERALL, 30, {"Nein": 0.3, "Ja": 0.7})
    shown = [ShownShares("Kleinstadt", 20, {"Nein": 0.35, "Ja": 0.65})]
    hidden = ShownShares("Mittelstadt", 2, {"Nein": 1.0, "Ja": 0.0})
    phrases = {"Nein": "haben keine", "Ja": "haben eine"}
    assert question_takeaway(overall, shown, phrases) == "Knapp drei Viertel der antwortenden Kommunen haben eine."
    # Passed in, the same group would be described – so leaving it out is what keeps it out.
    assert question_takeaway(overall, shown + [hidden], phrases) == "Alle Mittelstädte haben keine."


def test_map_takeaway():
    assert map_takeaway("Ja", {"Börde": 0.25, "Harz": 0.75}, 2, 14) == \
        "Anteil „Ja“ je Kreis zwischen 25\u202f% und 75\u202f% – 2 von 14 Kreisen mit zu wenigen Antworten."
    assert map_takeaway("Ja", {}, 14, 14) == "Kein Kreis hat genug Antworten, um den Anteil „Ja“ zu zeigen."
    assert map_takeaway("Ja", {"Harz": 0.5}, 0, 14).startswith("Anteil „Ja“: 50\u202f% im einzigen Kreis")


def test_overview_takeaway_and_plural():
    assert overview_takeaway(34, 21, False) == \
        "34 Kommunen haben den Fragebogen zurückgesandt, 21 nehmen an der ganzen Reihe teil."
    assert overview_takeaway(1, 1, False) == \
        "1 Kommune hat den Fragebogen zurückgesandt, 1 nimmt an der ganzen Reihe teil."
    assert municipalities(1) == "1 Kommune" and municipalities(2) == "2 Kommunen"
    assert overview_takeaway(3, 2, True).startswith("In dieser Auswahl: 3 Kommunen")
