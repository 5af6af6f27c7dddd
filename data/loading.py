"""Loading and validating a data folder into one immutable Dataset.

Each file is validated on its own and against the files it refers to. A file that fails is replaced by
its last good version (if the caller passes one) or by an empty table, so the rest keeps working; every
problem is reported with file, line and column.
"""
from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from data import schemas
from data.baukasten import EMPTY as EMPTY_CATALOGUE
from data.baukasten import FILE as CATALOGUE_FILE
from data.baukasten import Catalogue, load_catalogue
from data.csvio import line_of, read_csv
from data.disclosure import REGIONS_FILE, Regions, read_planning_regions
from data.model import build_units, size_classes, unit_key_of
from data.problems import DataError, Problem
from data.slides import FILE as SLIDES_FILE
from data.slides import load_sequences
from data.yamlio import read_yaml

DEFAULT_DATA_DIR = Path(__file__).resolve().parent

FILES = [
    "municipalities.csv", "districts.csv", "workshops.csv", "participants.csv", "questions.csv",
    "responses.csv", "program.yaml", "survey.yaml", "baukasten.yaml", "foliensaetze.yaml", "planning_regions.csv",
]


def data_dir_from_env() -> Path:
    """The data folder: $DATA_DIR if set, else the data/ folder of the repository."""
    value = os.environ.get("DATA_DIR", "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT_DATA_DIR


def content_version(data_dir: Path) -> str:
    """A short hash of every data file's bytes."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode())
        try:
            digest.update((data_dir / name).read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()[:16]


def fingerprint(data_dir: Path) -> tuple:
    """Changes whenever a data file is replaced, edited, added or removed (cache key)."""
    out = []
    for name in FILES:
        try:
            stat = (data_dir / name).stat()
            out.append((name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


@dataclass(frozen=True)
class Survey:
    """What survey.yaml says about the survey (title, wave, whether the answers are generated sample data,
    how the data folder's wave is published), typed; with the survey store attached (data.waves) also the
    version of the answers shown."""

    title: str
    wave: str
    sample_data: bool
    store_version: str | None = None  # e.g. "Version 2 vom 27.11.2026, 14:05"
    publication: str | None = None  # `veroeffentlichung` as written (data.disclosure.policy_mode); None: not set
    released: tuple[str, ...] | None = None  # `freigegeben`: units that agreed to be named; None: not set

    @property
    def name(self) -> str:
        """"Kurzbefragung 2023" – the survey as sources and footers name it."""
        return f"{self.title} {self.wave}".strip()

    @property
    def publication_settings(self) -> dict:
        """The publication keys survey.yaml sets, as data.disclosure.policy_from_config reads them ({}: none)."""
        out: dict = {}
        if self.publication is not None:
            out["veroeffentlichung"] = self.publication
        if self.released is not None:
            out["freigegeben"] = list(self.released)
        return out


FALLBACK_SURVEY = Survey("Kurzbefragung", "0", True)


@dataclass(frozen=True)
class Dataset:
    municipalities: pd.DataFrame
    districts: pd.DataFrame
    workshops: pd.DataFrame
    participants: pd.DataFrame
    questions: pd.DataFrame
    responses: pd.DataFrame
    units: pd.DataFrame
    program: dict
    survey: Survey
    catalogue: Catalogue = EMPTY_CATALOGUE
    sequences: tuple = ()
    problems: tuple[Problem, ...] = ()
    failed_files: frozenset[str] = field(default_factory=frozenset)
    version: str = ""  # changes whenever the content of a data file changes; a cache key for derived views
    waves: tuple = ()  # data.waves.Wave per survey wave, oldest first (from the survey store); empty without it
    store_notes: tuple[str, ...] = ()  # German notes about the survey store (unreachable, answers dropped)
    regions: Regions | None = None  # planning regions (data.disclosure); None: the whole state is one region

    @property
    def sample_data(self) -> bool:
        return self.survey.sample_data

    @functools.cached_property
    def population_date(self) -> pd.Timestamp | None:
        dates = self.municipalities["population_date"].dropna()
        return dates.max() if len(dates) else None


# --- empty tables with the right columns, used when a file fails and nothing better is known --------

def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


EMPTY_MUNICIPALITIES_COLUMNS = schemas.MUNICIPALITIES_REQUIRED + schemas.MUNICIPALITIES_OPTIONAL + [
    "unit_key", "size_class", "unit_size_class"]
UNIT_COLUMNS = ["unit_key", "name", "kind", "district_key", "district_name", "population", "area_km2", "lat",
                "lon", "members", "size_class", "registered", "answered"]


# --- the individual files --------------------------------------------------------------------------

def _checked(path: Path, schema, required: list[str], optional: list[str] | None = None) -> pd.DataFrame:
    frame = read_csv(path, required, optional)
    problems = schemas.validate(frame, schema, path.name)
    if problems:
        raise DataError(problems)
    return frame


def _bool(series: pd.Series) -> pd.Series:
    return series.map(schemas.BOOL_VALUES).astype(bool)


def load_municipalities(path: Path) -> pd.DataFrame:
    m = _checked(path, schemas.MUNICIPALITIES, schemas.MUNICIPALITIES_REQUIRED, schemas.MUNICIPALITIES_OPTIONAL)
    problems = []
    for idx, row in m.iterrows():
        if not row["ars"].endswith(row["ags"][5:]) or not row["ars"].startswith(row["ags"][:5]):
            problems.append(Problem(path.name, line_of(idx), "ars",
                                    f"Der Regionalschlüssel „{row['ars']}“ passt nicht zum AGS „{row['ags']}“."))
        if not row["ags"].startswith(row["district_key"]):
            problems.append(Problem(path.name, line_of(idx), "district_key",
                                    f"Der Kreisschlüssel „{row['district_key']}“ passt nicht zum AGS „{row['ags']}“."))
        if (row["vg_key"] is None) != (row["vg_name"] is None):
            problems.append(Problem(path.name, line_of(idx), "vg_name",
                                    "Verbandsgemeindeschlüssel und -name müssen beide gefüllt oder beide leer sein."))
    if problems:
        raise DataError(problems)
    m = m.assign(
        is_town=_bool(m["is_town"]),
        population=m["population"].astype("int64"),
        area_km2=m["area_km2"].astype(float),
        lat=m["lat"].astype(float),
        lon=m["lon"].astype(float),
        population_date=pd.to_datetime(m["population_date"]),
    )
    m["unit_key"] = unit_key_of(m)
    m["size_class"] = size_classes(m["population"])
    return m.reset_index(drop=True)


def load_districts(path: Path, municipalities: pd.DataFrame | None) -> pd.DataFrame:
    d = _checked(path, schemas.DISTRICTS, list(schemas.DISTRICTS.columns))
    if municipalities is not None and len(municipalities):
        known = set(d["district_key"])
        problems = [
            Problem("municipalities.csv", None, "district_key",
                    f"Der Kreisschlüssel „{k}“ fehlt in districts.csv.")
            for k in sorted(set(municipalities["district_key"]) - known)
        ]
        if problems:
            raise DataError(problems)
    return d.assign(
        n_gemeinden=d["n_gemeinden"].astype(int),
        area_km2=d["area_km2"].astype(float),
        population=d["population"].astype("int64"),
        population_date=pd.to_datetime(d["population_date"]),
    ).reset_index(drop=True)


def load_workshops(path: Path, municipalities: pd.DataFrame | None) -> pd.DataFrame:
    required = [c for c in schemas.WORKSHOPS.columns if c not in schemas.WORKSHOPS_OPTIONAL]
    w = _checked(path, schemas.WORKSHOPS, required, schemas.WORKSHOPS_OPTIONAL)
    if municipalities is not None and len(municipalities):
        known = set(municipalities["ags"])
        problems = [
            Problem(path.name, line_of(i), "venue_ags", f"Der Gemeindeschlüssel „{v}“ ist unbekannt.")
            for i, v in w["venue_ags"].items() if v not in known
        ]
        if problems:
            raise DataError(problems)
    w = w.assign(
        number=w["number"].astype(int),
        date=pd.to_datetime(w["date"]),
        lat=w["lat"].astype(float),
        lon=w["lon"].astype(float),
    )
    return w.sort_values("number").reset_index(drop=True)


def _unit_key_problems(file: str, keys: pd.Series, municipalities: pd.DataFrame) -> list[Problem]:
    """Unit keys must name a municipality outside a Verbandsgemeinde or a whole Verbandsgemeinde."""
    by_ags = municipalities.set_index("ags")
    vg_keys = set(municipalities["vg_key"].dropna())
    problems = []
    for idx, k in keys.items():
        if k in vg_keys:
            continue
        if k in by_ags.index:
            vg = by_ags.at[k, "vg_key"]
            if vg is not None and not pd.isna(vg):
                problems.append(Problem(
                    file, line_of(idx), "unit_key",
                    f"„{k}“ ({by_ags.at[k, 'name']}) gehört zur {by_ags.at[k, 'vg_name']}; "
                    f"bitte deren Schlüssel „{vg}“ verwenden."))
            continue
        problems.append(Problem(file, line_of(idx), "unit_key",
                                f"Der Schlüssel „{k}“ ist weder ein AGS noch ein Verbandsgemeindeschlüssel "
                                "in municipalities.csv."))
    return problems


def load_participants(path: Path, municipalities: pd.DataFrame | None) -> pd.DataFrame:
    p = _checked(path, schemas.PARTICIPANTS, list(schemas.PARTICIPANTS.columns))
    if municipalities is not None and len(municipalities):
        problems = _unit_key_problems(path.name, p["unit_key"], municipalities)
        if problems:
            raise DataError(problems)
    return p.assign(registered=_bool(p["registered"])).reset_index(drop=True)


def load_questions(path: Path) -> pd.DataFrame:
    q = _checked(path, schemas.QUESTIONS, list(schemas.QUESTIONS.columns))
    problems = []
    options = []
    for idx, raw in q["options"].items():
        opts = [o.strip() for o in raw.split("|") if o.strip()]
        dupes = sorted({o for o in opts if opts.count(o) > 1})
        if dupes:
            problems.append(Problem(path.name, line_of(idx), "options",
                                    "Doppelte Antwortoption " + ", ".join(f"„{o}“" for o in dupes) + "."))
        options.append(tuple(opts))
    if problems:
        raise DataError(problems)
    q = q.assign(order=q["order"].astype(int), options=options)
    return q.sort_values("order").reset_index(drop=True)


def load_responses(path: Path, questions: pd.DataFrame | None, municipalities: pd.DataFrame | None) -> pd.DataFrame:
    """Read responses.csv: one row per responding unit and question.

    For multiple-choice questions the chosen options stand in one cell, separated by "|". The result has
    one row per unit, question and chosen option.
    """
    r = _checked(path, schemas.RESPONSES, list(schemas.RESPONSES.columns))
    problems = []
    if municipalities is not None and len(municipalities):
        problems += _unit_key_problems(path.name, r["unit_key"], municipalities)
    duplicated = r.duplicated(["unit_key", "question_id"], keep="first")
    for idx in r.index[duplicated]:
        problems.append(Problem(path.name, line_of(idx), "question_id",
                                f"Die Einheit „{r.at[idx, 'unit_key']}“ hat die Frage „{r.at[idx, 'question_id']}“ "
                                "schon in einer früheren Zeile beantwortet."))
    rows = []
    if questions is None:  # questions.csv is broken: keep the answers unchecked rather than lose them
        for _, row in r.iterrows():
            rows += [(row["unit_key"], row["question_id"], a)
                     for a in dict.fromkeys(a.strip() for a in row["answer"].split("|"))]
    else:
        qs = questions.set_index("id")
        for idx, row in r.iterrows():
            qid = row["question_id"]
            if qid not in qs.index:
                problems.append(Problem(path.name, line_of(idx), "question_id",
                                        f"Die Frage „{qid}“ gibt es in questions.csv nicht."))
                continue
            opts = qs.at[qid, "options"]
            chosen = [a.strip() for a in row["answer"].split("|")] if qs.at[qid, "type"] == "multi" else [row["answer"]]
            chosen = list(dict.fromkeys(chosen))  # an option repeated in one cell still counts the unit once
            for a in chosen:
                if a not in opts:
                    problems.append(Problem(path.name, line_of(idx), "answer",
                                            f"„{a}“ ist keine Antwortoption der Frage „{qid}“ "
                                            f"(erlaubt: {' · '.join(opts)})."))
                else:
                    rows.append((row["unit_key"], qid, a))
    if problems:
        raise DataError(problems)
    return pd.DataFrame(rows, columns=["unit_key", "question_id", "answer"])


def load_yaml(path: Path, required: dict[str, type]) -> dict:
    content = read_yaml(path)
    if not isinstance(content, dict):
        raise DataError([Problem(path.name, None, None, "Die Datei muss Schlüssel-Wert-Paare enthalten.")])
    problems = []
    for k, typ in required.items():
        if k not in content:
            problems.append(Problem(path.name, None, k, "Der Eintrag fehlt."))
        elif not isinstance(content[k], typ):
            problems.append(Problem(path.name, None, k, f"Der Eintrag hat nicht die erwartete Form ({typ.__name__})."))
    if problems:
        raise DataError(problems)
    return content


PROGRAM_REQUIRED = {"series_title": str, "invited": dict, "federal_programme": dict,
                    "supported_applications": list, "goals": list}
SURVEY_REQUIRED = {"title": str, "wave": int, "sample_data": bool}


def load_survey(path: Path) -> Survey:
    """survey.yaml, typed; its German keys (veroeffentlichung, freigegeben) mapped to English fields here."""
    content = load_yaml(path, SURVEY_REQUIRED)
    publication = str(content["veroeffentlichung"] or "") if "veroeffentlichung" in content else None
    released = None
    if "freigegeben" in content:
        raw = content["freigegeben"] or ()
        released = tuple(str(k) for k in raw) if isinstance(raw, (list, tuple)) else (str(raw),)
    return Survey(content["title"], str(content["wave"]), content["sample_data"], publication=publication,
                  released=released)


# --- the whole folder ------------------------------------------------------------------------------

def load_dataset(data_dir: Path | str, last_good: Dataset | None = None) -> Dataset:
    """Load every file of a data folder. Never raises for bad data: problems are collected in the result."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    failed: set[str] = set()

    def attempt(name, loader, fallback):
        try:
            return loader()
        except DataError as exc:
            problems.extend(exc.problems)
            failed.add(name)
            return fallback

    lg = last_good
    m = attempt("municipalities.csv", lambda: load_municipalities(data_dir / "municipalities.csv"),
                lg.municipalities if lg else _empty(EMPTY_MUNICIPALITIES_COLUMNS))
    ref_m = m if len(m) else None
    d = attempt("districts.csv", lambda: load_districts(data_dir / "districts.csv", ref_m),
                lg.districts if lg else _empty(list(schemas.DISTRICTS.columns)))
    w = attempt("workshops.csv", lambda: load_workshops(data_dir / "workshops.csv", ref_m),
                lg.workshops if lg else _empty(list(schemas.WORKSHOPS.columns)))
    p = attempt("participants.csv", lambda: load_participants(data_dir / "participants.csv", ref_m),
                lg.participants if lg else _empty(list(schemas.PARTICIPANTS.columns)))
    q = attempt("questions.csv", lambda: load_questions(data_dir / "questions.csv"),
                lg.questions if lg else _empty(list(schemas.QUESTIONS.columns)))
    r = attempt("responses.csv",
                lambda: load_responses(data_dir / "responses.csv", q if len(q) else None, ref_m),
                lg.responses if lg else _empty(["unit_key", "question_id", "answer"]))
    program = attempt("program.yaml", lambda: load_yaml(data_dir / "program.yaml", PROGRAM_REQUIRED),
                      lg.program if lg else {})
    survey = attempt("survey.yaml", lambda: load_survey(data_dir / "survey.yaml"), lg.survey if lg else FALLBACK_SURVEY)

    catalogue = EMPTY_CATALOGUE
    if (data_dir / CATALOGUE_FILE).exists():  # optional: older data folders have no catalogue
        catalogue = attempt(CATALOGUE_FILE, lambda: load_catalogue(data_dir / CATALOGUE_FILE, q if len(q) else None),
                            lg.catalogue if lg else EMPTY_CATALOGUE)

    sequences = ()
    if (data_dir / SLIDES_FILE).exists():  # optional
        sequences = attempt(SLIDES_FILE, lambda: load_sequences(data_dir / SLIDES_FILE, q if len(q) else None),
                            lg.sequences if lg else ())

    regions, region_problems = read_planning_regions(data_dir, DEFAULT_DATA_DIR, d["district_key"] if len(d) else ())
    if region_problems:
        problems.extend(region_problems)
        failed.add(REGIONS_FILE)
        if lg is not None and lg.regions is not None:
            regions = lg.regions

    if len(m):
        units = build_units(m)
        units["registered"] = units["unit_key"].isin(set(p.loc[p["registered"].astype(bool), "unit_key"])) \
            if len(p) else False
        units["answered"] = units["unit_key"].isin(set(r["unit_key"]))
        m = m.merge(units[["unit_key", "size_class"]].rename(columns={"size_class": "unit_size_class"}),
                    on="unit_key", how="left") if "unit_size_class" not in m.columns else m
    else:
        units = _empty(UNIT_COLUMNS)
    return Dataset(
        municipalities=m, districts=d, workshops=w, participants=p, questions=q, responses=r, units=units,
        program=program, survey=survey, catalogue=catalogue, sequences=sequences, problems=tuple(problems), regions=regions,
        failed_files=frozenset(failed),
        version=content_version(data_dir) + ("-" + last_good.version if failed and last_good else ""),
    )


def check_dataset(data_dir: Path | str) -> Dataset:
    """Load a folder without fallback and raise DataError if anything is wrong."""
    ds = load_dataset(data_dir)
    if ds.problems:
        raise DataError(list(ds.problems))
    return ds


__all__ = ["Dataset", "Survey", "load_dataset", "check_dataset", "data_dir_from_env", "fingerprint", "FILES",
           "DEFAULT_DATA_DIR", "replace"]


def snapshot(data_dir: Path | str, target: Path | str) -> Path:
    """Copy the data files of a valid folder to `target`, replacing an older copy in one step.

    The app keeps such a copy of its last good data so that a broken replacement never leaves it without
    data, even after a restart or when Streamlit's caches were cleared.
    """
    import shutil
    import tempfile

    data_dir, target = Path(data_dir), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=target.parent))
    try:
        for name in FILES:
            if (data_dir / name).exists():
                shutil.copy2(data_dir / name, work / name)
        old = target.with_name(target.name + ".old")
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return target
