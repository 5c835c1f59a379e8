"""A return lists what it took back of the sale's offers (`ReturnResult.offers_voided`, `pos return --json`
`offers_voided`): the bounce-back coupon voided, stamps taken back, the referrer's reward clawed back,
bonus points reversed, a reward's points given back — the same again when the return is retried."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import update

from pos.db.models import Product
from pos.services.members import lookup as members
from pos.services.offers.model import Undone
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput

PHONE, FRIEND = "13800138000", "13900139000"


def shop(ctx):
    with ctx.write() as session:
        session.execute(update(Product).where(Product.sku == "LAT").values(category="coffee"))
        session.add(Product(sku="MUG", name="Mug", price_fen=1000, discountable=True))
    return ctx


def sell(ctx, *skus, phone=PHONE, qty=1):
    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=s, qty=qty) for s in skus], member_phone=phone))


def test_partial_then_full_return_lists_stamps_then_the_voided_coupon(ctx, products, manager):
    shop(ctx)
    members.enrol(ctx, PHONE)
    sale = sell(ctx, "LAT", "MUG", qty=3)             # 3 stamps, and the 1st-visit 15 % coupon
    (bounce,) = sale.offers.issued
    part = returns.return_sale(ctx, sale.receipt_no, [(1, 2)])
    assert part.offers_voided == (Undone("stamps", "stamps", "coffee", stamps_back=2),)
    rid = str(uuid.uuid4())
    rest = returns.return_sale(ctx, sale.receipt_no, return_id=rid)
    assert rest.offers_voided == (Undone("bounce_back", "coupon", bounce.code, voided=True),
                                  Undone("stamps", "stamps", "coffee", stamps_back=1))
    again = returns.return_sale(ctx, sale.receipt_no, return_id=rid)      # a retry answers the same
    assert again.return_no == rest.return_no and again.offers_voided == rest.offers_voided


def test_the_referrers_reward_and_bonus_points_are_listed(ctx, products, manager, clock):
    shop(ctx)
    ctx.config = replace(ctx.config, referral=replace(ctx.config.referral, reward="points"))
    referrer = members.enrol(ctx, PHONE)
    members.enrol(ctx, FRIEND, referrer=referrer.member.referral_code)
    first = sell(ctx, "BIG", phone=FRIEND)             # the referrer gets 100 points; FRIEND a 1st-visit coupon
    codes = {i.kind: i.code for i in first.offers.issued}
    back = returns.return_sale(ctx, first.receipt_no, manager_pin="8888")
    assert back.offers_voided == (
        Undone("bounce_back", "coupon", codes["bounce_back"], voided=True),
        Undone("referral_reward", "points", None, voided=True, points_reversed=100, for_customer=False))
    for _ in range(5):                                 # FRIEND's visits 2..6 (the returned one still counts)
        sell(ctx, "MUG", phone=FRIEND)
    clock.moment += timedelta(days=1)
    doubled = sell(ctx, "MUG", "MUG", phone=FRIEND)    # ¥20: 20 points + 20 double-points bonus
    assert doubled.offers.bonus_points == 20
    half = returns.return_sale(ctx, doubled.receipt_no, [(1, 1)])
    assert half.offers_voided == (Undone("bonus", "points", None, points_reversed=10),)
