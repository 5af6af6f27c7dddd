"""The survey store: waves, versions and answers in a database (SQLite by default, PostgreSQL by URL).

One code path through SQLAlchemy Core. Every import or restore appends a new version with its own copy of
the answers; nothing is updated or deleted. The current version of a wave is its newest one. Migrations
(Alembic, data/migrations/) run when the store is opened. This module never imports streamlit.

    DATABASE_URL=postgresql+psycopg://user:pw@host/db   (several app instances share one PostgreSQL)
    DASHBOARD_STORE_DIR=/var/lib/dashboard               (SQLite file umfrage.sqlite; default: the data folder)
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from data.formatting import count_noun

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_NAME = "umfrage.sqlite"
ANSWER_COLUMNS = ["unit_key", "question_id", "answer"]
_IMPORT_LOCK_ID = 727_158  # PostgreSQL advisory lock that serialises writers across instances
ATTEMPT_LOCK_ID = _IMPORT_LOCK_ID + 2  # serialises sign-in attempts (data.attempts), apart from imports

# Short timeouts: a locked or unreachable database must cost a page view seconds, not a minute.
READ_TIMEOUT_S = 1.0  # SQLite: wait this long for a lock while reading
READ_TRIES = 3  # a failed read is tried again …
READ_BUDGET_S = 2.0  # … while this much time has not passed since the first try
CONNECT_TIMEOUT_S = 2  # PostgreSQL: establishing a connection
SYNC_TIMEOUT_S = 1.0  # taking the data folder's responses.csv over on a page view (tried again next time)
ATTEMPT_TIMEOUT_S = 5.0  # counting a sign-in attempt
WRITE_TIMEOUT_S = 30.0  # import, restore, withdraw: staff wait for a running import to finish

ACTION_LABELS = {"datei": "aus Datei", "import": "Import", "wiederherstellung": "Wiederherstellung",
                 "freigabe": "Veröffentlichung geändert"}

metadata = sa.MetaData()
waves_t = sa.Table("waves", metadata, sa.Column("key", sa.String(20), primary_key=True),
                   sa.Column("label", sa.String(200)), sa.Column("created_at", sa.DateTime(timezone=True)))
versions_t = sa.Table(
    "versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), sa.Column("wave", sa.String(20)),
    sa.Column("created_at", sa.DateTime(timezone=True)), sa.Column("created_by", sa.String(200)),
    sa.Column("action", sa.String(20)), sa.Column("file_name", sa.String(300)), sa.Column("checksum", sa.String(64)),
    sa.Column("respondents", sa.Integer), sa.Column("answer_rows", sa.Integer),
    sa.Column("restored_from", sa.Integer), sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
    sa.Column("withdrawn_by", sa.String(200)), sa.Column("policy", sa.String(20)))
answers_t = sa.Table("answers", metadata, sa.Column("version_id", sa.Integer), sa.Column("unit_key", sa.String(9)),
                     sa.Column("question_id", sa.String(100)), sa.Column("answer", sa.String(500)))
releases_t = sa.Table("releases", metadata, sa.Column("version_id", sa.Integer), sa.Column("unit_key", sa.String(9)))
mappings_t = sa.Table("mappings", metadata, sa.Column("wave", sa.String(20), primary_key=True),
                      sa.Column("source", sa.String(500), primary_key=True), sa.Column("question_id", sa.String(100)),
                      sa.Column("updated_at", sa.DateTime(timezone=True)))
attempts_t = sa.Table("attempts", metadata, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                      sa.Column("kind", sa.String(20)), sa.Column("source", sa.String(64)), sa.Column("at", sa.Float),
                      sa.Column("outcome", sa.String(10)))  # written only by data.attempts


class StoreError(Exception):
    """A German message for the user: the database cannot be reached or a version does not exist.
    `detail` holds the driver's technical text for the server log (never for the page)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail or message


def store_error(exc: BaseException, url: str | None = None) -> StoreError:
    raw = str(getattr(exc, "orig", None) or exc).strip()
    return StoreError(describe_error(exc, url), raw.splitlines()[0][:300] if raw else type(exc).__name__)


def describe_error(exc: BaseException, url: str | None = None) -> str:
    """One German sentence for a database error (the technical text stays in StoreError.detail)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "readonly" in text or "read-only" in text or "read only" in text or _sqlite_read_only(url, text):
        return ("Die Umfragedatenbank ist schreibgeschützt (die Datei oder ihr Ordner darf nicht geändert werden); "
                "Speichern ist nicht möglich.")
    if "locked" in text or "busy" in text or "lock timeout" in text or "lock_timeout" in text:
        return ("Die Umfragedatenbank ist gerade durch einen anderen Schreibvorgang gesperrt; bitte in einigen "
                "Sekunden erneut versuchen.")
    if "disk is full" in text or "no space" in text or "disk full" in text:
        return "Der Speicherplatz der Umfragedatenbank ist voll."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "Die Datei der Umfragedatenbank ist beschädigt oder keine SQLite-Datenbank."
    if "authentication failed" in text or "password" in text:
        return "Die Anmeldung an der Umfragedatenbank ist fehlgeschlagen (Benutzer oder Passwort)."
    if "database" in text and "does not exist" in text:
        return "Die Umfragedatenbank gibt es auf dem Datenbankserver nicht."
    if "unable to open" in text or isinstance(exc, OSError):
        return "Die Umfragedatenbank ist nicht erreichbar: die Datei lässt sich nicht öffnen oder anlegen."
    if isinstance(exc, sa.exc.ArgumentError):
        return "Die Adresse der Umfragedatenbank (DATABASE_URL) ist ungültig."
    if isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError)):
        return "Die Umfragedatenbank ist nicht erreichbar."
    return "Die Umfragedatenbank meldet einen Fehler; Einzelheiten stehen im Protokoll des Servers."


def _sqlite_read_only(url: str | None, text: str) -> bool:
    """SQLite reports a read-only file or folder as "unable to open database file"."""
    if not url or "unable to open" not in text:
        return False
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return False
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return False
    path = Path(parsed.database)
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


@dataclass(frozen=True)
class Version:
    id: int
    wave: str
    created_at: datetime
    created_by: str
    action: str
    file_name: str
    checksum: str
    respondents: int
    answer_rows: int
    restored_from: int | None = None
    withdrawn_at: datetime | None = None  # withdrawn by staff: kept in the history, never current again
    withdrawn_by: str | None = None
    policy: str | None = None  # zusammengefasst | namentlich (data.disclosure); None: not set with this version

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def label(self) -> str:
        """"Version 3 vom 27.11.2026, 14:05" in local time (Europe/Berlin)."""
        from data.formatting import datetime_short

        return f"Version {self.id} vom {datetime_short(self.created_at)}"

    @property
    def description(self) -> str:
        what = ACTION_LABELS.get(self.action, self.action)
        if self.action == "wiederherstellung" and self.restored_from:
            what += f" von Version {self.restored_from}"
        units = count_noun(self.respondents, "Kommune", "Kommunen")
        text = f"{self.label} · Welle {self.wave} · {what} · {self.file_name} · {units} · {self.created_by}"
        return text + (f" · {self.withdrawal}" if self.withdrawn else "")

    @property
    def withdrawal(self) -> str:
        """"zurückgezogen am 28.11.2026, 09:12 von …" ("" when not withdrawn)."""
        if not self.withdrawn:
            return ""
        from data.formatting import datetime_short

        return f"zurückgezogen am {datetime_short(self.withdrawn_at)} von {self.withdrawn_by or 'unbekannt'}"


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def url_from_env(data_dir: Path) -> str:
    """DATABASE_URL if set, else a SQLite file in $DASHBOARD_STORE_DIR (default: the data folder)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    folder = os.environ.get("DASHBOARD_STORE_DIR", "").strip()
    base = Path(folder).expanduser() if folder else Path(data_dir)
    return f"sqlite:///{(base / SQLITE_NAME).resolve()}"


def _now() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value  # SQLite drops the zone


class Store:
    """A survey store on one database. Thread-safe; share one instance per URL in a process."""

    def __init__(self, url: str):
        self.url = url
        self.dialect = sa.engine.make_url(url).get_backend_name()
        if self.dialect == "sqlite":
            path = sa.engine.make_url(url).database
            if path and path != ":memory:" and not path.startswith("file:"):  # file: a URI (e.g. mode=ro)
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(url, connect_args={"timeout": READ_TIMEOUT_S, "check_same_thread": False})
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                                           connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
                                           if self.dialect == "postgresql" else {})
        self._migrate_lock = threading.Lock()

    # --- set-up ---------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent; safe with several instances starting)."""
        with self._migrate_lock, self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_IMPORT_LOCK_ID + 1})")
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def dispose(self) -> None:
        self.engine.dispose()

    # --- reading --------------------------------------------------------------------------------

    def head(self) -> int:
        """A cheap cache key for everything read here (0 when empty): the newest version id plus the number of
        withdrawn versions – both only grow, so every new version and every withdrawal changes it."""
        q = sa.select(sa.func.coalesce(sa.func.max(versions_t.c.id), 0), sa.func.count(versions_t.c.withdrawn_at))
        newest, withdrawn = self._read(lambda conn: tuple(conn.execute(q).one()))
        return int(newest) + int(withdrawn)

    def waves(self) -> list[str]:
        """The waves with a current version (a wave whose versions were all withdrawn is left out)."""
        live = sa.select(versions_t.c.wave).where(versions_t.c.withdrawn_at.is_(None)).distinct()
        q = sa.select(waves_t.c.key).where(waves_t.c.key.in_(live)).order_by(waves_t.c.key)
        return self._read(lambda conn: [r[0] for r in conn.execute(q)])

    def versions(self, wave: str | None = None) -> list[Version]:
        """All versions, newest first."""
        q = sa.select(versions_t).order_by(versions_t.c.id.desc())
        if wave is not None:
            q = q.where(versions_t.c.wave == str(wave))
        return self._read(lambda conn: [_version(r) for r in conn.execute(q).mappings()])

    def version(self, version_id: int) -> Version:
        q = sa.select(versions_t).where(versions_t.c.id == int(version_id))
        row = self._read(lambda conn: conn.execute(q).mappings().first())
        if row is None:
            raise StoreError(f"Version {version_id} gibt es nicht.")
        return _version(row)

    def current(self, wave: str) -> Version | None:
        """The newest version of the wave that was not withdrawn."""
        return next((v for v in self.versions(wave) if not v.withdrawn), None)

    def answers(self, version_id: int) -> pd.DataFrame:
        q = (sa.select(answers_t.c.unit_key, answers_t.c.question_id, answers_t.c.answer)
             .where(answers_t.c.version_id == int(version_id))
             .order_by(answers_t.c.unit_key, answers_t.c.question_id, answers_t.c.answer))
        rows = self._read(lambda conn: conn.execute(q).all())
        return pd.DataFrame([tuple(r) for r in rows], columns=ANSWER_COLUMNS).astype("str")

    def current_answers(self) -> dict[str, tuple[Version, pd.DataFrame]]:
        """Per wave: its current version and answers."""
        out = {}
        current: dict[str, Version] = {}
        for v in self.versions():  # newest first
            if not v.withdrawn:
                current.setdefault(v.wave, v)
        for wave in sorted(current):
            out[wave] = (current[wave], self.answers(current[wave].id))
        return out

    def releases(self, version_id: int) -> frozenset[str]:
        """The units released for named publication with this version."""
        q = sa.select(releases_t.c.unit_key).where(releases_t.c.version_id == int(version_id))
        return frozenset(r[0] for r in self._read(lambda conn: conn.execute(q).all()))

    def mapping(self, wave: str) -> dict[str, str]:
        q = sa.select(mappings_t.c.source, mappings_t.c.question_id).where(mappings_t.c.wave == str(wave))
        return {s: qid for s, qid in self._read(lambda conn: conn.execute(q).all())}

    def _read(self, run):
        """run(connection) with a short lock timeout, tried again on a database error while the time budget
        lasts; then a StoreError with a German sentence."""
        started = time.monotonic()
        for attempt in range(READ_TRIES):
            try:
                with self.engine.connect() as conn:
                    return run(conn)
            except sa.exc.DBAPIError as exc:
                error = exc
                if attempt + 1 >= READ_TRIES or time.monotonic() - started > READ_BUDGET_S:
                    break
                time.sleep(0.2 * (attempt + 1))
        raise store_error(error, self.url) from None

    # --- writing (each in one transaction, writers serialised) ------------------------------------

    def _write(self, lock_id: int = _IMPORT_LOCK_ID, timeout_s: float = WRITE_TIMEOUT_S):
        """A serialised write transaction (SQLite BEGIN IMMEDIATE, PostgreSQL an advisory lock `lock_id`),
        waiting at most timeout_s for other writers. Database errors become a StoreError (German)."""
        return _WriteTx(self, lock_id, timeout_s)

    def add_version(self, wave: str, answers: pd.DataFrame, *, created_by: str, action: str, file_name: str,
                    checksum: str, restored_from: int | None = None, wave_label: str | None = None,
                    mapping: dict[str, str] | None = None, policy: str | None = None,
                    released: frozenset[str] | None = None) -> Version:
        """Append a version with these answers (unit_key, question_id, answer; one row per chosen option).
        `policy` and `released` (data.disclosure) default to those of the wave's current version. All or
        nothing: a failure midway leaves the store as it was."""
        with self._write() as conn:
            return self._insert(conn, str(wave), answers, created_by=created_by, action=action, file_name=file_name,
                                checksum=checksum, restored_from=restored_from, wave_label=wave_label,
                                mapping=mapping, policy=policy, released=released)

    def set_publication(self, wave: str, policy: str, released: frozenset[str], created_by: str) -> Version:
        """A new version of the wave with the same answers and the given publication policy and releases (the
        history shows who changed it when)."""
        current = self.current(str(wave))
        if current is None:
            raise StoreError(f"Die Welle {wave} gibt es nicht.")
        return self.add_version(current.wave, self.answers(current.id), created_by=created_by, action="freigabe",
                                file_name=current.file_name, checksum=current.checksum, policy=policy,
                                released=frozenset(released))

    def _insert(self, conn, wave: str, answers: pd.DataFrame, *, created_by: str, action: str, file_name: str,
                checksum: str, restored_from: int | None, wave_label: str | None,
                mapping: dict[str, str] | None, policy: str | None = None,
                released: frozenset[str] | None = None) -> Version:
        frame = answers[ANSWER_COLUMNS].astype(str)
        # the wave's current version (its newest not withdrawn): what a new version inherits by default
        previous = conn.execute(sa.select(versions_t.c.id, versions_t.c.policy)
                                .where((versions_t.c.wave == wave) & versions_t.c.withdrawn_at.is_(None))
                                .order_by(versions_t.c.id.desc()).limit(1)).first()
        if policy is None and previous is not None:
            policy = previous.policy
        if released is None:
            released = frozenset() if previous is None else frozenset(
                r[0] for r in conn.execute(sa.select(releases_t.c.unit_key)
                                           .where(releases_t.c.version_id == previous.id)))
        if conn.execute(sa.select(waves_t.c.key).where(waves_t.c.key == wave)).first() is None:
            conn.execute(waves_t.insert().values(key=wave, label=wave_label or f"Befragung {wave}", created_at=_now()))
        vid = conn.execute(versions_t.insert().values(
            wave=wave, created_at=_now(), created_by=created_by[:200], action=action, file_name=file_name[:300],
            checksum=checksum, respondents=int(frame["unit_key"].nunique()), answer_rows=len(frame),
            restored_from=restored_from, policy=policy).returning(versions_t.c.id)).scalar_one()
        for unit in sorted(released):
            conn.execute(releases_t.insert().values(version_id=vid, unit_key=str(unit)[:9]))
        if len(frame):
            rows = [{"version_id": vid, "unit_key": u, "question_id": q, "answer": a}
                    for u, q, a in frame.itertuples(index=False, name=None)]
            for start in range(0, len(rows), 5000):
                conn.execute(answers_t.insert(), rows[start:start + 5000])
        for source, qid in (mapping or {}).items():
            conn.execute(mappings_t.delete().where((mappings_t.c.wave == wave) & (mappings_t.c.source == source)))
            conn.execute(mappings_t.insert().values(wave=wave, source=source[:500], question_id=qid,
                                                    updated_at=_now()))
        return _version(conn.execute(sa.select(versions_t).where(versions_t.c.id == vid)).mappings().one())

    def restore(self, version_id: int, created_by: str) -> Version:
        """Make an earlier version current again by appending a copy of its answers (the history stays
        complete). The publication policy and releases stay as they are now: a restore never widens them."""
        old = self.version(version_id)
        return self.add_version(old.wave, self.answers(old.id), created_by=created_by, action="wiederherstellung",
                                file_name=old.file_name, checksum=old.checksum, restored_from=old.id)

    def withdraw(self, version_id: int, withdrawn_by: str) -> Version:
        """Withdraw a version: it stays in the history, marked, and is never current again (the wave falls
        back to its newest remaining version). Restoring it later makes a new version of it."""
        with self._write() as conn:
            row = conn.execute(sa.select(versions_t).where(versions_t.c.id == int(version_id))).mappings().first()
            if row is None:
                raise StoreError(f"Version {version_id} gibt es nicht.")
            if row["withdrawn_at"] is not None:
                raise StoreError(f"Version {version_id} ist bereits zurückgezogen.")
            conn.execute(versions_t.update().where(versions_t.c.id == int(version_id))
                         .values(withdrawn_at=_now(), withdrawn_by=str(withdrawn_by)[:200]))
            return _version(conn.execute(sa.select(versions_t).where(versions_t.c.id == int(version_id)))
                            .mappings().one())

    def last_file_checksum(self, wave: str) -> str | None:
        """The checksum of the newest version of the wave taken from the data folder's file (or None)."""
        q = (sa.select(versions_t.c.checksum).where((versions_t.c.wave == str(wave)) & (versions_t.c.action == "datei"))
             .order_by(versions_t.c.id.desc()).limit(1))
        return self._read(lambda conn: conn.execute(q).scalar())

    def has_file(self, checksum: str) -> bool:
        """Whether a file with this content was ever taken into the store (in any wave)."""
        q = sa.select(versions_t.c.id).where((versions_t.c.action == "datei") & (versions_t.c.checksum == checksum))
        return self._read(lambda conn: conn.execute(q.limit(1)).first() is not None)

    def sync_file(self, wave: str, answers: pd.DataFrame, file_name: str, checksum: str,
                  policy: str | None = None, released: frozenset[str] | None = None) -> Version | None:
        """Seed or follow the data folder's responses file: when its content (checksum) differs from the
        last version taken from a file for this wave, it becomes a new version. Returns it, or None.
        Checked and written in one serialised transaction, so instances starting together add it once."""
        wave = str(wave)
        with self._write(timeout_s=SYNC_TIMEOUT_S) as conn:
            last = conn.execute(sa.select(versions_t.c.checksum).where(
                (versions_t.c.wave == wave) & (versions_t.c.action == "datei")).order_by(
                versions_t.c.id.desc()).limit(1)).scalar()
            if last == checksum:
                return None
            return self._insert(conn, wave, answers, created_by="Datenordner", action="datei", file_name=file_name,
                                checksum=checksum, restored_from=None, wave_label=None, mapping=None, policy=policy,
                                released=released)


class _WriteTx:
    """A write transaction: SQLite BEGIN IMMEDIATE (see _sqlite_begin), PostgreSQL an advisory lock; each
    waits at most timeout_s. Database errors – also from the body – leave as StoreError (German sentence)."""

    def __init__(self, store: Store, lock_id: int, timeout_s: float):
        self.store, self.lock_id, self.timeout_ms = store, int(lock_id), max(1, int(timeout_s * 1000))
        self.conn = None

    def __enter__(self) -> sa.Connection:
        try:
            self.conn = self.store.engine.connect().execution_options(sca_immediate=True,
                                                                      sca_timeout_ms=self.timeout_ms)
            self.tx = self.conn.begin()
            if self.store.dialect == "postgresql":
                self.conn.exec_driver_sql(f"SET LOCAL lock_timeout = {self.timeout_ms}")
                self.conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({self.lock_id})")
        except sa.exc.DBAPIError as exc:
            if self.conn is not None:
                self.conn.close()
            raise store_error(exc, self.store.url) from None
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.tx.commit()
            else:
                self.tx.rollback()
        except sa.exc.DBAPIError as error:
            if exc_type is None:
                raise store_error(error, self.store.url) from None
        finally:
            self.conn.close()
        if exc_type is not None and issubclass(exc_type, sa.exc.DBAPIError):
            raise store_error(exc, self.store.url) from None


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
    cur = dbapi_connection.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")  # readers go on while an import writes
    except Exception:  # noqa: BLE001 – a read-only database keeps its journal mode and can still be read
        pass
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn) -> None:
    options = conn.get_execution_options()
    conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(options.get('sca_timeout_ms', READ_TIMEOUT_S * 1000))}")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("sca_immediate", False) else "BEGIN")


def _version(row) -> Version:
    return Version(id=int(row["id"]), wave=str(row["wave"]), created_at=_as_utc(row["created_at"]),
                   created_by=row["created_by"], action=row["action"], file_name=row["file_name"],
                   checksum=row["checksum"], respondents=int(row["respondents"]), answer_rows=int(row["answer_rows"]),
                   restored_from=row["restored_from"],
                   withdrawn_at=_as_utc(row["withdrawn_at"]) if row["withdrawn_at"] is not None else None,
                   withdrawn_by=row["withdrawn_by"], policy=row.get("policy"))


_stores: dict[str, Store] = {}
_opening: dict[str, _Opening] = {}
_stores_lock = threading.Lock()


class _Opening:
    """One attempt to open a store that concurrent callers share (no queue of timeouts while it is down)."""

    def __init__(self):
        self.done = threading.Event()
        self.store: Store | None = None
        self.error: StoreError | None = None


def open_store(url: str) -> Store:
    """The process-wide store for a URL, migrated on first use. A failure is not remembered: the next call
    tries again (callers arriving while an attempt runs share its outcome)."""
    with _stores_lock:
        store = _stores.get(url)
        if store is not None:
            return store
        opening = _opening.get(url)
        leader = opening is None
        if leader:
            opening = _opening[url] = _Opening()
    if not leader:
        opening.done.wait()
        if opening.store is not None:
            return opening.store
        raise StoreError(str(opening.error), opening.error.detail)
    try:
        opening.store = _open(url)
        with _stores_lock:
            _stores[url] = opening.store
        return opening.store
    except StoreError as exc:
        opening.error = exc
        raise
    finally:
        with _stores_lock:
            _opening.pop(url, None)
        opening.done.set()


def _open(url: str) -> Store:
    try:
        store = Store(url)
    except (OSError, sa.exc.ArgumentError) as exc:
        raise store_error(exc, url) from None
    try:
        store.migrate()
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        store.dispose()
        raise store_error(exc, url) from None
    return store
