"""Migration 0013: the rewards catalogue's stock becomes per store; the stock there was lands in S01
with nothing lost, and down again each reward's stock is its sum over the stores."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from pos.db.engine import make_engine
from pos.db.migrate import alembic_config, upgrade

REWARD = ("INSERT INTO rewards (id, code, name, name_zh, kind, points, amount_fen, percent_bp, threshold_fen, "
          "active, created_at) VALUES (:id, :code, :code, '', 'gift', 100, 0, 0, 0, true, '2026-11-01 00:00:00')")


@pytest.mark.parametrize("fresh_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_existing_stock_moves_to_s01_and_back(fresh_url):
    engine = make_engine(fresh_url)
    upgrade(engine, "0011_repurchase_offers")
    with engine.begin() as conn:
        for rid, code, left in ((1, "MUG", 10), (2, "C5", 0), (3, "BAG", 250)):
            conn.execute(text(REWARD), {"id": rid, "code": code})
            conn.execute(text("INSERT INTO reward_stock (reward_id, stock) VALUES (:r, :s)"), {"r": rid, "s": left})
        conn.execute(text(REWARD), {"id": 4, "code": "NONE"})        # no stock row: none anywhere
    upgrade(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT reward_id, store_id, stock FROM reward_stock ORDER BY reward_id")).all() == [
            (1, 1, 10), (2, 1, 0), (3, 1, 250)]
        conn.execute(text("INSERT INTO stores (code, name, address, phone, active, created_at) VALUES "
                          "('S02', 'Two', '', '', true, '2026-11-01 00:00:00')"))
        conn.execute(text("INSERT INTO reward_stock (reward_id, store_id, stock) VALUES (1, 2, 5), (4, 2, 1)"))
    command.downgrade(alembic_config(engine), "0011_repurchase_offers")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT reward_id, stock FROM reward_stock ORDER BY reward_id")).all() == [
            (1, 15), (2, 0), (3, 250), (4, 1)]
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT reward_id, store_id, stock FROM reward_stock ORDER BY reward_id")).all() == [
            (1, 1, 15), (2, 1, 0), (3, 1, 250), (4, 1, 1)]
    engine.dispose()


COUPON = ("INSERT INTO coupons (code, kind, amount_fen, percent_bp, threshold_fen, valid_from, valid_to, status, "
          "issued_at{extra}) VALUES (:code, :kind, 2500, 0, 0, '2026-11-01 00:00:00', '2026-12-01 00:00:00', 'issued', "
          "'2026-11-01 00:00:00'{values})")


@pytest.mark.parametrize("fresh_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_coupons_may_be_free_items_after_0013(fresh_url):
    engine = make_engine(fresh_url)
    upgrade(engine, "0011_repurchase_offers")
    with engine.begin() as conn:
        conn.execute(text(COUPON.format(extra="", values="")), {"code": "OLD1", "kind": "cash"})
    with pytest.raises(Exception), engine.begin() as conn:     # noqa: B017 - the CHECK of the old schema
        conn.execute(text(COUPON.format(extra="", values="")), {"code": "NEW0", "kind": "free_item"})
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text(COUPON.format(extra=", category", values=", 'coffee'")), {"code": "NEW1", "kind": "free_item"})
        assert conn.execute(text("SELECT code, kind, category FROM coupons ORDER BY code")).all() == [
            ("NEW1", "free_item", "coffee"), ("OLD1", "cash", "")]
    with pytest.raises(Exception), engine.begin() as conn:     # noqa: B017 - still no other kind
        conn.execute(text(COUPON.format(extra="", values="")), {"code": "BAD1", "kind": "gift"})
    command.downgrade(alembic_config(engine), "0011_repurchase_offers")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT code, kind, amount_fen FROM coupons ORDER BY code")).all() == [
            ("NEW1", "cash", 2500), ("OLD1", "cash", 2500)]
    engine.dispose()
