"""Validate a data folder: python -m data.check [--data-dir DIR]

Prints a short summary, or every problem with file, line and column, and exits non-zero on problems.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.formatting import number, sample_mark
from data.loading import load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.check", description="Datenordner prüfen")
    parser.add_argument("--data-dir", type=Path, default=None, help="Datenordner (Standard: data/ bzw. $DATA_DIR)")
    args = parser.parse_args(argv)
    from data.loading import data_dir_from_env

    data_dir = (args.data_dir or data_dir_from_env()).resolve()
    if not data_dir.is_dir():
        print(f"Der Datenordner {data_dir} existiert nicht.", file=sys.stderr)
        return 2
    try:
        ds = load_dataset(data_dir)
    except Exception as exc:  # never show a traceback to a data maintainer
        print(f"Die Prüfung ist unerwartet abgebrochen: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    if ds.problems:
        print(f"{number(len(ds.problems))} Problem(e) in {data_dir}:", file=sys.stderr)
        for p in ds.problems:
            print(f"  – {p}", file=sys.stderr)
        return 1
    u = ds.units
    print(f"Datenordner {data_dir}: in Ordnung.")
    print(f"  Gemeinden:      {number(len(ds.municipalities))} in {number(len(ds.districts))} Kreisen")
    print(f"  Einheiten:      {number(len(u))} (davon {number(int((u['kind'] == 'Verbandsgemeinde').sum()))} "
          "Verbandsgemeinden)")
    print(f"  Angemeldet:     {number(int(u['registered'].sum()))} Einheiten")
    print(f"  Antworten:      {number(len(ds.responses))} von {number(ds.responses['unit_key'].nunique())} Einheiten"
          + sample_mark(ds.sample_data, "paren"))
    print(f"  Fragen:         {number(len(ds.questions))}")
    print(f"  Workshops:      {number(len(ds.workshops))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
