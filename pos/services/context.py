"""What every use case needs: the engine, the store configuration and the clock."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import TypeVar

from sqlalchemy import Connection, Engine, Row, bindparam, event, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from pos.clock import Clock, system_clock
from pos.config import ConfigError, StoreConfig, load_config, parse_config
from pos.db import direct
from pos.db.engine import make_engine, reader, unpinged, writer
from pos.db.models import HERE_STORE, HERE_TILL, Store, StoreSettings, Till
from pos.errors import BadInput, EnvironmentFault, NotFound
from pos.vocabulary import DATABASE_BUSY, DATABASE_UNAVAILABLE, DISK_FULL, parse_till_code, till_code

log = logging.getLogger(__name__)
T = TypeVar("T")
_LATEST_SETTINGS = text("SELECT max(id) FROM store_settings")   # plain SQL (pos.db.direct on PostgreSQL)
# the same as a scalar sub-query, for statements that carry the settings check (read_statement)
SETTINGS_VERSION = select(func.max(StoreSettings.id)).scalar_subquery()
_SETTINGS_TOML = select(StoreSettings.toml).where(StoreSettings.id == bindparam("id"))


def default_till_id() -> str:
    """Which device this is (env POS_TILL_ID, else the host name): recorded for fraud signals."""
    return os.environ.get("POS_TILL_ID") or socket.gethostname()


def default_till() -> str | None:
    """Which registered till this process is (env POS_TILL, e.g. "S01-2"); None: the first one."""
    return os.environ.get("POS_TILL") or None


@dataclass(frozen=True)
class Here:
    """The registered till a process acts for, and its store (pos.services.stores)."""

    store_id: int
    till_id: int
    store_code: str
    store_name: str
    till_number: int

    @property
    def till(self) -> str:
        return till_code(self.store_code, self.till_number)


@dataclass
class AppContext:
    """`config` follows the settings saved in the database: every unit of work first compares the
    newest saved version (one indexed max() query) and reloads only when it changed, so a manager's
    change reaches every till at its next sale without a restart."""

    engine: Engine
    config: StoreConfig
    clock: Clock = system_clock
    till_id: str = field(default_factory=default_till_id)
    till: str | None = field(default_factory=default_till)     # "S01-2": the registered till (`--till`)
    settings_version: int = field(default=0, init=False, compare=False)
    file_config: StoreConfig | None = field(default=None, init=False, repr=False, compare=False)
    _has_settings_table: bool = field(default=False, init=False, repr=False, compare=False)
    _reader_of: tuple[Engine, Engine] | None = field(default=None, init=False, repr=False, compare=False)
    _here: Here | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.file_config = self.config

    @classmethod
    def open(cls, url: str | None = None, config_path: str | None = None,
             clock: Clock = system_clock) -> AppContext:
        return cls(make_engine(url), within_security_limits(load_config(config_path)), clock)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error."""
        with self._unit_of_work(writer(self.engine)) as session:
            yield session

    @contextmanager
    def bulk_write(self) -> Iterator[Session]:
        """write() for a job that rewrites a whole table from rows it reads from their parents in the
        same statement (the segment snapshot). On a SQLite file it runs without foreign-key checks,
        which would check a million parent keys and keep SQLite from truncating the table's old rows
        (1M snapshot rows: 11.5 -> 7.3 s), and lets the sorter use two threads. Elsewhere: write()."""
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        if not database or database == ":memory:":
            with self.write() as session:
                yield session
            return
        engine = make_engine(self.engine.url.render_as_string(hide_password=False), foreign_keys=False)
        event.listen(engine, "connect", lambda dbapi_connection, _record: dbapi_connection.execute("PRAGMA threads=2"))
        try:
            with self._unit_of_work(writer(engine)) as session:
                yield session
        finally:
            engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._unit_of_work(self.engine) as session:
            yield session

    @contextmanager
    def _unit_of_work(self, engine: Engine) -> Iterator[Session]:
        """A session in one transaction on `engine`, the settings followed, database errors translated."""
        with translate_db_errors(), Session(engine, expire_on_commit=False) as session:
            session.info["clock"] = self.clock
            session.info["till_id"] = self.till_id      # audit entries without a staff member name the till
            with session.begin():
                self.follow_settings(session)
                self._stamp(session)
                yield session

    def _stamp(self, session: Session) -> None:
        """Puts this till's store and till on the transaction's connection, where the models' column
        defaults read them (pos.db.models.HERE_STORE): every row written records them."""
        here = self.here_in(session)
        conn = session.connection()
        conn.info[HERE_STORE], conn.info[HERE_TILL] = (here.store_id, here.till_id) if here else (None, None)

    def here_in(self, session: Session) -> Here | None:
        """This process's till (`till`, else the first till of the first store), read once; None only
        while the database has no tills table yet (before `pos init`). `till_unknown` if `till` names
        no registered till."""
        if self._here is not None:
            return self._here
        if not inspect(session.connection()).has_table(Till.__tablename__):
            return None
        query = (select(Till.id, Till.store_id, Till.number, Store.code, Store.name)
                 .join(Store, Store.id == Till.store_id).order_by(Store.id, Till.number).limit(1))
        if self.till:
            parsed = parse_till_code(self.till)
            if parsed is None:
                raise BadInput("till_invalid", f"till '{self.till}' must be STORE-NUMBER, such as S01-2")
            query = query.where(Store.code == parsed[0], Till.number == parsed[1])
        row = session.execute(query).first()
        if row is None:
            if self.till:
                raise NotFound("till_unknown", f"No till {self.till} is registered (pos till add).")
            return None
        self._here = Here(row.store_id, row.id, row.code, row.name, row.number)
        return self._here

    @property
    def here(self) -> Here | None:
        """This process's till and store (see here_in), read in a unit of work of its own if need be."""
        if self._here is None:
            with self.read() as session:
                return self.here_in(session)
        return self._here

    def assume_here(self, here: Here) -> None:
        """This till as its offline journal last knew it: a till starting while the server is down (#17)."""
        self._here = here

    def forget_here(self) -> None:
        """Reads the till again at the next unit of work (after stores or tills were changed)."""
        self._here = None

    def read_statement(self, read: Callable[[Connection | None], T]) -> T:
        """`read(conn)` with a Core connection, for a read done in ONE statement (e.g. the member
        card), which is its own consistent snapshot: no BEGIN/COMMIT round trips
        (`pos.db.engine.reader`) and no pool ping (`unpinged`): when the pooled connection turns out
        closed, `read` runs once more on a pinged one, so it must only read. The settings are not
        checked here: the statement selects `SETTINGS_VERSION` and passes it to `settings_seen`, so
        following them costs no round trip and stays exact. `read(None)` where the database has no
        settings table yet: use `read()` then."""
        with translate_db_errors():
            try:
                return self._read_statement(read, ping=False)
            except DBAPIError as exc:
                if not exc.connection_invalidated:
                    raise
                log.info("a pooled connection was closed (%s): reading again", exc.orig)
                return self._read_statement(read, ping=True)

    def _read_statement(self, read: Callable[[Connection | None], T], *, ping: bool) -> T:
        with nullcontext() if ping else unpinged():
            conn = self._reader.connect()
        with conn:
            if not self._has_settings_table:
                self._has_settings_table = inspect(conn).has_table(StoreSettings.__tablename__)
            return read(conn if self._has_settings_table else None)

    def settings_seen(self, conn: Connection, version: int | None) -> bool:
        """True when `version` (the newest saved settings, read by the caller's statement) is the one
        in force; otherwise loads it and returns False: the caller reads again with the new config."""
        version = version or 0
        if version == self.settings_version:
            return True
        saved = conn.execute(_SETTINGS_TOML, {"id": version}).first() if version else None
        self.use_settings(version, saved)
        return False

    @property
    def _reader(self) -> Engine:
        if self._reader_of is None or self._reader_of[0] is not self.engine:   # (engine, its reader view)
            self._reader_of = (self.engine, reader(self.engine))
        return self._reader_of[1]

    def refresh_config(self) -> StoreConfig:
        """Picks up settings saved by another till now (units of work do this by themselves)."""
        with self.read():
            return self.config

    def follow_settings(self, session: Session) -> None:
        if not self._has_settings_table:
            self._has_settings_table = inspect(session.connection()).has_table(StoreSettings.__tablename__)
            if not self._has_settings_table:
                return
        version = direct.execute(session.connection(), _LATEST_SETTINGS).scalar() or 0
        if version != self.settings_version:
            self.use_settings(version, session.get(StoreSettings, version) if version else None)

    def use_settings(self, version: int, saved: StoreSettings | Row | None) -> None:
        """Newest saved settings in force; with none saved (e.g. after a restore), the file's."""
        try:
            config = parse_config(saved.toml, source=f"database settings v{version}") if saved else self.file_config
            assert config is not None       # set from `config` at construction
        except ConfigError as exc:   # saved under older rules: keep selling on the last good settings
            log.error("saved settings v%s are not valid any more: %s", version, exc.message)
            return
        self.config, self.settings_version = config, version


# The security limits: (section, field, the stricter of two values). Only the settings a manager
# saves in the database (audited) may loosen them; a local file (`--config`, POS_CONFIG) may only
# tighten them, since whoever starts `pos` chooses that file.
SECURITY_LIMITS: tuple[tuple[str, str, Callable[[int, int], int]], ...] = (
    ("points", "manager_pin_above", min), ("returns", "manager_pin_above_fen", min),
    ("security", "pin_max_failures", min), ("security", "pin_lockout_minutes", max),
    ("security", "pin_min_length", max),
    ("returns", "window_days", min), ("returns", "window_enforced", max),
)


def within_security_limits(file_config: StoreConfig) -> StoreConfig:
    """`file_config` (read from a local file) with each security limit no looser than the shipped
    default's. The shipped defaults apply until a manager saves settings (`pos settings save`)."""
    shipped, config = load_config(), file_config
    for section, name, stricter in SECURITY_LIMITS:
        mine, default = getattr(getattr(config, section), name), getattr(getattr(shipped, section), name)
        if stricter(mine, default) != mine:
            log.warning("%s: %s.%s = %s is looser than the shipped %s; only settings saved by a manager may "
                        "loosen it", file_config.source, section, name, mine, default)
            config = replace(config, **{section: replace(getattr(config, section), **{name: default})})
    return config


@contextmanager
def translate_db_errors() -> Iterator[None]:
    """THE place where a database error becomes an EnvironmentFault the user can act on: busy,
    disk full, unreachable. Any other OperationalError (SQLite reports a missing table or a syntax
    error that way) is our bug and passes through untouched, to be logged with a reference."""
    try:
        yield
    except OperationalError as exc:
        fault = _environment_fault(exc)
        if fault is None:
            raise
        log.warning("%s: %s", fault.code, _first_line(exc.orig))
        raise fault from exc


_SQLITE = ((DATABASE_BUSY, ("database is locked", "database table is locked", "busy")),
           (DISK_FULL, ("database or disk is full",)),
           (DATABASE_UNAVAILABLE, ("unable to open", "disk i/o error", "readonly database")))
_POSTGRES = {"40001": DATABASE_BUSY, "40P01": DATABASE_BUSY, "55P03": DATABASE_BUSY,   # serialization,
             "57014": DATABASE_BUSY, "53100": DISK_FULL}                            # deadlock, lock, cancel
_MESSAGES = {DATABASE_BUSY: "The database is busy (another till is writing); please try again.",
             DISK_FULL: "The database's disk is full: {0}",
             DATABASE_UNAVAILABLE: "The database cannot be reached: {0}"}


def _environment_fault(exc: OperationalError) -> EnvironmentFault | None:
    code = _fault_code(exc.orig)
    return EnvironmentFault(code, _MESSAGES[code].format(_first_line(exc.orig))) if code else None


def _fault_code(error: BaseException | None) -> str | None:
    if type(error).__module__.startswith("sqlite3"):
        text = str(error).lower()
        return next((code for code, words in _SQLITE if any(w in text for w in words)), None)
    state = getattr(error, "sqlstate", None) or ""
    if state.startswith("54"):      # program limit exceeded: our statement's fault
        return None
    return _POSTGRES.get(state, DATABASE_UNAVAILABLE)   # no state: the connection failed


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
