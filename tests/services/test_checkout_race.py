"""Two tills booking for the same member at the same moment, on PostgreSQL (SQLite serialises writers).

Does checkout need `SELECT ... FOR UPDATE` on the member it looks up? The points balance does not: it
moves in one conditional UPDATE (pos.services.points.ledger), so a stale balance read only lets a sale
be priced that the UPDATE then refuses. The member's *tier* does: a sale is priced with it and compares
its upgrade against it. Without the lock, two sales that cross a threshold together both read the old
tier, both are priced without the new tier's discount and both write the upgrade.

The tills are held at the same point by a lock the test holds on the sales table: each till has read
its member and priced its cart before it can insert its sale. The test releases them once both are
waiting on a lock (PostgreSQL's own view, pg_stat_activity): no sleeps, no timing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, func, select, text

from pos.db.models import Sale, TierChange
from pos.errors import PosError
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from tests.databases import drop_postgres, postgres_url

pytestmark = pytest.mark.postgres
PHONE = "13800138000"
_WAITING = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")


@pytest.fixture
def db_url(pg_url):
    """These races are PostgreSQL's only (the module's own `db_url`: no SQLite run)."""
    url = postgres_url(pg_url)
    yield url
    drop_postgres(url)


class Held:
    """Holds `LOCK TABLE <table> IN EXCLUSIVE MODE` (reads still go through, inserts wait) until released."""

    def __init__(self, url: str, table: str = "sales") -> None:
        self.engine = create_engine(url)
        self.watch = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")   # a fresh view each poll
        self.holder = self.engine.connect()
        self.holder.begin()
        self.holder.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))

    def wait_until(self, waiting: int, threads: list[threading.Thread]) -> bool:
        """True once `waiting` other sessions wait on a lock; False if a thread ended first."""
        while self.watch.execute(_WAITING).scalar() < waiting:
            if not all(thread.is_alive() for thread in threads):
                return False
            time.sleep(0.01)    # polling PostgreSQL's view, not a timing assumption
        return True

    def release(self) -> None:
        if self.holder.in_transaction():
            self.holder.commit()

    def close(self) -> None:
        self.release()
        self.watch.close()
        self.holder.close()
        self.engine.dispose()


def _run(work: Callable[[], object], outcomes: list) -> threading.Thread:
    def target() -> None:
        try:
            outcomes.append(work())
        except PosError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            outcomes.append(f"crash:{type(exc).__name__}:{exc}")
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _race(ctx, requests: list[co.CheckoutRequest]) -> list:
    """Books the requests on their own connections, all held after pricing, then released together."""
    return _together(ctx, [lambda r=request: co.checkout(ctx, r) for request in requests])


def _together(ctx, works: list[Callable[[], object]], table: str = "sales") -> list:
    """Runs the works on their own connections, held before they insert into `table`, released together."""
    held = Held(ctx.engine.url.render_as_string(hide_password=False), table)
    outcomes: list = []
    try:
        threads = [_run(work, outcomes) for work in works]
        assert held.wait_until(len(works), threads), outcomes
        held.release()
        for thread in threads:
            thread.join()
    finally:
        held.close()
    return outcomes


def _member_near_silver(ctx) -> int:
    """A member with 1,028 growth (Silver needs 2,000) and 1,028 points."""
    member_id = members.enrol(ctx, PHONE).member.member_id
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG"), LineInput(sku="LAT")], member_phone=PHONE))
    return member_id


@pytest.mark.parametrize("by", ["phone", "member_id"])
def test_two_tills_crossing_a_tier_together_upgrade_once(ctx, products, by):
    """Each till sells ¥1,000 and redeems 500 points for the member at 1,028 growth: the first sale
    to commit reaches Silver; the second must be priced at Silver (5 % off), as if it came after."""
    member_id = _member_near_silver(ctx)
    who = {"member_phone": PHONE} if by == "phone" else {"member_id": member_id}
    request = co.CheckoutRequest(lines=[LineInput(sku="BIG")], redeem_points=500, **who)
    outcomes = _race(ctx, [request, request])
    assert all(isinstance(o, co.CheckoutResult) for o in outcomes), outcomes
    first, second = sorted(outcomes, key=lambda sale: sale.sale_db_id)
    assert (first.tier_before, first.tier_after, first.tier_discount_fen) == ("member", "silver", 0)
    assert (second.tier_before, second.tier_after, second.tier_discount_fen) == ("silver", "silver", 5000)
    assert second.points_earned == 1134            # (¥950 − ¥5 of points) × 1.2, Silver's multiplier
    with ctx.read() as session:
        upgrades = session.scalars(select(TierChange.to_key).where(TierChange.reason == "upgrade")).all()
        tiers_before = session.scalars(select(Sale.tier_before).order_by(Sale.id)).all()
    assert upgrades == ["silver"] and tiers_before == ["member", "member", "silver"]
    assert members.lookup(ctx, phone=PHONE).points == 1028 - 500 + 995 - 500 + 1134


def test_two_tills_redeeming_the_same_points_book_one(ctx, products):
    """Both tills price a redemption of 600 of the member's 1,028 points on the balance they read;
    only one can take them. This outcome does not depend on the member lock: the balance moves in
    one conditional UPDATE, which refuses the second whatever it read (docs/MUTATION.md)."""
    _member_near_silver(ctx)
    request = co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE, redeem_points=600)
    outcomes = _race(ctx, [request, request])
    booked = [o for o in outcomes if isinstance(o, co.CheckoutResult)]
    assert len(booked) == 1 and [o for o in outcomes if o not in booked] == ["points_insufficient"], outcomes
    assert booked[0].points_balance == members.lookup(ctx, phone=PHONE).points == 1028 - 600 + 22
    with ctx.read() as session:
        assert session.scalar(select(func.count(Sale.id))) == 2


def test_two_tills_returning_the_same_receipt_refund_it_once(ctx, products):
    """The receipt's sale row is locked by the first return: the second plans its return after the
    first committed and finds nothing left (without the lock both would refund the same latte)."""
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")]))
    outcomes = _together(ctx, [lambda: returns.return_sale(ctx, sale.receipt_no)] * 2, table="returns")
    refunds = [o.refund_fen for o in outcomes if isinstance(o, returns.ReturnResult)]
    assert refunds == [2800] and "return_exceeds_sale" in outcomes, outcomes
    assert returns.sale_lines(ctx, sale.receipt_no)[0].returned_qty == 1


@pytest.mark.parametrize("by", ["phone", "member_id"])
def test_a_quote_does_not_wait_for_a_till_booking_for_the_member(ctx, products, by):
    """The live totals of one till read the member while another till books for them (and holds the
    member's row lock): the quote must not wait for that sale (it only reads)."""
    member_id = _member_near_silver(ctx)
    who = {"member_phone": PHONE} if by == "phone" else {"member_id": member_id}
    held = Held(ctx.engine.url.render_as_string(hide_password=False))
    outcomes: list = []
    try:
        booking = _run(lambda: co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], **who)), outcomes)
        assert held.wait_until(1, [booking]), outcomes              # booking: member locked, waits for sales
        quotes: list = []
        quoting = _run(lambda: co.quote(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], **who)), quotes)
        waited = held.wait_until(2, [booking, quoting])             # ends when the quote returns or waits
        held.release()
        booking.join()
        quoting.join()
    finally:
        held.close()
    assert not waited, "the quote waited for the member's row lock"
    assert [q.total_due_fen for q in quotes] == [2800] and isinstance(outcomes[0], co.CheckoutResult)


def test_a_sale_does_not_wait_for_a_key_share_lock_on_its_member(ctx, products):
    """Every insert of a row that refers to a member (a campaign's coupon, the weekly regrouping's group
    and segment rows) checks its foreign key with FOR KEY SHARE on the member, held until that
    transaction ends. The sale's member lock (FOR NO KEY UPDATE) must not wait for it: with FOR UPDATE
    every sale for the member stood still until the other job committed."""
    member_id = members.enrol(ctx, PHONE).member.member_id
    engine = create_engine(ctx.engine.url.render_as_string(hide_password=False))
    holder, watch = engine.connect(), engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    holder.begin()
    holder.execute(text("SELECT id FROM members WHERE id = :id FOR KEY SHARE"), {"id": member_id})
    outcomes: list = []
    try:
        for who in ({"member_phone": PHONE}, {"member_id": member_id}):
            sale = _run(lambda who=who: co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], **who)),
                        outcomes)
            while sale.is_alive() and watch.execute(_WAITING).scalar() == 0:
                time.sleep(0.01)    # polling PostgreSQL's view until the sale ends or waits on a lock
            waited = sale.is_alive()
            if waited:
                holder.rollback()       # let the waiting sale finish before failing
            sale.join()
            assert not waited, "the sale waited for the member's FOR KEY SHARE lock"
    finally:
        holder.close()
        watch.close()
        engine.dispose()
    assert all(isinstance(o, co.CheckoutResult) for o in outcomes), outcomes
