"""Writes that need no result from each other, sent to PostgreSQL together (#19, round two).

Inside `with pipelined(conn):` on PostgreSQL the psycopg connection is in pipeline mode: each
`conn.execute` of a statement whose result nobody reads (an INSERT or UPDATE without RETURNING) is
queued, and the block's end sends them all and waits once: one round trip for the lot instead of one
each. They run in the order they were executed, in the same transaction, so locks are taken in the
same order as without the pipeline. A statement that fails fails the block: its psycopg error is
raised as SQLAlchemy's (IntegrityError, OperationalError, ...) and the transaction rolls back as
usual. Nothing inside the block may read a result (no RETURNING, no SELECT, no ORM flush): what it
needs must be read before. Elsewhere (SQLite, a file with no network between) the block is plain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError


@contextmanager
def pipelined(conn: Connection) -> Iterator[None]:
    if conn.dialect.name != "postgresql":
        yield
        return
    dbapi_error = conn.dialect.loaded_dbapi.Error
    driver = conn.connection.driver_connection
    try:
        with driver.pipeline():          # type: ignore[union-attr]
            yield
    except dbapi_error as error:     # raised when the pipeline is synced, outside SQLAlchemy's execute
        raise DBAPIError.instance(None, None, error, dbapi_error) from error
