"""Test datasets for the disclosure rule: the shipped units and districts of Saxony-Anhalt with answers made
up to attack it (a district with one or two respondents, a size class with one, fully answered districts,
homogeneous answers, answers missing per question, released units), and the URL selections to try."""
from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.disclosure import NAMED, Policy, Selection, WaveDisclosure, geography_of
from data.filters import Choices, filter_units
from data.loading import Dataset, load_dataset
from views.url import parse_query_params

REPO = Path(__file__).resolve().parents[1]

OPTIONS = ("Nein", "Ja, in Erarbeitung", "Ja")
MULTI_OPTIONS = ("Energie", "Verkehr", "Handel")
QUESTIONS = pd.DataFrame({
    "id": ["strategie", "themen"], "order": [1, 2], "theme": ["Strategie und Organisation"] * 2,
    "type": ["single", "multi"], "text": ["Strategie?", "Themen?"], "options": [OPTIONS, MULTI_OPTIONS],
    "origin": ["Beispielfrage"] * 2,
})

@functools.lru_cache(maxsize=1)
def shipped() -> Dataset:
    """The shipped data folder, loaded once per test session (read-only)."""
    return load_dataset(REPO / "data")


def responses(answers: dict[str, str | list[str]], question_id: str = "strategie") -> pd.DataFrame:
    rows = []
    for unit, a in answers.items():
        for option in ([a] if isinstance(a, str) else a):
            rows.append((unit, question_id, option))
    return pd.DataFrame(rows, columns=["unit_key", "question_id", "answer"])


@dataclass(frozen=True)
class Case:
    name: str
    responses: pd.DataFrame
    policy: Policy = Policy()


def units_where(ds: Dataset, district: str | None = None, size: str | None = None) -> list[str]:
    u = ds.units
    if district:
        u = u[u["district_key"] == district]
    if size:
        u = u[u["size_class"] == size]
    return sorted(u["unit_key"])


def _answers(keys, rng: random.Random, homogeneous: bool = False) -> pd.DataFrame:
    frames = []
    for k in keys:
        single = "Ja" if homogeneous else rng.choice(OPTIONS)
        multi = ["Energie"] if homogeneous else rng.sample(MULTI_OPTIONS, rng.randint(1, 3))
        frames.append((k, "strategie", single))
        frames += [(k, "themen", m) for m in multi]
    return pd.DataFrame(frames, columns=["unit_key", "question_id", "answer"])


def adversarial_cases() -> list[Case]:
    """Answer sets built to break small-group protection."""
    ds = shipped()
    rng = random.Random(11)
    everyone = sorted(ds.units["unit_key"])
    cases = [Case("shipped sample", ds.responses[ds.responses["question_id"].isin(["digitalstrategie"])]
                  .assign(question_id="strategie"))]
    # The Halle case: four small towns in Börde, Halle alone in its district.
    boerde = units_where(ds, "15083", "Kleinstadt")[:4]
    base = boerde + ["15002000"] + rng.sample(everyone, 20)
    cases.append(Case("halle", _answers(sorted(set(base)), rng)))
    # A district with exactly one respondent and one with exactly two; Großstadt with one.
    one = units_where(ds, "15090")[:1]
    two = units_where(ds, "15085")[:2]
    rest = [k for k in everyone if ds.units.set_index("unit_key").at[k, "district_key"] not in ("15090", "15085")]
    cases.append(Case("one and two", _answers(sorted(set(one + two + rng.sample(rest, 25) + ["15003000"])), rng)))
    # Fully answered district blocks (every Mittelstadt of Salzlandkreis, every unit of Harz).
    full = units_where(ds, "15089", "Mittelstadt") + units_where(ds, "15085")
    cases.append(Case("full districts", _answers(sorted(set(full + rng.sample(everyone, 15))), rng, homogeneous=True)))
    # Homogeneous answers everywhere.
    cases.append(Case("homogeneous", _answers(sorted(rng.sample(everyone, 30)), rng, homogeneous=True)))
    # Three and two respondents in the whole state.
    cases.append(Case("three in the state", _answers(["15003000", "15083040", "15091375"], rng)))
    cases.append(Case("two in the state", _answers(["15003000", "15083040"], rng)))
    # Everyone answered: nobody's participation is hidden – nothing may be shown.
    cases.append(Case("everyone", _answers(everyone, rng)))
    # Answers missing per question: the theme question skipped by a random third.
    r = _answers(sorted(rng.sample(everyone, 40)), rng)
    skip = set(rng.sample(sorted(set(r["unit_key"])), 14))
    cases.append(Case("item nonresponse", r[~((r["question_id"] == "themen") & r["unit_key"].isin(skip))]))
    # Named publication: released units do not count toward three; one cell of released units only.
    named_units = sorted(rng.sample(everyone, 35))
    released = frozenset(named_units[:12]) | frozenset(units_where(ds, "15001"))
    cases.append(Case("namentlich", _answers(sorted(set(named_units) | set(units_where(ds, "15001"))), rng),
                      Policy(NAMED, released)))
    for seed in range(6):
        rs = random.Random(100 + seed)
        rate = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8][seed]
        keys = sorted(k for k in everyone if rs.random() < rate)
        cases.append(Case(f"random {rate}", _answers(keys, rs)))
    return cases


def disclosure(case: Case, key: str = "2023") -> WaveDisclosure:
    ds = shipped()
    return WaveDisclosure(key, geography_of(ds), case.responses, QUESTIONS, case.policy)


def url_selections(limit_pairs: int = 120) -> list[tuple[dict, Selection]]:
    """Every filter selection a URL can reach, within reason: nothing, each district and each pair, each size
    class and each pair, district × size class, each single municipality (also VG members), pairs of
    municipalities. Parsed through the real URL parser."""
    ds = shipped()
    choices = Choices.from_data(ds.units, ds.municipalities, ds.districts)
    districts = sorted(choices.districts)
    sizes = list(choices.sizes)
    params: list[dict] = [{}]
    params += [{"kreis": [d]} for d in districts]
    params += [{"kreis": list(p)} for p in itertools.combinations(districts, 2)]
    params += [{"groesse": [s]} for s in sizes]
    params += [{"groesse": list(p)} for p in itertools.combinations(sizes, 2)]
    params += [{"kreis": [d], "groesse": [s]} for d in districts for s in sizes]
    params += [{"kommune": [k]} for k in sorted(choices.units)]
    rng = random.Random(5)
    pairs = list(itertools.combinations(sorted(ds.units["unit_key"]), 2))
    params += [{"kommune": list(p)} for p in rng.sample(pairs, limit_pairs)]
    out = []
    for p in params:
        parsed = parse_query_params(p, choices)
        assert not parsed.notices, (p, parsed.notices)
        units = filter_units(ds.units, parsed.filters, ds.municipalities)
        out.append((p, Selection.of(units["unit_key"], by_name=bool(parsed.filters.units))))
    return out


# --- a toy state, small enough to work every figure out by hand -----------------------------------------

def toy_geography(units: list[tuple[str, str, str]], regions: list[tuple[str, list[str], list[str]]] | None = None):
    """units: (key, size class, district). regions: (name, districts, neighbours); default: one region
    "Nord" (districts N1, N2) and one region "Süd" (S1), neighbours of each other."""
    from data.disclosure import Geography, Region, Regions

    regions = regions or [("Nord", ["N1", "N2"], ["Süd"]), ("Süd", ["S1"], ["Nord"])]
    return Geography(tuple(k for k, _, _ in units), {k: s for k, s, _ in units}, {k: d for k, _, d in units},
                     {d: f"Kreis {d}" for _, _, d in units}, frozenset(),
                     Regions(tuple(Region(n, tuple(ds_), tuple(nb)) for n, ds_, nb in regions)))


def toy_units(spec: dict[tuple[str, str], int]) -> list[tuple[str, str, str]]:
    """{(district, size class): count} -> units named like "N1-K3"."""
    out = []
    for (district, size), count in spec.items():
        out += [(f"{district}-{size[0]}{i}", size, district) for i in range(1, count + 1)]
    return out
