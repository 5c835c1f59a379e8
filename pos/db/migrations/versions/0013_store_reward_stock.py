"""Rewards catalogue stock per store, and the free-item coupon.

Stock per store (SPEC §12: "catalogue reward stock is per store"):
`reward_stock` is keyed by (reward, store). The stock there was moves to the first store (S01, made by
0010), nothing lost; down again, each reward's stock is the sum over the stores.

The table is rebuilt (its primary key changes): the few rows are read, the table dropped and made
again, and the rows written back, the same way on SQLite and PostgreSQL.

The free-item coupon (SPEC §10, "a free item up to ¥25"): `coupons.kind` may be 'free_item' (its cap in
`amount_fen`), and `coupons.category` limits it to one product category ('': any item). Down again,
free-item coupons become cash coupons worth their cap (what they were issued as before).

`offer_issues.voided_by_return_id`: the return that voided a benefit, so a return (and its retry)
lists what it voided (`pos return --json`: `offers_voided`).

Revision ID: 0013_store_reward_stock
Revises: 0011_repurchase_offers
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_store_reward_stock"
down_revision = "0011_repurchase_offers"
branch_labels = None
depends_on = None

OLD = sa.table("reward_stock", sa.column("reward_id"), sa.column("stock"))
NEW = sa.table("reward_stock", sa.column("reward_id"), sa.column("store_id"), sa.column("stock"))


KINDS = "kind IN ('amount', 'percent', 'cash', 'free_item')"
OLD_KINDS = "kind IN ('amount', 'percent', 'cash')"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(False)      # the rebuild of `coupons` drops a table others refer to
    with op.batch_alter_table("coupons") as batch:
        batch.add_column(sa.Column("category", sa.String(length=32), nullable=False, server_default=""))
        batch.drop_constraint(op.f("ck_coupons_kind"), type_="check")
        batch.create_check_constraint("kind", KINDS)
    with op.batch_alter_table("offer_issues") as batch:
        batch.add_column(sa.Column("voided_by_return_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_offer_issues_voided_by_return_id_returns"), "returns",
                                 ["voided_by_return_id"], ["id"])
    if sqlite:
        _sqlite_foreign_keys(True)
    conn = op.get_bind()
    rows = conn.execute(sa.select(OLD.c.reward_id, OLD.c.stock)).all()
    store = conn.execute(sa.text("SELECT min(id) FROM stores")).scalar()
    op.drop_table("reward_stock")
    op.create_table(
        "reward_stock",
        sa.Column("reward_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_reward_stock_stock_nonnegative")),
        sa.ForeignKeyConstraint(["reward_id"], ["rewards.id"], name=op.f("fk_reward_stock_reward_id_rewards")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_reward_stock_store_id_stores")),
        sa.PrimaryKeyConstraint("reward_id", "store_id", name=op.f("pk_reward_stock")),
    )
    if rows:
        if store is None:       # 0010 always makes S01; a hand-made database without stores keeps nothing silently
            raise RuntimeError("reward stock exists but the database has no store to hold it")
        op.bulk_insert(NEW, [{"reward_id": r.reward_id, "store_id": store, "stock": r.stock} for r in rows])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(False)
    with op.batch_alter_table("offer_issues") as batch:
        batch.drop_constraint(op.f("fk_offer_issues_voided_by_return_id_returns"), type_="foreignkey")
        batch.drop_column("voided_by_return_id")
    op.execute("UPDATE coupons SET kind = 'cash' WHERE kind = 'free_item'")
    with op.batch_alter_table("coupons") as batch:
        batch.drop_constraint(op.f("ck_coupons_kind"), type_="check")
        batch.create_check_constraint("kind", OLD_KINDS)
        batch.drop_column("category")
    if sqlite:
        _sqlite_foreign_keys(True)
    conn = op.get_bind()
    rows = conn.execute(sa.select(NEW.c.reward_id, sa.func.sum(NEW.c.stock).label("stock"))
                        .group_by(NEW.c.reward_id)).all()
    op.drop_table("reward_stock")
    op.create_table(
        "reward_stock",
        sa.Column("reward_id", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_reward_stock_stock_nonnegative")),
        sa.ForeignKeyConstraint(["reward_id"], ["rewards.id"], name=op.f("fk_reward_stock_reward_id_rewards")),
        sa.PrimaryKeyConstraint("reward_id", name=op.f("pk_reward_stock")),
    )
    if rows:
        op.bulk_insert(OLD, [{"reward_id": r.reward_id, "stock": int(r.stock)} for r in rows])


def _sqlite_foreign_keys(on: bool) -> None:
    """As in 0010: SQLite refuses to drop a table other rows refer to while foreign keys are on, and
    PRAGMA foreign_keys is ignored inside a transaction: commit, switch, begin again. Switching back
    on, the references are checked first."""
    bind = op.get_bind()
    if on:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left broken references: {broken[:5]}")
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    bind.exec_driver_sql("BEGIN")
