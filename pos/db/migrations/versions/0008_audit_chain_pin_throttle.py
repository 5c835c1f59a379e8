"""audit log hash chain (prev_hash, row_hash; existing rows hashed here), TRUNCATE refused on
PostgreSQL; wrong PINs counted per till (till_pin_failures)

PostgreSQL: the BEFORE TRUNCATE trigger stops a TRUNCATE by any role, the owner included. It cannot
stop the owner from ALTER TABLE ... DISABLE TRIGGER or DROP TRIGGER (an event trigger could, but it
needs a superuser and would refuse the `pg_restore --clean` of `pos restore`): production must
connect as a role that does not own the tables and has only SELECT and INSERT on audit_log
(docs/SECURITY.md); such a role can neither TRUNCATE nor ALTER it.

Revision ID: 0008_audit_chain_pin_throttle
Revises: 0007_report_covering_indexes
Create Date: 2026-12-01
"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0008_audit_chain_pin_throttle"
down_revision = "0007_report_covering_indexes"
branch_labels = None
depends_on = None

AUDIT = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                 sa.column("staff_id", sa.Integer), sa.column("action", sa.String), sa.column("target", sa.String),
                 sa.column("details", sa.Text), sa.column("prev_hash", sa.String), sa.column("row_hash", sa.String))
SQLITE_GUARDS = {verb: f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END" for verb in ("UPDATE", "DELETE")}
PG_GUARD = ("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
BATCH = 2000


def _row_hash(prev_hash, at, staff_id, action, target, details) -> str:
    """Frozen copy of pos.services.staff.audit.row_hash as of this revision."""
    canonical = json.dumps([prev_hash, at.isoformat(), staff_id, action, target, details],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def upgrade() -> None:
    op.create_table("till_pin_failures",
                    sa.Column("till_id", sa.String(length=64), nullable=False),
                    sa.Column("failures", sa.Integer(), nullable=False),
                    sa.Column("last_failure_at", sa.DateTime(), nullable=True),
                    sa.Column("locked_until", sa.DateTime(), nullable=True),
                    sa.PrimaryKeyConstraint("till_id", name=op.f("pk_till_pin_failures")))
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), server_default="", nullable=False))
        batch.add_column(sa.Column("row_hash", sa.String(length=64), server_default="", nullable=False))
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_guards(sqlite)          # the rows written so far are hashed once, here
    _hash_existing_rows()
    _create_guards(sqlite)
    if not sqlite:
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def _hash_existing_rows() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(AUDIT.c.id, AUDIT.c.at, AUDIT.c.staff_id, AUDIT.c.action, AUDIT.c.target,
                                  AUDIT.c.details).order_by(AUDIT.c.id)).all()
    update = (sa.update(AUDIT).where(AUDIT.c.id == sa.bindparam("row_id"))
              .values(prev_hash=sa.bindparam("prev"), row_hash=sa.bindparam("digest")))
    prev, pending = "", []
    for row_id, at, staff_id, action, target, details in rows:
        digest = _row_hash(prev, at, staff_id, action, target, details)
        pending.append({"row_id": row_id, "prev": prev, "digest": digest})
        prev = digest
        if len(pending) == BATCH:
            bind.execute(update, pending)
            pending = []
    if pending:
        bind.execute(update, pending)


def _drop_guards(sqlite: bool) -> None:
    if sqlite:
        for verb in SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER audit_log_no_{verb.lower()}")
    else:
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")


def _create_guards(sqlite: bool) -> None:
    for statement in SQLITE_GUARDS.values() if sqlite else (PG_GUARD,):
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
    if sqlite:        # SQLite's drop column rebuilds the table, and its triggers go with the old one
        _drop_guards_if_present()
        _create_guards(sqlite)
    op.drop_table("till_pin_failures")


def _drop_guards_if_present() -> None:
    for verb in SQLITE_GUARDS:
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb.lower()}")
