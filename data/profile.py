"""The municipality profile: find a unit, its facts, its answers beside its peers, who is further along,
and the building blocks recommended from its answers. Pure functions over the Dataset."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from data.baukasten import Block, Catalogue
from data.disclosure import PLURAL, WaveDisclosure
from data.model import haversine_km
from data.survey import result_of

# Prefixes people leave out when they search ("Wittenberg" for "Lutherstadt Wittenberg").
_PREFIXES = ("lutherstadt ", "hansestadt ", "stadt ", "gemeinde ", "verbandsgemeinde ", "vg ", "landeshauptstadt ")
# Questions whose options run from "not yet" to "done": later options are further along.
CORE_QUESTIONS = ("digitalstrategie", "digitalisierungszentrum", "investitionen")


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


MAX_QUERY = 100  # characters of a search read: the longest name has 44, and a pasted megabyte costs nothing


def search(query: str, entries: list[Match], limit: int = 8) -> list[Match]:
    """Ranked matches: exact, then prefix, then substring, then similar spelling (typos). Only the first
    MAX_QUERY characters of the query count (the widget's limit is the browser's; this one is the server's)."""
    q = normalise(query[:MAX_QUERY])
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
    n: int  # answering units counted (the unit itself included, if it answered – nobody can tell)
    table: pd.DataFrame | None  # option, count, share; None when not shown
    reason: str = ""
    note: str = ""  # which larger group is shown, when the group alone could not be counted


def peer_groups(wd: WaveDisclosure, unit_key: str, question_id: str, units: pd.DataFrame) -> list[PeerGroup]:
    """The answers of the unit's peers – same size class, same district, all of Saxony-Anhalt – as the
    public figures of those selections (data.disclosure: covers, the same for every visitor). The unit is
    not left out: a figure without it beside the figure with it would give its answer away."""
    u = units.set_index("unit_key")
    if unit_key not in u.index:
        return []
    me = u.loc[unit_key]
    district = (f"Landkreis {me['district_name']}" if not str(me["district_key"]).startswith("1500")
                else str(me["district_name"]))
    groups = [
        (PLURAL.get(me["size_class"], me["size_class"]), units.loc[units["size_class"] == me["size_class"], "unit_key"]),
        (district, units.loc[units["district_key"] == me["district_key"], "unit_key"]),
        ("Sachsen-Anhalt", units["unit_key"]),
    ]
    out = []
    for label, members in groups:
        r = result_of(wd.figure(question_id, set(members)))
        if r.suppressed:
            out.append(PeerGroup(label, 0, None, r.reason))
            continue
        note = "" if r.exact else f"{label}: gezeigt werden {r.scope} (n = {r.n}), weil für diese Gruppe allein " \
                                  "zu wenige Antworten vorliegen."
        out.append(PeerGroup(label, r.n, r.table, "", note))
    return out


def progress_rank(question: pd.Series, answer: str) -> int:
    """Position of an answer on the question's ordered scale (later options are further along)."""
    opts = list(question["options"])
    return opts.index(answer) if answer in opts else -1


def further_along(unit_key: str, question: pd.Series, units: pd.DataFrame, responses: pd.DataFrame,
                  named: frozenset[str], own: tuple[str, ...] | None, limit: int = 10) -> pd.DataFrame:
    """Units of the same size class whose answer is further along than the unit's own, nearest first – only
    units whose answers may be named (`named`, data.disclosure). `own`: the unit's own answer when the viewer
    may see it; otherwise (None) every named unit past the first step, so the list never hints at it."""
    columns = ["unit_key", "name", "district_name", "answer", "km", "lat", "lon"]
    u = units.set_index("unit_key")
    if unit_key not in u.index or question["type"] != "single":
        return pd.DataFrame(columns=columns)
    me = u.loc[unit_key]
    qid = question["id"]
    floor = progress_rank(question, own[0]) if own else 0
    sel = responses[(responses["question_id"] == qid) & (responses["unit_key"] != unit_key)
                    & responses["unit_key"].isin(named)]
    sel = sel[sel["answer"].map(lambda a: progress_rank(question, a)) > floor]
    peers = units[units["unit_key"].isin(sel["unit_key"]) & (units["size_class"] == me["size_class"])]
    out = peers.merge(sel[["unit_key", "answer"]], on="unit_key")
    out["km"] = haversine_km(me["lat"], me["lon"], out["lat"].to_numpy(), out["lon"].to_numpy())
    return out.sort_values(["km", "name"])[columns].head(limit).reset_index(drop=True)


@dataclass(frozen=True)
class Recommendation:
    block: Block
    reasons: tuple[str, ...]


def _short(question_text: str) -> str:
    return question_text.rstrip("?")


NO_ANSWERS = "keine Angaben aus der Befragung – ein guter erster Schritt."
ANSWERS_NOT_SHOWN = "ein guter erster Schritt für Kommunen dieser Größe."


def first_step_reason(question_text: str, answers_known: bool) -> str:
    """Why a block is a first step when no answers are known or shown: the question it answers, so that
    three steps do not give the same reason three times."""
    return f"Zur Frage „{_short(question_text)}?“: " + (NO_ANSWERS if answers_known else ANSWERS_NOT_SHOWN)


def recommendations(unit_key: str, size_class: str, answers: dict[str, tuple[str, ...]] | None,
                    questions: pd.DataFrame, catalogue: Catalogue) -> list[Recommendation]:
    """Blocks addressed to municipalities whose trigger answers match, suited to the size class.

    A unit without answers gets the blocks linked to the three questions of the 2023 questionnaire, with the
    reason that no answers are known. `answers` None: the viewer may not see them – the same first steps,
    with a reason that says nothing about them.
    """
    texts = dict(zip(questions["id"], questions["text"]))
    out = []
    for block in catalogue.blocks:
        if "Kommune" not in block.addressees or size_class not in block.size_classes:
            continue
        reasons = []
        if answers:
            for c in block.recommended_if:
                given = answers.get(c.question_id, ())
                hits = [a for a in given if a in c.answers]
                if hits:
                    reasons.append(f"{_short(texts.get(c.question_id, c.question_id))}? – „{' · '.join(hits)}“")
            done = any(a in c.answers for c in block.done_if for a in answers.get(c.question_id, ()))
            if reasons and not done:
                out.append(Recommendation(block, tuple(reasons)))
        else:
            core = [c.question_id for c in block.recommended_if if c.question_id in CORE_QUESTIONS]
            if core:
                out.append(Recommendation(block, (first_step_reason(texts.get(core[0], core[0]),
                                                                    answers is not None),)))
    return out


def units_doing(block: Block, responses: pd.DataFrame, units: pd.DataFrame, named: frozenset[str],
                only_participants: bool = True) -> list[str]:
    """Names of (participating) units that answered that they already do what the block describes – only
    units whose answers may be named (`named`, data.disclosure)."""
    keys = set()
    for c in block.done_if:
        sel = responses[(responses["question_id"] == c.question_id) & responses["answer"].isin(c.answers)]
        keys |= set(sel["unit_key"])
    u = units[units["unit_key"].isin(keys & set(named))]
    if only_participants:
        u = u[u["registered"]]
    return sorted(u["name"])
