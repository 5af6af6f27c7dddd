"""data.import_view: what the import on /daten shows – inert text, the size check before reading, open columns
grouped and paged, choices for a name that fits no unit, preview and report."""
from __future__ import annotations

import re

import pytest

from data import importer as imp
from data.import_view import (
    CHOOSE,
    PAGE_SIZE,
    WORD_JOINER,
    inert,
    label_text,
    mapping_frame,
    open_groups,
    page_of,
    preview_frame,
    question_options,
    report,
    size_refusal,
    unit_choices,
    value_key,
)
from data.loading import load_dataset
from tests.conftest import DATA
from tests.export_files import LsResponse, csv_bytes, limesurvey_csv

LINK = re.compile(r"(?i)(https?|ftp|mailto)\\?:|www\\?\.|@[\w-]")  # what GFM would turn into a link


@pytest.fixture(scope="module")
def ds():
    d = load_dataset(DATA)
    assert not d.problems
    return d


def check(ds, data, **kw):
    return imp.check_bytes(None, data, "x.csv", "2025", ds.questions, ds.municipalities, ds.units, **kw)


@pytest.mark.parametrize("text", ["![bild](http://127.0.0.1:9/x.png)", "siehe www.example.org", "HTTPS://x.de/a",
                                  "post@example.org", "[klick](javascript:alert(1))", "<img src=x>", "**fett** $x$"])
def test_inert_text_has_no_markup_and_no_bare_links(text):
    out = inert(text)
    assert not LINK.search(out), out
    assert not re.search(r"(?<!\\)[\[\]()*<>!$]", out), out
    assert out.replace("\\", "").replace(WORD_JOINER, "") == text  # reads the same


@pytest.mark.parametrize("text", ["![bild](http://127.0.0.1:9/x.png)", "siehe www.example.org", "a@b.de",
                                  "[klick](javascript:alert(1))", "<img src=x>", "**fett** `c` $x$ ~s~"])
def test_label_text_escapes_only_what_inline_markdown_would_use(text):
    out = label_text(text)
    assert not LINK.search(out), out
    assert not re.search(r"(?<!\\)[\[\]*<>$`~]", out), out
    assert out.replace("\\", "").replace(WORD_JOINER, "") == text
    assert label_text("G01Q02. Hat Ihre Kommune (Stadt) eine Strategie?") == \
        "G01Q02. Hat Ihre Kommune (Stadt) eine Strategie?"  # read aloud as written (aria-label)


@pytest.mark.parametrize("text", ["Spalte :material/warning: :streamlit: :smile:", "Barleben :material/delete: :rocket:",
                                  ":red[rot] :blue-background[x]", "&#x1F600; &amp; &hearts;"])
def test_label_text_keeps_shortcodes_and_entities_as_written(text):
    out = label_text(text)
    assert not re.search(r":[A-Za-z_]", out) and not re.search(r"&#?\w+;", out), out
    assert out.replace("\\", "").replace(WORD_JOINER, "") == text


def test_label_text_has_no_line_breaks():
    assert label_text("Bar\rleben\r\nneu\u2028x\ty") == "Bar leben neu x y"


def test_size_is_checked_before_reading():
    assert size_refusal("a.csv", imp.MAX_BYTES) is None
    assert size_refusal("gross.xlsx", 12_900_000) == ("Die Datei „gross.xlsx“ ist 12,3 MB groß; erlaubt sind höchstens "
                                                      "10 MB.")


def test_limesurvey_option_columns_are_one_group_and_pages_hold_a_screenful(ds):
    plan = check(ds, limesurvey_csv([LsResponse(1, "2025-04-02 10:00:00", {"G01Q01": "Barleben"})], "code", "long"))
    groups = open_groups(plan)
    assert [g.label for g in groups] == ["G01Q02", "G01Q03", "G01Q06[…] (5 Spalten)"]
    assert groups[2].columns == ("G01Q06[SQ001]", "G01Q06[SQ002]", "G01Q06[SQ003]", "G01Q06[SQ004]", "G01Q06[other]")
    heads = ["Kommune"] + [f"F{i}" for i in range(20)]
    wide = check(ds, csv_bytes([heads, ["Barleben"] + ["x"] * 20]))
    shown, pages, caption = page_of(open_groups(wide), 3)
    assert len(shown) == 20 - 2 * PAGE_SIZE and pages == 3 and caption == "Offene Spalten 17–20 von 20"
    assert page_of(open_groups(wide), 99)[0] == shown  # clamped
    assert page_of(groups, 1)[2] == ""


def test_choices_for_columns_and_unknown_names(ds):
    options, labels = question_options(ds.questions)
    assert options[:2] == [CHOOSE, imp.IGNORE] and imp.UNIT in options and "@angabe:abgeschickt" in options
    assert labels[imp.IGNORE] == "nicht übernehmen"
    plan = check(ds, csv_bytes([["Kommune", "digitalstrategie"], ["Wittenberg", "Ja"], ["Wittenberg", "Nein"]]))
    [u] = plan.unknown_units
    assert u.lines == (2, 3)
    options, labels = unit_choices(u, ds.units)
    assert options[0] == CHOOSE and options[1] == "15091375" and options[-1] == imp.IGNORE
    assert labels["15091375"] == "„Lutherstadt Wittenberg“ (15091375) – Vorschlag"
    assert options[1:1 + len(u.suggestions)] == [k for k, _ in u.suggestions]  # the suggestions first …
    assert set(ds.units["unit_key"]) <= set(options) and len(options) == len(set(options))  # … then every unit once
    assert value_key(u) == "@wert:wittenberg"


def test_preview_mapping_and_report(ds):
    rows = [["Kommune", "digitalstrategie", "Kommune"], ["Barleben", "Jein", "x"]]
    plan = check(ds, csv_bytes(rows), given={})
    frame = preview_frame(plan)
    assert list(frame.columns) == ["Zeile", "Kommune", "digitalstrategie", "Kommune (2)"]
    assert frame.iloc[0].tolist() == ["2", "Barleben", "Jein", "x"]
    table = mapping_frame(plan, ds.questions)
    assert table["wird gelesen als"].tolist()[1] == "Frage digitalstrategie"
    head, notes, lines = report(plan)
    assert head.endswith("2 Probleme – es wird nichts gespeichert:")
    assert any("mehrfach" in line for line in lines) and any("„Jein“" in line for line in lines)
