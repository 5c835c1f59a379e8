"""Offers at the till (SPEC §10): product categories (stamp cards), what each offer issued and for
which sale (`offer_issues`), stamp card moves, the rewards catalogue and its stock.

Revision ID: 0011_repurchase_offers
Revises: 0012_lifecycle
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_repurchase_offers"
down_revision = "0012_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("category", sa.String(length=32), nullable=False, server_default=""))
    op.create_table(
        "rewards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=True),
        sa.Column("coupon_kind", sa.String(length=16), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("percent_bp", sa.Integer(), nullable=False),
        sa.Column("threshold_fen", sa.BigInteger(), nullable=False),
        sa.Column("cap_fen", sa.BigInteger(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('gift', 'coupon')", name=op.f("ck_rewards_kind")),
        sa.CheckConstraint("points > 0", name=op.f("ck_rewards_points_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rewards")),
        sa.UniqueConstraint("code", name=op.f("uq_rewards_code")),
    )
    op.create_table(
        "reward_stock",
        sa.Column("reward_id", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_reward_stock_stock_nonnegative")),
        sa.ForeignKeyConstraint(["reward_id"], ["rewards.id"], name=op.f("fk_reward_stock_reward_id_rewards")),
        sa.PrimaryKeyConstraint("reward_id", name=op.f("pk_reward_stock")),
    )
    op.create_table(
        "offer_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("rule", sa.String(length=48), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("benefit", sa.String(length=16), nullable=False),
        sa.Column("coupon_id", sa.Integer(), nullable=True),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=True),
        sa.Column("valid_to", sa.DateTime(), nullable=True),
        sa.Column("used_sale_id", sa.Integer(), nullable=True),
        sa.Column("referee_id", sa.Integer(), nullable=True),
        sa.Column("reward_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("idem_key", sa.String(length=80), nullable=False),
        sa.CheckConstraint("kind IN ('bounce_back', 'welcome', 'referral_reward', 'stamp_reward', 'reward', 'bonus')",
                           name=op.f("ck_offer_issues_kind")),
        sa.CheckConstraint("status IN ('issued', 'used', 'void')", name=op.f("ck_offer_issues_status")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_offer_issues_member_id_members")),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_offer_issues_sale_id_sales")),
        sa.ForeignKeyConstraint(["coupon_id"], ["coupons.id"], name=op.f("fk_offer_issues_coupon_id_coupons")),
        sa.ForeignKeyConstraint(["used_sale_id"], ["sales.id"], name=op.f("fk_offer_issues_used_sale_id_sales")),
        sa.ForeignKeyConstraint(["referee_id"], ["members.id"], name=op.f("fk_offer_issues_referee_id_members")),
        sa.ForeignKeyConstraint(["reward_id"], ["rewards.id"], name=op.f("fk_offer_issues_reward_id_rewards")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_issues")),
        sa.UniqueConstraint("idem_key", name=op.f("uq_offer_issues_idem_key")),
    )
    op.create_index("ix_offer_issues_member_kind", "offer_issues", ["member_id", "kind", "created_at"])
    op.create_index("ix_offer_issues_created_kind", "offer_issues", ["created_at", "kind", "rule"])
    op.create_index(op.f("ix_offer_issues_sale_id"), "offer_issues", ["sale_id"])
    op.create_table(
        "stamp_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("card", sa.String(length=32), nullable=False),
        sa.Column("stamps", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=True),
        sa.Column("return_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_stamp_moves_member_id_members")),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_stamp_moves_sale_id_sales")),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], name=op.f("fk_stamp_moves_return_id_returns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stamp_moves")),
    )
    op.create_index("ix_stamp_moves_member_card", "stamp_moves", ["member_id", "card"])
    op.create_index(op.f("ix_stamp_moves_sale_id"), "stamp_moves", ["sale_id"])


def downgrade() -> None:
    op.drop_table("stamp_moves")
    op.drop_table("offer_issues")
    op.drop_table("reward_stock")
    op.drop_table("rewards")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("category")
