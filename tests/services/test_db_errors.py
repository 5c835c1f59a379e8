"""The one translation of database errors: what is the environment's fault becomes an
EnvironmentFault a person can act on; any other OperationalError stays what it is, our bug."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from pos.errors import EnvironmentFault
from pos.services.context import translate_db_errors


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "pos.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")
    return path


def test_a_locked_sqlite_file_is_database_busy(database):
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{database}", connect_args={"timeout": 0})
    try:
        with pytest.raises(EnvironmentFault) as fault, translate_db_errors(), engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()
    assert fault.value.code == "database_busy" and "INSERT" not in fault.value.message
    assert isinstance(fault.value.__cause__, OperationalError)


def test_an_unopenable_sqlite_file_is_database_unavailable(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/no/such/dir/pos.sqlite3")
    with pytest.raises(EnvironmentFault) as fault, translate_db_errors(), engine.connect():
        pass
    assert fault.value.code == "database_unavailable"
    assert fault.value.message == "The database cannot be reached: unable to open database file"


@pytest.mark.parametrize("statement", ["SELECT * FROM no_such_table", "SELEC 1", "SELECT no_such_column FROM t"])
def test_a_wrong_statement_is_our_bug_not_an_outage(database, statement):
    engine = create_engine(f"sqlite:///{database}")
    with pytest.raises(OperationalError), translate_db_errors(), engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


def test_an_unreachable_postgresql_server_is_database_unavailable():
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(EnvironmentFault) as fault, translate_db_errors(), engine.connect():
        pass
    assert fault.value.code == "database_unavailable" and fault.value.message.startswith("The database cannot be")
    assert "\n" not in fault.value.message


def test_the_postgresql_states_of_contention_are_database_busy(pg_url):
    """A statement cancelled by the server's timeout (SQLSTATE 57014) is contention, not an outage."""
    engine = create_engine(pg_url)
    with pytest.raises(EnvironmentFault) as fault, translate_db_errors(), engine.connect() as conn:
        conn.execute(text("SET statement_timeout = 1"))
        conn.execute(text("SELECT pg_sleep(1)"))
    engine.dispose()
    assert fault.value.code == "database_busy"
