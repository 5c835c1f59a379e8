"""a chain of stores: `stores` and `tills` as records; every sale, return, payment, coupon use,
ledger entry and audit entry records its store and till; members the store that enrolled them;
staff their home store (none: the whole chain). The database as it was becomes store S01, till 1.

Audit rows keep their hashes (store and till are not hashed), and the append-only guards now also
keep a redaction from changing them.

Revision ID: 0010_chain_stores
Revises: 0009_audit_redaction
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_chain_stores"
down_revision = "0009_audit_redaction"
branch_labels = None
depends_on = None

# tables whose rows record store and till; members record the store only
STAMPED = ("sales", "payments", "returns", "coupon_redemptions", "points_ledger")
FIRST_STORE, FIRST_TILL = 1, 1

# frozen copies of 0009's guards with store_id and till_id added to what a redaction may not change
_SQLITE_REDACTION = ("NEW.id = OLD.id AND NEW.at IS OLD.at AND NEW.staff_id IS OLD.staff_id "
                     "AND NEW.action IS OLD.action AND NEW.prev_hash IS OLD.prev_hash "
                     "AND NEW.row_hash IS OLD.row_hash AND NEW.salt IS NULL AND NEW.target = '[redacted]' "
                     "AND NEW.details LIKE '{\"redacted_by\": %'")
_SQLITE_STORE = " AND NEW.store_id IS OLD.store_id AND NEW.till_id IS OLD.till_id"
_SQLITE_UPDATE_GUARD = ("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                        "WHEN NOT ({0}) BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
_SQLITE_DELETE_GUARD = ("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_log_redaction_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at "
    "OR NEW.staff_id IS DISTINCT FROM OLD.staff_id OR NEW.action IS DISTINCT FROM OLD.action "
    "OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash OR NEW.row_hash IS DISTINCT FROM OLD.row_hash "
    "{0}OR NEW.salt IS NOT NULL OR NEW.target IS DISTINCT FROM '[redacted]' "
    "OR NEW.details NOT LIKE '{{\"redacted_by\": %' "
    "THEN RAISE EXCEPTION 'audit_log is append-only'; END IF; RETURN NEW; END $$")
_PG_STORE = "OR NEW.store_id IS DISTINCT FROM OLD.store_id OR NEW.till_id IS DISTINCT FROM OLD.till_id "


def _add_references(table: str, *columns: str) -> None:
    """Nullable columns referring to stores or tills. SQLite adds them in place (a table rebuild would
    copy every row, and its DROP of a referenced table fails with foreign keys on)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in columns:
        referred = "tills" if column == "till_id" else "stores"
        name = f"fk_{table}_{column}_{referred}"
        if sqlite:
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES {referred} (id)")
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(name, table, referred, [column], ["id"])


def upgrade() -> None:
    op.create_table(
        "stores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("receipt_header", sa.Text(), nullable=True),
        sa.Column("receipt_footer", sa.Text(), nullable=True),
        sa.Column("group_urls", sa.Text(), nullable=True),
        sa.Column("printer_kind", sa.String(length=32), nullable=True),
        sa.Column("printer_target", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stores")),
        sa.UniqueConstraint("code", name=op.f("uq_stores_code")),
    )
    op.create_table(
        "tills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("last_receipt_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_return_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_tills_number_positive")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_tills_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tills")),
        sa.UniqueConstraint("store_id", "number", name="uq_tills_store_number"),
    )
    now = sa.func.current_timestamp()
    stores = sa.table("stores", *(sa.column(c) for c in ("id", "code", "name", "address", "phone", "active",
                                                           "created_at")))
    tills = sa.table("tills", *(sa.column(c) for c in ("id", "store_id", "number", "name", "last_receipt_seq",
                                                         "last_return_seq", "created_at")))
    op.execute(stores.insert().values(id=FIRST_STORE, code="S01", name="Store 1", address="", phone="",
                                      active=True, created_at=now))
    op.execute(tills.insert().values(id=FIRST_TILL, store_id=FIRST_STORE, number=1, name="", last_receipt_seq=0,
                                     last_return_seq=0, created_at=now))
    if op.get_bind().dialect.name == "postgresql":
        for table in ("stores", "tills"):       # the rows above were given their ids
            op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")

    for table in STAMPED:
        _add_references(table, "store_id", "till_id")
        op.execute(f"UPDATE {table} SET store_id = {FIRST_STORE}, till_id = {FIRST_TILL}")
    _add_references("members", "store_id")
    op.execute(f"UPDATE members SET store_id = {FIRST_STORE}")
    _add_references("staff", "store_id")
    op.create_index("ix_members_store", "members", ["store_id", "id"])
    op.create_index("ix_sales_store_created_cover", "sales", ["store_id", "created_at", "member_id", "total_fen"])
    _stamp_audit_log()


def _stamp_audit_log() -> None:
    """The audit log refuses updates: its existing rows get S01 / till 1 without one."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        _add_references("audit_log", "store_id", "till_id")
        op.execute(f"UPDATE audit_log SET store_id = {FIRST_STORE}, till_id = {FIRST_TILL}")
        op.execute(_SQLITE_UPDATE_GUARD.format(_SQLITE_REDACTION + _SQLITE_STORE))
        return
    for column, referred, first in (("store_id", "stores", FIRST_STORE), ("till_id", "tills", FIRST_TILL)):
        # a default fills the existing rows in place (an UPDATE would meet the guards)
        op.add_column("audit_log", sa.Column(column, sa.Integer(), nullable=True, server_default=str(first)))
        op.alter_column("audit_log", column, server_default=None)
        op.create_foreign_key(f"fk_audit_log_{column}_{referred}", "audit_log", referred, [column], ["id"])
    op.execute(_PG_FUNCTION.format(_PG_STORE))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(False)
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}")
    else:
        op.execute(_PG_FUNCTION.format(""))
    with op.batch_alter_table("audit_log") as batch:    # SQLite's rebuild drops a column's reference with it
        if not sqlite:
            batch.drop_constraint("fk_audit_log_till_id_tills", type_="foreignkey")
            batch.drop_constraint("fk_audit_log_store_id_stores", type_="foreignkey")
        batch.drop_column("till_id")
        batch.drop_column("store_id")
    if sqlite:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}")
        op.execute(_SQLITE_UPDATE_GUARD.format(_SQLITE_REDACTION))
        op.execute(_SQLITE_DELETE_GUARD)
    op.drop_index("ix_sales_store_created_cover", table_name="sales")
    op.drop_index("ix_members_store", table_name="members")
    for table, columns in (("staff", ("store_id",)), ("members", ("store_id",)),
                           *((table, ("till_id", "store_id")) for table in STAMPED)):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                referred = "tills" if column == "till_id" else "stores"
                if not sqlite:
                    batch.drop_constraint(f"fk_{table}_{column}_{referred}", type_="foreignkey")
                batch.drop_column(column)
    op.drop_table("tills")
    op.drop_table("stores")
    if sqlite:
        _sqlite_foreign_keys(True)


def _sqlite_foreign_keys(on: bool) -> None:
    """The rebuilds of the downgrade drop tables other tables refer to, which SQLite refuses with foreign
    keys on; PRAGMA foreign_keys is ignored inside a transaction, and the engine opens one before the
    migration runs (env.py's PRAGMA comes too late): commit, switch, begin again. Switching back on, the
    references are checked first."""
    bind = op.get_bind()
    if on:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the downgrade left broken references: {broken[:5]}")
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    bind.exec_driver_sql("BEGIN")
