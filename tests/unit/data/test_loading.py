"""Loading the shipped data folder: the figures the dashboard is built on."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from data.loading import FILES, Dataset, check_dataset, data_dir_from_env, fingerprint, load_dataset
from data.problems import DataError

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset(DATA)


def _csv_rows(name: str) -> list[dict[str, str]]:
    """The shipped file read independently of the code under test."""
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_data_has_no_problems(ds):
    assert ds.problems == ()
    assert ds.failed_files == frozenset()


def test_check_dataset_accepts_shipped_data():
    assert len(check_dataset(DATA).municipalities) == 218


def test_municipalities_and_districts(ds):
    assert len(ds.municipalities) == 218
    assert ds.municipalities["ags"].is_unique
    assert len(ds.districts) == 14
    assert set(ds.municipalities["district_key"]) == set(ds.districts["district_key"])
    assert ds.municipalities["population"].dtype == "int64"
    assert (ds.municipalities["population"] > 0).all()
    assert ds.municipalities["lat"].dtype == float


def test_municipalities_match_csv(ds):
    rows = _csv_rows("municipalities.csv")
    halle = ds.municipalities.set_index("ags").loc["15002000"]
    csv_halle = next(r for r in rows if r["ags"] == "15002000")
    assert halle["name"] == "Halle (Saale)"
    assert halle["population"] == int(csv_halle["population"])
    assert halle["lat"] == pytest.approx(float(csv_halle["lat"]))
    assert bool(halle["is_town"]) is True
    assert halle["vg_key"] is None or pd.isna(halle["vg_key"])


def test_population_date(ds):
    assert ds.population_date == pd.Timestamp("2023-12-31")


def test_workshops(ds):
    w = ds.workshops
    assert len(w) == 6
    assert list(w["number"]) == [1, 2, 3, 4, 5, 6]
    assert w["date"].min() == pd.Timestamp("2023-04-27")
    assert w["date"].max() == pd.Timestamp("2023-12-07")
    assert w["date"].is_monotonic_increasing
    ferropolis = w[w["venue"].str.contains("Ferropolis")]
    assert len(ferropolis) == 1
    assert ferropolis["lat"].iloc[0] == pytest.approx(51.75831, abs=1e-6)
    assert ferropolis["lon"].iloc[0] == pytest.approx(12.44753, abs=1e-6)
    assert ferropolis["venue_ags"].iloc[0] in set(ds.municipalities["ags"])


def test_participants(ds):
    assert len(ds.participants) == 21
    assert ds.participants["unit_key"].is_unique
    assert ds.participants["registered"].dtype == bool
    assert ds.participants["registered"].all()
    assert set(ds.participants["unit_key"]) <= set(ds.units["unit_key"])


def test_units(ds):
    u = ds.units
    assert len(u) == 122
    assert u["unit_key"].is_unique
    n_single = sum(1 for r in _csv_rows("municipalities.csv") if not r["vg_key"])
    assert n_single == 104
    assert (u["kind"] != "Verbandsgemeinde").sum() == 104
    assert (u["kind"] == "Verbandsgemeinde").sum() == 18
    assert u.loc[u["kind"] == "Verbandsgemeinde", "unit_key"].str.len().eq(9).all()
    assert u.loc[u["kind"] != "Verbandsgemeinde", "unit_key"].str.len().eq(8).all()
    # every municipality belongs to exactly one unit and the members add up
    assert u["members"].sum() == 218
    assert u["population"].sum() == ds.municipalities["population"].sum()


def test_registered_and_answered_units(ds):
    u = ds.units
    assert int(u["registered"].sum()) == 21
    assert int(u["answered"].sum()) == 34
    assert set(u.loc[u["registered"], "unit_key"]) == set(ds.participants["unit_key"])
    assert set(u.loc[u["answered"], "unit_key"]) == set(ds.responses["unit_key"])


def test_responses(ds):
    r = ds.responses
    assert list(r.columns) == ["unit_key", "question_id", "answer"]
    assert r["unit_key"].nunique() == 34
    assert set(r["question_id"]) == set(ds.questions["id"])
    # every answer is one of its question's options (multi-choice cells are split into rows)
    options = dict(zip(ds.questions["id"], ds.questions["options"]))
    assert all(a in options[q] for q, a in zip(r["question_id"], r["answer"]))
    # one row per unit and single-choice question
    single = set(ds.questions.loc[ds.questions["type"] == "single", "id"])
    rs = r[r["question_id"].isin(single)]
    assert not rs.duplicated(["unit_key", "question_id"]).any()
    assert len(rs) == 34 * len(single)


def test_questions(ds):
    q = ds.questions
    assert len(q) == 13
    assert list(q["order"]) == sorted(q["order"])
    first = q.iloc[0]
    assert first["id"] == "digitalstrategie"
    assert first["options"] == ("Nein", "Ja, in Erarbeitung", "Ja")
    assert set(q["type"]) == {"single", "multi"}


def test_sample_flag_from_survey_yaml(ds):
    assert ds.survey.sample_data is True
    assert ds.sample_data is True


def test_sample_flag_false(data_dir):
    path = data_dir / "survey.yaml"
    text = path.read_text(encoding="utf-8")
    assert "sample_data: true" in text
    path.write_text(text.replace("sample_data: true", "sample_data: false"), encoding="utf-8")
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    assert ds.sample_data is False


def test_program_yaml(ds):
    assert ds.program["invited"]["value"] == 70
    assert ds.program["registered"] == 21
    assert ds.program["questionnaires"] == 34
    keys = {a["unit_key"] for a in ds.program["supported_applications"]}
    assert keys <= set(ds.units["unit_key"])


def test_copy_loads_like_shipped(data_dir, ds):
    copy = load_dataset(data_dir)
    assert copy.problems == ()
    pd.testing.assert_frame_equal(copy.units, ds.units)
    pd.testing.assert_frame_equal(copy.responses, ds.responses)


def test_data_dir_from_env(monkeypatch, tmp_path):
    monkeypatch.delenv("DATA_DIR", raising=False)
    assert data_dir_from_env() == DATA
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    assert data_dir_from_env() == tmp_path.resolve()
    monkeypatch.setenv("DATA_DIR", "   ")
    assert data_dir_from_env() == DATA


def test_fingerprint_changes_on_edit_and_removal(data_dir):
    before = fingerprint(data_dir)
    assert [name for name, *_ in before] == FILES
    assert all(size is not None for *_, size in before)
    path = data_dir / "participants.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = fingerprint(data_dir)
    assert edited != before
    (data_dir / "districts.csv").unlink()
    removed = dict((name, rest) for name, *rest in fingerprint(data_dir))
    assert removed["districts.csv"] == [None, None]


def test_check_dataset_raises_with_all_problems(data_dir):
    path = data_dir / "participants.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",true", ",ja", 2), encoding="utf-8")
    with pytest.raises(DataError) as info:
        check_dataset(data_dir)
    assert len(info.value.problems) == 2
    assert all(p.file == "participants.csv" and p.column == "registered" for p in info.value.problems)
    assert [p.line for p in info.value.problems] == [2, 3]
