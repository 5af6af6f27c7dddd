"""The Baukasten catalogue: validation with German messages (line, entry, field) and the search."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from data.baukasten import load_catalogue
from data.catalogue_search import filter_blocks
from data.loading import load_dataset, load_questions
from data.problems import DataError
from data.profile import MAX_QUERY

REPO = Path(__file__).resolve().parents[3]
QUESTIONS = load_questions(REPO / "data" / "questions.csv")

GOOD = """\
status: Entwurf
stand: 2026-11-26
hinweis: "Entwurf"
bausteine:
  - id: digitalstrategie-erarbeiten
    titel: "Digitalstrategie erarbeiten"
    beschreibung: "Eine Strategie bündelt Vorhaben."
    themenfeld: Strategie und Organisation
    adressaten: [Kommune]
    groessenklassen: [Kleinstadt, Mittelstadt]
    voraussetzungen: "Beschluss des Rats."
    aufwand: mittel
    foerderung: ["Bundesprogramm Modellprojekte Smart Cities"]
    empfohlen_wenn:
      - frage: digitalstrategie
        antworten: ["Nein", "Ja, in Erarbeitung"]
    umgesetzt_wenn:
      - frage: digitalstrategie
        antworten: ["Ja"]
    quelle: "Smart City Charta"
  - id: foerderlotse
    titel: "Förderlotse des Landes"
    beschreibung: "Eine Stelle hilft bei Anträgen zur Wärmeplanung."
    themenfeld: Energie und Klima
    adressaten: [Land]
    groessenklassen: [Kleinstadt, Landgemeinde]
    voraussetzungen: "Personal."
    aufwand: hoch
    foerderung: []
    empfohlen_wenn: []
    umgesetzt_wenn: []
    quelle: "Erfahrungen der Modellprojekte"
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "baukasten.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def problems_of(tmp_path, text):
    with pytest.raises(DataError) as exc:
        load_catalogue(write(tmp_path, text), QUESTIONS)
    return exc.value.problems


def test_good_catalogue_loads(tmp_path):
    cat = load_catalogue(write(tmp_path, GOOD), QUESTIONS)
    assert cat.is_draft and [b.id for b in cat.blocks] == ["digitalstrategie-erarbeiten", "foerderlotse"]
    assert cat.blocks[0].recommended_if[0].answers == ("Nein", "Ja, in Erarbeitung")


@pytest.mark.parametrize("old,new,field,line,fragment", [
    ("themenfeld: Energie und Klima", "themenfeld: Energie", "themenfeld", 24, "kein Themenfeld"),
    ("aufwand: hoch", "aufwand: riesig", "aufwand", 28, "kein Aufwand"),
    ("adressaten: [Land]", "adressaten: [Bund]", "adressaten", 25, "Land, Landkreis, Kommune"),
    ("groessenklassen: [Kleinstadt, Landgemeinde]", "groessenklassen: [Dorf]", "groessenklassen", 26, "Großstadt"),
    ('antworten: ["Ja"]', 'antworten: ["Vielleicht"]', "umgesetzt_wenn", 17, "„Vielleicht“ ist keine Antwortoption"),
    ("      - frage: digitalstrategie\n        antworten: [\"Nein\"", "      - frage: gibtsnicht\n        antworten: [\"Nein\"",
     "empfohlen_wenn", 14, "„gibtsnicht“ gibt es in questions.csv nicht"),
    ("id: foerderlotse", "id: digitalstrategie-erarbeiten", "id", 21, "gibt es schon in Eintrag 1"),
    ("id: foerderlotse", "id: Förder Lotse", "id", 21, "keine gültige Kennung"),
    ('titel: "Förderlotse des Landes"', 'titel: ""', "titel", 22, "Der Text fehlt"),
])
def test_bad_entries_get_german_messages_with_line_entry_and_field(tmp_path, old, new, field, line, fragment):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    problems = problems_of(tmp_path, text)
    hit = [p for p in problems if p.column == field and fragment in p.message]
    assert hit, [str(p) for p in problems]
    assert hit[0].line == line
    assert str(hit[0]).startswith(f"baukasten.yaml, Zeile {line}, Spalte „{field}“: Eintrag ")


def test_missing_and_unknown_fields(tmp_path):
    problems = problems_of(tmp_path, GOOD.replace("    quelle: \"Smart City Charta\"\n", "    farbe: rot\n"))
    messages = [str(p) for p in problems]
    assert any("Das Feld „quelle“ fehlt" in m and "Eintrag 1" in m for m in messages)
    assert any("Unbekanntes Feld „farbe“" in m for m in messages)


def test_not_yaml_and_no_list(tmp_path):
    assert "kein gültiges YAML" in problems_of(tmp_path, "bausteine: [\n")[0].message
    assert "„bausteine“ fehlt" in problems_of(tmp_path, "status: Entwurf\n")[0].message


def test_a_broken_catalogue_in_the_data_folder_keeps_the_rest_loading(data_dir):
    (data_dir / "baukasten.yaml").write_text(GOOD.replace("aufwand: hoch", "aufwand: riesig"), encoding="utf-8")
    ds = load_dataset(data_dir)
    assert "baukasten.yaml" in ds.failed_files and len(ds.municipalities) == 218


def test_shipped_catalogue_is_valid_and_broad():
    ds = load_dataset(REPO / "data")
    assert not ds.problems, [str(p) for p in ds.problems]
    blocks = ds.catalogue.blocks
    assert len(blocks) >= 25
    assert {b.theme for b in blocks} == set(QUESTIONS["theme"])
    assert {a for b in blocks for a in b.addressees} == {"Land", "Landkreis", "Kommune"}
    assert ds.catalogue.is_draft


def test_filters_and_full_text_search_reduce_the_list(tmp_path):
    cat = load_catalogue(write(tmp_path, GOOD), QUESTIONS)
    assert len(filter_blocks(cat)) == 2
    assert [b.id for b in filter_blocks(cat, themes=("Energie und Klima",))] == ["foerderlotse"]
    assert [b.id for b in filter_blocks(cat, addressees=("Kommune",))] == ["digitalstrategie-erarbeiten"]
    assert [b.id for b in filter_blocks(cat, sizes=("Landgemeinde",))] == ["foerderlotse"]
    assert [b.id for b in filter_blocks(cat, query="waermeplanung")] == ["foerderlotse"]
    assert [b.id for b in filter_blocks(cat, query="Strategie Rat")] == ["digitalstrategie-erarbeiten"]
    assert filter_blocks(cat, query="Strategie Wärme") == []
    # only the first MAX_QUERY characters count: a pasted megabyte is cut before it is normalised
    assert [b.id for b in filter_blocks(cat, query="waermeplanung" + " " * MAX_QUERY + "Strategie")] == ["foerderlotse"]
