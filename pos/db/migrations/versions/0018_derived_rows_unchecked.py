"""member_segments and member_groups without foreign keys (#19): both are rewritten only by the weekly
regrouping, from `members` in the same statement, and members are never deleted. On PostgreSQL the
checks cost more than the rows themselves (100k members: 1.6 of the snapshot insert's 2.9 s) and
each took FOR KEY SHARE on its member until the job committed. SQLite already wrote these rows
without checks (the job's connection runs with foreign keys off).

Revision ID: 0018_derived_rows_unchecked
Revises: 0017_report_rollups3b
Create Date: 2026-12-01
"""
from alembic import op

revision = "0018_derived_rows_unchecked"
down_revision = "0017_report_rollups3b"
branch_labels = None
depends_on = None

_KEYS = (("member_segments", "fk_member_segments_member_id_members", "members", "member_id"),
         ("member_segments", "fk_member_segments_snapshot_id_segment_snapshots", "segment_snapshots", "snapshot_id"),
         ("member_groups", "fk_member_groups_member_id_members", "members", "member_id"))


def upgrade() -> None:
    for table in ("member_segments", "member_groups"):
        with op.batch_alter_table(table) as batch:
            for _, name, _, _ in (key for key in _KEYS if key[0] == table):
                batch.drop_constraint(name, type_="foreignkey")


def downgrade() -> None:
    for table in ("member_segments", "member_groups"):
        with op.batch_alter_table(table) as batch:
            for _, name, parent, column in (key for key in _KEYS if key[0] == table):
                batch.create_foreign_key(name, parent, [column], ["id"])
