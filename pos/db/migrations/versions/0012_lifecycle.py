"""lifecycle marketing: consumable products with a default cycle, behaviour groups per member and
their weekly sizes, members' due products, automatic churn offers once per lapse, campaign holdouts,
and the scheduled jobs' runs (UNIQUE (job, period): two tills run a job once)

Revision ID: 0012_lifecycle
Revises: 0010_chain_stores
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_lifecycle"
down_revision = "0010_chain_stores"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("consumable", sa.Boolean(), nullable=False, server_default=sa.text("false")))
        batch.add_column(sa.Column("cycle_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("holdout_percent", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("holdout_seed", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("holdout", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "campaign_holdouts",
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaigns.id", name="fk_campaign_holdouts_campaign_id_campaigns"),
                  nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_campaign_holdouts_member_id_members"),
                  nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id", "member_id", name="pk_campaign_holdouts"))
    op.create_table(
        "member_groups",
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_member_groups_member_id_members"),
                  nullable=False),
        sa.Column("group_key", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "group_key", name="pk_member_groups"))
    op.create_index("ix_member_groups_group_member", "member_groups", ["group_key", "member_id"])
    op.create_table(
        "group_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_group_snapshots"))
    op.create_index("ix_group_snapshots_taken_at", "group_snapshots", ["taken_at"])
    op.create_table(
        "member_due",
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_member_due_member_id_members"),
                  nullable=False),
        sa.Column("product_id", sa.Integer(), sa.ForeignKey("products.id", name="fk_member_due_product_id_products"),
                  nullable=False),
        sa.Column("last_on", sa.Date(), nullable=False),
        sa.Column("cycle_days", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "product_id", name="pk_member_due"))
    op.create_index("ix_member_due_due_member", "member_due", ["due_on", "member_id"])
    op.create_table(
        "lapse_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_lapse_offers_member_id_members"),
                  nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("lapse_at", sa.DateTime(), nullable=False),
        sa.Column("coupon_id", sa.Integer(), sa.ForeignKey("coupons.id", name="fk_lapse_offers_coupon_id_coupons"),
                  nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lapse_offers"),
        sa.UniqueConstraint("member_id", "stage", "lapse_at", name="uq_lapse_offers_member_stage_lapse"))
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False, server_default=""),
        sa.Column("till_id", sa.String(length=64), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_job_runs"),
        sa.UniqueConstraint("job", "period", name="uq_job_runs_job_period"))
    op.create_index("ix_job_runs_job_started", "job_runs", ["job", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_job_runs_job_started", table_name="job_runs")
    op.drop_table("job_runs")
    op.drop_table("lapse_offers")
    op.drop_index("ix_member_due_due_member", table_name="member_due")
    op.drop_table("member_due")
    op.drop_index("ix_group_snapshots_taken_at", table_name="group_snapshots")
    op.drop_table("group_snapshots")
    op.drop_index("ix_member_groups_group_member", table_name="member_groups")
    op.drop_table("member_groups")
    op.drop_table("campaign_holdouts")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("holdout")
        batch.drop_column("holdout_seed")
        batch.drop_column("holdout_percent")
    with op.batch_alter_table("products") as batch:
        batch.drop_column("cycle_days")
        batch.drop_column("consumable")
