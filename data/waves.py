"""Survey waves from the store, joined to the file-based Dataset. Never imports streamlit.

The data folder's responses.csv is the seed of its wave (survey.yaml `wave`): whenever its content changes
it becomes a new version in the store. Imports (data.importer, page /daten) add versions and waves. The
Dataset's `responses` are the answers of the newest wave's current version; `waves` holds every wave.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from data.disclosure import DEFAULT_POLICY, Policy, policy_from_config, policy_mode
from data.formatting import datetime_short
from data.loading import Dataset
from data.store import Store, StoreError, Version, checksum_of
from data.store_snapshot import load_snapshot, save_snapshot, snapshot_path

STORE_LABEL = "Umfragedatenbank"


@dataclass(frozen=True)
class Wave:
    key: str
    version: Version | None
    responses: pd.DataFrame  # unit_key, question_id, answer (one row per chosen option), checked
    sample_data: bool
    policy: Policy | None = None  # how this wave is published (data.disclosure); None: the default


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


class SyncError(StoreError):
    """The data folder's changed responses.csv could not be written to the store (locked, read-only)."""


def attach_store(ds: Dataset, store: Store, responses_bytes: bytes | None) -> Dataset:
    """The Dataset with every wave of the store; the file's answers enter the store first if they changed –
    only while the whole data folder is free of problems (a broken survey.yaml or questions.csv must never
    become a stored version; the problems are shown instead). What was read is kept on disk as the last good
    stored state (data.store_snapshot).

    Strict, for a cache that must never keep a fault: raises SyncError when the file cannot be taken over
    and StoreError when the store cannot be read. attach_stored_state handles both."""
    pending = ()
    file_wave = ds.survey.wave
    if responses_bytes is not None and "responses.csv" not in ds.failed_files and file_wave:
        # survey.yaml's publication settings travel with the file's version: changing them is a new version.
        configured = bool(ds.survey.publication_settings)
        policy = policy_from_config(ds.survey.publication_settings)
        extra = f"\0{policy.mode}|{'|'.join(sorted(policy.released))}".encode() if configured else b""
        checksum = checksum_of(responses_bytes + extra)
        if not ds.problems and store.last_file_checksum(file_wave) != checksum:  # a read first: no write lock
            try:
                store.sync_file(file_wave, ds.responses, "responses.csv", checksum,
                                policy=policy.mode if configured else None,
                                released=policy.released if configured else None)
            except StoreError as exc:
                raise SyncError(str(exc), exc.detail) from None
        elif not store.has_file(checksum):
            pending = ("Die geänderte responses.csv wird erst in die Umfragedatenbank übernommen, wenn die "
                       "Fehler im Datenordner behoben sind.",)
    return _read_store(ds, store, pending)


def _read_store(ds: Dataset, store: Store, notes: tuple[str, ...]) -> Dataset:
    head = store.head()
    versions = {v.id: v for v in store.versions()}
    current = store.current_answers()
    releases = {key: store.releases(v.id) for key, (v, _) in current.items()}
    save_snapshot(snapshot_path(store.url), head, versions, current)
    return _join(ds, versions, current, notes, f"s{head}", releases)


def attach_stored_state(ds: Dataset, store: Store | None, responses_bytes: bytes | None,
                        url: str | None = None, error: StoreError | None = None) -> Dataset:
    """Like attach_store, but never raises: a file that cannot be taken over leaves the stored state in use
    (with a notice; the next call tries again); an unreachable store shows the last good stored state from
    disk with a notice – or no answers, never the data folder's answers under the stored waves' names.
    `error` is a fault the caller already met (opening, taking the file over, reading): it is not tried
    again here."""
    if store is not None and (error is None or isinstance(error, SyncError)):
        try:
            if error is None:
                return attach_store(ds, store, responses_bytes)
            raise error
        except SyncError as exc:
            note = (f"{_sentence(exc)} Die geänderte responses.csv konnte deshalb nicht übernommen werden; "
                    "angezeigt wird der gespeicherte Stand. Beim nächsten Aufruf wird es erneut versucht.")
            try:
                return _read_store(ds, store, (note,))
            except StoreError as again:
                error = again
        except StoreError as exc:
            error = exc
    return from_snapshot(ds, url or (store.url if store is not None else ""), error)


def from_snapshot(ds: Dataset, url: str, error: BaseException | None) -> Dataset:
    """The Dataset with the last good stored state kept on disk, or without survey answers when there is
    none – each with a German notice that names the fault and says that it heals by itself."""
    reason = _sentence(error) if error is not None else "Die Umfragedatenbank ist nicht erreichbar."
    state = load_snapshot(snapshot_path(url)) if url else None
    if state is not None and state.current:
        newest = max(state.current.values(), key=lambda c: c[0].id)[0]
        note = (f"{reason} Angezeigt wird der zuletzt gelesene Stand vom {datetime_short(state.saved_at)} "
                f"(neueste Version: {newest.label}); sobald die Datenbank wieder erreichbar ist, erscheint der "
                "aktuelle Stand.")
        return _join(ds, state.versions, state.current, (note,), f"z{state.head}")
    note = (f"{reason} Ein zuletzt gelesener Stand liegt auf diesem Server nicht vor; die Umfrageergebnisse "
            "erscheinen wieder, sobald die Datenbank erreichbar ist.")
    units = ds.units.assign(answered=False) if len(ds.units) else ds.units
    return dataclasses.replace(ds, responses=ds.responses.iloc[0:0], units=units, waves=(), store_notes=(note,),
                               survey=dataclasses.replace(ds.survey, store_version=None), version=f"{ds.version}-ohne")


def _sentence(exc: BaseException) -> str:
    text = str(exc).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def wave_policy_of(version: Version, key: str, file_wave: str, config: Policy, released: frozenset[str]) -> Policy:
    """A stored wave's publication: its version's policy; for a version without one, survey.yaml's for the
    data folder's own wave, else the default (zusammengefasst). Without the store's releases (a state read
    from disk keeps none) nobody is released: never more names than the store says."""
    if version.policy is not None:
        return Policy(policy_mode(version.policy), released)
    if key == file_wave:
        return Policy(config.mode, config.released | released)
    return Policy(DEFAULT_POLICY.mode, released)


def _join(ds: Dataset, versions: dict[int, Version], current: dict[str, tuple[Version, pd.DataFrame]],
          notes: tuple[str, ...], state: str, releases: dict[str, frozenset[str]] | None = None) -> Dataset:
    """The Dataset with these stored waves (answers checked against the current questionnaire and units)."""
    file_sample = ds.survey.sample_data
    file_wave, config = ds.survey.wave, policy_from_config(ds.survey.publication_settings)
    notes = tuple(f"{STORE_LABEL}: {n}" if not n.startswith("Die Umfragedatenbank") else n for n in notes)
    if not current:
        return dataclasses.replace(ds, store_notes=notes) if notes else ds
    waves = []
    dropped = 0
    for key in sorted(current):
        version, answers = current[key]
        answers, n = checked_answers(answers, ds.questions, ds.units)
        dropped += n
        policy = wave_policy_of(version, key, file_wave, config, (releases or {}).get(key, frozenset()))
        waves.append(Wave(key, version, answers, wave_sample_flag(versions, version, file_sample), policy))
    latest = waves[-1]
    units = ds.units
    if len(units):
        units = units.assign(answered=units["unit_key"].isin(set(latest.responses["unit_key"])))
    survey = dataclasses.replace(ds.survey, wave=latest.key, sample_data=latest.sample_data,
                                 store_version=latest.version.label)
    if dropped:
        notes += (f"{STORE_LABEL}: {dropped} gespeicherte Antworten passen nicht mehr zum Fragebogen "
                  "(questions.csv) oder zu den Gemeinden und werden nicht gezeigt.",)
    return dataclasses.replace(ds, responses=latest.responses, units=units, survey=survey, waves=tuple(waves),
                               store_notes=notes, version=f"{ds.version}-{state}")


def wave(ds: Dataset, key: str) -> Wave | None:
    return next((w for w in ds.waves if w.key == str(key)), None)
