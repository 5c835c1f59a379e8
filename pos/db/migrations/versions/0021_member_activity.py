"""Every buyer's purchase figures kept between regroupings (#15, #19): `member_activity`, refreshed by
the weekly job only for the members whose figures can have moved, and `activity_state`, the one row
saying up to which sale and for which window bounds it is exact. A trigger on `sales` resets that row
(the next run rebuilds from every sale) if a sale is ever changed or deleted; the application does
neither. The first regrouping after this migration rebuilds the table.

Revision ID: 0021_member_activity
Revises: 0020_tier_upgrade_rollup
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0021_member_activity"
down_revision = "0020_tier_upgrade_rollup"
branch_labels = None
depends_on = None

FIGURES = "member_id, created_at, total_fen, coupon_id"     # what the figures are computed from
RESET = "UPDATE activity_state SET sale_mark = NULL"
_PG_FUNCTION = f"""CREATE FUNCTION activity_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {RESET}; RETURN NULL; END $$"""
_PG_TRIGGER = f"""CREATE TRIGGER sales_activity_reset AFTER UPDATE OF {FIGURES} OR DELETE OR TRUNCATE ON sales
FOR EACH STATEMENT EXECUTE FUNCTION activity_reset()"""
_SQLITE_TRIGGERS = (f"CREATE TRIGGER sales_activity_reset_update AFTER UPDATE OF {FIGURES} ON sales "
                    f"BEGIN {RESET}; END",
                    f"CREATE TRIGGER sales_activity_reset_delete AFTER DELETE ON sales BEGIN {RESET}; END")


def upgrade() -> None:
    op.create_table(
        "member_activity",
        sa.Column("member_id", sa.Integer(), primary_key=True),
        sa.Column("first_ever", sa.DateTime(), nullable=False),
        sa.Column("last_ever", sa.DateTime(), nullable=False),
        *(sa.Column(name, kind, nullable=False) for name, kind in (
            ("frequency", sa.Integer()), ("monetary", sa.BigInteger()), ("coupon_sales", sa.Integer()),
            ("n_all", sa.Integer()), ("first_paid", sa.BigInteger()), ("g_spend", sa.BigInteger()),
            ("g_n_win", sa.Integer()), ("g_n_coupon", sa.Integer()), ("month_base", sa.Integer()),
            ("month_bits", sa.Integer()))))
    op.create_table(
        "activity_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sale_mark", sa.BigInteger()),
        sa.Column("since", sa.DateTime()),
        sa.Column("window_from", sa.DateTime()),
        sa.Column("month", sa.Integer()),
        sa.Column("months", sa.Integer()))
    op.execute("INSERT INTO activity_state (id) VALUES (1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER sales_activity_reset ON sales")
        op.execute("DROP FUNCTION activity_reset()")
    else:
        op.execute("DROP TRIGGER sales_activity_reset_update")
        op.execute("DROP TRIGGER sales_activity_reset_delete")
    op.drop_table("activity_state")
    op.drop_table("member_activity")
