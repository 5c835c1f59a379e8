"""Core statements of the sale's hot path sent straight to the psycopg cursor (#19, round six).

Measured on the 2-core bench machine, one statement in an open transaction: SQLAlchemy's execute
costs 60-100 µs of client CPU above psycopg's own (81 against 24 µs for a one-column select by key,
128 against 69 µs for an update), and a member checkout runs ~15 of them: ~1 ms a sale, a sixth of
the till's CPU, on the PostgreSQL checkout and the four tills' throughput. `execute` compiles a
statement once (per set of parameter names) and afterwards hands psycopg the SQL text and the
parameters as they are. It takes this path only where that gives exactly what SQLAlchemy's execute
gives, and SQLAlchemy's execute everywhere else:
- PostgreSQL only (SQLite's DateTime and Boolean are processed by SQLAlchemy in Python);
- no bind or result processing for the dialect (psycopg adapts the Python values itself), no
  expanding IN lists (PostgreSQL statements take an array: `= any(CAST(:codes AS VARCHAR[]))`), no
  bind names SQLAlchemy had to escape, no Python `onupdate` values (columns an UPDATE sets to an SQL
  expression, SQLAlchemy's "postfetch" list, only tell the ORM what to expire: nothing is run for them);
- no listener on the connection's events (statement counters, the bench's floor capture): those
  see every statement as before;
- Python-side column defaults of an INSERT (the till's store and till, pos.db.models) are computed
  here as SQLAlchemy would (a scalar, or the callable with a context carrying the connection); any
  other kind of default takes SQLAlchemy's path.
Errors are raised as SQLAlchemy's (IntegrityError, OperationalError, ...), and a lost connection is
invalidated, as SQLAlchemy's execute does. The same SQL text goes to the server either way, so the
server's prepared statements are shared and the bench's floor replays the same statements.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, MultipleResultsFound, NoResultFound
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.util import symbol

_REQUIRED = symbol("REQUIRED")     # construct_params' value of a parameter the caller must give
_CACHE_LIMIT = 256          # statements are module constants (or cached per dialect): a handful


class _Plan:
    __slots__ = ("sql", "defaults", "prefetch", "returns_rows")

    def __init__(self, sql: str, defaults: dict[str, Any], prefetch: tuple[tuple[str, Any], ...],
                 returns_rows: bool) -> None:
        self.sql, self.defaults, self.prefetch, self.returns_rows = sql, defaults, prefetch, returns_rows


class _DefaultContext:
    """What a callable column default reads (pos.db.models._here reads `context.connection.info`)."""

    __slots__ = ("connection",)

    def __init__(self, connection: Connection) -> None:
        self.connection = connection


# (id of the statement, parameter names) -> (the statement, its plan or None: SQLAlchemy's path);
# the statement is held so its id cannot be reused by another object
_PLANS: dict[tuple[int, tuple[str, ...]], tuple[Executable, _Plan | None]] = {}


def execute(conn: Connection, statement: Executable,
            params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None) -> Any:
    """`conn.execute(statement, params)`, through psycopg directly where that is exact (module doc).
    The result offers what the callers use of SQLAlchemy's: rowcount, scalar(), scalar_one(), first(),
    one(), all() and iteration, rows as tuples."""
    many = isinstance(params, Sequence)
    if conn.dialect.name != "postgresql" or conn._has_events or conn.engine._has_events:
        return conn.execute(statement, params)
    rows: Sequence[Mapping[str, Any]] = params if many else [params or {}]    # type: ignore[assignment,list-item]
    if not rows:
        return conn.execute(statement, params)
    plan = _plan(conn, statement, tuple(rows[0]))
    if plan is None:
        return conn.execute(statement, params)
    values = [_values(conn, plan, row) for row in rows]
    cursor = conn.connection.driver_connection.cursor()   # type: ignore[union-attr]
    try:
        if many and len(values) > 1:
            cursor.executemany(plan.sql, values)
        else:
            cursor.execute(plan.sql, values[0])
    except conn.dialect.loaded_dbapi.Error as error:
        _raise(conn, error, plan.sql, values, cursor)
    return _Result(cursor)


def _plan(conn: Connection, statement: Executable, names: tuple[str, ...]) -> _Plan | None:
    key = (id(statement), names)
    held = _PLANS.get(key)
    if held is not None and held[0] is statement:
        return held[1]
    plan = _compile(conn, statement, names)
    if len(_PLANS) >= _CACHE_LIMIT:
        _PLANS.clear()
    _PLANS[key] = (statement, plan)
    return plan


def _compile(conn: Connection, statement: Executable, names: tuple[str, ...]) -> _Plan | None:
    compiled = statement.compile(dialect=conn.dialect, column_keys=list(names))  # type: ignore[attr-defined]
    if (compiled._bind_processors or compiled.escaped_bind_names or compiled.update_prefetch
            or any(b.expanding for b in compiled.binds.values())
            or any(_processes_results(conn, entry.type) for entry in compiled._result_columns)):
        return None
    prefetch = []
    for column in compiled.insert_prefetch:
        default = column.default
        if default is None or not (default.is_scalar or default.is_callable):
            return None
        prefetch.append((compiled.bind_names[_bind_of(compiled, column)], default))
    defaults = {name: value for name, value in compiled.construct_params(_check=False).items()
                if value is not _REQUIRED and name not in names}
    return _Plan(compiled.string, defaults, tuple(prefetch), bool(compiled._result_columns))


def _bind_of(compiled: Any, column: Any) -> BindParameter[Any]:
    for bind in compiled.binds.values():
        if bind.key == column.key:
            return bind
    raise LookupError(column.key)


def _processes_results(conn: Connection, type_: Any) -> bool:
    return type_._cached_result_processor(conn.dialect, None) is not None


def _values(conn: Connection, plan: _Plan, row: Mapping[str, Any]) -> dict[str, Any]:
    values = {**plan.defaults, **row}
    for name, default in plan.prefetch:
        if name not in row:
            values[name] = default.arg(_DefaultContext(conn)) if default.is_callable else default.arg
    return values


def _raise(conn: Connection, error: Any, sql: str, values: list[dict[str, Any]], cursor: Any) -> None:
    lost = conn.dialect.is_disconnect(error, conn.connection.dbapi_connection, cursor)
    if lost:
        conn.invalidate(error)
    raise DBAPIError.instance(sql, values[0] if len(values) == 1 else values, error,
                              conn.dialect.loaded_dbapi.Error, connection_invalidated=lost,
                              dialect=conn.dialect) from error


class _Result:
    __slots__ = ("_cursor",)

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def first(self) -> tuple[Any, ...] | None:
        return self._cursor.fetchone()

    def scalar(self) -> Any:
        row = self._cursor.fetchone()
        return row[0] if row is not None else None

    def one(self) -> tuple[Any, ...]:
        rows = self._cursor.fetchall()
        if not rows:
            raise NoResultFound("No row was found when one was required")
        if len(rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return rows[0]

    def scalar_one(self) -> Any:
        return self.one()[0]

    def all(self) -> list[tuple[Any, ...]]:
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._cursor.fetchall())
