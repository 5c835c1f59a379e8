"""Migrations: the models and the migrated schema agree; down and up again works; audit is append-only
(no UPDATE, DELETE or, on PostgreSQL, TRUNCATE)."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from pos.db.engine import make_engine
from pos.db.migrate import alembic_config, head_revision, upgrade
from pos.db.models import Base

DBS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("fresh_url", DBS, indirect=True)
def test_models_match_migrations_and_downgrade_works(fresh_url):
    engine = make_engine(fresh_url)
    assert upgrade(engine) == head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    command.downgrade(alembic_config(engine), "base")
    assert upgrade(engine) == head_revision(engine)
    engine.dispose()


@pytest.mark.parametrize("fresh_url", DBS, indirect=True)
def test_audit_log_cannot_be_edited(fresh_url):
    engine = make_engine(fresh_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, action, target, details) VALUES "
                          "('2026-01-01 00:00:00', 'sign_in', '', '')"))
    statements = ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_log")       # no TRUNCATE in SQLite: DELETE is its truncation
    for statement in statements:
        with pytest.raises(DatabaseError), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()
