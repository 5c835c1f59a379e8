"""Checkout input found wanting by adversarial testing (issue #14, item 7): a sale id reused for
another cart answered with the first sale, a phone number with junk in front was quietly stripped,
and an open item's long name was quietly cut. Each is refused now, and nothing is written."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import event, func, select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import Member, Sale
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.members.phones import normalise_phone
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput, parse_line_spec

PHONE = "13800138000"


def refused(code, fn, *args, **kwargs) -> PosError:
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, (err.value.code, err.value.message)
    return err.value


def _sales(ctx) -> int:
    with ctx.read() as session:
        return int(session.scalar(select(func.count(Sale.id))) or 0)


# ------------------------------------------------------------------ one sale id, one cart

@pytest.fixture
def booked(ctx, products):
    """A member's sale under a caller's own sale id: two lattes and an open item, a coupon, 100 points,
    ¥10 by card and the rest in cash from ¥200."""
    members.enrol(ctx, PHONE)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))   # 1,000 points
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5", valid_days=30), count=1)[0]
    request = co.CheckoutRequest(
        lines=[LineInput(sku="LAT", qty=2), LineInput(name="Cake", price_fen=1250, qty=1, discountable=False)],
        member_phone="138 0013 8000", coupon_code=code, redeem_points=100,
        payments=[co.PaymentInput("card", 1000), co.PaymentInput("cash", 20000)], sale_id=str(uuid.uuid4()))
    return request, co.checkout(ctx, request)


def test_the_identical_retry_replays_the_sale(ctx, booked):
    """The same cart, however it is spelt (the phone in another format, the latte by its barcode, the
    coupon in lower case, the payments in another order, the sale id in upper case), is the same sale."""
    request, first = booked
    again = replace(request, member_phone="+86 138-0013-8000",
                    lines=[LineInput(sku=" 6900000000002 ", qty=2), *request.lines[1:]],
                    coupon_code=f" {request.coupon_code.lower()} ", payments=list(reversed(request.payments)),
                    sale_id=request.sale_id.upper())
    assert co.checkout(ctx, again) == replace(first, replayed=True)
    assert co.checkout(ctx, replace(request, member_phone=None, member_id=first.member_id)).replayed
    assert _sales(ctx) == 2


@pytest.mark.parametrize("change", [
    "more lattes", "another item", "another open item price", "open item not discountable", "no member",
    "another member", "no coupon", "fewer points", "another payment", "another amount", "one line more",
])
def test_the_same_sale_id_with_another_cart_is_refused(ctx, booked, change):
    request, first = booked
    latte, cake = request.lines
    members.enrol(ctx, "13900139000")
    other = {
        "more lattes": replace(request, lines=[replace(latte, qty=3), cake]),
        "another item": replace(request, lines=[LineInput(sku="CARD", qty=2), cake]),
        "another open item price": replace(request, lines=[latte, replace(cake, price_fen=1251)]),
        "open item not discountable": replace(request, lines=[latte, replace(cake, discountable=True)]),
        "no member": replace(request, member_phone=None, redeem_points=0),
        "another member": replace(request, member_phone="13900139000"),
        "no coupon": replace(request, coupon_code=None),
        "fewer points": replace(request, redeem_points=0),
        "another payment": replace(request, payments=[co.PaymentInput("wechat")]),
        "another amount": replace(request, payments=[co.PaymentInput("card", 1000), co.PaymentInput("cash", 10000)]),
        "one line more": replace(request, lines=[latte, cake, LineInput(sku="LAT")]),
    }[change]
    error = refused("sale_id_conflict", co.checkout, ctx, other)
    assert error.message == (f"Sale id {request.sale_id} was already booked as receipt {first.receipt_no} "
                             "with other lines, member, coupon, points or payments; a new sale needs a new sale id.")
    assert error.exit_code == 1
    assert _sales(ctx) == 2
    assert co.checkout(ctx, request) == replace(first, replayed=True)   # the identical retry still replays


def test_another_cart_booked_meanwhile_under_the_same_sale_id_is_a_conflict(ctx, products, clock):
    """Another till books a different cart under this sale id after this till looked for it: this
    booking fails on the unique sale id, rolls back, and is refused instead of answered with the other
    till's sale."""
    members.enrol(ctx, PHONE)
    sale_id = str(uuid.uuid4())
    other_till = AppContext(make_engine(ctx.engine.url.render_as_string(hide_password=False)), load_config(), clock)
    booked = []

    def other_till_books(_conn, _cursor, statement, *_args):
        if not booked and statement.lstrip().startswith("SELECT") and "sales.sale_uuid" in statement:
            booked.append(co.checkout(other_till, co.CheckoutRequest(lines=[LineInput(sku="LAT")],
                                                                     sale_id=sale_id)))

    event.listen(ctx.engine, "after_cursor_execute", other_till_books)
    try:
        refused("sale_id_conflict", co.checkout, ctx,
                co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE, sale_id=sale_id))
    finally:
        event.remove(ctx.engine, "after_cursor_execute", other_till_books)
        other_till.engine.dispose()
    assert len(booked) == 1 and _sales(ctx) == 1
    with ctx.read() as session:
        assert session.scalar(select(Member.points_balance)) == 0    # the refused sale earned nothing


def test_tills_racing_one_sale_id_with_two_carts_book_one_and_refuse_the_other(ctx, products, clock):
    """Six tills at once, three with each cart: one sale; the tills with its cart get it back, the
    others are refused (on SQLite and PostgreSQL alike)."""
    sale_id = str(uuid.uuid4())
    url = ctx.engine.url.render_as_string(hide_password=False)
    start, outcomes = threading.Barrier(6), []

    def till(sku: str) -> None:
        mine = AppContext(make_engine(url), load_config(), clock)
        start.wait()
        try:
            sale = co.checkout(mine, co.CheckoutRequest(lines=[LineInput(sku=sku)], sale_id=sale_id))
            outcomes.append((sku, sale.subtotal_fen))
        except PosError as exc:
            outcomes.append((sku, exc.code))
        finally:
            mine.engine.dispose()

    threads = [threading.Thread(target=till, args=(sku,)) for sku in ["LAT", "CARD"] * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert _sales(ctx) == 1
    with ctx.read() as session:
        winner = session.scalar(select(Sale.subtotal_fen))
    price = {"LAT": 2800, "CARD": 10000}
    loser = "CARD" if winner == price["LAT"] else "LAT"
    assert sorted(outcomes) == sorted([(sku, winner) for sku in price if sku != loser] * 3
                                      + [(loser, "sale_id_conflict")] * 3)


# ------------------------------------------------------------------ phones with junk in front

@pytest.mark.parametrize("typed", ["😀13800138000", "-13800138000", "#13800138000", "*13800138000",
                                   "13800138000😀", "13800138000-", "138/0013/8000", "138+00138000",
                                   "+-13800138000", "13800138000\n5"])
def test_a_phone_with_junk_is_refused_not_stripped(ctx, typed):
    error = refused("phone_invalid", normalise_phone, typed)
    assert error.message == (f"'{typed}' is not a mobile phone number: only digits, with spaces, dashes, dots "
                             "or brackets between them and a + in front")
    refused("phone_invalid", members.enrol, ctx, typed)
    refused("phone_invalid", members.lookup, ctx, phone=typed)


@pytest.mark.parametrize("typed", ["13800138000", " 138 0013 8000 ", "138-0013-8000", "138.0013.8000",
                                   "+86 138 0013 8000", "+86-13800138000", "(+86) 13800138000", "0086 13800138000",
                                   "+86 (138) 0013 8000", "１３８００１３８０００", "＋86 138\u30000013 8000"])
def test_a_phone_as_people_type_it_is_still_accepted(typed):
    assert normalise_phone(typed) == "+8613800138000"


# ------------------------------------------------------------------ long open-item names

def test_an_open_item_name_over_200_characters_is_refused_not_cut(ctx, products):
    exactly = "蛋" * 200
    assert parse_line_spec(f"name={exactly},price=1").name == exactly
    error = refused("name_invalid", parse_line_spec, f"name={'蛋' * 201},price=1")
    assert error.message == "an open item's name has 201 characters; at most 200"
    assert error.exit_code == 2
    too_long = co.CheckoutRequest(lines=[LineInput(name="x" * 201, price_fen=100)])
    refused("name_invalid", co.checkout, ctx, too_long)
    refused("name_invalid", co.quote, ctx, too_long)
    assert _sales(ctx) == 0
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(name=exactly, price_fen=100)]))
    with ctx.read() as session:
        assert session.get(Sale, sale.sale_db_id).lines[0].name == exactly
