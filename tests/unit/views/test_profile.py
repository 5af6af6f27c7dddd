"""views.profile and views.catalogue: what the profile and the toolkit page say, as plain data."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from data.disclosure import DEFAULT_POLICY, MUNICIPALITY, NAMED, PUBLIC_VIEWER, STAFF, Policy, Viewer, disclosure_of
from data.formatting import percent
from data.loading import load_dataset
from data.model import short_name
from data.profile import answers_of, facts, further_along
from data.schemas import THEMES
from data.waves import Wave
from tests.conftest import DATA
from views.catalogue import (
    anchor_of,
    as_of_text,
    block_facts,
    contents_md,
    doing_sentence,
    draft_note,
    names_note,
    narrowed_by_md,
    theme_sections,
)
from views.profile import (
    OWN_MARK,
    comparison_note_md,
    development_table,
    facts_md,
    member_note_md,
    own_visible,
    partner_points,
    partners_table,
    peer_comparison,
    steckbrief_file_name,
    steckbrief_input,
)
from views.questions import question_row


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def respondent(ds):
    return ds.responses["unit_key"].iloc[0]


def test_facts_say_whether_it_answered_only_where_the_viewer_may_see_it(ds):
    f = facts("15083040", ds.units, ds.municipalities)
    text = facts_md(ds, f, answered_visible=True)
    assert text.startswith("**Gemeinde** im Landkreis **Börde**")
    assert "Fragebogen beantwortet: **" in text and "\\(Beispieldaten\\)" in text
    assert "Fragebogen" not in facts_md(ds, f, answered_visible=False)
    assert not own_visible(ds, PUBLIC_VIEWER, f.unit_key)
    assert own_visible(ds, Viewer(MUNICIPALITY, f.unit_key), f.unit_key)
    assert not own_visible(ds, Viewer(MUNICIPALITY, "15002000"), f.unit_key)
    assert own_visible(ds, Viewer(STAFF, None, "Test"), f.unit_key)


def test_member_note_is_markdown_safe():
    assert member_note_md(["Bad [Bibra]"], "VG *An der Finne*").startswith("Gewählt: Bad \\[Bibra\\] – gehört zur VG "
                                                                         "\\*An der Finne\\*")


def test_peer_comparison_names_the_own_column_and_says_whom_it_counts(ds, respondent):
    f = facts(respondent, ds.units, ds.municipalities)
    name = short_name(f.name)
    q = question_row(ds.questions, "digitalstrategie")
    own = answers_of(respondent, ds.responses)["digitalstrategie"]
    hidden = peer_comparison(disclosure_of(ds), ds.units, f, q, None)
    assert list(hidden.frame["Antwort"]) == list(q["options"]) and name not in hidden.frame.columns
    assert hidden.for_steckbrief().own == ()
    assert not any(f"mit {name}" in col for col in hidden.frame.columns)  # nobody learns that it answered
    c = peer_comparison(disclosure_of(ds), ds.units, f, q, own)
    assert list(c.frame.columns[:2]) == ["Antwort", name]
    assert [a for a, m in zip(c.frame["Antwort"], c.frame[name]) if m == OWN_MARK] == [own[0]]
    shown = [g for g in c.groups if g.table is not None]
    for g in shown:
        column = f"{g.label} mit {name} (n\u00a0=\u00a0{g.n})"
        assert list(c.frame[column]) == [f"{percent(s)} ({n})" for s, n in zip(g.table["share"], g.table["count"])]
        # the group counts the unit: its own answer is among the group's counts
        assert list(g.table["count"])[list(q["options"]).index(own[0])] >= 1
    assert c.hidden == ", ".join(f"{g.label} ({g.reason})" for g in c.groups if g.table is None)
    assert c.notes == " ".join(g.note for g in c.groups if g.note)
    assert c.for_steckbrief().own == own
    # an export's n line names each shown column's n (not the number of table rows)
    assert c.n_text == " · ".join(f"{g.label}: {g.n}" for g in shown) and c.n_text == hidden.n_text


def test_comparison_note_says_the_unit_is_counted_without_telling_whether_it_answered(ds):
    f = facts("15083040", ds.units, ds.municipalities)
    seen = comparison_note_md(f, True)
    assert "Barleben eingeschlossen" in seen and "Spalte „Barleben“" in seen
    unseen = comparison_note_md(f, False)
    assert "falls sie geantwortet hat" in unseen and "Spalte" not in unseen
    vg = facts(next(k for k in ds.units["unit_key"] if len(k) == 9), ds.units, ds.municipalities)
    assert comparison_note_md(vg, False).startswith("Die Vergleichsspalten") and "VG " in comparison_note_md(vg, False)


def test_partners_as_table_and_escaped_map_points(ds):
    r = ds.responses
    without = r[(r["question_id"] == "digitalstrategie") & (r["answer"] == "Nein")]["unit_key"]
    q = question_row(ds.questions, "digitalstrategie")
    everyone = frozenset(ds.units["unit_key"])

    def along(unit):
        return further_along(unit, q, ds.units, ds.responses, everyone, ("Nein",))

    unit = next(u for u in without if not along(u).empty)
    f = facts(unit, ds.units, ds.municipalities)
    partners = along(unit)
    table = partners_table(partners)
    assert list(table.columns) == ["Kommune", "Landkreis", "Antwort", "Entfernung"]
    assert all(e.endswith(" km") for e in table["Entfernung"])
    evil = partners.assign(name="<script>x</script>")
    points, labels = partner_points(f, evil)
    assert len(points) == len(partners) + 1 and len(labels) == len(partners) + 1
    assert all("<script>" not in p["tip"] for p in points) and all("<script>" not in label["html"] for label in labels)


def test_development_table_over_two_waves(ds, respondent):
    staff = Viewer(STAFF, None, "Test")
    assert development_table(ds, respondent, ds.questions, staff) is None  # one wave only
    later = ds.responses.copy()
    later.loc[(later["unit_key"] == respondent) & (later["question_id"] == "digitalstrategie"), "answer"] = "Ja"
    two = dataclasses.replace(ds, waves=(Wave("2023", None, ds.responses, True), Wave("2025", None, later, False)))
    assert development_table(two, respondent, ds.questions) is None  # the public sees no single answers
    frame = development_table(two, respondent, ds.questions, Viewer(MUNICIPALITY, respondent))
    assert list(frame.columns) == ["Frage", "2023 (Beispieldaten)", "2025", "Entwicklung"]
    row = frame.set_index("Frage").loc[question_row(ds.questions, "digitalstrategie")["text"]]
    before = answers_of(respondent, ds.responses)["digitalstrategie"][0]
    assert row["2025"] == "Ja" and row["Entwicklung"] == ("unverändert" if before == "Ja" else "weiter")


def test_steckbrief_input_names_the_source_and_what_the_viewer_may_see(ds, respondent):
    f = facts(respondent, ds.units, ds.municipalities)
    data = steckbrief_input(ds, f, [], [])
    assert data.sample_data and data.source.endswith("Kurzbefragung der Kommunen 2023 – Beispieldaten")
    assert data.own_visible is False and data.own_note
    assert steckbrief_input(ds, f, [], [], Viewer(MUNICIPALITY, respondent)).own_visible is True
    assert steckbrief_file_name(dataclasses.replace(f, name="Bad Kösen (Saale)")) == "Steckbrief-Bad-Kösen--Saale.pdf"


def test_catalogue_texts(ds):
    assert as_of_text("2023-12-01") == "1. Dezember 2023" and as_of_text("Herbst 2023") == "Herbst 2023"
    status, rest = draft_note(ds.catalogue)
    assert status == ds.catalogue.status and rest.startswith("(Stand ")
    everyone = frozenset(ds.units["unit_key"])
    block = next(b for b in ds.catalogue.blocks if b.done_if)
    sentence = doing_sentence(block, ds.responses, ds.units, everyone, sample_data=True)
    assert "(Beispieldaten)" in sentence and "schon zu tun" in sentence
    assert doing_sentence(block, ds.responses, ds.units, frozenset(), sample_data=True) == ""  # nobody named
    bare = dataclasses.replace(block, done_if=())
    assert doing_sentence(bare, ds.responses, ds.units, everyone, sample_data=True) == ""
    nobody = pd.DataFrame(columns=["unit_key", "question_id", "answer"])
    assert doing_sentence(block, nobody, ds.units, everyone, sample_data=False) == \
        "Noch keine teilnehmende Kommune gibt an, das schon zu tun."
    assert doing_sentence(block, nobody, ds.units, frozenset(["15083040"]), sample_data=False) == \
        "Keine der namentlich genannten Kommunen gibt an, das schon zu tun."
    assert names_note(frozenset(), DEFAULT_POLICY).startswith("Welche Kommunen einen Baustein schon umsetzen")
    assert names_note(everyone, Policy(NAMED, everyone)).startswith("Genannt werden nur Kommunen")


def test_toolkit_sections_follow_the_themes_with_a_linked_table_of_contents(ds):
    blocks = list(reversed(ds.catalogue.blocks))
    sections = theme_sections(blocks)
    themes = [t for t, _ in sections]
    assert themes == [t for t in THEMES if any(b.theme == t for b in blocks)]
    assert sum(len(items) for _, items in sections) == len(blocks)
    for theme, items in sections:
        assert all(b.theme == theme for b in items)
        assert [b.id for b in items] == [b.id for b in blocks if b.theme == theme]  # the given order kept
    toc = contents_md(sections).splitlines()
    assert len(toc) == len(sections)
    assert anchor_of("Wirtschaft, Tourismus und Einzelhandel") == "thema-wirtschaft-tourismus-und-einzelhandel"
    assert anchor_of("Stadtentwicklung und Partizipation (Äü ß)") == "thema-stadtentwicklung-und-partizipation-aeue-ss"
    first, items = sections[0]
    assert toc[0] == f"- [{first} ({len(items)} Bausteine)](#{anchor_of(first)})"
    one = theme_sections(blocks[:1])
    assert contents_md(one).endswith(f"(1 Baustein)](#{anchor_of(one[0][0])})")
    assert contents_md(theme_sections([dataclasses.replace(blocks[0], theme="Neu [x](y)")])).startswith(
        "- [Neu \\[x\\]\\(y\\) (1 Baustein)](#thema-neu-x-y)")


def test_block_facts_leave_the_theme_to_the_section(ds):
    block = ds.catalogue.blocks[0]
    text = block_facts(block)
    assert text.startswith("Adressat: ") and block.theme not in text
    assert f"Aufwand: {block.effort}" in text and ", ".join(block.size_classes) in text


def test_the_toolkit_count_names_what_its_own_fields_narrow_by():
    assert narrowed_by_md([], "  ") == ""
    assert narrowed_by_md(["Land", "Kommune"], "") == " · Adressat: Land, Kommune"
    assert narrowed_by_md([], " Förderlotse ") == " · Suche: „Förderlotse“"
    assert narrowed_by_md(["Land"], "[x](http://e)") == " · Adressat: Land · Suche: „\\[x\\]\\(http\u2060\\://e\\)“"
