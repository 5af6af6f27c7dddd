"""Import time for a survey export: 34 respondents (the 2023 questionnaire) and 11.000 respondents (about
as many as Germany has municipalities), printed per thousand rows.

    python bench/importer.py [--postgres URL]

The 34 respondents are the shipped sample answers, written as a semicolon CSV in Windows-1252 the way
Microsoft Forms exports it. For 11.000 respondents the bench generates units (keys 99000001 …, names
"Testgemeinde 1" …) in memory – benchmark input only, never shown or stored outside a temporary
database – with random answers to every question. Phases: read + map + check (data.importer.check_bytes),
write one version (Store.add_version, one transaction), read it back (Store.answers). SQLite always, in a
temporary folder; PostgreSQL too when --postgres (or TEST_POSTGRES_URL) names a server (a fresh database
is created and dropped).
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from data.formatting import number  # noqa: E402
from data.importer import check_bytes  # noqa: E402
from data.loading import load_dataset  # noqa: E402
from data.store import Store  # noqa: E402


def export_bytes(units: list[str], ds, answers: dict[str, dict[str, list[str]]]) -> bytes:
    q = ds.questions
    header = ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", "Kommune"] + list(q["text"])
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for i, unit in enumerate(units, 1):
        row = [str(i), "01.03.2025 10:00", "01.03.2025 10:07", "anonym", "", unit]
        row += [";".join(answers.get(unit, {}).get(qid, [])) for qid in q["id"]]
        w.writerow(row)
    return buf.getvalue().encode("cp1252")


def sample_case(ds):
    units = sorted(ds.responses["unit_key"].unique())
    answers: dict[str, dict[str, list[str]]] = {}
    for u, qid, a in ds.responses.itertuples(index=False, name=None):
        answers.setdefault(u, {}).setdefault(qid, []).append(a)
    return units, ds.municipalities, ds.units, answers


def synthetic_case(ds, n: int):
    rng = random.Random(2025)
    keys = [f"99{i:06d}" for i in range(1, n + 1)]
    m = pd.DataFrame({"ags": keys, "name": [f"Testgemeinde {i}" for i in range(1, n + 1)], "vg_key": None,
                      "vg_name": None})
    u = pd.DataFrame({"unit_key": keys, "name": m["name"]})
    answers = {}
    for k in keys:
        per = {}
        for qid, typ, opts in zip(ds.questions["id"], ds.questions["type"], ds.questions["options"]):
            per[qid] = rng.sample(list(opts), rng.randint(1, 2)) if typ == "multi" else [rng.choice(opts)]
        answers[k] = per
    return keys, m, u, answers


def timed(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def bench(label: str, store_url: str, ds, case, runs: int) -> None:
    units, m, u, answers = case
    data = export_bytes(units, ds, answers)
    check_s, plan = timed(lambda: check_bytes(None, data, "export.csv", "2025", ds.questions, m, u), runs)
    assert plan.ok, plan.report(limit=5)
    store = Store(store_url)
    store.migrate()
    write_s, version = timed(lambda: store.add_version("2025", plan.answers, created_by="bench", action="import",
                                                       file_name="export.csv", checksum=plan.checksum), runs)
    read_s, frame = timed(lambda: store.answers(version.id), runs)
    assert len(frame) == len(plan.answers)
    store.dispose()
    k = len(units) / 1000
    f = lambda v, d=2: number(v, d)  # noqa: E731 – German decimal comma
    print(f"{label:<11} {number(len(units)):>7} Befragte {number(len(plan.answers)):>8} Antwortzeilen "
          f"{number(len(data) / 1024):>6} KiB | prüfen {f(check_s)} s ({f(check_s / k)} s je 1.000) | "
          f"schreiben {f(write_s)} s ({f(write_s / k)} s je 1.000) | lesen {f(read_s)} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL", ""),
                        help="Admin-URL eines PostgreSQL-Servers (eine Datenbank wird angelegt und gelöscht)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ds = load_dataset(REPO / "data")
    cases = [("34", sample_case(ds)), ("11.000", synthetic_case(ds, 11_000))]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for _name, case in cases:
            bench("SQLite", f"sqlite:///{Path(tmp) / f'{uuid.uuid4().hex}.sqlite'}", ds, case, args.runs)
        if args.postgres:
            admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            for _name, case in cases:
                db = "bench_" + uuid.uuid4().hex[:10]
                with admin.connect() as c:
                    c.exec_driver_sql(f'CREATE DATABASE "{db}"')
                try:
                    url = sa.engine.make_url(args.postgres).set(database=db).render_as_string(hide_password=False)
                    bench("PostgreSQL", url, ds, case, args.runs)
                finally:
                    with admin.connect() as c:
                        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            admin.dispose()
        else:
            print("PostgreSQL: nicht gemessen (--postgres URL oder TEST_POSTGRES_URL setzen).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
