"""What the dashboard may show of whom – decided here and nowhere else. Never imports streamlit.

Aggregates (the same for every visitor, signed in or not)
    Every figure is computed on *cells*: a fixed partition of all units (Gemeinden and Verbandsgemeinden) per
    survey wave and question, independent of any filter. Cells are built size first – size groups across the
    state (Großstädte merge into the Mittelstädte, Landgemeinden into the Kleinstädte, and any group still too
    small into the next group) – then, inside a size group, by geography: a district's units form a cell if
    they can; the small districts of a planning region together; small rest groups with a neighbouring
    region's; and, as the last resort, with a cell nearby. A cell may be published when its *protected* units
    (those whose named answers are not public) include at least THRESHOLD units that answered and at least
    one that did not: then neither the answers of fewer than THRESHOLD units nor who answered can be read
    off it, even when all of them gave the same answer. A cell of released units only is public anyway.

    A filter selection is shown on its *cover*: the union of the cells it touches. If the cover is the
    selection, the figure is exact; otherwise the page says in one sentence which larger group is shown.
    So every figure – and every difference of two figures, whatever links, waves, pages or exports they come
    from – is a union of whole cells: the finest thing anyone can compute is one cell.

Named answers
    Only for units whose release the policy allows (wave published `namentlich` and the unit released),
    for signed-in staff, or for a municipality looking at its own profile through its access link.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data.formatting import number
from data.model import SIZE_CLASSES
from data.problems import DataError, Problem

THRESHOLD = 3

# --- publication policy --------------------------------------------------------------------------------

SUMMARISED = "zusammengefasst"
NAMED = "namentlich"
POLICIES = (SUMMARISED, NAMED)
POLICY_LABELS = {SUMMARISED: "zusammengefasst (nur Gruppen ab drei Kommunen)",
                 NAMED: "namentlich (freigegebene Kommunen mit Namen)"}


@dataclass(frozen=True)
class Policy:
    """How one wave is published: `mode` (zusammengefasst | namentlich) and the units that agreed to be
    named. Released units only become public in a `namentlich` wave."""

    mode: str = SUMMARISED
    released: frozenset[str] = frozenset()

    @property
    def public(self) -> frozenset[str]:
        return self.released if self.mode == NAMED else frozenset()


DEFAULT_POLICY = Policy()


def policy_mode(value: object) -> str:
    """A policy name from configuration; anything unknown is the safe default."""
    text = str(value or "").strip().lower()
    return text if text in POLICIES else SUMMARISED


# --- who is looking ------------------------------------------------------------------------------------

PUBLIC = "public"
MUNICIPALITY = "municipality"  # through its personal access link, for its own profile only
STAFF = "staff"  # signed in on the admin page


@dataclass(frozen=True)
class Viewer:
    role: str = PUBLIC
    unit_key: str | None = None
    name: str = ""

    def may_name(self, policy: Policy, unit_key: str) -> bool:
        """May this viewer see the answers of `unit_key` by name (in a wave published under `policy`)?"""
        if self.role == STAFF:
            return True
        if self.role == MUNICIPALITY and self.unit_key is not None and unit_key == self.unit_key:
            return True
        return unit_key in policy.public

    def named_units(self, policy: Policy, unit_keys: Iterable[str]) -> frozenset[str]:
        return frozenset(k for k in unit_keys if self.may_name(policy, k))


PUBLIC_VIEWER = Viewer()
OWN_ANSWERS_PAGE = "kommune"  # the one page where a municipality's access link shows its own answers


def viewer_on_page(v: Viewer, page: str) -> Viewer:
    """The viewer a page serves: a municipality's access link opens its own answers on its profile only; on
    every other page (participants, Baukasten, map …) it sees what the public sees, so that a page projected
    in a workshop never shows them by accident."""
    if v.role == MUNICIPALITY and page != OWN_ANSWERS_PAGE:
        return PUBLIC_VIEWER
    return v


def changed_units(before: pd.DataFrame, after: pd.DataFrame) -> frozenset[str]:
    """The units whose answers differ between two versions of a wave (added, removed or changed); both
    frames hold unit_key, question_id and answer."""
    def by_unit(frame: pd.DataFrame) -> dict[str, frozenset]:
        return {str(k): frozenset(zip(g["question_id"].astype(str), g["answer"].astype(str)))
                for k, g in frame.groupby("unit_key")}

    a, b = by_unit(before), by_unit(after)
    return frozenset(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def version_change_warning(before: pd.DataFrame | None, after: pd.DataFrame) -> str:
    """For staff before an import: a new version that changes the answers of fewer than THRESHOLD units lets
    anyone who compares figures saved before and after work those answers out ("" when it does not)."""
    if before is None or before.empty:
        return ""
    n = len(changed_units(before, after))
    if not 0 < n < THRESHOLD:
        return ""
    who = "1 Kommune" if n == 1 else f"{n} Kommunen"
    return (f"Diese Version ändert gegenüber der aktuellen nur die Antworten von {who}. Wer Zahlen von vorher und "
            f"nachher vergleicht, kann daraus deren Antworten errechnen. Besser: Nachmeldungen sammeln, bis es "
            f"mindestens {THRESHOLD} Kommunen sind.")


def why_not_named(policy: Policy) -> str:
    """One plain sentence why a municipality's own answers are not shown."""
    if policy.mode == NAMED:
        return ("Die Antworten dieser Kommune werden nicht namentlich gezeigt: Sie hat der Veröffentlichung "
                "nicht zugestimmt. Gezeigt werden nur Gruppen von mindestens drei Kommunen.")
    return ("Die Antworten einzelner Kommunen werden nicht namentlich gezeigt – die Befragung wird nur "
            "zusammengefasst veröffentlicht, in Gruppen von mindestens drei Kommunen.")


# --- planning regions ----------------------------------------------------------------------------------

REGIONS_FILE = "planning_regions.csv"
REGIONS_COLUMNS = ["region", "districts", "neighbours", "source"]
WHOLE_STATE = "Sachsen-Anhalt"


@dataclass(frozen=True)
class Region:
    name: str
    districts: tuple[str, ...]
    neighbours: tuple[str, ...]  # merge preference: longest common border first
    source: str = ""


@dataclass(frozen=True)
class Regions:
    regions: tuple[Region, ...]

    def region_of(self, district_key: str) -> Region:
        return next(r for r in self.regions if district_key in r.districts)

    def named(self, name: str) -> Region:
        return next(r for r in self.regions if r.name == name)


def single_region(district_keys: Iterable[str]) -> Regions:
    """The safe fallback when the planning regions cannot be read: the whole state as one region."""
    return Regions((Region(WHOLE_STATE, tuple(sorted(district_keys)), ()),))


def _text(value: object) -> str:
    """A CSV cell as text: empty cells come back as None or NaN."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def load_planning_regions(path: Path, district_keys: Iterable[str] | None = None) -> Regions:
    """Read and check planning_regions.csv: every district exactly once, known and symmetric neighbours,
    all regions connected. Raises DataError naming file, line and column."""
    from data.csvio import line_of, read_csv

    name = path.name
    frame = read_csv(path, REGIONS_COLUMNS)
    problems: list[Problem] = []
    known = set(district_keys) if district_keys is not None else None
    seen: dict[str, int] = {}
    regions = []
    for idx, row in frame.iterrows():
        line = line_of(idx)
        region = _text(row["region"])
        if not region:
            problems.append(Problem(name, line, "region", "Der Name der Planungsregion fehlt."))
            continue
        districts = tuple(d.strip() for d in _text(row["districts"]).split("|") if d.strip())
        if not districts:
            problems.append(Problem(name, line, "districts", f"Die Planungsregion „{region}“ nennt keinen Kreis."))
        for d in districts:
            if d in seen:
                problems.append(Problem(name, line, "districts",
                                        f"Der Kreis „{d}“ steht schon in Zeile {seen[d]}; jeder Kreis gehört zu "
                                        "genau einer Planungsregion."))
            elif known is not None and d not in known:
                problems.append(Problem(name, line, "districts", f"Den Kreisschlüssel „{d}“ gibt es in "
                                                                 "districts.csv nicht."))
            seen.setdefault(d, line)
        neighbours = tuple(n.strip() for n in _text(row["neighbours"]).split("|") if n.strip())
        regions.append((line, Region(region, districts, neighbours, _text(row["source"]))))
    if known is not None:
        for d in sorted(known - set(seen)):
            problems.append(Problem(name, None, "districts", f"Der Kreis „{d}“ gehört zu keiner Planungsregion."))
    names = [r.name for _, r in regions]
    for line, r in regions:
        if names.count(r.name) > 1:
            problems.append(Problem(name, line, "region", f"Die Planungsregion „{r.name}“ steht mehrfach in der Datei."))
        for n in r.neighbours:
            if n not in names:
                problems.append(Problem(name, line, "neighbours", f"Die Nachbarregion „{n}“ ist unbekannt."))
            elif n == r.name:
                problems.append(Problem(name, line, "neighbours", f"„{n}“ ist nicht ihr eigener Nachbar."))
            else:
                other = next(o for _, o in regions if o.name == n)
                if r.name not in other.neighbours:
                    problems.append(Problem(name, line, "neighbours",
                                            f"„{n}“ ist Nachbar von „{r.name}“, aber nicht umgekehrt."))
    if not problems and regions:
        reached, todo = set(), [regions[0][1].name]
        by_name = {r.name: r for _, r in regions}
        while todo:
            current = todo.pop()
            if current not in reached:
                reached.add(current)
                todo.extend(by_name[current].neighbours)
        if len(reached) < len(regions):
            problems.append(Problem(name, None, "neighbours", "Nicht alle Planungsregionen sind über Nachbarn "
                                                              "verbunden: " + ", ".join(sorted(set(names) - reached))
                                    + "."))
    if problems:
        raise DataError(problems)
    return Regions(tuple(r for _, r in regions))


def read_planning_regions(data_dir: Path, fallback_dir: Path,
                          district_keys: Iterable[str]) -> tuple[Regions, list[Problem]]:
    """The planning regions of the data folder (or, if it has none, the shipped file), checked against the
    districts. A broken file is reported and replaced by the whole state as one region – coarser, never
    less safe."""
    keys = list(district_keys)
    path = data_dir / REGIONS_FILE
    if not path.exists():
        path = fallback_dir / REGIONS_FILE
    try:
        return load_planning_regions(path, keys or None), []
    except DataError as exc:
        return single_region(keys), list(exc.problems)


# --- the units and where they are ----------------------------------------------------------------------

PLURAL = {"Großstadt": "Großstädte", "Mittelstadt": "Mittelstädte", "Kleinstadt": "Kleinstädte",
          "Landgemeinde": "Landgemeinden"}
_TOWN_PREFIX = {"Großstadt": "Groß", "Mittelstadt": "Mittel", "Kleinstadt": "Klein"}


@dataclass(frozen=True)
class Geography:
    """Every unit with its size class and district, the districts' names, and the planning regions."""

    units: tuple[str, ...]
    size_class: Mapping[str, str]
    district: Mapping[str, str]
    district_names: Mapping[str, str]
    city_districts: frozenset[str]  # kreisfreie Städte
    regions: Regions

    @classmethod
    def of(cls, units: pd.DataFrame, districts: pd.DataFrame, regions: Regions | None = None) -> Geography:
        keys = tuple(units["unit_key"])
        names = dict(zip(districts["district_key"], districts["name"])) if len(districts) else {}
        cities = frozenset(districts.loc[districts["type"].astype(str).str.startswith("Kreisfreie"), "district_key"]) \
            if len(districts) and "type" in districts else frozenset()
        district = dict(zip(units["unit_key"], units["district_key"]))
        all_districts = set(district.values())
        if regions is None or any(not any(d in r.districts for r in regions.regions) for d in all_districts):
            regions = single_region(all_districts)  # unknown districts: never finer than the state
        return cls(keys, dict(zip(units["unit_key"], units["size_class"])), district, names, cities, regions)

    def district_label(self, key: str) -> str:
        return self.district_names.get(key, key)


def size_group_label(classes: Sequence[str]) -> str:
    """"Kleinstädte", "Mittel- und Großstädte", "Kleinstädte und Landgemeinden", …"""
    classes = [c for c in SIZE_CLASSES if c in classes]
    if len(classes) == 1:
        return PLURAL.get(classes[0], classes[0])
    if len(classes) == len(SIZE_CLASSES):
        return "Kommunen aller Größenklassen"
    if classes == ["Großstadt", "Mittelstadt"]:
        return "Mittel- und Großstädte"
    towns = [c for c in classes if c in _TOWN_PREFIX]
    rural = "Landgemeinde" in classes
    if not towns:
        return PLURAL["Landgemeinde"]
    if len(towns) == 1:
        return PLURAL[towns[0]] + (" und Landgemeinden" if rural else "")
    head = ", ".join(_TOWN_PREFIX[c] + "-" for c in towns[:-1])
    if rural:
        return f"{head}, {PLURAL[towns[-1]]} und Landgemeinden"
    return f"{head} und {PLURAL[towns[-1]]}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


# --- cells ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SizeGroup:
    label: str
    classes: tuple[str, ...]
    units: frozenset[str]


@dataclass(frozen=True)
class Partition:
    """The cells of one wave and question (or of taking part at all): a partition of every unit."""

    geo: Geography
    respondents: frozenset[str]  # units that answered
    public: frozenset[str]  # units whose answers are public (released in a `namentlich` wave)
    groups: tuple[SizeGroup, ...]
    cells: tuple[frozenset[str], ...]
    shown: bool  # False when even the whole state is too small: nothing of it is shown
    cell_of: Mapping[str, int] = field(default_factory=dict)

    def cover(self, selection: Iterable[str]) -> frozenset[str]:
        """The union of the cells that contain a unit of `selection`."""
        ids = {self.cell_of[k] for k in selection if k in self.cell_of}
        out: set[str] = set()
        for i in ids:
            out |= self.cells[i]
        return frozenset(out)

    def answering(self, units: Iterable[str]) -> frozenset[str]:
        return self.respondents & frozenset(units)

    def describe(self, units: frozenset[str]) -> str:
        """A German name for a union of cells: "Kleinstädte in der Planungsregion Altmark und im Landkreis
        Börde sowie Mittel- und Großstädte in ganz Sachsen-Anhalt"."""
        parts = []
        complete = True
        for g in self.groups:
            inside = units & g.units
            if not inside:
                complete = False
                continue
            if inside == g.units:
                parts.append(f"{g.label} in ganz Sachsen-Anhalt")
                continue
            complete = False
            parts.append(f"{g.label} {self._where(inside, g.units)}")
        if complete and len(self.groups) > 1:
            return "alle Kommunen in Sachsen-Anhalt"
        if not parts:
            return "keine Kommunen"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " sowie " + parts[-1]

    def _where(self, inside: frozenset[str], group: frozenset[str]) -> str:
        geo = self.geo
        chosen = {geo.district[k] for k in inside}
        present = {geo.district[k] for k in group}
        regions, rest = [], []
        for r in geo.regions.regions:
            mine = [d for d in r.districts if d in present]
            if mine and all(d in chosen for d in mine) and r.name != WHOLE_STATE and len(mine) > 1:
                regions.append(r.name)
            else:
                rest += [d for d in r.districts if d in chosen]
        pieces = []
        if regions:
            pieces.append(("in der Planungsregion " if len(regions) == 1 else "in den Planungsregionen ")
                          + _join(regions))
        counties = [geo.district_label(d) for d in rest if d not in geo.city_districts]
        cities = [geo.district_label(d) for d in rest if d in geo.city_districts]
        if counties:
            pieces.append(("im Landkreis " if len(counties) == 1 else "in den Landkreisen ") + _join(counties))
        if cities:
            pieces.append("in " + _join(cities))
        return _join(pieces)


def _publishable(units: frozenset[str], respondents: frozenset[str], public: frozenset[str]) -> bool:
    """May a group of units be published as one cell?"""
    protected = units - public
    if not protected:
        return True  # only released units: their answers are public anyway
    answered = len(protected & respondents)
    # At least THRESHOLD answers, and at least one unit that did not answer: otherwise everyone in the cell
    # is known to have answered, and a cell whose units all gave the same answer would give each one away.
    return answered >= THRESHOLD and answered < len(protected)


def build_partition(geo: Geography, respondents: Iterable[str], public: Iterable[str] = ()) -> Partition:
    """The cells for one set of respondents. Deterministic, and independent of any filter."""
    resp = frozenset(respondents) & frozenset(geo.units)
    pub = frozenset(public) & frozenset(geo.units)

    def ok(units: frozenset[str]) -> bool:
        return _publishable(units, resp, pub)

    of_class = {c: frozenset(k for k in geo.units if geo.size_class.get(k) == c) for c in SIZE_CLASSES}
    classes = [c for c in SIZE_CLASSES if of_class[c]]
    groups: list[list[str]] = [[c] for c in classes]

    def group_units(g: list[str]) -> frozenset[str]:
        return frozenset().union(*(of_class[c] for c in g))

    def merge(i: int, j: int) -> None:
        merged = sorted(groups[i] + groups[j], key=SIZE_CLASSES.index)
        for k in sorted((i, j), reverse=True):
            groups.pop(k)
        groups.insert(min(i, j), merged)

    # Small outer classes join their neighbour ("Mittel- und Großstädte"), …
    for small, into in (("Großstadt", "Mittelstadt"), ("Landgemeinde", "Kleinstadt")):
        gi = next((i for i, g in enumerate(groups) if small in g), None)
        gj = next((i for i, g in enumerate(groups) if into in g), None)
        if gi is not None and gj is not None and gi != gj and not ok(group_units(groups[gi])):
            merge(gi, gj)
    # … and any group still too small joins the next one.
    while len(groups) > 1:
        small = next((i for i, g in enumerate(groups) if not ok(group_units(g))), None)
        if small is None:
            break
        merge(small, small + 1 if small + 1 < len(groups) else small - 1)

    size_groups = tuple(SizeGroup(size_group_label(g), tuple(g), group_units(g)) for g in groups)
    everyone = frozenset(geo.units)
    if not everyone or not ok(everyone):
        return Partition(geo, resp, pub, size_groups, (), False, {})
    cells: list[frozenset[str]] = []
    for g in size_groups:
        cells += _cells_of_group(geo, g.units, ok)
    if not all(ok(c) for c in cells):  # cannot happen for a publishable state; never show a small cell anyway
        return Partition(geo, resp, pub, size_groups, (), False, {})
    cell_of = {k: i for i, c in enumerate(cells) for k in c}
    return Partition(geo, resp, pub, size_groups, tuple(cells), True, cell_of)


def _cells_of_group(geo: Geography, units: frozenset[str], ok) -> list[frozenset[str]]:
    """Cells inside one size group: districts, then the small districts of a region together, then small
    rests with a neighbouring region's rest, then into the smallest cell nearby."""
    regions = geo.regions.regions
    region_index = {r.name: i for i, r in enumerate(regions)}
    block = {}
    for k in units:
        block.setdefault(geo.district[k], set()).add(k)
    cells: list[tuple[frozenset[str], frozenset[str]]] = []  # (units, region names)
    pending: list[tuple[frozenset[str], frozenset[str]]] = []
    for r in regions:
        rest: set[str] = set()
        for d in r.districts:
            if d not in block:
                continue
            b = frozenset(block[d])
            if ok(b):
                cells.append((b, frozenset({r.name})))
            else:
                rest |= b
        if rest:
            (cells if ok(frozenset(rest)) else pending).append((frozenset(rest), frozenset({r.name})))

    def order(item) -> tuple:
        units_, names = item
        return (len(units_), min(region_index[n] for n in names))

    def by_distance(names: frozenset[str]) -> list[list[str]]:
        """Regions around `names`, ring by ring (neighbour preference within a ring)."""
        rings, seen, ring = [], set(names), list(names)
        while ring:
            nxt = []
            for n in sorted(ring, key=region_index.get):
                for x in regions[region_index[n]].neighbours:
                    if x not in seen:
                        seen.add(x)
                        nxt.append(x)
            if nxt:
                rings.append(nxt)
            ring = nxt
        return rings

    def smallest_cell(scope: frozenset[str] | None):
        candidates = [c for c in cells if scope is None or c[1] & scope]
        return min(candidates, key=lambda c: (len(c[0]), sorted(c[0]))) if candidates else None

    while pending:
        pending.sort(key=order)
        units_p, names_p = pending.pop(0)
        rings = by_distance(names_p)
        # Nearest first: a small rest next door, a cell of the own regions, a cell next door, a small rest
        # further away, any cell.
        steps = [("pending", rings[0] if rings else []), ("cell", names_p), ("cell", rings[0] if rings else [])]
        steps += [("pending", ring) for ring in rings[1:]] + [("cell", None)]
        merged = False
        for kind, where in steps:
            if kind == "pending":
                partner = next((q for n in where for q in pending if n in q[1]), None)
                if partner is not None:
                    pending.remove(partner)
                    both = (units_p | partner[0], names_p | partner[1])
                    (cells if ok(both[0]) else pending).append(both)
                    merged = True
                    break
            else:
                target = smallest_cell(None if where is None else frozenset(where))
                if target is not None:
                    cells.remove(target)
                    cells.append((target[0] | units_p, target[1] | names_p))
                    merged = True
                    break
        if not merged:  # nothing else in this size group: the group itself (checked by the caller)
            cells.append((units_p, names_p))
    return [c[0] for c in cells]


# --- figures on covers ---------------------------------------------------------------------------------

REASON_NONE = "keine Kommune entspricht der Auswahl"
REASON_STATE = "in ganz Sachsen-Anhalt zu wenige Antworten, um Gruppen von mindestens drei Kommunen zu bilden"
REASON_SINGLE = "Zahlen für eine einzelne Kommune zeigt die Umfrage nicht – ihre Einordnung steht im Kommunenprofil"
REASON_BOTH = ("zu wenige Kommunen, die nur in einer der beiden Wellen geantwortet haben (oder in beiden), um "
               "die Gruppen ohne Rückschluss auf einzelne Kommunen zu vergleichen")


@dataclass(frozen=True)
class Selection:
    """The units a filter selects. `single_unit`: one municipality chosen by name (Kommune filter)."""

    units: frozenset[str]
    single_unit: bool = False

    @classmethod
    def of(cls, units: Iterable[str], by_name: bool = False) -> Selection:
        keys = frozenset(units)
        return cls(keys, by_name and len(keys) == 1)


def as_selection(selection: Selection | Iterable[str] | None, geo: Geography) -> Selection:
    if selection is None:
        return Selection(frozenset(geo.units))
    if isinstance(selection, Selection):
        return selection
    return Selection(frozenset(selection))


@dataclass(frozen=True)
class Scope:
    """What a figure for a selection is computed on."""

    shown: bool
    units: frozenset[str]  # the cover (all units, answering or not)
    respondents: frozenset[str]  # its answering units: n = len(respondents)
    exact: bool
    label: str = ""  # the cover's name when it is not exactly the selection
    reason: str = ""  # why nothing is shown

    @property
    def n(self) -> int:
        return len(self.respondents)

    @property
    def note(self) -> str:
        """One plain German sentence when the figure describes a larger group than the selection."""
        if not self.shown or self.exact:
            return ""
        return f"Gezeigt: {self.label} (n = {number(self.n)}) – für die Auswahl allein liegen zu wenige Antworten vor."


def scope_of(partition: Partition, selection: Selection | Iterable[str] | None) -> Scope:
    sel = as_selection(selection, partition.geo)
    units = sel.units & frozenset(partition.geo.units)
    if sel.single_unit:
        return Scope(False, frozenset(), frozenset(), False, reason=REASON_SINGLE)
    if not units:
        return Scope(False, frozenset(), frozenset(), False, reason=REASON_NONE)
    if not partition.shown:
        return Scope(False, frozenset(), frozenset(), False, reason=REASON_STATE)
    cover = partition.cover(units)
    exact = cover == units
    return Scope(True, cover, partition.answering(cover), exact, "" if exact else partition.describe(cover))


def answer_table(responses: pd.DataFrame, question_id: str, options: Sequence[str], units: Iterable[str]) -> pd.DataFrame:
    """option, count, share (of answering units) among `units`, in the options' order."""
    return _count(_by_unit(responses[responses["question_id"] == question_id]), options, units)


def _by_unit(answers: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """unit -> the options it chose (one question)."""
    out: dict[str, list[str]] = {}
    for unit, answer in zip(answers["unit_key"], answers["answer"]):
        out.setdefault(unit, []).append(answer)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _count(by_unit: Mapping[str, tuple[str, ...]], options: Sequence[str], units: Iterable[str]) -> pd.DataFrame:
    counts = dict.fromkeys(options, 0)
    n = 0
    for unit in set(units):
        chosen = by_unit.get(unit)
        if chosen is None:
            continue
        n += 1
        for a in chosen:
            if a in counts:
                counts[a] += 1
    values = [counts[o] for o in options]
    return pd.DataFrame({"option": list(options), "count": pd.array(values, dtype="int64"),
                         "share": [v / n if n else 0.0 for v in values]})


@dataclass(frozen=True)
class Figure:
    """The answers to one question on the cover of a selection. The table is counted when first asked for."""

    question_id: str
    scope: Scope
    options: tuple[str, ...]
    answers: Mapping[str, tuple[str, ...]] = field(repr=False)  # this question's answers: unit -> options

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """option, count, share (of answering units); empty when not shown."""
        t = _count(self.answers, self.options, self.scope.respondents if self.scope.shown else ())
        return t if self.scope.shown else t.iloc[0:0]

    @property
    def n(self) -> int:
        return self.scope.n if self.scope.shown else 0

    @property
    def shown(self) -> bool:
        return self.scope.shown


class WaveDisclosure:
    """The cells of one survey wave – one partition per question and one for taking part at all – and every
    aggregate of that wave. Immutable after construction; build once per data version and share."""

    def __init__(self, key: str, geo: Geography, responses: pd.DataFrame, questions: pd.DataFrame,
                 policy: Policy = DEFAULT_POLICY, sample_data: bool = False):
        self.key = str(key)
        self.geo = geo
        self.responses = responses
        self.policy = policy
        self.sample_data = sample_data
        self.options = {qid: tuple(opts) for qid, opts in zip(questions["id"], questions["options"])} \
            if len(questions) else {}
        self.types = dict(zip(questions["id"], questions["type"])) if len(questions) else {}
        units = frozenset(geo.units)
        public = policy.public & units
        self.participation = build_partition(geo, set(responses["unit_key"]) & units, public)
        grouped = {q: _by_unit(g) for q, g in responses.groupby("question_id")} if len(responses) else {}
        self._answers = {qid: grouped.get(qid, {}) for qid in self.options}
        self.partitions = {qid: build_partition(geo, set(self._answers[qid]) & units, public)
                           for qid in self.options}

    # --- taking part ---------------------------------------------------------------------------------

    def respondents(self, selection: Selection | Iterable[str] | None = None) -> Scope:
        """How many units of the selection answered the survey – on the cover, like every other figure."""
        return scope_of(self.participation, selection)

    # --- one question --------------------------------------------------------------------------------

    def partition(self, question_id: str) -> Partition:
        return self.partitions[question_id]

    def figure(self, question_id: str, selection: Selection | Iterable[str] | None = None) -> Figure:
        scope = scope_of(self.partitions[question_id], selection)
        return Figure(question_id, scope, self.options[question_id], self._answers[question_id])

    def by_size(self, question_id: str, selection: Selection | Iterable[str] | None = None) -> list[tuple[SizeGroup, Figure]]:
        """Per size group that the selection touches: the figure of (selection ∩ group)'s cover. Together they
        make up the figure of the whole selection."""
        p = self.partitions[question_id]
        sel = as_selection(selection, self.geo)
        if sel.single_unit or not p.shown:
            return []
        out = []
        for g in p.groups:
            part = sel.units & g.units
            if part:
                out.append((g, self.figure(question_id, part)))
        return out

    def by_district(self, question_id: str,
                    selection: Selection | Iterable[str] | None = None) -> dict[str, Figure]:
        """Per district that the selection touches: the figure of (selection ∩ district)'s cover (the map)."""
        sel = as_selection(selection, self.geo)
        per: dict[str, set[str]] = {}
        for k in sel.units:
            if k in self.geo.district:
                per.setdefault(self.geo.district[k], set()).add(k)
        return {d: self.figure(question_id, Selection(frozenset(units), sel.single_unit)) for d, units in per.items()}


# --- two waves -----------------------------------------------------------------------------------------

def joint_cover(a: Partition, b: Partition, units: frozenset[str]) -> frozenset[str]:
    """The smallest union of cells of *both* partitions that contains `units`."""
    cover = frozenset(units)
    while True:
        grown = b.cover(a.cover(cover))
        if grown == cover:
            return cover
        cover = grown


def both_waves_scope(a: Partition, b: Partition, selection: Selection | Iterable[str] | None
                     ) -> tuple[Scope, frozenset[str], str]:
    """Restricted to units that answered in both waves: the common cover, the units counted (cover ∩ both
    waves' respondents) and "" – or an empty scope and the reason. Allowed only if in every cell of either
    wave inside the cover, the protected units that answered in both waves and those that answered only in
    this one are each none or at least THRESHOLD: otherwise the restricted figure beside the single-wave
    one would give one or two units away."""
    sel = as_selection(selection, a.geo)
    first = scope_of(a, sel)
    second = scope_of(b, sel)
    for s in (first, second):
        if not s.shown:
            return s, frozenset(), s.reason
    cover = joint_cover(a, b, sel.units)
    both = a.respondents & b.respondents
    for p in (a, b):
        for i in sorted({p.cell_of[k] for k in cover if k in p.cell_of}):
            protected = p.cells[i] - p.public
            in_both = len(protected & both)
            only_here = len(protected & p.respondents) - in_both
            if 0 < in_both < THRESHOLD or 0 < only_here < THRESHOLD:
                return Scope(False, frozenset(), frozenset(), False, reason=REASON_BOTH), frozenset(), REASON_BOTH
    units = cover & both
    exact = cover == (sel.units & frozenset(a.geo.units))
    return Scope(True, cover, units, exact, "" if exact else a.describe(cover)), units, ""


# --- a dataset's waves ---------------------------------------------------------------------------------

def wave_policy(ds, key: str | None = None) -> Policy:
    """The publication policy of a wave: from its stored version, else from survey.yaml (`veroeffentlichung`,
    `freigegeben`) for the data folder's own wave, else the default (zusammengefasst)."""
    key = ds.survey.wave if key is None else str(key)
    for w in getattr(ds, "waves", ()) or ():
        if w.key == key and getattr(w, "policy", None) is not None:
            return w.policy
    if key == ds.survey.wave:
        return policy_from_config(ds.survey.publication_settings)
    return DEFAULT_POLICY


def policy_from_config(config: Mapping) -> Policy:
    released = config.get("freigegeben") or ()
    if isinstance(released, str):
        released = [released]
    return Policy(policy_mode(config.get("veroeffentlichung")), frozenset(str(k) for k in released))


def geography_of(ds) -> Geography:
    return Geography.of(ds.units, ds.districts, getattr(ds, "regions", None))


def disclosure_of(ds, key: str | None = None, geo: Geography | None = None) -> WaveDisclosure:
    """The disclosure of one wave of a Dataset (default: the Dataset's own responses and wave)."""
    geo = geo or geography_of(ds)
    own = ds.survey.wave
    if key is None or key == own:
        return WaveDisclosure(own, geo, ds.responses, ds.questions, wave_policy(ds, own), ds.sample_data)
    wave = next(w for w in ds.waves if w.key == str(key))
    return WaveDisclosure(wave.key, geo, wave.responses, ds.questions, wave_policy(ds, wave.key), wave.sample_data)


__all__ = [
    "THRESHOLD", "SUMMARISED", "NAMED", "POLICIES", "POLICY_LABELS", "Policy", "DEFAULT_POLICY", "policy_mode",
    "PUBLIC", "MUNICIPALITY", "STAFF", "Viewer", "PUBLIC_VIEWER", "why_not_named", "Region", "Regions",
    "load_planning_regions", "read_planning_regions", "single_region", "Geography", "size_group_label",
    "SizeGroup", "Partition", "build_partition", "Selection", "Scope", "scope_of", "answer_table", "Figure",
    "WaveDisclosure", "joint_cover", "both_waves_scope", "wave_policy", "policy_from_config", "geography_of",
    "disclosure_of", "REASON_NONE", "REASON_STATE", "REASON_SINGLE", "REASON_BOTH",
]
