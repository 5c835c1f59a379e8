"""The checkout's Core write path (no unit of work): the rows it writes and how many statements a sale takes."""

from __future__ import annotations

import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import event, func, select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import (
    CouponRedemption,
    LedgerEntry,
    Member,
    Payment,
    PointsLot,
    Product,
    Sale,
    TierChange,
)
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from tests.services.test_checkout import ledger_consistent

PHONE = "138 0013 8000"


def sell(ctx, *lines, coupon=None, redeem=0, payments=(), cashier_id=None, pin=None, sale_id=None):
    return co.checkout(ctx, co.CheckoutRequest(
        lines=[LineInput(sku=x) if isinstance(x, str) else x for x in lines], member_phone=PHONE,
        coupon_code=coupon, redeem_points=redeem, payments=list(payments), cashier_id=cashier_id,
        manager_pin=pin, sale_id=sale_id))


def test_sale_rows_points_and_upgrade(ctx, products, cashier, clock):
    members.enrol(ctx, PHONE)
    first = sell(ctx, "BIG", cashier_id=cashier.id)
    second = sell(ctx, "6900000000001")                      # by barcode; crosses into Silver
    assert (second.tier_before, second.tier_after, second.growth) == ("member", "silver", 2000)
    code = coupons.issue(ctx, coupons.parse_spec("amount", "15", threshold="100"),
                         member_id=members.lookup(ctx, phone=PHONE).member_id)[0]
    third = sell(ctx, LineInput(sku=" LAT ", qty=5), "CARD", LineInput(name="Open", price_fen=1234),
                 coupon=code, redeem=500, cashier_id=cashier.id,
                 payments=[co.PaymentInput("card", 5000), co.PaymentInput("cash", 50000)])
    with ctx.read() as s:
        sale = s.get(Sale, third.sale_db_id)
        assert sale.receipt_no == third.receipt_no == f"S01-1-{clock():%y%m%d}-{third.sale_db_id:04d}"   # one till
        assert (sale.points_earned, sale.growth_earned, sale.tier_before, sale.tier_after) == (
            third.points_earned, third.total_due_fen // 100, "silver", "silver")
        # Silver 5 % half up per discountable line (LAT 700, Open 61.7 -> 62); the coupon's 15.00 over the
        # discountable lines after it (13300 : 1172 -> 1378.x, 121.x: the larger remainder to LAT); the
        # 500 points' 5.00 over all lines after the coupon (11921 : 10000 : 1051 -> 259, 218, 23)
        assert [(ln.line_no, ln.sku, ln.name, ln.qty, ln.returned_qty, ln.gross_fen, ln.tier_discount_fen,
                 ln.coupon_fen, ln.points_fen, ln.paid_fen) for ln in sale.lines] == [
            (1, "LAT", "Latte 拿铁", 5, 0, 14000, 700, 1379, 259, 11662),
            (2, "CARD", "Gift card", 1, 0, 10000, 0, 0, 218, 9782),
            (3, None, "Open", 1, 0, 1234, 62, 121, 23, 1028)]
        assert third.total_due_fen == 11662 + 9782 + 1028
        assert [(p.method, p.amount_fen, p.tendered_fen, p.change_fen)
                for p in s.scalars(select(Payment).where(Payment.sale_id == sale.id).order_by(Payment.id))] == [
            ("card", 5000, 5000, 0), ("cash", third.total_due_fen - 5000, 50000, third.change_fen)]
        assert s.scalar(select(CouponRedemption.discount_fen).where(CouponRedemption.sale_id == sale.id)) == 1500
        entries = s.scalars(select(LedgerEntry).where(LedgerEntry.sale_id == sale.id).order_by(LedgerEntry.id)).all()
        assert [(e.kind, e.points, e.balance_after, e.reason, e.idem_key, e.staff_id) for e in entries] == [
            ("redeem", -500, first.points_earned + second.points_earned - 500, f"redeemed on {sale.receipt_no}",
             f"redeem:{sale.sale_uuid}", cashier.id),
            ("earn", third.points_earned, third.points_balance, f"earned on {sale.receipt_no}",
             f"earn:{sale.sale_uuid}", cashier.id)]
        assert entries[0].lot_id is None and s.get(PointsLot, entries[1].lot_id).remaining == third.points_earned
        lots = s.scalars(select(PointsLot).where(PointsLot.member_id == sale.member_id).order_by(PointsLot.id)).all()
        assert [lot.remaining for lot in lots] == [first.points_earned - 500, second.points_earned,
                                                   third.points_earned]     # FIFO: the oldest lot first
        member = s.get(Member, sale.member_id)
        assert (member.points_balance, member.last_visit_at, member.tier_key) == (third.points_balance, clock(),
                                                                                  "silver")
        changes = s.scalars(select(TierChange).where(TierChange.reason == "upgrade")).all()
        assert [(c.from_key, c.to_key, c.sale_id, c.at) for c in changes] == [
            ("member", "silver", second.sale_db_id, clock())]


def test_a_member_sale_takes_few_statements(ctx, products):
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5", valid_days=30), count=1)[0]
    statements = []
    event.listen(ctx.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with round_trips(ctx.engine) as waits:
        sell(ctx, "LAT", "LAT", "CARD", "6900000000002", "LAT", coupon=code, redeem=100)   # no upgrade
    # BEGIN, settings, member, coupon, products, sale, lines, payments, coupon use, redemption,
    # balance, open lots, lot update, new lot, ledger entries, growth, the till's receipt counter,
    # receipt no (+ COMMIT), and the offers' one look-up (purchase number, double-points visit,
    # stamp card; SPEC §10) when they issue nothing, and the report rollup's upsert (#19). The sale is
    # inserted complete (receipt number and tier first: no UPDATE of it after); PostgreSQL sends no
    # BEGIN and writes the lines with the payments, the coupon use with its redemption, and the new lot
    # with the ledger entries, in one statement each (#19: 18 -> 15 round trips there, rollup included).
    # The coupon-use rollup (#19, round two): SQLite one upsert more, PostgreSQL with the redemption.
    # The repeat-purchase rollup (#19, round four): the member's neighbouring sales, then one upsert.
    postgres = ctx.engine.dialect.name == "postgresql"
    assert len(statements) <= (17 if postgres else 22), statements
    assert sum("INSERT INTO sale_lines" in s for s in statements) == 1
    if postgres:
        # what the till waits for (#19, round two): BEGIN, settings, member, coupon, products, growth,
        # receipt counter, sale, open lots; then a pipeline (lines with payments, coupon use with its
        # redemption and rollup); the offers' look-up (it counts this sale's lines); a second pipeline
        # (balance move with the offers' bonus, lot update, new lot with entries); the member's
        # neighbouring sales (repeat rollup), then the rollups in one pipeline (repeats and the day's),
        # COMMIT: 17 waits -> 15
        assert len(waits) == 15, "\n".join(w[:140] for w in waits)


@contextmanager
def round_trips(engine):
    """PostgreSQL: the times the client waited for the server, read from libpq's protocol trace of the
    connection (one ReadyForQuery ends each wait: a statement, or a pipeline of them, or COMMIT)."""
    waits: list[str] = []
    if engine.dialect.name != "postgresql":
        yield waits
        return
    traced = []

    def trace(dbapi_connection, _record, _proxy):
        out = tempfile.TemporaryFile()
        dbapi_connection.pgconn.trace(out.fileno())
        traced.append((dbapi_connection, out))

    event.listen(engine, "checkout", trace)
    try:
        yield waits
    finally:
        event.remove(engine, "checkout", trace)
        for dbapi_connection, out in traced:
            dbapi_connection.pgconn.untrace()
            out.seek(0)
            waits.extend(line for line in out.read().decode().splitlines() if "\tB\t" in line
                         and "\tReadyForQuery" in line)
            out.close()


def test_refusals_after_writes_roll_back(ctx, products):
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5", valid_days=30), count=1)[0]
    sell(ctx, "LAT", coupon=code)
    with ctx.read() as s:
        before = [s.scalar(select(Sale.id).order_by(Sale.id.desc()).limit(1)),
                  s.get(Member, 1).points_balance]
    with pytest.raises(PosError) as err:
        sell(ctx, "LAT", coupon=code)
    assert err.value.code == "coupon_used"
    with ctx.write() as s:
        s.add(Product(sku="OFF", barcode="LAT", name="Not this one", price_fen=1, active=True))
    with pytest.raises(PosError) as err:
        sell(ctx, "LAT", "NOPE")
    assert err.value.code == "sku_unknown" and "'NOPE'" in str(err.value)
    with ctx.read() as s:
        assert [s.scalar(select(Sale.id).order_by(Sale.id.desc()).limit(1)),
                s.get(Member, 1).points_balance] == before
    assert sell(ctx, "LAT").subtotal_fen == 2800          # a SKU wins over another product's barcode


# A retried sale (the same sale id) is answered by replaying it, on one of two paths; each is tested alone.

def test_a_retry_is_answered_before_booking_starts(ctx, products):
    """Path 1, the look-up before booking: the retry writes nothing, and is answered even though
    booking it again would be refused (its coupon is used now)."""
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5", valid_days=30), count=1)[0]
    sale_id = str(uuid.uuid4())
    first = sell(ctx, "LAT", "CARD", coupon=code, redeem=100, payments=[co.PaymentInput("cash", 20000)],
                 sale_id=sale_id)
    statements = []
    event.listen(ctx.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    again = sell(ctx, "LAT", "CARD", coupon=code, redeem=100, payments=[co.PaymentInput("cash", 20000)],
                 sale_id=sale_id)
    assert again == replace(first, replayed=True)
    assert first.change_fen > 0 and first.coupon_code == code and first.points_redeemed == 100
    writes = ("BEGIN IMMEDIATE", "INSERT", "UPDATE", "DELETE")
    assert not [sql for sql in statements if sql.lstrip().upper().startswith(writes) or "FOR UPDATE" in sql]


def test_a_sale_booked_meanwhile_by_another_till_is_answered_from_the_unique_sale_id(ctx, products, clock):
    """Path 2, the unique sale id: another till books the same sale id after this one looked for it, so
    this booking fails on the constraint, rolls back and answers with the other till's sale."""
    members.enrol(ctx, PHONE)
    sale_id = str(uuid.uuid4())
    other_till = AppContext(make_engine(ctx.engine.url.render_as_string(hide_password=False)), load_config(), clock)
    booked = []

    def other_till_books(_conn, _cursor, statement, *_args):
        if not booked and statement.lstrip().startswith("SELECT") and "sales.sale_uuid" in statement:
            booked.append(sell(other_till, "BIG", sale_id=sale_id))

    event.listen(ctx.engine, "after_cursor_execute", other_till_books)
    try:
        mine = sell(ctx, "BIG", sale_id=sale_id)
    finally:
        event.remove(ctx.engine, "after_cursor_execute", other_till_books)
        other_till.engine.dispose()
    assert len(booked) == 1 and mine == replace(booked[0], replayed=True)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Sale)) == 1
        assert s.get(Member, mine.member_id).points_balance == booked[0].points_earned == 1000
    ledger_consistent(ctx)
