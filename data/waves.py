"""Survey waves from the store, joined to the file-based Dataset. Never imports streamlit.

The data folder's responses.csv is the seed of its wave (survey.yaml `wave`): whenever its content changes
it becomes a new version in the store. Imports (data.importer, page /daten) add versions and waves. The
Dataset's `responses` are the answers of the newest wave's current version; `waves` holds every wave.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from data.loading import Dataset
from data.store import Store, StoreError, Version, checksum_of

STORE_LABEL = "Umfragedatenbank"


@dataclass(frozen=True)
class Wave:
    key: str
    version: Version | None
    responses: pd.DataFrame  # unit_key, question_id, answer (one row per chosen option), checked
    sample_data: bool


def wave_sample_flag(store_versions: dict[int, Version], version: Version, file_sample: bool) -> bool:
    """Sample answers come only from the data folder's file while survey.yaml says so; a restore inherits."""
    seen = set()
    v = version
    while v.action == "wiederherstellung" and v.restored_from in store_versions and v.id not in seen:
        seen.add(v.id)
        v = store_versions[v.restored_from]
    return file_sample if v.action == "datei" else False


def checked_answers(answers: pd.DataFrame, questions: pd.DataFrame, units: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop answers the current questionnaire or unit list no longer knows (and count them)."""
    if not len(questions) or not len(answers):
        return answers, 0
    options = {qid: set(opts) for qid, opts in zip(questions["id"], questions["options"])}
    keep = [q in options and a in options[q] for q, a in zip(answers["question_id"], answers["answer"])]
    mask = pd.Series(keep, index=answers.index)
    if len(units):
        mask &= answers["unit_key"].isin(set(units["unit_key"]))
    return answers[mask].reset_index(drop=True), int((~mask).sum())


def attach_store(ds: Dataset, store: Store, responses_bytes: bytes | None) -> Dataset:
    """The Dataset with every wave of the store; the file's answers enter the store first if they changed –
    only while the whole data folder is free of problems (a broken survey.yaml or questions.csv must never
    become a stored version; the problems are shown instead).

    A failing store never breaks the app: it becomes a problem, and the file's answers stay in use."""
    file_wave = str(ds.survey.get("wave", ""))
    file_sample = bool(ds.survey.get("sample_data", True))
    pending = ()
    try:
        if responses_bytes is not None and "responses.csv" not in ds.failed_files and file_wave:
            checksum = checksum_of(responses_bytes)
            if not ds.problems:
                store.sync_file(file_wave, ds.responses, "responses.csv", checksum)
            elif not store.has_file(checksum):
                pending = (f"{STORE_LABEL}: Die geänderte responses.csv wird erst übernommen, wenn die Fehler im "
                           "Datenordner behoben sind.",)
        versions = {v.id: v for v in store.versions()}
        current = store.current_answers()
    except StoreError as exc:
        return _with_problem(ds, str(exc))
    except Exception as exc:  # noqa: BLE001 – a database error must not take the pages down
        return _with_problem(ds, f"Die Datenbank ist nicht erreichbar ({type(exc).__name__}).")
    if not current:
        return dataclasses.replace(ds, store_notes=pending) if pending else ds
    waves = []
    dropped = 0
    for key in sorted(current):
        version, answers = current[key]
        answers, n = checked_answers(answers, ds.questions, ds.units)
        dropped += n
        waves.append(Wave(key, version, answers, wave_sample_flag(versions, version, file_sample)))
    latest = waves[-1]
    units = ds.units
    if len(units):
        units = units.assign(answered=units["unit_key"].isin(set(latest.responses["unit_key"])))
    survey = {**ds.survey, "wave": int(latest.key) if latest.key.isdigit() else latest.key,
              "sample_data": latest.sample_data, "store_version": latest.version.label}
    notes = pending
    if dropped:
        notes += (f"{STORE_LABEL}: {dropped} gespeicherte Antworten passen nicht mehr zum Fragebogen "
                  "(questions.csv) oder zu den Gemeinden und werden nicht gezeigt.",)
    state = max(versions) + sum(v.withdrawn for v in versions.values())  # as Store.head()
    return dataclasses.replace(ds, responses=latest.responses, units=units, survey=survey, waves=tuple(waves),
                               store_notes=notes, version=f"{ds.version}-s{state}")


def store_unavailable(ds: Dataset, exc: Exception) -> Dataset:
    message = str(exc) if isinstance(exc, StoreError) else f"Die Datenbank ist nicht erreichbar ({type(exc).__name__})."
    return _with_problem(ds, message)


def _with_problem(ds: Dataset, message: str) -> Dataset:
    return dataclasses.replace(ds, store_notes=(f"{STORE_LABEL}: {message} Angezeigt werden die Antworten aus "
                                                "dem Datenordner.",))


def wave(ds: Dataset, key: str) -> Wave | None:
    return next((w for w in ds.waves if w.key == str(key)), None)
