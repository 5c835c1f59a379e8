"""Several processes (tills) at the same moment on one database: no double spend."""

from __future__ import annotations

import multiprocessing as mp
import uuid
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select

from pos.clock import fixed_clock
from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import CouponRedemption, LedgerEntry, Member, Sale
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from tests.databases import NOW
from tests.reliability.conftest import FIGURES

PHONE = "13800138000"
TILLS = 6


def _no_earning():
    """Sales in the race earn nothing, so the balance only goes down and the count is exact."""
    config = load_config()
    return replace(config, points=replace(config.points, earn_per_yuan=Decimal(0)))


def _till(url: str, kind: str, arg: str, start, results) -> None:
    ctx = AppContext(make_engine(url), _no_earning(), fixed_clock(NOW))
    start.wait()
    try:
        if kind == "redeem":
            co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE,
                                                redeem_points=int(arg)))
        elif kind == "coupon":
            co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], coupon_code=arg))
        elif kind == "retry":
            sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE,
                                                       redeem_points=1000, sale_id=arg))
            results.put(f"ok:{sale.receipt_no}:{sale.points_balance}")
            return
        else:
            members.enrol(ctx, arg)
        results.put("ok")
    except PosError as exc:
        results.put(exc.code)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(f"crash:{type(exc).__name__}:{exc}")
    finally:
        ctx.engine.dispose()


def _race(url: str, kind: str, arg: str) -> list[str]:
    spawn = mp.get_context("spawn")
    start, results = spawn.Event(), spawn.Queue()
    procs = [spawn.Process(target=_till, args=(url, kind, arg, start, results)) for _ in range(TILLS)]
    for proc in procs:
        proc.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    FIGURES[f"concurrent_{kind}_tills"] += TILLS
    FIGURES["races"] += 1
    return sorted(outcomes)


def test_concurrent_redemptions_never_double_spend(ctx, db_url, products):
    members.enrol(ctx, PHONE)
    for _ in range(3):   # 3 × ¥1,000 -> 3,140 points (the third sale at Silver)
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    balance = members.lookup(ctx, phone=PHONE).points
    outcomes = _race(db_url, "redeem", "1000")
    assert outcomes.count("ok") == balance // 1000
    assert set(outcomes) == {"ok", "points_insufficient"}
    with ctx.read() as session:
        final = session.scalar(select(Member.points_balance))
        ledger = session.scalar(select(func.sum(LedgerEntry.points)))
    FIGURES["double_spends"] += max(0, outcomes.count("ok") - balance // 1000)
    assert final == balance - 1000 * outcomes.count("ok") >= 0 and ledger == final


def test_single_use_coupon_used_once(ctx, db_url, products):
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5"), count=1)[0]
    outcomes = _race(db_url, "coupon", code)
    assert outcomes.count("ok") == 1 and set(outcomes) == {"ok", "coupon_used"}
    with ctx.read() as session:
        redemptions = session.scalar(select(func.count(CouponRedemption.id)))
    FIGURES["double_spends"] += max(0, redemptions - 1)
    assert redemptions == 1


def test_concurrent_enrolment_makes_one_member(ctx, db_url):
    outcomes = _race(db_url, "enrol", "+8613800138000")
    assert outcomes.count("ok") == 1 and set(outcomes) == {"ok", "phone_taken"}
    with ctx.read() as session:
        assert session.scalar(select(func.count(Member.id))) == 1


def test_one_sale_id_retried_by_every_till_at_once_is_booked_once(ctx, db_url, products):
    """A double click / a retry after a timeout, on six tills at the same instant: one sale, one
    redemption, and every till gets the original receipt back."""
    members.enrol(ctx, PHONE)
    for _ in range(3):
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    balance = members.lookup(ctx, phone=PHONE).points
    outcomes = _race(db_url, "retry", str(uuid.uuid4()))
    assert len(set(outcomes)) == 1 and outcomes[0].startswith("ok:"), outcomes
    _, receipt_no, after = outcomes[0].split(":")
    with ctx.read() as session:
        sales = list(session.scalars(select(Sale.receipt_no).where(Sale.total_fen > 0)))
        redeemed = session.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "redeem"))
    FIGURES["double_bookings"] += len(sales) - 4
    assert sales.count(receipt_no) == 1 and len(sales) == 4 and redeemed == 1
    assert int(after) == members.lookup(ctx, phone=PHONE).points == balance - 1000
