"""Migration 0008: rows written before it are hashed into the chain; on PostgreSQL nobody can
TRUNCATE the audit log, and the application role that does not own it cannot ALTER it either."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from pos.clock import fixed_clock
from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.migrate import upgrade
from pos.db.models import AuditEntry
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.accounts import create_staff, sign_in
from pos.services.staff.audit_chain import verify_chain
from tests.databases import NOW
from tests.db.test_migrations import DBS

BEFORE = "0007_report_covering_indexes"
APP_ROLE_GRANTS = (      # as in docs/SECURITY.md
    "CREATE ROLE {role} LOGIN",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
    "GRANT UPDATE (target, details, salt) ON audit_log TO {role}",      # redaction on erasure (0009)
)


@pytest.mark.parametrize("fresh_url", DBS, indirect=True)
def test_rows_written_before_the_chain_are_hashed_by_the_migration(fresh_url):
    engine = make_engine(fresh_url)
    upgrade(engine, BEFORE)
    with engine.begin() as conn:
        for number in range(3):
            conn.execute(text("INSERT INTO audit_log (at, action, target, details) VALUES "
                              f"('2026-01-0{number + 1} 10:00:00.250000', 'sign_in', 'C0{number}', "
                              "'{\"till\": \"收银台 1\"}')"))
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)).all()
    assert audit.check_chain(rows) == (3, None)
    assert all(len(row.row_hash) == 64 for row in rows) and rows[0].prev_hash == ""
    with pytest.raises(DatabaseError), engine.begin() as conn:        # and the guards are back
        conn.execute(text("UPDATE audit_log SET target = 'x'"))
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("fresh_url", ["postgres"], indirect=True)
def test_nobody_truncates_and_the_app_role_cannot_alter(fresh_url):
    owner = make_engine(fresh_url)
    upgrade(owner)
    role = f"pos_app_{uuid.uuid4().hex[:8]}"
    with owner.begin() as conn:                            # docs/SECURITY.md: the grants of the app role
        for grant in APP_ROLE_GRANTS:
            conn.execute(text(grant.format(role=role)))
    app = AppContext(make_engine(make_url(fresh_url).set(username=role, password=None)
                                 .render_as_string(hide_password=False)), load_config(), fixed_clock(NOW))
    try:
        manager = create_staff(app, "M01", "Manager", "manager", "8888")     # the till works as this role
        assert sign_in(app, "8888").id == manager.id
        assert verify_chain(app, manager.id).ok
        rows = _audit_rows(owner)
        with pytest.raises(DatabaseError, match="append-only"), owner.begin() as conn:
            conn.execute(text("TRUNCATE audit_log"))      # the trigger stops even the owner
        for statement in ("TRUNCATE audit_log", "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                          "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate",
                          "DROP TRIGGER audit_log_append_only ON audit_log", "DROP TABLE audit_log",
                          "UPDATE audit_log SET target = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(DatabaseError, match="permission denied|must be owner|append-only"), \
                    app.engine.begin() as conn:
                conn.execute(text(statement))
        assert _audit_rows(owner) == rows
    finally:
        app.engine.dispose()
        with owner.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        owner.dispose()


def _audit_rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
