"""audit log rows can be redacted (PIPL erasure) without breaking the hash chain: a per-row random
`salt`; rows written from now on chain a salted digest of their target and details, not the text
itself. The append-only guards now let exactly one UPDATE through: a redaction, which replaces
target and details by the placeholder `[redacted]` / `{"redacted_by": ...}` and wipes the salt,
changing no other column. Deletes (and on PostgreSQL TRUNCATE) stay refused for everybody.

The application role on PostgreSQL needs `GRANT UPDATE (target, details, salt) ON audit_log`
(docs/SECURITY.md); without it, erasure is refused by the database.

Revision ID: 0009_audit_redaction
Revises: 0008_audit_chain_pin_throttle
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_audit_redaction"
down_revision = "0008_audit_chain_pin_throttle"
branch_labels = None
depends_on = None

# a redaction changes target, details and salt only, and only to the placeholder
_SQLITE_REDACTION = ("NEW.id = OLD.id AND NEW.at IS OLD.at AND NEW.staff_id IS OLD.staff_id "
                     "AND NEW.action IS OLD.action AND NEW.prev_hash IS OLD.prev_hash "
                     "AND NEW.row_hash IS OLD.row_hash AND NEW.salt IS NULL AND NEW.target = '[redacted]' "
                     "AND NEW.details LIKE '{\"redacted_by\": %'")
SQLITE_UPDATE_GUARD = ("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                       f"WHEN NOT ({_SQLITE_REDACTION}) "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
OLD_SQLITE_UPDATE_GUARD = ("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
PG_REDACTION_FUNCTION = (
    "CREATE FUNCTION audit_log_redaction_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at "
    "OR NEW.staff_id IS DISTINCT FROM OLD.staff_id OR NEW.action IS DISTINCT FROM OLD.action "
    "OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash OR NEW.row_hash IS DISTINCT FROM OLD.row_hash "
    "OR NEW.salt IS NOT NULL OR NEW.target IS DISTINCT FROM '[redacted]' "
    "OR NEW.details NOT LIKE '{\"redacted_by\": %' "
    "THEN RAISE EXCEPTION 'audit_log is append-only'; END IF; RETURN NEW; END $$")


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("salt", sa.String(length=32), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute(SQLITE_UPDATE_GUARD)
        return
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.execute("CREATE TRIGGER audit_log_append_only BEFORE DELETE ON audit_log "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
    op.execute(PG_REDACTION_FUNCTION)
    op.execute("CREATE TRIGGER audit_log_redaction_only BEFORE UPDATE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION audit_log_redaction_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        with op.batch_alter_table("audit_log") as batch:
            batch.drop_column("salt")
        for verb in ("update", "delete"):     # SQLite's drop column rebuilds the table without its triggers
            op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}")
        op.execute(OLD_SQLITE_UPDATE_GUARD)
        op.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
        return
    op.execute("DROP TRIGGER audit_log_redaction_only ON audit_log")
    op.execute("DROP FUNCTION audit_log_redaction_only()")
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
    op.drop_column("audit_log", "salt")
