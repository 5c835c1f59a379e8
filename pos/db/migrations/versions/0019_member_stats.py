"""The latest segmentation and the member list's four statistics in one narrow table, `member_stats`:
one row per listed member, updated where it changed instead of a new snapshot of every member (#15, #19).

Before, the weekly regrouping inserted a row per member into `member_segments` (1M rows at 1M
members, their old rows deleted), then copied segment, 365-day spend and visits and expiring points
onto `members` for every member whose figures changed (~160k rows a week), each write touching a
17-index row (on PostgreSQL never a HOT update, so every index got a new entry and the table needed a
VACUUM after each run). Now the job updates only the `member_stats` rows that changed: scores, segment,
flags and the list's statistics, five integers and four indexes. A trigger gives every new member its
row (zeros, segment ''), so the list's index walks over `member_stats` see every listed member, as the
columns on `members` did; erasure deletes the row (pos.services.members.privacy). Segment sizes stay
on `segment_snapshots`.

Revision ID: 0019_member_stats
Revises: 0018_derived_rows_unchecked
Create Date: 2026-12-01
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0019_member_stats"
down_revision = "0018_derived_rows_unchecked"
branch_labels = None
depends_on = None

# copies, not imports: a migration must not change when the models do
LISTED = (("segment", "segment", sa.String(32), ""), ("spend", "spend_365_fen", sa.BigInteger(), "0"),
          ("visits", "visits_365", sa.Integer(), "0"), ("expiring", "points_expiring", sa.BigInteger(), "0"))
SCORES = (("r", sa.Integer(), "0"), ("f", sa.Integer(), "0"), ("m", sa.Integer(), "0"),
          ("whale", sa.Boolean(), sa.text("false")), ("promotion_only", sa.Boolean(), sa.text("false")))
NAMES = ", ".join(column for _, column, _, _ in LISTED)
ZEROS = "'', 0, 0, 0"
LATEST = "(SELECT max(id) FROM segment_snapshots)"
OVERVIEW_NAMES = ("Champions", "Loyal", "Potential", "New", "At risk", "Hibernating", "Lost", "Whale",
                  "Promotion-only")

_SQLITE_TRIGGER = f"""CREATE TRIGGER member_stats_row AFTER INSERT ON members
BEGIN INSERT INTO member_stats (member_id, {NAMES}) VALUES (NEW.id, {ZEROS}); END"""
# one statement-level trigger: COPY and multi-row inserts of the bulk demo add all their rows at once
_PG_FUNCTION = f"""CREATE FUNCTION member_stats_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO member_stats (member_id, {NAMES}) SELECT id, {ZEROS} FROM new_members; RETURN NULL; END $$"""
_PG_TRIGGER = """CREATE TRIGGER member_stats_rows AFTER INSERT ON members REFERENCING NEW TABLE AS new_members
FOR EACH STATEMENT EXECUTE FUNCTION member_stats_rows()"""


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table("member_stats", sa.Column("member_id", sa.Integer(), primary_key=True),
                    sa.Column("segment", sa.String(32), nullable=False, server_default=""),
                    *(sa.Column(name, kind, nullable=False, server_default=default) for name, kind, default in SCORES),
                    *(sa.Column(column, kind, nullable=False, server_default=default)
                      for _, column, kind, default in LISTED[1:]))
    op.execute(f"INSERT INTO member_stats (member_id, {NAMES}, r, f, m, whale, promotion_only) "
               f"SELECT mb.id, {', '.join(f'mb.{column}' for _, column, _, _ in LISTED)}, "
               "COALESCE(ms.r, 0), COALESCE(ms.f, 0), COALESCE(ms.m, 0), COALESCE(ms.whale, false), "
               "COALESCE(ms.promotion_only, false) FROM members mb LEFT JOIN member_segments ms "
               f"ON ms.member_id = mb.id AND ms.snapshot_id = {LATEST} WHERE mb.erased_at IS NULL")
    _keep_latest_counts()
    op.drop_table("member_segments")
    for key, column, _, _ in LISTED:
        op.create_index(f"ix_member_stats_{key}", "member_stats", [column, "member_id"])
        op.drop_index(f"ix_members_list_{key}", table_name="members")
        # SQLite >= 3.35 drops a column in place (no table copy, which batch mode would make)
        op.execute(f"ALTER TABLE members DROP COLUMN {column}")
    if _postgresql():
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        op.execute(_SQLITE_TRIGGER)


def _keep_latest_counts() -> None:
    """The latest snapshot's sizes onto its row if it predates kept counts (they were counted from
    member_segments, which goes)."""
    bind = op.get_bind()
    latest = bind.execute(sa.text("SELECT id FROM segment_snapshots WHERE counts IS NULL "
                                  f"AND id = {LATEST}")).scalar()
    if latest is None:
        return
    counts = dict.fromkeys(OVERVIEW_NAMES, 0)
    for segment, n, whales, promotion_only in bind.execute(sa.text(
            "SELECT segment, count(*), sum(CASE WHEN whale THEN 1 ELSE 0 END), "
            "sum(CASE WHEN promotion_only THEN 1 ELSE 0 END) FROM member_segments WHERE snapshot_id = :s "
            "GROUP BY segment"), {"s": latest}):
        counts[segment] = int(n)
        counts["Whale"] += int(whales or 0)
        counts["Promotion-only"] += int(promotion_only or 0)
    bind.execute(sa.text("UPDATE segment_snapshots SET counts = :c WHERE id = :s"),
                 {"c": json.dumps(counts), "s": latest})


def downgrade() -> None:
    if _postgresql():
        op.execute("DROP TRIGGER member_stats_rows ON members")
        op.execute("DROP FUNCTION member_stats_rows()")
    else:
        op.execute("DROP TRIGGER member_stats_row")
    partial = sa.text("erased_at IS NULL")
    for key, column, kind, default in LISTED:
        op.add_column("members", sa.Column(column, kind, nullable=False, server_default=default))
        op.execute(f"UPDATE members SET {column} = (SELECT s.{column} FROM member_stats s "
                   f"WHERE s.member_id = members.id) WHERE id IN (SELECT member_id FROM member_stats)")
        op.create_index(f"ix_members_list_{key}", "members", [column, "id", "erased_at"], sqlite_where=partial,
                        postgresql_where=partial)
    op.create_table("member_segments", sa.Column("snapshot_id", sa.Integer(), nullable=False),
                    sa.Column("member_id", sa.Integer(), nullable=False),
                    sa.Column("segment", sa.String(32), nullable=False),
                    *(sa.Column(name, kind, nullable=False) for name, kind, _ in SCORES),
                    sa.Column("spend_fen", sa.BigInteger(), nullable=False, server_default="0"),
                    sa.Column("visits", sa.Integer(), nullable=False, server_default="0"),
                    sa.Column("points_expiring", sa.BigInteger(), nullable=False, server_default="0"),
                    sa.PrimaryKeyConstraint("snapshot_id", "member_id", name="pk_member_segments"))
    op.create_index("ix_member_segments_snapshot_segment", "member_segments", ["snapshot_id", "segment"])
    op.execute("INSERT INTO member_segments (snapshot_id, member_id, segment, r, f, m, whale, promotion_only, "
               f"spend_fen, visits, points_expiring) SELECT {LATEST}, member_id, segment, r, f, m, whale, "
               "promotion_only, spend_365_fen, visits_365, points_expiring FROM member_stats "
               f"WHERE segment <> '' AND {LATEST} IS NOT NULL")
    op.drop_table("member_stats")
