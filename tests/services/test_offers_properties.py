"""Hypothesis over real checkouts, retries and returns with every offer switched on: the ledger sum is the
balance, no sale issues a benefit twice, and nothing a fully returned sale issued stays usable."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import Coupon, OfferIssue, Product
from pos.errors import Refusal
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from pos.services.staff.accounts import create_staff
from tests.databases import NOW, sqlite_url
from tests.fixtures_db import Clock
from tests.services.test_checkout import ledger_consistent

PHONE, FRIEND = "13800138000", "13900139000"
PRICES = {"COF": 2800, "TEA": 1800, "BIG": 9900}

carts = st.lists(st.tuples(st.sampled_from(sorted(PRICES)), st.integers(1, 6)), min_size=1, max_size=3)
steps = st.lists(st.tuples(st.sampled_from([PHONE, FRIEND]), carts, st.booleans(),
                           st.sampled_from(["keep", "full", "partial"]), st.integers(0, 2)), min_size=1, max_size=12)


def _context(url: str) -> AppContext:
    config = load_config()
    config = replace(config, earn_ladder=replace(config.earn_ladder, enabled=True),
                     stamps=replace(config.stamps, needed=4), referral=replace(config.referral, reward="points"))
    ctx = AppContext(make_engine(url), config, Clock(NOW))
    with ctx.write() as session:
        session.add_all(Product(sku=sku, name=sku, price_fen=price, category="coffee" if sku == "COF" else "")
                        for sku, price in PRICES.items())
    referrer = members.enrol(ctx, PHONE)
    members.enrol(ctx, FRIEND, referrer=referrer.member.referral_code)
    create_staff(ctx, "M01", "Manager", "manager", "8888")
    return ctx


def _usable_from(ctx: AppContext, sale_db_id: int) -> list[str]:
    with ctx.read() as session:
        coupons = session.scalars(select(Coupon.code).join(OfferIssue, OfferIssue.coupon_id == Coupon.id).where(
            OfferIssue.sale_id == sale_db_id, Coupon.status == "issued")).all()
        vouchers = session.scalars(select(OfferIssue.rule).where(
            OfferIssue.sale_id == sale_db_id, OfferIssue.benefit == "double_points",
            OfferIssue.status == "issued")).all()
    return [*coupons, *vouchers]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps)
def test_offers_keep_the_ledger_and_never_issue_twice(tmp_path_factory, plan):
    ctx = _context(sqlite_url(tmp_path_factory.mktemp("offers")))
    clock = ctx.clock
    assert isinstance(clock, Clock)
    for phone, cart, retry, fate, days in plan:
        clock.moment += timedelta(days=days, minutes=5)
        sale_id = str(uuid.uuid4())
        request = co.CheckoutRequest(lines=[LineInput(sku=s, qty=q) for s, q in cart], member_phone=phone,
                                     sale_id=sale_id)
        sale = co.checkout(ctx, request)
        with ctx.read() as session:
            rows_before = session.scalar(select(func.count(OfferIssue.id)))
        if retry:
            again = co.checkout(ctx, request)
            assert again.replayed and again.offers.issued == sale.offers.issued
            with ctx.read() as session:
                assert session.scalar(select(func.count(OfferIssue.id))) == rows_before     # nothing new
        assert len([i for i in sale.offers.issued if i.kind == "bounce_back"]) <= 1          # one per sale
        if fate == "full":
            try:
                returns.return_sale(ctx, sale.receipt_no, manager_pin="8888")
            except Refusal:
                continue
            assert _usable_from(ctx, sale.sale_db_id) == []
        elif fate == "partial":
            returns.return_sale(ctx, sale.receipt_no, [(1, 1)], manager_pin="8888")
        ledger_consistent(ctx)
    with ctx.read() as session:
        keys = session.scalars(select(OfferIssue.idem_key)).all()
        per_sale = session.execute(select(OfferIssue.sale_id, OfferIssue.kind, OfferIssue.rule, func.count())
                                   .where(OfferIssue.kind.in_(["bounce_back", "referral_reward"]))
                                   .group_by(OfferIssue.sale_id, OfferIssue.kind, OfferIssue.rule)).all()
        referrals = session.scalar(select(func.count(OfferIssue.id)).where(OfferIssue.kind == "referral_reward"))
    assert len(keys) == len(set(keys))
    assert all(n == 1 for *_, n in per_sale)
    assert referrals <= 1                                   # once per new member
    ledger_consistent(ctx)
    ctx.engine.dispose()
