"""a tiny partial index of erased members, so the member list counts the listed members as
count(*) of the table (SQLite counts a whole b-tree without decoding rows) minus the erased ones,
instead of walking a million index entries

Revision ID: 0006_members_erased_index
Revises: 0005_covering_list_indexes
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_members_erased_index"
down_revision = "0005_covering_list_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    erased = sa.text("erased_at IS NOT NULL")
    op.create_index("ix_members_erased", "members", ["erased_at"], sqlite_where=erased, postgresql_where=erased)


def downgrade() -> None:
    op.drop_index("ix_members_erased", table_name="members")
