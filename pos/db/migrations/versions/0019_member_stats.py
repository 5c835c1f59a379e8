"""The member list's four statistics (segment, 365-day spend and visits, expiring points) move from
`members` to a narrow side table `member_stats`, one row per listed member (#15, #19).

The weekly regrouping rewrites these four values for every member whose statistics changed (~160k
rows a week at 1M members). On `members` each such write touched a 17-index row (on PostgreSQL never
a HOT update, so every index got a new entry and the table needed a VACUUM after each run); in
`member_stats` it touches a 5-index row of five integers. A trigger gives every new member its row
(all zero, segment ''), so the list's index walks over `member_stats` see every listed member, as the
columns on `members` did; erasure deletes the row (pos.services.members.privacy).

Revision ID: 0019_member_stats
Revises: 0018_derived_rows_unchecked
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_member_stats"
down_revision = "0018_derived_rows_unchecked"
branch_labels = None
depends_on = None

# copies, not imports: a migration must not change when the models do
COLUMNS = (("segment", "segment", sa.String(32), ""), ("spend", "spend_365_fen", sa.BigInteger(), "0"),
           ("visits", "visits_365", sa.Integer(), "0"), ("expiring", "points_expiring", sa.BigInteger(), "0"))
NAMES = ", ".join(column for _, column, _, _ in COLUMNS)
ZEROS = "'', 0, 0, 0"

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
                    *(sa.Column(column, kind, nullable=False, server_default=default)
                      for _, column, kind, default in COLUMNS))
    op.execute(f"INSERT INTO member_stats (member_id, {NAMES}) SELECT id, {NAMES} FROM members "
               "WHERE erased_at IS NULL")
    for key, column, _, _ in COLUMNS:
        op.create_index(f"ix_member_stats_{key}", "member_stats", [column, "member_id"])
        op.drop_index(f"ix_members_list_{key}", table_name="members")
        # SQLite >= 3.35 drops a column in place (no table copy, which batch mode would make)
        op.execute(f"ALTER TABLE members DROP COLUMN {column}")
    if _postgresql():
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        op.execute(_SQLITE_TRIGGER)


def downgrade() -> None:
    if _postgresql():
        op.execute("DROP TRIGGER member_stats_rows ON members")
        op.execute("DROP FUNCTION member_stats_rows()")
    else:
        op.execute("DROP TRIGGER member_stats_row")
    partial = sa.text("erased_at IS NULL")
    for key, column, kind, default in COLUMNS:
        op.add_column("members", sa.Column(column, kind, nullable=False, server_default=default))
        op.execute(f"UPDATE members SET {column} = (SELECT s.{column} FROM member_stats s "
                   f"WHERE s.member_id = members.id) WHERE id IN (SELECT member_id FROM member_stats)")
        op.create_index(f"ix_members_list_{key}", "members", [column, "id", "erased_at"], sqlite_where=partial,
                        postgresql_where=partial)
    op.drop_table("member_stats")
