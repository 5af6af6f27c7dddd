"""The command-line tools: python -m data.check and python -m data.sample."""
from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from data.loading import load_dataset

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATA_DIR"}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=180)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout
    assert "Traceback" not in proc.stderr


# --- data.check --------------------------------------------------------------------------------------

def test_check_shipped_data():
    proc = run("data.check")
    assert proc.returncode == 0, proc.stderr
    no_traceback(proc)
    out = proc.stdout
    assert f"Datenordner {DATA}: in Ordnung." in out
    assert re.search(r"Gemeinden:\s+218 in 14 Kreisen", out)
    assert re.search(r"Einheiten:\s+122 \(davon 18 Verbandsgemeinden\)", out)
    assert re.search(r"Angemeldet:\s+21 Einheiten", out)
    assert re.search(r"Antworten:\s+526 von 34 Einheiten \(Beispieldaten\)", out)
    assert re.search(r"Fragen:\s+13\b", out)
    assert re.search(r"Workshops:\s+6\b", out)


def test_check_copy_via_data_dir_and_env(data_dir):
    proc = run("data.check", "--data-dir", str(data_dir))
    assert proc.returncode == 0, proc.stderr
    assert f"Datenordner {data_dir.resolve()}: in Ordnung." in proc.stdout
    proc = run("data.check", env_extra={"DATA_DIR": str(data_dir)})
    assert proc.returncode == 0, proc.stderr
    assert str(data_dir.resolve()) in proc.stdout


def test_check_real_answers_are_not_called_sample(data_dir):
    path = data_dir / "survey.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sample_data: true", "sample_data: false"),
                    encoding="utf-8")
    proc = run("data.check", "--data-dir", str(data_dir))
    assert proc.returncode == 0, proc.stderr
    assert "Antworten:" in proc.stdout
    assert "Beispieldaten" not in proc.stdout


def test_check_broken_copy(data_dir):
    p = data_dir / "participants.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("15089015,Aschersleben", "15099999,Aschersleben"),
                 encoding="utf-8")
    r = data_dir / "responses.csv"
    r.write_text(r.read_text(encoding="utf-8").replace("15002000,digitalstrategie,Ja\n",
                                                       "15002000,digitalstrategie,Vielleicht\n"), encoding="utf-8")
    proc = run("data.check", "--data-dir", str(data_dir))
    assert proc.returncode == 1
    no_traceback(proc)
    assert proc.stdout == ""
    err = proc.stderr
    assert f"2 Problem(e) in {data_dir.resolve()}:" in err
    assert "  – participants.csv, Zeile 4, Spalte „unit_key“: Der Schlüssel „15099999“ ist weder" in err
    assert "  – responses.csv, Zeile 2, Spalte „answer“: „Vielleicht“ ist keine Antwortoption" in err


def test_check_badly_broken_copy(data_dir):
    (data_dir / "municipalities.csv").write_bytes(b"\x00\x81\xff")
    (data_dir / "districts.csv").write_text("district_key;name\n", encoding="utf-8")
    (data_dir / "program.yaml").write_text("a: [\n", encoding="utf-8")
    (data_dir / "workshops.csv").unlink()
    proc = run("data.check", "--data-dir", str(data_dir))
    assert proc.returncode == 1
    no_traceback(proc)
    err = proc.stderr
    assert "municipalities.csv, Zeile 1: Die Datei ist nicht in UTF-8 kodiert" in err
    assert "districts.csv, Zeile 1: Die Datei verwendet Semikolons" in err
    assert "program.yaml" in err and "kein gültiges YAML" in err
    assert "workshops.csv: Die Datei fehlt." in err


def test_check_missing_folder(tmp_path):
    proc = run("data.check", "--data-dir", str(tmp_path / "gibt-es-nicht"))
    assert proc.returncode == 2
    no_traceback(proc)
    assert "existiert nicht" in proc.stderr


# --- data.sample ----------------------------------------------------------------------------------------

def test_sample_is_deterministic_and_matches_shipped(data_dir, tmp_path):
    shipped = (DATA / "responses.csv").read_bytes()
    (data_dir / "responses.csv").unlink()
    first = run("data.sample", "--data-dir", str(data_dir))
    assert first.returncode == 0, first.stderr
    no_traceback(first)
    assert "34 Einheiten" in first.stdout
    out1 = (data_dir / "responses.csv").read_bytes()
    second = run("data.sample", "--data-dir", str(data_dir))
    assert second.returncode == 0, second.stderr
    out2 = (data_dir / "responses.csv").read_bytes()
    assert out1 == out2
    assert out1 == shipped
    with (data_dir / "responses.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len({r["unit_key"] for r in rows}) == 34
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    assert int(ds.units["answered"].sum()) == 34


def test_sample_seed_changes_answers(data_dir):
    proc = run("data.sample", "--data-dir", str(data_dir), "--seed", "7")
    assert proc.returncode == 0, proc.stderr
    out = (data_dir / "responses.csv").read_bytes()
    assert out != (DATA / "responses.csv").read_bytes()
    ds = load_dataset(data_dir)
    assert ds.problems == ()
    assert ds.responses["unit_key"].nunique() == 34


@pytest.mark.parametrize("module", ["data.check", "data.sample"])
def test_help_is_german(module):
    proc = run(module, "--help")
    assert proc.returncode == 0
    assert "--data-dir" in proc.stdout
    assert ("Datenordner prüfen" if module == "data.check" else "Beispieldaten erzeugen") in proc.stdout
