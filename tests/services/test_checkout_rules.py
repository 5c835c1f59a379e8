"""Checkout rules the core-path tests leave out: an erased member, birthday and member-day points, look-up
by QR, segment-only coupons, the payment refusals and the amounts each payment took, an upgrade by
purchase count. Real database (SQLite and PostgreSQL), real services."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import func, select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import LedgerEntry, Payment, Sale, TierChange
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.members.privacy import erase_member
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.services.segments.rfm import compute_segments

PHONE = "138 0013 8000"


def sell(ctx, *skus, payments=(), **request):
    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=s) for s in skus], payments=list(payments),
                                               **request))


def refused(code, fn, *args, **kwargs):
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, err.value.message
    return err.value


def sales_count(ctx):
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(Sale))


def add_coupon(ctx, **restriction):
    with ctx.write() as s:
        return coupons.add_coupon(s, ctx.config, coupons.parse_spec("amount", "5"), ctx.clock(), **restriction).code


# ---------------------------------------------------------------- the member

def test_an_erased_member_cannot_buy_by_id_phone_or_qr(ctx, products, manager):
    enrolled = members.enrol(ctx, PHONE)
    erase_member(ctx, manager.id, enrolled.member.member_id)
    refused("member_not_found", sell, ctx, "LAT", member_id=enrolled.member.member_id)
    refused("member_not_found", sell, ctx, "LAT", member_phone=PHONE)
    refused("member_not_found", sell, ctx, "LAT", member_qr=enrolled.qr_payload)
    assert sales_count(ctx) == 0


def test_look_up_by_qr_sells_to_that_member(ctx, products):
    members.enrol(ctx, "139 0013 9000")
    enrolled = members.enrol(ctx, PHONE)
    sale = sell(ctx, "LAT", member_qr=enrolled.qr_payload)
    assert sale.member_id == enrolled.member.member_id
    assert (sale.points_earned, sale.points_balance, sale.growth) == (28, 28, 28)
    refused("qr_invalid", sell, ctx, "LAT", member_qr=enrolled.qr_payload[:-2] + "xx")
    assert sales_count(ctx) == 1


def test_birthday_month_and_member_day_multiply_the_points(ctx, products, clock):
    members.enrol(ctx, PHONE, birthday="06-30")                 # the clock is on 2026-06-10
    members.enrol(ctx, "139 0013 9000", birthday="07-10")
    assert sell(ctx, "BIG", member_phone=PHONE).points_earned == 2000            # ¥1,000 × 2
    assert sell(ctx, "BIG", member_phone="139 0013 9000").points_earned == 1000
    clock.moment = datetime(2026, 6, 25, 12, 0)                  # member day (the 25th): × 2 again
    assert sell(ctx, "LAT", member_phone=PHONE).points_earned == 28 * 2 * 2
    assert sell(ctx, "LAT", member_phone="139 0013 9000").points_earned == 28 * 2
    with ctx.read() as s:
        booked = s.scalar(select(func.sum(LedgerEntry.points)).where(LedgerEntry.kind == "earn"))
    assert booked == 2000 + 1000 + 112 + 56


# ---------------------------------------------------------------- segment-only coupons

def test_a_segment_coupon_serves_only_that_segment(ctx, products):
    members.enrol(ctx, PHONE)
    sell(ctx, "LAT", member_phone=PHONE)
    compute_segments(ctx)                                        # a first purchase this month: "New"
    for_new = add_coupon(ctx, segment="New")
    for_champions = add_coupon(ctx, segment="Champions")
    refused("coupon_not_for_member", sell, ctx, "LAT", member_phone=PHONE, coupon_code=for_champions)
    refused("coupon_not_for_member", sell, ctx, "LAT", coupon_code=for_new)       # no member looked up
    sale = sell(ctx, "LAT", member_phone=PHONE, coupon_code=for_new)
    assert (sale.coupon_code, sale.coupon_discount_fen, sale.total_due_fen) == (for_new, 500, 2300)
    assert sales_count(ctx) == 2


# ---------------------------------------------------------------- payments

def test_each_payment_takes_its_amount_and_cash_gives_the_change(ctx, products):
    cash = sell(ctx, "LAT", payments=[co.PaymentInput("cash", 5000)], sale_id="00000000-0000-4000-8000-000000000001")
    assert (cash.total_due_fen, cash.payments, cash.change_fen) == (2800, (("cash", 2800),), 2200)
    assert cash.sale_id == "00000000-0000-4000-8000-000000000001" and not cash.replayed
    split = sell(ctx, "LAT", payments=[co.PaymentInput("cash"), co.PaymentInput("card", 1000)])
    assert (split.payments, split.change_fen) == ((("card", 1000), ("cash", 1800)), 0)
    covered = sell(ctx, "LAT", payments=[co.PaymentInput("card", 2800), co.PaymentInput("cash")])
    assert (covered.payments, covered.change_fen) == ((("card", 2800), ("cash", 0)), 0)   # nothing left for cash
    exact = sell(ctx, "LAT", payments=[co.PaymentInput("wechat", 2000), co.PaymentInput("alipay", 800)])
    assert exact.payments == (("wechat", 2000), ("alipay", 800))
    with ctx.read() as s:
        rows = s.execute(select(Payment.method, Payment.amount_fen, Payment.tendered_fen, Payment.change_fen)
                         .order_by(Payment.id)).all()
    assert [tuple(r) for r in rows] == [("cash", 2800, 5000, 2200), ("card", 1000, 1000, 0),
                                        ("cash", 1800, 1800, 0), ("card", 2800, 2800, 0), ("cash", 0, 0, 0),
                                        ("wechat", 2000, 2000, 0),
                                        ("alipay", 800, 800, 0)]


def test_payment_refusals_write_nothing(ctx, products):
    err = refused("payment_exceeds_due", sell, ctx, "LAT", payments=[co.PaymentInput("card", 2801)])
    assert err.message == "card pays more than the amount due"
    refused("payment_exceeds_due", sell, ctx, "LAT",
            payments=[co.PaymentInput("cash", 1000), co.PaymentInput("card", 2000), co.PaymentInput("wechat", 900)])
    err = refused("payment_insufficient", sell, ctx, "LAT", payments=[co.PaymentInput("card", 2799)])
    assert err.message == "Payments are short by ¥0.01."
    refused("payment_invalid", sell, ctx, "LAT", payments=[co.PaymentInput("cash"), co.PaymentInput("card")])
    assert sales_count(ctx) == 0
    assert sell(ctx, "LAT", payments=[co.PaymentInput("card", 2800)]).payments == (("card", 2800),)


# ---------------------------------------------------------------- upgrade by purchase count

@pytest.fixture
def counting_ctx(db_url, clock):
    """The store's ladder with Silver also reached by 2 purchases in the window."""
    config = load_config()
    tiers = tuple(replace(t, purchases=2) if t.key == "silver" else t for t in config.tiers)
    context = AppContext(make_engine(db_url), replace(config, tiers=tiers), clock)
    yield context
    context.engine.dispose()


def test_the_second_purchase_upgrades_by_count(counting_ctx, products):
    members.enrol(counting_ctx, PHONE)
    first = sell(counting_ctx, "LAT", member_phone=PHONE)
    assert (first.tier_before, first.tier_after, first.growth) == ("member", "member", 28)
    second = sell(counting_ctx, "LAT", member_phone=PHONE)
    assert (second.tier_before, second.tier_after, second.upgraded) == ("member", "silver", True)
    third = sell(counting_ctx, "LAT", member_phone=PHONE)
    assert third.tier_discount_fen == 140                         # now at Silver's 5 %
    with counting_ctx.read() as s:
        changes = s.execute(select(TierChange.from_key, TierChange.to_key, TierChange.reason)
                            .where(TierChange.reason != "enrol")).all()
    assert [tuple(c) for c in changes] == [("member", "silver", "upgrade")]
