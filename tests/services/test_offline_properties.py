"""Hypothesis over the offline sync's money invariants (#17), on a real SQLite database and journal:
whatever was redeemed offline and spent online meanwhile, after sync no balance is below zero, every
balance equals its ledger and its lots, and the overdraw booked is exactly the value of the points
that were no longer there."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import LedgerEntry, Member, PointsLot, Product
from pos.services import offline
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.points import ledger
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from tests.databases import NOW, sqlite_url

PHONE = "13800138000"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 3000), redeemed=st.lists(st.sampled_from([100, 200, 300]), min_size=1, max_size=3),
       left_online=st.integers(0, 1200))
def test_sync_never_overdraws_a_balance_and_books_the_shortfall(start, redeemed, left_online):
    with tempfile.TemporaryDirectory() as folder:
        ctx = AppContext(make_engine(sqlite_url(Path(folder))), load_config(), lambda: NOW)
        try:
            with ctx.write() as s:
                s.add(Product(sku="BIG", barcode="6900000000001", name="Big", price_fen=100000, discountable=True))
            member_id = members.enrol(ctx, PHONE).member.member_id
            if start:
                with ctx.write() as s:
                    ledger.adjust(s, ctx.config.points, member_id, start, NOW, staff_id=None, reason="start")
            journal = offline.open_journal(Path(folder) / "journal.sqlite3")
            offline.refresh_cache(ctx, journal)
            taken_offline = []
            for points in redeemed:
                try:
                    sold = offline.sell(journal, ctx.config, NOW, co.CheckoutRequest(
                        lines=[LineInput(sku="BIG")], member_phone=PHONE, redeem_points=points))
                    taken_offline.append(sold)
                except Exception as refused:   # noqa: BLE001 - the cap or the cached balance said no
                    assert getattr(refused, "code", "") in ("offline_cap_exceeded", "points_insufficient",
                                                            "redeem_below_minimum", "redeem_too_much")
            with ctx.write() as s:        # meanwhile, online: the balance becomes left_online
                now = s.scalar(select(Member.points_balance).where(Member.id == member_id))
                if left_online != now:
                    ledger.adjust(s, ctx.config.points, member_id, left_online - now, NOW, staff_id=None,
                                  reason="online meanwhile")
            result = offline.sync(ctx, journal)
            journal.close()
            # in sale order: each takes what is there (earned points of earlier pushes included)
            balance, expected_fen = left_online, 0
            for sold in taken_offline:
                short = max(0, sold.points_redeemed - balance)
                expected_fen += sold.points_value_fen * short // sold.points_redeemed if sold.points_redeemed else 0
                balance = balance - (sold.points_redeemed - short) + sold.points_earned
            assert result.overdraw_fen == expected_fen
            assert result.pushed == len(taken_offline) and result.failed == 0
            with ctx.read() as s:
                m = s.scalar(select(Member).where(Member.id == member_id))
                booked = s.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(LedgerEntry.member_id == member_id))
                lots = s.scalar(select(func.coalesce(func.sum(PointsLot.remaining), 0)).where(PointsLot.member_id == member_id))
                assert m.points_balance == booked == lots == balance >= 0
        finally:
            ctx.engine.dispose()
