"""Offers at the till (SPEC §10), with hand-worked figures: issue, use, retry, full and partial return,
the referral's monthly limit; against a real SQLite file (and PostgreSQL when a server runs)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from pos.db.models import AuditEntry, Coupon, OfferIssue, Product
from pos.errors import NotFound, Refusal
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.offers import catalogue
from pos.services.offers.history import member_offers
from pos.services.reports.fraud import fraud_flags
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from tests.databases import NOW
from tests.services.test_checkout import ledger_consistent

PHONE, FRIEND, OTHER = "13800138000", "13900139000", "13700137000"


@pytest.fixture
def shop(ctx, products, cashier, manager):
    with ctx.write() as session:    # the latte is on the coffee card; MUG is a cheap non-coffee item
        session.execute(update(Product).where(Product.sku == "LAT").values(category="coffee"))
        session.add(Product(sku="MUG", name="Mug", price_fen=1000, discountable=True))
    return ctx


def sell(ctx, *skus, phone=PHONE, sale_id=None, coupon=None, reward=None, qty=1):
    lines = [LineInput(sku=s, qty=qty) for s in skus]
    return co.checkout(ctx, co.CheckoutRequest(lines=lines, member_phone=phone, sale_id=sale_id,
                                               coupon_code=coupon, reward_code=reward))


def kinds(result):
    return [i.kind for i in result.offers.issued]


def status(ctx, code):
    return coupons.show(ctx, code).status


def test_bounce_back_ladder_by_purchase_number(shop, clock):
    ctx = shop
    members.enrol(ctx, PHONE)
    first = sell(ctx, "MUG")
    (bounce,) = first.offers.issued
    assert (bounce.kind, bounce.reason, bounce.title) == ("bounce_back", "1st visit reward", "15% off your next visit")
    # valid from the next day for 14 days
    assert bounce.valid_from == datetime(2026, 6, 11, 0, 0) and bounce.valid_to == datetime(2026, 6, 24, 23, 59, 59)
    assert status(ctx, bounce.code) == "not_yet_valid"
    assert kinds(sell(ctx, "MUG")) == []                                   # 2nd: nothing
    third = sell(ctx, "MUG")
    assert third.offers.issued[0].title == "¥10 off over ¥80" and third.offers.issued[0].reason == "3rd visit reward"
    assert [kinds(sell(ctx, "MUG")) for _ in range(2)] == [[], []]         # 4th, 5th
    sixth = sell(ctx, "MUG")
    assert sixth.offers.issued[0].benefit == "double_points" and sixth.offers.issued[0].code is None
    clock.moment += timedelta(days=1)
    seventh = sell(ctx, "MUG")     # ¥10.00 paid: 10 points, doubled by the 6th visit's step: +10
    assert seventh.points_earned == 10 and seventh.offers.bonus_points == 10
    assert seventh.offers.issued[0].title == "a free item up to ¥25"
    assert coupons.show(ctx, seventh.offers.issued[0].code).kind == "free_item"      # one item, not ¥25 cash
    for _ in range(6):
        sell(ctx, "MUG")
    assert sell(ctx, "MUG").offers.issued[0].reason == "14th visit reward"    # every 7th after the 7th
    ledger_consistent(ctx)


def test_the_bounce_back_coupon_is_used_the_next_day(shop, clock):
    ctx = shop
    members.enrol(ctx, PHONE)
    code = sell(ctx, "MUG").offers.issued[0].code
    with pytest.raises(Refusal) as refused:
        sell(ctx, "BIG", coupon=code)
    assert refused.value.code == "coupon_not_yet_valid"
    clock.moment += timedelta(days=1)
    used = sell(ctx, "BIG", coupon=code)        # ¥1,000 × 15 % = ¥150, capped at ¥30
    assert used.coupon_discount_fen == 3000 and used.total_due_fen == 97000
    assert status(ctx, code) == "used"
    clock.moment += timedelta(days=20)
    late = sell(ctx, "MUG").offers.issued    # the first purchase in the window after that? no: 3rd purchase
    assert late[0].reason == "3rd visit reward"


def test_a_retried_sale_issues_nothing_new(shop):
    ctx = shop
    members.enrol(ctx, PHONE)
    sale_id = str(uuid.uuid4())
    first = sell(ctx, "MUG", sale_id=sale_id)
    again = sell(ctx, "MUG", sale_id=sale_id)
    assert again.replayed and again.offers.issued == first.offers.issued
    with ctx.read() as session:
        assert session.scalar(select(func.count(OfferIssue.id))) == 1          # one bounce-back
        assert session.scalar(select(func.count(Coupon.id))) == 2              # and the ordinary welcome coupon


def test_full_return_voids_the_unused_coupon_partial_return_keeps_it(shop):
    ctx = shop
    members.enrol(ctx, PHONE)
    two = sell(ctx, "MUG", "LAT")
    code = two.offers.issued[0].code
    returns.return_sale(ctx, two.receipt_no, [(1, 1)])
    assert status(ctx, code) == "not_yet_valid"                              # partial: still the member's
    returns.return_sale(ctx, two.receipt_no, [(2, 1)])
    assert status(ctx, code) == "void"                                       # the whole sale came back


def test_double_points_are_taken_back_in_proportion(shop, clock):
    ctx = shop
    members.enrol(ctx, PHONE)
    for _ in range(6):
        sell(ctx, "MUG")
    clock.moment += timedelta(days=1)
    sale = sell(ctx, "MUG", "MUG")                 # ¥20 paid: 20 points + 20 double-points bonus
    assert sale.offers.bonus_points == 20 and sale.points_balance == 60 + 40
    half = returns.return_sale(ctx, sale.receipt_no, [(1, 1)])      # half the value: 10 + 10 back
    assert half.points_reversed == 10 and members.lookup(ctx, phone=PHONE).points == 80
    returns.return_sale(ctx, sale.receipt_no, [(2, 1)])
    assert members.lookup(ctx, phone=PHONE).points == 60
    ledger_consistent(ctx)


def test_referral_welcome_reward_once_and_void_on_return(shop):
    ctx = shop
    referrer = members.enrol(ctx, PHONE)
    code = referrer.member.referral_code
    friend = members.enrol(ctx, FRIEND, referrer=f"https://example.com/join?ref={code.lower()}")   # scanned QR
    welcome = coupons.show(ctx, friend.welcome_coupon)
    assert welcome.title == "¥10.00 cash"                                   # instead of the ordinary ¥5
    small = sell(ctx, "LAT", phone=FRIEND)                                  # ¥28 < ¥50: no reward
    assert "referral_reward" not in kinds(small)
    later = sell(ctx, "BIG", phone=FRIEND)                                  # not the first sale any more
    assert "referral_reward" not in kinds(later)
    other = members.enrol(ctx, OTHER, referrer=code)
    first = sell(ctx, "BIG", phone=OTHER)
    (reward,) = [i for i in first.offers.issued if i.kind == "referral_reward"]
    assert reward.title == "¥20.00 off over ¥100.00" and not reward.for_customer
    assert coupons.show(ctx, reward.code).member_id == referrer.member.member_id
    returns.return_sale(ctx, first.receipt_no, manager_pin="8888")
    assert status(ctx, reward.code) == "void"
    assert member_offers(ctx, referrer.member.member_id).history[0].status == "void"
    assert other.member.member_id


def test_referral_reward_in_points_is_reversed_by_a_full_return(shop, ctx):
    ctx.config = replace(ctx.config, referral=replace(ctx.config.referral, reward="points"))
    referrer = members.enrol(ctx, PHONE)
    members.enrol(ctx, FRIEND, referrer=referrer.member.referral_code)
    first = sell(ctx, "BIG", phone=FRIEND)
    assert [i.points for i in first.offers.issued if i.kind == "referral_reward"] == [100]
    assert members.lookup(ctx, phone=PHONE).points == 100
    returns.return_sale(ctx, first.receipt_no, manager_pin="8888")
    assert members.lookup(ctx, phone=PHONE).points == 0
    ledger_consistent(ctx)


def test_referral_monthly_limit_and_self_referral_are_refused_audited_and_flagged(shop, ctx, manager, clock):
    ctx.config = replace(ctx.config, referral=replace(ctx.config.referral, monthly_limit=1))
    referrer = members.enrol(ctx, PHONE, name="Li Lei", birthday="03-15")
    code = referrer.member.referral_code
    members.enrol(ctx, FRIEND, referrer=code)
    members.enrol(ctx, "13600136000", referrer=code)        # enrolled while the month had no reward yet
    assert "referral_reward" in kinds(sell(ctx, "BIG", phone=FRIEND))
    assert "referral_reward" not in kinds(sell(ctx, "BIG", phone="13600136000"))   # the limit: refused at the sale
    with pytest.raises(Refusal) as limit:
        members.enrol(ctx, OTHER, referrer=code)
    assert limit.value.code == "referral_limit"
    with pytest.raises(Refusal) as self_:
        members.enrol(ctx, "13500135000", name="li lei", birthday="03-15", referrer=code)
    assert self_.value.code == "referral_self"
    with pytest.raises(NotFound):
        members.lookup(ctx, phone=OTHER)                   # a refused enrolment wrote nothing
    with ctx.read() as session:
        reasons = [e.details for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "referral_refused"))]
    assert len(reasons) == 3 and "referral_self" in reasons[-1]
    flags = [f for f in fraud_flags(ctx, manager.id) if f.kind == "referral_refused"]
    assert [(f.subject, f.value) for f in flags] == [(f"referral code {code}", 3)]
    clock.moment += timedelta(days=30)                     # a new month: the referrer may be rewarded again
    assert members.enrol(ctx, OTHER, referrer=code).welcome_coupon


def test_stamp_card_rewards_and_takes_back(shop):
    ctx = shop
    members.enrol(ctx, PHONE)
    seven = sell(ctx, "LAT", qty=7)
    assert seven.offers.stamps == (("coffee", "Coffee card", "7/10"),)
    four = sell(ctx, "LAT", "MUG", qty=4)      # 11 stamps: one free latte (¥28.00, under the ¥40 cap), 1 left
    (free,) = [i for i in four.offers.issued if i.kind == "stamp_reward"]
    assert four.offers.stamps[0][2] == "1/10" and free.title == "a free item up to ¥28.00"
    assert coupons.show(ctx, free.code).title == "a free coffee item up to ¥28"     # a coffee, not cash
    returns.return_sale(ctx, four.receipt_no, [(1, 2)])   # 2 lattes back: the card had 1, so the coupon goes
    assert status(ctx, free.code) == "void"
    assert member_offers(ctx, four.member_id).stamps[0][2] == "9/10"      # 1 + 10 - 2
    returns.return_sale(ctx, seven.receipt_no, [(1, 3)])
    assert member_offers(ctx, four.member_id).stamps[0][2] == "6/10"


def test_a_used_stamp_coupon_stays_used_and_the_card_never_goes_below_zero(shop, clock):
    ctx = shop
    members.enrol(ctx, PHONE)
    ten = sell(ctx, "LAT", qty=10)
    code = [i for i in ten.offers.issued if i.kind == "stamp_reward"][0].code
    with pytest.raises(Refusal) as no_coffee:     # a free coffee: a sale without one cannot take it
        sell(ctx, "BIG", coupon=code)
    assert no_coffee.value.code == "coupon_no_item" and status(ctx, code) == "issued"
    sell(ctx, "LAT", "BIG", coupon=code)
    returns.return_sale(ctx, ten.receipt_no)
    assert status(ctx, code) == "used"
    assert member_offers(ctx, ten.member_id).stamps[0][2] == "0/10"


def add_rewards(ctx, manager):
    catalogue.save_reward(ctx, manager.id, catalogue.RewardInput(
        "C5", "¥5 coupon", 500, kind="coupon", name_zh="5元券", coupon=coupons.parse_spec("cash", "5"), stock=2))
    catalogue.save_reward(ctx, manager.id, catalogue.RewardInput("MUGGIFT", "Mug gift", 2000, sku="MUG", stock=1))


def test_rewards_catalogue_at_the_till(shop, manager):
    ctx = shop
    add_rewards(ctx, manager)
    assert [(r.code, r.points, r.stock) for r in catalogue.list_rewards(ctx)] == [("C5", 500, 2), ("MUGGIFT", 2000, 1)]
    members.enrol(ctx, PHONE)
    with pytest.raises(Refusal) as few:
        sell(ctx, "MUG", reward="C5")                 # 10 points earned by this sale: not 500
    assert few.value.code == "points_insufficient" and "costs 500 points" in few.value.message
    sell(ctx, "BIG")
    sell(ctx, "BIG")                                  # 2,000 points, and Silver (5 % off, 1.2× points)
    gift = sell(ctx, "MUG", reward="MUGGIFT")         # ¥9.50 paid: 11 points; 2,000 + 11 - 2,000
    assert gift.offers.reward_points == 2000 and gift.points_balance == 11
    assert [i.kind for i in gift.offers.issued if i.kind == "reward"] == ["reward"]
    with ctx.read() as session:
        sale = returns.find_sale(session, gift.receipt_no)
        assert [(line.name, line.paid_fen) for line in sale.lines][-1] == ("Mug (reward 兑换)", 0)
    with pytest.raises(Refusal) as out:
        sell(ctx, "BIG", reward="MUGGIFT")
    assert out.value.code == "reward_out_of_stock"
    with pytest.raises(NotFound):
        sell(ctx, "MUG", reward="NOPE")
    back = returns.return_sale(ctx, gift.receipt_no, [(2, 1)])    # the gift comes back: points and stock too
    assert [(u.kind, u.benefit, u.code, u.voided, u.points_restored) for u in back.offers_voided] == [
        ("reward", "gift", "MUGGIFT", True, 2000)]
    assert members.lookup(ctx, phone=PHONE).points == 2011
    assert [r.stock for r in catalogue.list_rewards(ctx) if r.code == "MUGGIFT"] == [1]
    bought = sell(ctx, "MUG", reward="C5")
    (coupon,) = [i for i in bought.offers.issued if i.kind == "reward"]
    assert coupons.show(ctx, coupon.code).title == "¥5.00 cash" and coupon.points == 500
    ledger_consistent(ctx)


def test_rewards_catalogue_is_edited_by_managers_only(shop, cashier):
    from pos.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        catalogue.save_reward(shop, cashier.id, catalogue.RewardInput("X", "X", 100))


def test_monthly_earn_ladder(shop, ctx):
    ctx.config = replace(ctx.config, earn_ladder=replace(ctx.config.earn_ladder, enabled=True),
                         bounce_back=replace(ctx.config.bounce_back, enabled=False))
    members.enrol(ctx, PHONE)
    sell(ctx, "MUG")                                  # ¥10 this month: below the first step
    small = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(name="Cake", price_fen=11000)],
                                                member_phone=PHONE))
    assert small.offers.bonus_points == 0             # ¥120: 1 % = 110 points, the ordinary 110
    big = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(name="Cake", price_fen=20000)],
                                              member_phone=PHONE))
    assert big.points_earned == 200 and big.offers.bonus_points == 100     # ¥320: 1.5 % of ¥200 = 300 points
    assert big.offers.bonus[0].reason == "monthly earn ladder step 2"
    clock_month = ctx.clock().replace(month=7, day=1)
    ctx.clock = lambda: clock_month
    assert sell(ctx, "MUG").offers.bonus_points == 0  # a new month starts again at the bottom
    ledger_consistent(ctx)


def test_every_rule_has_its_off_switch(shop, ctx):
    c = ctx.config
    ctx.config = replace(c, bounce_back=replace(c.bounce_back, enabled=False), stamps=replace(c.stamps, enabled=False),
                         referral=replace(c.referral, enabled=False), rewards=replace(c.rewards, enabled=False))
    referrer = members.enrol(ctx, PHONE)
    friend = members.enrol(ctx, FRIEND, referrer=referrer.member.referral_code)
    assert coupons.show(ctx, friend.welcome_coupon).title == "¥5.00 cash"     # the ordinary welcome
    sale = sell(ctx, "LAT", "BIG", phone=FRIEND, qty=10)
    assert sale.offers.issued == () and sale.offers.stamps == ()
    with pytest.raises(Refusal):
        sell(ctx, "LAT", reward="C5")


def test_member_history_shows_what_was_given(shop):
    ctx = shop
    joined = members.enrol(ctx, PHONE)
    sell(ctx, "LAT", qty=3)
    history = member_offers(ctx, joined.member.member_id)
    assert history.stamps[0][2] == "3/10"
    assert [(h.issued.kind, h.status) for h in history.history] == [("bounce_back", "issued")]
    assert NOW


def test_reports_redemption_per_rule_and_ladder_steps_per_month(shop, manager, clock):
    from datetime import date

    from pos.services.reports.summary import run_report

    ctx = shop
    members.enrol(ctx, PHONE)
    codes = [sell(ctx, "MUG").offers.issued for _ in range(3)]      # 1st and 3rd purchases: two coupons
    clock.moment += timedelta(days=1)
    sell(ctx, "BIG", coupon=codes[0][0].code)                       # the 15 % coupon used (4th purchase)
    clock.moment += timedelta(days=30)
    sell(ctx, "MUG")                                                # 5th
    sell(ctx, "MUG")                                                # 6th: double points from tomorrow
    clock.moment += timedelta(days=1)
    sell(ctx, "MUG")                                                # 7th: uses them; a free item
    report = run_report(ctx, manager.id, "offer_redemption", date(2026, 6, 1), date(2026, 7, 31))
    assert report.rows == (("bounce_back after 1", 1, 1, 0, Decimal("100.0")),
                           ("bounce_back after 3", 1, 0, 0, Decimal("0.0")),
                           ("bounce_back after 6", 1, 1, 0, Decimal("100.0")),    # the 7th sale used it
                           ("bounce_back after 7", 1, 0, 0, Decimal("0.0")))
    ladder = run_report(ctx, manager.id, "ladder_steps", date(2026, 6, 1), date(2026, 7, 31))
    assert ladder.columns == ("month", "step_after_1", "step_after_3", "step_after_6", "step_after_7")
    assert ladder.rows == (("2026-06", 1, 1, 0, 0), ("2026-07", 0, 0, 1, 1))
