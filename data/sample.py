"""Generate the sample answers (Beispieldaten) in data/responses.csv, deterministically.

The real answers of the 2023 questionnaire are not public. This script writes 34 plausible responding
units: most registered participants plus further units, with larger units more often further along.
Run: python -m data.sample [--data-dir DIR] [--seed 2023]
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from data.loading import DEFAULT_DATA_DIR, load_municipalities, load_participants, load_questions
from data.model import build_units

N_RESPONDENTS = 34
N_REGISTERED_RESPONDING = 19

# Probability weights of being further along, by size class (index into the ordered options).
PROGRESS = {"Großstadt": 0.85, "Mittelstadt": 0.6, "Kleinstadt": 0.4, "Landgemeinde": 0.25}


def _ordered_choice(rng: random.Random, options: tuple[str, ...], progress: float) -> str:
    """Pick an option of an ordered scale; `progress` in 0..1 shifts the choice towards the last option."""
    k = len(options)
    weights = [(1 - progress) ** (k - 1 - i) * progress ** i + 0.05 for i in range(k)]
    return rng.choices(options, weights=weights)[0]


def generate(data_dir: Path, seed: int = 2023) -> list[tuple[str, str, str]]:
    municipalities = load_municipalities(data_dir / "municipalities.csv")
    participants = load_participants(data_dir / "participants.csv", municipalities)
    questions = load_questions(data_dir / "questions.csv")
    units = build_units(municipalities).set_index("unit_key")
    rng = random.Random(seed)

    registered = sorted(participants["unit_key"])
    chosen = rng.sample(registered, N_REGISTERED_RESPONDING)
    others = sorted(set(units.index) - set(registered))
    weights = [units.at[k, "population"] ** 0.5 for k in others]
    while len(chosen) < N_RESPONDENTS:
        pick = rng.choices(others, weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)

    rows = []
    for key in sorted(chosen):
        unit = units.loc[key]
        progress = PROGRESS[unit["size_class"]] + (0.1 if key in registered else 0.0)
        progress = min(0.95, max(0.05, progress + rng.uniform(-0.15, 0.15)))
        answers: dict[str, str] = {}
        for q in questions.itertuples():
            if q.type == "single":
                answer = _ordered_choice(rng, q.options, progress)
            else:
                real = [o for o in q.options if o != "Keine"]
                picked = [o for o in real if rng.random() < progress * 0.6]
                if not picked:
                    picked = ["Keine"] if "Keine" in q.options else [rng.choice(real)]
                answer = "|".join(picked)
            # Units with an adopted strategy have mostly started investing too.
            if q.id == "investitionen" and answers.get("digitalstrategie") == "Ja" and rng.random() < 0.8:
                answer = "Ja"
            answers[q.id] = answer
            rows.append((key, q.id, answer))
    return rows


def write(rows: list[tuple[str, str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["unit_key", "question_id", "answer"])
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.sample", description="Beispieldaten erzeugen")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args(argv)
    rows = generate(args.data_dir, args.seed)
    write(rows, args.data_dir / "responses.csv")
    units = len({r[0] for r in rows})
    print(f"{len(rows)} Antworten von {units} Einheiten nach {args.data_dir / 'responses.csv'} geschrieben "
          "(Beispieldaten).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
