"""Offline sync in lanes (#19): on PostgreSQL two connections push the journal at once, each the sales of
its own members, the batches' shared report rollups written once at each batch's end. Every sale is
booked exactly once, every balance equals its ledger, and every report rollup equals a recomputation
from the rows, with referrers and referees (whose rewards cross the lanes) selling in both lanes."""

from __future__ import annotations

import dataclasses
import importlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pos.db.models import LedgerEntry, Member, Sale
from pos.errors import PosError
from pos.services import offline
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from tests.databases import NOW
from tests.services import test_report_rollups as days
from tests.services import test_report_rollups2 as moves_and_uses
from tests.services import test_report_rollups3b as repeats
from tests.services.test_offline import balance_equals_ledger

offline_sync = importlib.import_module("pos.services.offline.sync")    # the module (the package exports its function)


@pytest.fixture
def journal(tmp_path):
    j = offline.open_journal(tmp_path / "till" / "journal.sqlite3")
    yield j
    j.close()


def test_lanes_book_every_sale_once_and_keep_every_rollup_exact(ctx, products, journal, clock, monkeypatch):
    monkeypatch.setattr(offline_sync, "SYNC_BATCH", 6)           # many small batches, both lanes busy
    ctx.config = dataclasses.replace(ctx.config, referral=dataclasses.replace(ctx.config.referral, reward="points"))
    phones = [f"1380000{n:04d}" for n in range(1, 9)]
    referrer = members.enrol(ctx, phones[0])
    with ctx.read() as session:
        code = session.scalar(select(Member.referral_code).where(Member.phone.like("%" + phones[0])))
    for phone in phones[1:]:                                         # all referred: rewards cross the lanes
        members.enrol(ctx, phone, referrer=code)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=phones[0]))   # points to redeem
    # the referees' first sales are in the journal: their rewards to the referrer are booked at sync
    offline.refresh_cache(ctx, journal)
    with ctx.read() as session:
        ids = sorted(session.scalars(select(Member.id)))
    assert {i % 2 for i in ids} == {0, 1} and referrer is not None
    sold = []
    for n in range(60):
        clock.moment = NOW + timedelta(hours=n * 7)                  # over 17 days: days, repeats, expiring coupons
        phone = phones[(n * 5) % len(phones)]
        skus = ["LAT"] * (1 + n % 3) + (["BIG"] if n % 4 == 0 else [])
        card = offline.member_card(journal, ctx.config, clock.moment, phone=phone)
        coupon = card.coupons[0] if card.coupons and n % 3 == 0 else None
        try:
            sold.append(offline.sell(journal, ctx.config, clock.moment, co.CheckoutRequest(
                lines=[LineInput(sku=s) for s in skus], member_phone=phone, coupon_code=coupon,
                redeem_points=100 if n % 5 == 0 and card.points >= 100 else 0)))
        except PosError:
            continue
    assert len(sold) >= 40
    lanes: set[str] = set()
    push_batch = offline_sync._push_batch

    def traced(*args):  # noqa: ANN002
        lanes.add(threading.current_thread().name)
        return push_batch(*args)
    monkeypatch.setattr(offline_sync, "_push_batch", traced)
    pushed = offline.sync(ctx, journal)
    assert len(lanes) == (2 if ctx.engine.dialect.name == "postgresql" else 1)
    assert (pushed.pushed, pushed.failed, journal.queued()) == (len(sold), 0, 0)
    with ctx.read() as session:
        booked = session.execute(select(Sale.sale_uuid, func.count()).where(Sale.receipt_no.like("%X%"))
                                 .group_by(Sale.sale_uuid)).all()
    assert sorted(u for u, _ in booked) == sorted(s.sale_id for s in sold) and {n for _, n in booked} == {1}
    assert offline.sync(ctx, journal).pushed == 0
    balance_equals_ledger(ctx)
    with ctx.read() as session:         # the referees' first sales rewarded the referrer, once each
        rewards = session.scalar(select(func.count()).select_from(LedgerEntry).where(
            LedgerEntry.member_id == ids[0], LedgerEntry.reason.like("%referr%")))
    first: dict[int, int] = {}
    for sale in sold:
        first.setdefault(sale.member_id, sale.total_due_fen)
    assert rewards == sum(paid >= ctx.config.referral.min_paid_fen for member, paid in first.items()
                          if member != ids[0]) >= 3
    assert days.rollup_rows(ctx) == days.recomputed(ctx)
    assert moves_and_uses.kept(ctx) == moves_and_uses.recomputed(ctx)
    assert repeats.kept(ctx) == repeats.recomputed(ctx)
