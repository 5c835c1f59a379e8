"""Migration 0019: the member list's statistics move from columns of `members`, and the latest snapshot's
scores and flags from `member_segments`, into `member_stats` (listed members only); a trigger gives every
member inserted later its row; down again the columns and the snapshot rows come back with their values."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import text

from pos.db.engine import make_engine
from pos.db.migrate import alembic_config, upgrade

BEFORE = "0018_derived_rows_unchecked"
MEMBER = ("INSERT INTO members (id, phone, phone_tail, name, consent_marketing, referral_code, enrolled_at, tier_key, "
          "tier_since, points_balance, erased_at{extra}) VALUES (:id, :phone, :tail, 'M', false, :code, "
          "'2026-01-01 00:00:00', 'silver', '2026-01-01 00:00:00', 0, :erased{values})")
STATS = ", segment, spend_365_fen, visits_365, points_expiring"
STATS_VALUES = ", :segment, :spend, :visits, :expiring"


def _member(conn, member_id: int, *, erased: str | None = None, stats: tuple | None = None) -> None:
    values = {"id": member_id, "phone": f"+86158000{member_id:05d}", "tail": f"{member_id:04d}"[-4:],
              "code": f"R{member_id}", "erased": erased}
    if stats is None:
        conn.execute(text(MEMBER.format(extra="", values="")), values)
    else:
        segment, spend, visits, expiring = stats
        conn.execute(text(MEMBER.format(extra=STATS, values=STATS_VALUES)),
                     {**values, "segment": segment, "spend": spend, "visits": visits, "expiring": expiring})


@pytest.mark.parametrize("fresh_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_stats_move_to_member_stats_and_back(fresh_url):
    engine = make_engine(fresh_url)
    upgrade(engine, BEFORE)
    with engine.begin() as conn:
        _member(conn, 1, stats=("Champions", 123_450, 7, 300))
        _member(conn, 2, stats=("Lost", 0, 0, 0))
        _member(conn, 3, stats=("At risk", 999, 1, 0), erased="2026-06-01 00:00:00")   # not listed: no row
        conn.execute(text("INSERT INTO segment_snapshots (id, taken_at, members) VALUES "
                          "(1, '2026-05-01 00:00:00', 2), (2, '2026-06-01 00:00:00', 2)"))     # counts not kept
        conn.execute(text("INSERT INTO member_segments (snapshot_id, member_id, segment, r, f, m, whale, "
                          "promotion_only) VALUES (1, 1, 'Loyal', 1, 1, 1, false, false), "
                          "(2, 1, 'Champions', 5, 4, 5, true, false), (2, 2, 'Lost', 1, 2, 1, false, true)"))
    upgrade(engine)
    with engine.begin() as conn:
        rows = "SELECT member_id, segment, spend_365_fen, visits_365, points_expiring FROM member_stats ORDER BY 1"
        assert conn.execute(text(rows)).all() == [(1, "Champions", 123_450, 7, 300), (2, "Lost", 0, 0, 0)]
        assert [tuple(row) for row in conn.execute(text(
            "SELECT r, f, m, whale, promotion_only FROM member_stats ORDER BY member_id"))] == [
            (5, 4, 5, True, False), (1, 2, 1, False, True)]
        counts = json.loads(conn.execute(text("SELECT counts FROM segment_snapshots WHERE id = 2")).scalar())
        assert (counts["Champions"], counts["Lost"], counts["Whale"], counts["Promotion-only"]) == (1, 1, 1, 1)
        tables = {t for (t,) in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'" if engine.dialect.name == "sqlite" else
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))}
        assert "member_segments" not in tables
        columns = {c for (c,) in conn.execute(text(
            "SELECT name FROM pragma_table_info('members')" if engine.dialect.name == "sqlite" else
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'members'"))}
        assert columns.isdisjoint({"segment", "spend_365_fen", "visits_365", "points_expiring"})
        _member(conn, 4)                                     # the trigger: a new member gets a zero row
        conn.execute(text("INSERT INTO members (id, phone, phone_tail, name, consent_marketing, referral_code, "
                          "enrolled_at, tier_key, tier_since, points_balance) SELECT id + 10, phone || '9', "
                          "phone_tail, name, consent_marketing, referral_code || 'x', enrolled_at, tier_key, "
                          "tier_since, points_balance FROM members WHERE id IN (1, 2)"))     # several at once
        assert conn.execute(text(rows)).all() == [(1, "Champions", 123_450, 7, 300), (2, "Lost", 0, 0, 0),
                                                  (4, "", 0, 0, 0), (11, "", 0, 0, 0), (12, "", 0, 0, 0)]
        conn.execute(text("UPDATE member_stats SET segment = 'New', visits_365 = 2 WHERE member_id = 4"))
    command.downgrade(alembic_config(engine), BEFORE)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT id, segment, spend_365_fen, visits_365, points_expiring FROM members "
                                 "ORDER BY id")).all() == [
            (1, "Champions", 123_450, 7, 300), (2, "Lost", 0, 0, 0), (3, "", 0, 0, 0), (4, "New", 0, 2, 0),
            (11, "", 0, 0, 0), (12, "", 0, 0, 0)]
        assert [tuple(row) for row in conn.execute(text(
            "SELECT snapshot_id, member_id, segment, r, whale, spend_fen FROM member_segments ORDER BY 2"))] == [
            (2, 1, "Champions", 5, True, 123_450), (2, 2, "Lost", 1, False, 0), (2, 4, "New", 0, False, 0)]
        _member(conn, 5, stats=("Loyal", 1, 1, 1))           # the trigger went with the table
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT member_id, segment FROM member_stats WHERE member_id IN (4, 5) "
                                 "ORDER BY 1")).all() == [(4, "New"), (5, "Loyal")]
    engine.dispose()
