"""Engine and session setup for SQLite (embedded default) and PostgreSQL.

SQLite: WAL, foreign keys on, busy timeout, and write transactions started with
BEGIN IMMEDIATE (SQLAlchemy's pysqlite recipe) so two tills can't both read-then-write.
PostgreSQL: psycopg 3; services lock rows (FOR UPDATE) and use conditional UPDATEs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from pos.errors import BadInput

BUSY_TIMEOUT_MS = 15000
OFFLINE_CONNECT_TIMEOUT_S = 2   # a till that can sell offline waits at most this long for the server


def default_database_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("pos-loyalty", appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)     # our own folder: an older one was created 0755
    return f"sqlite:///{folder / 'pos.sqlite3'}"


URL_EXAMPLES = ("e.g. shop.db (a SQLite file), sqlite:////var/lib/pos/shop.db, "
                "or postgresql+psycopg://pos:PASSWORD@db.example.com:5432/pos")


def resolve_url(url: str | None) -> str:
    """The database URL from --db, else $POS_DATABASE_URL, else the default SQLite file. A plain
    file path (`shop.db`, `~/pos/shop.db`, `C:\\pos\\shop.db`) means that SQLite file."""
    url = url or os.environ.get("POS_DATABASE_URL") or default_database_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    return url


def make_engine(url: str | None = None, *, foreign_keys: bool = True, connect_timeout: int | None = None) -> Engine:
    """`connect_timeout` (seconds, PostgreSQL): how long a connection attempt may take; a till with an
    offline journal gives up after OFFLINE_CONNECT_TIMEOUT_S and sells offline (pos.services.offline)."""
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadInput("database_url_invalid", f"'{url}' is not a database URL ({URL_EXAMPLES})") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, foreign_keys)
    if parsed.get_backend_name() == "postgresql":
        from pos.db.models import postgresql_options

        postgresql_options()
        connect_args = {"connect_timeout": connect_timeout} if connect_timeout else {}
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, connect_args=connect_args)
        _skippable_ping(engine)
        return engine
    raise BadInput("database_url_invalid", f"unsupported database '{parsed.get_backend_name()}' in "
                   f"'{parsed.render_as_string(hide_password=True)}': use a SQLite file or PostgreSQL ({URL_EXAMPLES})")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_engine(url: str, foreign_keys: bool) -> Engine:
    db_path = make_url(url).database
    if db_path and db_path != ":memory:":
        _private_database_file(Path(db_path).expanduser())
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None   # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode is not None:    # None: reader(), every statement is its own transaction
            conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _private_database_file(path: Path) -> None:
    """Creates the file 0600 (in a new folder 0700) before SQLite opens it: SQLite gives its -wal
    and -shm files the database file's mode. An existing file of ours loses group/other access."""
    from pos.files import make_private

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
    except FileExistsError:
        make_private(path)
    except OSError:
        pass    # SQLite reports an unusable path itself, with its own message


def writer(engine: Engine) -> Engine:
    """An engine view whose transactions take the write lock up front on SQLite."""
    if is_sqlite(engine):
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine


def reader(engine: Engine) -> Engine:
    """An engine view for reads of ONE statement (it is its own consistent snapshot): no transaction
    around it, so no BEGIN/COMMIT round trips on PostgreSQL (autocommit; psycopg sends only the
    statement) and no BEGIN/COMMIT calls on SQLite. Not for writes, nor for reads that need several
    statements to agree."""
    if is_sqlite(engine):
        return engine.execution_options(sqlite_begin=None)
    return engine.execution_options(isolation_level="AUTOCOMMIT")


# The pool pings a connection before lending it (a round trip), which `unpinged()` skips for
# reads that can simply be done again on a fresh connection when the lent one turns out closed.
_UNPINGED: ContextVar[bool] = ContextVar("pos_unpinged", default=False)


def _skippable_ping(engine: Engine) -> None:
    ping = engine.dialect.do_ping   # this engine's own dialect instance

    def do_ping(dbapi_connection) -> bool:  # noqa: ANN001
        return True if _UNPINGED.get() else ping(dbapi_connection)

    engine.dialect.do_ping = do_ping  # type: ignore[method-assign]  # this engine's dialect instance only


@contextmanager
def unpinged() -> Iterator[None]:
    """Connections checked out inside are not pinged: the caller must retry once when its statement
    fails with `DBAPIError.connection_invalidated` (SQLAlchemy has then dropped that connection)."""
    token = _UNPINGED.set(True)
    try:
        yield
    finally:
        _UNPINGED.reset(token)


def dialect_insert(dialect: str) -> Callable[..., Any]:
    """`insert` of sqlalchemy.dialects.sqlite or .postgresql (ON CONFLICT) for a dialect name. The
    PostgreSQL module is imported only when asked for: it loads all of SQLAlchemy's PostgreSQL drivers
    (~50 ms), which a SQLite till's start should not pay."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


_ADDITIVE_UPSERTS: dict[tuple[str, str], Any] = {}


def additive_upsert(table: Table, keys: Sequence[str], counters: Sequence[str], dialect: str) -> Any:
    """`INSERT ... ON CONFLICT (keys) DO UPDATE SET c = c + excluded.c` for each counter: a rollup row
    added to, on SQLite or PostgreSQL. Built once per table and dialect (each sale runs it; building it
    and its cache key cost more than the statement)."""
    found = _ADDITIVE_UPSERTS.get((table.name, dialect))
    if found is None:
        ins = dialect_insert(dialect)(table)
        found = ins.on_conflict_do_update(index_elements=list(keys),
                                          set_={name: table.c[name] + ins.excluded[name] for name in counters})
        _ADDITIVE_UPSERTS[(table.name, dialect)] = found
    return found
