"""Peak memory and time of the importer for each hostile file class, and for the largest files it accepts.

    python bench/import_limits.py [--only NAME]

Each case runs in a fresh process: the file is built there (tests/export_files.py, streamed into a zip so the
unpacked size never sits in memory), then the peak resident memory is reset (Linux /proc/self/clear_refs)
and `data.importer.check_bytes` – read, map, check, exactly what the page and the command line do – runs with
the shipped limits (data.import_read.LIMITS) unless the case says otherwise. Printed: file size, unpacked size
where it matters, wall time, peak memory above the process before reading, and the German refusal.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MB = 1024 * 1024


def _build(name: str):
    """(bytes, unpacked size in MB or None, Limits or None, what it is)."""
    from data.import_read import Limits
    from tests import export_files as ef

    if name == "shared-string":
        return ef.hostile_shared_string(800), 800, None, "xlsx: ein Text von 800 MB (Issue 16: 820 KB, 23 GB)"
    if name == "shared-string-streamed":
        return (ef.hostile_shared_string(800), 800, Limits(max_ratio=10**9, max_unpacked=4096 * MB),
                "dasselbe, Größen- und Packprüfung aus: Zeichen beim Entpacken gezählt")
    if name == "xfd-rows":
        return ef.hostile_wide_rows(60_000), None, None, "xlsx: 60.000 Zeilen bis Spalte XFD (Issue 16: 13 GB, 125 s)"
    if name == "xfd-rows-no-dimension":
        return (ef.hostile_wide_rows(60_000, dimension=False), None, None,
                "dasselbe ohne <dimension> (erste Zelle jenseits der Grenze)")
    if name == "wide-csv":
        return ef.hostile_wide_csv(50_000), None, None, "CSV: 50.000 Spalten (Issue 16: 42 s, Seite > 10 min)"
    if name == "zip-bomb":
        return ef.hostile_zip_bomb(3000), 3000, None, "xlsx: Tabellenblatt entpackt 3 GB"
    if name == "zip-bomb-streamed":
        return (ef.hostile_zip_bomb(3000), 3000, Limits(max_ratio=10**9, max_unpacked=4096 * MB),
                "dasselbe, Größen- und Packprüfung aus: Zeitgrenze")
    if name == "zip-forged-size":
        return (ef.hostile_zip_bomb(1000, declared=1024), 1000, None,
                "xlsx: 1 GB, im Zip-Verzeichnis als 1 KB ausgegeben")
    if name == "many-strings":
        return ef.hostile_many_strings(1_200_000), None, None, "xlsx: 1,2 Mio. verschiedene Texte"
    if name == "accepted-xlsx":
        return _accepted_xlsx(), None, None, "zulässig: xlsx 15.000 Zeilen × 20 Spalten (300.000 Zellen)"
    if name == "entities":
        return ef.hostile_entities(), None, None, "xlsx: verschachtelte Entitäten (DTD)"
    if name == "long-csv":
        return ef.hostile_long_csv(700_000), None, None, "CSV: 700.000 Zeilen (10 MB)"
    if name == "long-cell":
        return ef.hostile_long_cell(10 * MB - 64), None, None, "CSV: eine Zelle mit 10 Mio. Zeichen"
    if name == "accepted-rows":
        return _accepted_rows(), None, None, "zulässig: 50.000 Zeilen × 3 Spalten (AGS, zwei Fragen)"
    if name == "accepted-wide":
        return _accepted_wide(), None, None, "zulässig: 1.000 Spalten × 250 Zeilen (alle offen)"
    raise SystemExit(f"unbekannter Fall {name}")


def _accepted_rows() -> bytes:
    import pandas as pd

    from data.loading import load_dataset

    ds = load_dataset(REPO / "data")
    keys = list(pd.concat([ds.municipalities["ags"]]))
    lines = ["AGS;digitalstrategie;investitionen"]
    for i in range(50_000):
        lines.append(f"{keys[i % len(keys)]};{'Ja' if i % 3 else 'Nein'};{'Ja' if i % 2 else 'Nein'}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _accepted_xlsx() -> bytes:
    from tests import export_files as ef

    def chunks():
        yield ef.inline_row(1, {ef_col(i): f"Spalte {i}" for i in range(20)})
        for r in range(2, 15_002):
            yield f'<row r="{r}">' + "".join(f'<c r="{ef_col(i)}{r}"><v>{r + i}</v></c>' for i in range(20)) + "</row>"
    return ef.raw_xlsx(chunks())


def ef_col(i: int) -> str:
    from data.import_read import column_letters

    return column_letters(i)


def _accepted_wide() -> bytes:
    heads = ["AGS"] + [f"Zusatzfrage {i}" for i in range(999)]
    rows = [";".join(heads)] + [";".join(["15083040"] + ["x"] * 999) for _ in range(250)]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


CASES = ["shared-string", "shared-string-streamed", "xfd-rows", "xfd-rows-no-dimension", "wide-csv", "zip-bomb",
         "zip-bomb-streamed", "zip-forged-size", "many-strings", "entities", "long-csv", "long-cell",
         "accepted-rows", "accepted-wide", "accepted-xlsx"]


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def child(name: str) -> None:
    import gc

    from data import importer as imp
    from data.formatting import count_noun
    from data.import_read import LIMITS
    from data.loading import load_dataset

    ds = load_dataset(REPO / "data")
    data, unpacked, limits, what = _build(name)
    suffix = ".csv" if "csv" in name or name.startswith(("long", "accepted")) else ".xlsx"
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # peak RSS from here on
    before = _status("VmRSS")
    t0 = time.perf_counter()
    plan = imp.check_bytes(None, data, f"{name}{suffix}", "2025", ds.questions, ds.municipalities, ds.units,
                           limits=limits or LIMITS)
    seconds = time.perf_counter() - t0
    peak = _status("VmHWM") - before
    outcome = plan.problems[0].message if plan.problems else "gelesen"
    if name.startswith("accepted"):
        outcome = (f"gelesen und geprüft ({count_noun(len(plan.problems), 'Problem', 'Probleme')}, erwartet: offene "
                   "Spalten bzw. mehrfach genannte Kommunen)")
    print(json.dumps({"name": name, "what": what, "bytes": len(data), "unpacked": unpacked, "seconds": seconds,
                      "peak": peak, "before": before, "outcome": outcome}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=CASES)
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    from data.formatting import number

    print("Grenzen: data.import_read.LIMITS; jede Messung in einem frischen Prozess, Speicher = Spitze über dem "
          "Stand vor dem Lesen.\n")
    print(f"{'Fall':<72} {'Datei':>9} {'entpackt':>9} {'Zeit':>8} {'Speicher':>9}  Ergebnis")
    for name in [args.only] if args.only else CASES:
        out = subprocess.run([sys.executable, __file__, "--child", name], capture_output=True, text=True,
                             cwd=REPO, timeout=900)
        if out.returncode != 0:
            print(f"{name}: Fehler\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        size = f"{number(r['bytes'] / 1024)} KB" if r["bytes"] < MB else f"{number(r['bytes'] / MB, 1)} MB"
        unpacked = f"{number(r['unpacked'])} MB" if r["unpacked"] else "–"
        print(f"{r['what']:<72} {size:>9} {unpacked:>9} {number(r['seconds'], 2):>6} s "
              f"{number(r['peak'] / MB, 1):>6} MB  {r['outcome'][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
