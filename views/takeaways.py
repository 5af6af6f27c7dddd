"""One sentence per slide that says what the chart shows, e.g. "Zwei Drittel der Kleinstädte haben noch keine
Digitalstrategie." – built only from figures that the slide may show.

The functions take shown figures, never raw answers: a group that is not shown (too few answers, or hidden so
that no small group can be worked out) is simply not passed in, and a suppressed result gives no sentence at
all. So a takeaway can never say more than the chart beside it.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from data.formatting import number, percent

# Simple fractions a presenter says aloud, smallest first.
FRACTIONS = [(1 / 5, "ein Fünftel"), (1 / 4, "ein Viertel"), (1 / 3, "ein Drittel"), (1 / 2, "die Hälfte"),
             (2 / 3, "zwei Drittel"), (3 / 4, "drei Viertel"), (4 / 5, "vier Fünftel")]
EXACT = 0.02  # within two percentage points a fraction is said as it is
JUST_BELOW = 0.07  # up to seven points below a fraction: "knapp …"
NOTABLE = 0.10  # a size class is worth its own sentence when it stands out by ten points or more

OVERALL = "Kommunen"
# Size-class groups (data.survey.size_groups) as the subject of a sentence: (plural, with "der …").
GROUP_NOUNS = {
    "Großstadt": "Großstädte",
    "Mittelstadt": "Mittelstädte",
    "Kleinstadt": "Kleinstädte",
    "Landgemeinde": "Landgemeinden",
    "Mittel- und Großstädte": "Mittel- und Großstädte",
    "Kleinstädte und Landgemeinden": "Kleinstädte und Landgemeinden",
}


@dataclass(frozen=True)
class ShownShares:
    """The shares of one group that a slide shows: group label (a size class or "Kommunen"), its n and the
    share of each answer option among the group's answering units."""

    group: str
    n: int
    shares: Mapping[str, float]


def fraction_phrase(share: float) -> tuple[str, bool] | None:
    """How to say a share in words: (phrase, whether a genitive "der …" follows). None for 0."""
    if share <= 0:
        return None
    if share >= 1:
        return "alle", False
    if share >= 0.9:
        return "fast alle", False
    for value, words in FRACTIONS:
        if abs(share - value) <= EXACT:
            return words, True
    for value, words in FRACTIONS:
        if 0 < value - share <= JUST_BELOW:
            return f"knapp {words}", True
    below = [words for value, words in FRACTIONS if value < share]
    if below:
        return f"mehr als {below[-1]}", True
    return "weniger als ein Fünftel", True


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def subject(share: float, group: str) -> str | None:
    """The subject of a sentence: "Zwei Drittel der Kleinstädte", "Alle antwortenden Kommunen"."""
    phrase = fraction_phrase(share)
    if phrase is None:
        return None
    words, genitive = phrase
    noun = "antwortenden Kommunen" if group == OVERALL else GROUP_NOUNS.get(group, group)
    return _capital(f"{words} der {noun}" if genitive else f"{words} {noun}")


def _predicate(option: str, phrases: Mapping[str, str], multi: bool) -> str:
    said = phrases.get(option, "").strip()
    if said:
        return said
    return f"nennen „{option}“" if multi else f"antworten „{option}“"


def _top(shares: Mapping[str, float]) -> tuple[list[str], float]:
    if not shares:
        return [], 0.0
    best = max(shares.values())
    return [o for o, s in shares.items() if abs(s - best) < 1e-9], best


def question_takeaway(overall: ShownShares | None, groups: Sequence[ShownShares] = (),
                      phrases: Mapping[str, str] | None = None, multi: bool = False) -> str:
    """The sentence for a question slide, or "" when nothing may be said (result not shown).

    It names the most frequent answer of all answering units; a size class whose most frequent answer is at
    least ten points more frequent there takes its place (that is what a room remembers)."""
    if overall is None or overall.n <= 0:
        return ""
    phrases = phrases or {}
    options, share = _top(overall.shares)
    if not options or share <= 0:
        return ""
    group, chosen = OVERALL, (options, share)
    best_gap = NOTABLE - 1e-9
    for g in groups:
        g_options, g_share = _top(g.shares)
        if len(g_options) != 1 or g.n <= 0 or g_share <= 0:
            continue
        gap = g_share - overall.shares.get(g_options[0], 0.0)
        if gap >= best_gap and g_share > share:
            best_gap, group, chosen = gap, g.group, (g_options, g_share)
    options, share = chosen
    if len(options) > 1:  # a tie: say so instead of picking one
        names = " und ".join(f"„{o}“" for o in options)
        noun = "antwortenden Kommunen" if group == OVERALL else GROUP_NOUNS.get(group, group)
        return f"{names} gleichauf: je {percent(share)} der {noun}."
    who = subject(share, group)
    if who is None:
        return ""
    return f"{who} {_predicate(options[0], phrases, multi)}."


def map_takeaway(option: str, district_shares: Mapping[str, float], hidden: int, total: int) -> str:
    """The sentence for a map slide: the range of the shown districts' shares, and how many are not shown."""
    if not district_shares:
        return f"Kein Kreis hat genug Antworten, um den Anteil „{option}“ zu zeigen."
    low, high = min(district_shares.values()), max(district_shares.values())
    shown = len(district_shares)
    if shown == 1:
        text = f"Anteil „{option}“: {percent(high)} im einzigen Kreis mit genug Antworten"
    elif abs(high - low) < 1e-9:
        text = f"Anteil „{option}“: {percent(high)} in allen {number(shown)} Kreisen mit genug Antworten"
    else:
        text = f"Anteil „{option}“ je Kreis zwischen {percent(low)} und {percent(high)}"
    if hidden:
        text += f" – {number(hidden)} von {number(total)} Kreisen mit zu wenigen Antworten"
    return text + "."


def municipalities(count: int) -> str:
    """ "1 Kommune", "21 Kommunen"."""
    return f"{number(count)} {'Kommune' if count == 1 else 'Kommunen'}"


def overview_takeaway(answered: int, registered: int, filtered: bool) -> str:
    """The sentence for the key-figure slide."""
    if filtered:
        return (f"In dieser Auswahl: {municipalities(answered)} mit Fragebogen, "
                f"{number(registered)} für die ganze Reihe angemeldet.")
    return (f"{municipalities(answered)} {'hat' if answered == 1 else 'haben'} den Fragebogen zurückgesandt, "
            f"{number(registered)} {'nimmt' if registered == 1 else 'nehmen'} an der ganzen Reihe teil.")
