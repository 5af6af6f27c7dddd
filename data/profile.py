"""The municipality profile: find a unit, its facts, its answers beside its peers, who is further along,
and the building blocks recommended from its answers. Pure functions over the Dataset."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from data.baukasten import Block, Catalogue
from data.model import haversine_km
from data.survey import MIN_GROUP

# Prefixes people leave out when they search ("Wittenberg" for "Lutherstadt Wittenberg").
_PREFIXES = ("lutherstadt ", "hansestadt ", "stadt ", "gemeinde ", "verbandsgemeinde ", "vg ", "landeshauptstadt ")
# Questions whose options run from "not yet" to "done": later options are further along.
CORE_QUESTIONS = ("digitalstrategie", "digitalisierungszentrum", "investitionen")
PLURAL = {"Großstadt": "Großstädte", "Mittelstadt": "Mittelstädte", "Kleinstadt": "Kleinstädte",
          "Landgemeinde": "Landgemeinden"}


def normalise(text: str) -> str:
    """Lower case, umlauts and ß folded (also their ae/oe/ue spellings), prefixes and punctuation removed."""
    t = text.casefold().replace("ß", "ss")
    t = t.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    t = t.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            p = p.replace("ue", "u")
            if t.startswith(p):
                t = t[len(p):]
                changed = True
    return t


@dataclass(frozen=True)
class Match:
    key: str  # what was found: an AGS or a VG key
    label: str
    unit_key: str  # the profile it leads to
    note: str = ""  # e.g. "gehört zur Verbandsgemeinde …"


def search_entries(municipalities: pd.DataFrame, units: pd.DataFrame) -> list[Match]:
    """Everything the search box can find: each unit, and each VG member leading to its VG."""
    entries = [Match(k, n, k) for k, n in zip(units["unit_key"], units["name"])]
    members = municipalities[municipalities["vg_key"].notna()]
    for ags, name, vg_key, vg_name in zip(members["ags"], members["name"], members["vg_key"], members["vg_name"]):
        entries.append(Match(ags, name, vg_key, f"gehört zur {vg_name}"))
    return entries


def search(query: str, entries: list[Match], limit: int = 8) -> list[Match]:
    """Ranked matches: exact, then prefix, then substring, then similar spelling (typos)."""
    q = normalise(query)
    if not q:
        return []
    scored = []
    for e in entries:
        n = normalise(e.label)
        if n == q:
            score = 0
        elif n.startswith(q):
            score = 1
        elif f" {q}" in f" {n}":
            score = 2
        elif q in n:
            score = 3
        else:
            ratio = difflib.SequenceMatcher(None, q, n).ratio()
            if ratio < 0.8:
                continue
            score = 4 + (1 - ratio)
        scored.append((score, len(n), e.label, e))
    scored.sort(key=lambda s: (s[0], s[1], s[2]))
    return [s[3] for s in scored[:limit]]


@dataclass(frozen=True)
class Facts:
    unit_key: str
    name: str
    kind: str
    district_name: str
    district_key: str
    members: tuple[str, ...]
    population: int
    population_date: pd.Timestamp | None
    area_km2: float
    density: float
    size_class: str
    registered: bool
    answered: bool
    lat: float
    lon: float


def facts(unit_key: str, units: pd.DataFrame, municipalities: pd.DataFrame) -> Facts | None:
    u = units[units["unit_key"] == unit_key]
    if u.empty:
        return None
    u = u.iloc[0]
    members = tuple(municipalities.loc[municipalities["unit_key"] == unit_key, "name"]) \
        if u["kind"] == "Verbandsgemeinde" else ()
    dates = municipalities.loc[municipalities["unit_key"] == unit_key, "population_date"]
    return Facts(
        unit_key=unit_key, name=u["name"], kind=u["kind"], district_name=u["district_name"],
        district_key=u["district_key"], members=members, population=int(u["population"]),
        population_date=dates.max() if len(dates) else None, area_km2=float(u["area_km2"]),
        density=float(u["population"]) / float(u["area_km2"]), size_class=u["size_class"],
        registered=bool(u["registered"]), answered=bool(u["answered"]), lat=float(u["lat"]), lon=float(u["lon"]),
    )


def nearby_workshops(f: Facts, workshops: pd.DataFrame) -> pd.DataFrame:
    """Workshops by distance from the unit (km, rounded)."""
    w = workshops.copy()
    w["km"] = haversine_km(f.lat, f.lon, w["lat"].to_numpy(), w["lon"].to_numpy())
    return w.sort_values(["km", "number"]).reset_index(drop=True)


def answers_of(unit_key: str, responses: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    sel = responses[responses["unit_key"] == unit_key]
    return {q: tuple(g["answer"]) for q, g in sel.groupby("question_id", sort=False)}


@dataclass(frozen=True)
class PeerGroup:
    label: str
    n: int  # other answering units in the group (the unit itself excluded)
    table: pd.DataFrame | None  # option, count, share; None when suppressed
    reason: str = ""


def peer_groups(unit_key: str, question: pd.Series, units: pd.DataFrame, responses: pd.DataFrame) -> list[PeerGroup]:
    """The answers of the unit's peers: same size class, same district, all of Saxony-Anhalt.

    The unit itself is left out, and a group is not shown when it has fewer than MIN_GROUP other answering
    units or when all of them gave the same answer: knowing one's own answer, such a distribution would
    reveal another municipality's answer.
    """
    u = units.set_index("unit_key")
    if unit_key not in u.index:
        return []
    me = u.loc[unit_key]
    qid = question["id"]
    answered = responses[responses["question_id"] == qid]
    groups = [
        (PLURAL.get(me["size_class"], me["size_class"]), set(units.loc[units["size_class"] == me["size_class"],
                                                                        "unit_key"])),
        (f"Kreis {me['district_name']}", set(units.loc[units["district_key"] == me["district_key"], "unit_key"])),
        ("Sachsen-Anhalt", set(units["unit_key"])),
    ]
    out = []
    for label, members in groups:
        others = members - {unit_key}
        sel = answered[answered["unit_key"].isin(others)]
        n = int(sel["unit_key"].nunique())
        if n < MIN_GROUP:
            out.append(PeerGroup(label, n, None, "zu wenige andere Antworten"))
            continue
        counts = sel.groupby("answer").size().reindex(list(question["options"]), fill_value=0)
        if int(counts.max()) == n:
            # Everyone else gave the same answer: the distribution would reveal each of them.
            out.append(PeerGroup(label, n, None, "alle anderen gleich – würde einzelne Antworten zeigen"))
            continue
        table = pd.DataFrame({"option": list(question["options"]), "count": counts.to_numpy().astype(int),
                              "share": counts.to_numpy() / n})
        out.append(PeerGroup(label, n, table))
    return out


def progress_rank(question: pd.Series, answer: str) -> int:
    """Position of an answer on the question's ordered scale (later options are further along)."""
    opts = list(question["options"])
    return opts.index(answer) if answer in opts else -1


def further_along(unit_key: str, question: pd.Series, units: pd.DataFrame, responses: pd.DataFrame,
                  limit: int = 10) -> pd.DataFrame:
    """Units of the same size class whose answer is further along than the unit's own, nearest first."""
    u = units.set_index("unit_key")
    if unit_key not in u.index or question["type"] != "single":
        return pd.DataFrame(columns=["unit_key", "name", "district_name", "answer", "km", "lat", "lon"])
    me = u.loc[unit_key]
    qid = question["id"]
    own = responses[(responses["question_id"] == qid) & (responses["unit_key"] == unit_key)]["answer"]
    own_rank = progress_rank(question, own.iloc[0]) if len(own) else -1
    sel = responses[(responses["question_id"] == qid) & (responses["unit_key"] != unit_key)]
    sel = sel[sel["answer"].map(lambda a: progress_rank(question, a)) > max(own_rank, 0 if own_rank < 0 else own_rank)]
    peers = units[units["unit_key"].isin(sel["unit_key"]) & (units["size_class"] == me["size_class"])]
    out = peers.merge(sel[["unit_key", "answer"]], on="unit_key")
    out["km"] = haversine_km(me["lat"], me["lon"], out["lat"].to_numpy(), out["lon"].to_numpy())
    return out.sort_values("km")[["unit_key", "name", "district_name", "answer", "km", "lat", "lon"]] \
        .head(limit).reset_index(drop=True)


@dataclass(frozen=True)
class Recommendation:
    block: Block
    reasons: tuple[str, ...]


def _short(question_text: str) -> str:
    return question_text.rstrip("?")


def recommendations(unit_key: str, size_class: str, answers: dict[str, tuple[str, ...]], questions: pd.DataFrame,
                    catalogue: Catalogue) -> list[Recommendation]:
    """Blocks addressed to municipalities whose trigger answers match, suited to the size class.

    A unit without answers gets the blocks linked to the three questions of the 2023 questionnaire,
    with the reason that no answers are known.
    """
    texts = dict(zip(questions["id"], questions["text"]))
    out = []
    for block in catalogue.blocks:
        if "Kommune" not in block.adressaten or size_class not in block.groessenklassen:
            continue
        reasons = []
        if answers:
            for c in block.empfohlen_wenn:
                given = answers.get(c.question_id, ())
                hits = [a for a in given if a in c.answers]
                if hits:
                    reasons.append(f"{_short(texts.get(c.question_id, c.question_id))}? – „{' · '.join(hits)}“")
            done = any(a in c.answers for c in block.umgesetzt_wenn for a in answers.get(c.question_id, ()))
            if reasons and not done:
                out.append(Recommendation(block, tuple(reasons)))
        elif any(c.question_id in CORE_QUESTIONS for c in block.empfohlen_wenn):
            out.append(Recommendation(block, ("Keine Angaben aus der Befragung – ein guter erster Schritt.",)))
    return out


def units_doing(block: Block, responses: pd.DataFrame, units: pd.DataFrame, only_participants: bool = True) -> list[str]:
    """Names of (participating) units that answered that they already do what the block describes."""
    keys = set()
    for c in block.umgesetzt_wenn:
        sel = responses[(responses["question_id"] == c.question_id) & responses["answer"].isin(c.answers)]
        keys |= set(sel["unit_key"])
    u = units[units["unit_key"].isin(keys)]
    if only_participants:
        u = u[u["registered"]]
    return sorted(u["name"])
