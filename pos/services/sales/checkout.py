"""Checkout: price the cart in the fixed order of SPEC §5 and book the sale atomically.

Sale, lines, payments, coupon use, points redeemed and earned, growth and tier change
are one transaction. Retrying with the same sale id returns the original sale; another cart under
that sale id is refused (`sale_id_conflict`, services/sales/retry.py).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, TextClause, bindparam, insert, select, text, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos import vocabulary
from pos.config import Tier
from pos.db import direct
from pos.db.models import (
    HERE_STORE,
    HERE_TILL,
    Coupon,
    CouponRedemption,
    Member,
    Payment,
    Sale,
    SaleLine,
    TierChange,
    table_of,
)
from pos.db.pipeline import pipelined
from pos.errors import BadInput, PermissionDenied, Refusal
from pos.loyalty.growth import growth_for_payment
from pos.loyalty.points import is_birthday_month, is_member_day, needs_manager_pin, points_earned
from pos.loyalty.pricing import PriceBreakdown, price_cart
from pos.loyalty.tiers import upgraded_tier
from pos.money import parse_yuan, yuan
from pos.services import offers
from pos.services.context import AppContext
from pos.services.coupons.issue import SaleCoupon, find_sale_coupon
from pos.services.members import rollups as member_rollups
from pos.services.members import upgrade_rollups
from pos.services.members.lookup import SaleMember, find_sale_member
from pos.services.members.standing import (
    coupon_state,
    current_segment,
    growth_and_purchases,
    growth_columns,
    window_start,
)
from pos.services.points import ledger
from pos.services.sales import repeat_rollups, retry, rollups
from pos.services.sales.batch_rollups import BatchRollups
from pos.services.sales.cart import LineInput, resolve_lines
from pos.services.staff import audit
from pos.services.staff.accounts import require_manager
from pos.services.stores import numbering

PAY_METHODS = vocabulary.PAYMENT_KEYS
# built once with bind parameters (construction and cache key cost more than the query); the sale is
# written with Core statements on the tables: no ORM objects, no flushes
_SALES, _COUPONS, _MEMBERS = table_of(Sale), table_of(Coupon), table_of(Member)
_INSERT_SALE = insert(_SALES).returning(_SALES.c.id)
_INSERT_LINES = insert(table_of(SaleLine))
_INSERT_PAYMENTS = insert(table_of(Payment))
_INSERT_REDEMPTION = insert(table_of(CouponRedemption))
_INSERT_TIER_CHANGE = insert(table_of(TierChange)).inline()   # no id fetched: it rides in a pipeline
_USE_COUPON = (update(_COUPONS).where(_COUPONS.c.id == bindparam("coupon_id"), _COUPONS.c.status == "issued")
               .values(status="used"))
_UPGRADE_MEMBER = (update(_MEMBERS).where(_MEMBERS.c.id == bindparam("member_id"))
                   .values(tier_key=bindparam("new_tier"), tier_since=bindparam("since"), grace_until=None))
_USED = (update(_COUPONS).where(_COUPONS.c.id == bindparam("coupon_id"), _COUPONS.c.status == "issued")
         .values(status="used").returning(_COUPONS.c.id).cte("used"))
_REDEMPTIONS = table_of(CouponRedemption)
# PostgreSQL: the coupon's use and its redemption row in one statement (#19: a round trip less);
# no row inserted = the coupon was no longer "issued" (`r_` names: a parameter named like a coupons
# column would join the UPDATE's SET)
# and its report rollup (#19, round two: `u_` the coupon-use row; one round trip still)
_REDEEMED = insert(_REDEMPTIONS).from_select(
    ["coupon_id", "sale_id", "member_id", "at", "discount_fen", "store_id", "till_id"],
    select(_USED.c.id, *(bindparam(f"r_{name}", type_=_REDEMPTIONS.c[name].type)
                         for name in ("sale_id", "member_id", "at", "discount_fen", "store_id", "till_id"))
           )).returning(_REDEMPTIONS.c.id).cte("redeemed")


# the same without the use's rollup: a batch adds its coupon uses at its end (sales.batch_rollups)
_REDEEM_ONLY = insert(_REDEMPTIONS).from_select(
    ["coupon_id", "sale_id", "member_id", "at", "discount_fen", "store_id", "till_id"],
    select(_USED.c.id, *(bindparam(f"r_{name}", type_=_REDEMPTIONS.c[name].type)
                         for name in ("sale_id", "member_id", "at", "discount_fen", "store_id", "till_id"))))


@functools.cache
def _use_and_redeem() -> Any:
    """Built at the first PostgreSQL sale, not at import: building it loads SQLAlchemy's PostgreSQL
    dialect and its drivers (~50 ms), which a SQLite till's start should not pay (#19, cold start)."""
    return rollups.coupon_use_after(_REDEEMED)


_FINISH_SALE = (update(_SALES).where(_SALES.c.id == bindparam("sale_db_id"))
                .values(receipt_no=bindparam("final_receipt_no"), tier_after=bindparam("final_tier")))
_SALE_BY_UUID = select(_SALES).where(_SALES.c.sale_uuid == bindparam("sale_uuid"))
_COUPON_CODE = select(_COUPONS.c.code).where(_COUPONS.c.id == bindparam("coupon_id"))
_BALANCE = select(_MEMBERS.c.points_balance).where(_MEMBERS.c.id == bindparam("member_id"))
_PAYMENTS_OF = (select(Payment.method, Payment.amount_fen, Payment.tendered_fen, Payment.change_fen)
                .where(Payment.sale_id == bindparam("sale_db_id")).order_by(Payment.id))


@dataclass(frozen=True)
class PaymentInput:
    method: str
    amount_fen: int | None = None   # None: whatever is left to pay


@dataclass(frozen=True)
class OfflineOrigin:
    """A sale an offline till already sold (pos.services.offline), pushed at sync: booked at its own time,
    receipt number and tier, at the prices it was sold at. What the customer got is not taken back: a
    redemption or coupon that meanwhile conflicts is booked as an audited `offline_overdraw` instead."""

    receipt_no: str
    sold_at: datetime
    tier_key: str | None


@dataclass(frozen=True)
class CheckoutRequest:
    lines: list[LineInput]
    member_phone: str | None = None
    member_qr: str | None = None
    member_id: int | None = None
    coupon_code: str | None = None
    redeem_points: int = 0
    payments: list[PaymentInput] = field(default_factory=list)
    sale_id: str | None = None
    cashier_id: int | None = None
    manager_pin: str | None = None
    reward_code: str | None = None     # a catalogue reward bought with points in this sale
    offline: OfflineOrigin | None = None


@dataclass(frozen=True)
class CheckoutResult:
    sale_db_id: int
    sale_id: str
    receipt_no: str
    created_at: datetime
    member_id: int | None
    subtotal_fen: int
    tier_discount_fen: int
    coupon_code: str | None
    coupon_discount_fen: int
    points_redeemed: int
    points_value_fen: int
    total_due_fen: int
    points_earned: int
    points_balance: int | None
    tier_before: str | None
    tier_after: str | None
    growth: int | None
    change_fen: int
    payments: tuple[tuple[str, int], ...]
    replayed: bool = False
    offers: offers.SaleOffers = field(default_factory=offers.SaleOffers)   # what the offers gave (SPEC §10)
    overdraw_fen: int = 0    # an offline sale's conflicting redemption or coupon, booked as a loss (#17)

    @property
    def upgraded(self) -> bool:
        return self.tier_before is not None and self.tier_before != self.tier_after


def parse_payment(spec: str) -> PaymentInput:
    typed, _, amount = (spec or "").strip().partition(":")
    method = vocabulary.parse_payment_method(typed)
    if method is None:
        raise BadInput("payment_invalid", f"payment method '{typed.lower()}' must be one of {', '.join(PAY_METHODS)}")
    return PaymentInput(method, parse_yuan(amount, field="payment amount") if amount else None)


def quote(ctx: AppContext, request: CheckoutRequest) -> PriceBreakdown:
    """Prices the cart without booking anything (the terminal's live totals)."""
    with ctx.read() as session:
        return _price(session, ctx, request, _member(session, ctx, request, lock=False), ctx.clock())


def checkout(ctx: AppContext, request: CheckoutRequest) -> CheckoutResult:
    sale_id = _sale_uuid(request.sale_id)
    # only a caller's own sale id can be a retry; a fresh uuid4 is new (saves a read transaction per sale)
    existing = _replay(ctx, sale_id, request) if request.sale_id else None
    if existing is not None:
        return existing
    approver = None
    if request.redeem_points and request.offline is None and needs_manager_pin(request.redeem_points, ctx.config.points):
        approver = require_manager(ctx, request.manager_pin,
                                   f"Redeeming {request.redeem_points} points").id
    try:
        with ctx.write() as session:
            return _book(session, ctx, request, sale_id, approver)
    except IntegrityError:
        replay = _replay(ctx, sale_id, request)   # the same sale id was booked concurrently
        if replay is not None:
            return replay
        raise


def _sale_uuid(text: str | None) -> str:
    if not text:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        raise BadInput("sale_id_invalid", f"sale id '{text}' is not a UUID") from None


def _member(session: Session, ctx: AppContext, request: CheckoutRequest, lock: bool) -> SaleMember | None:
    if request.member_id is not None or request.member_phone is not None or request.member_qr is not None:
        return find_sale_member(session, ctx, phone=request.member_phone, qr=request.member_qr,
                                member_id=request.member_id, for_update=lock)
    return None


def _price(session: Session, ctx: AppContext, request: CheckoutRequest, member: SaleMember | None,
           now: datetime, coupon: SaleCoupon | None = None) -> PriceBreakdown:
    if coupon is None and request.coupon_code:
        coupon = find_sale_coupon(session, request.coupon_code)
    state = coupon_state(coupon) if coupon else None
    balance = member.points_balance if member else 0
    tier_key = member.tier_key if member else None
    if request.offline is not None:    # priced as the offline till priced it
        state = replace(state, used=False) if state is not None else None
        balance = max(balance, request.redeem_points)
        tier_key = request.offline.tier_key if member and request.offline.tier_key else tier_key
    return price_cart(
        resolve_lines(session, request.lines),
        tier=ctx.config.tier(tier_key) if tier_key else None,
        coupon=state,
        redeem_points=request.redeem_points,
        points_balance=balance,
        points_cfg=ctx.config.points, now=now,
        member_id=member.id if member else None,
        segment=current_segment(session, member.id) if member and coupon and coupon.segment else None,
        tiers=ctx.config.tiers,
    )


def _book(session: Session, ctx: AppContext, request: CheckoutRequest, sale_id: str,
          approver: int | None, rollup_to: BatchRollups | None = None) -> CheckoutResult:
    """Writes the sale with Core statements (no unit of work): the sale, then its lines and payments in one
    INSERT each, the coupon, the points (one balance move with the visit), growth and the final receipt no.
    `rollup_to`: the sale's report rollups (day, coupon use, tier move, upgrade, repeats) are added there
    instead of written, for a caller that books many sales in one transaction and writes them at its end
    (sales.batch_rollups: offline sync)."""
    now = request.offline.sold_at if request.offline else ctx.clock()
    member = _member(session, ctx, request, lock=True)
    coupon = find_sale_coupon(session, request.coupon_code, for_update=True) if request.coupon_code else None
    priced = _price(session, ctx, request, member, now, coupon)
    if request.offline is None:
        _check_approved(ctx, priced.points_redeemed, approver)
    payments = _settle(request.payments, priced.total_due_fen)
    conn = session.connection()
    earned = growth_earned = 0
    if member is not None:
        cfg = ctx.config.points
        earned = points_earned(priced.total_due_fen, ctx.config.tier(member.tier_key), cfg,
                               birthday_month=is_birthday_month(member.birth_month, now.date()),
                               member_day=is_member_day(cfg, now.date()))
        growth_earned = growth_for_payment(priced.total_due_fen, ctx.config.growth.per_yuan)
    tier_before = member.tier_key if member else None
    # Growth and the tier after this sale are read before its row is written (this sale's growth added),
    # and the receipt number taken from the till's counter first, so the sale is inserted complete: no
    # UPDATE of it afterwards (one round trip less, #19). Without a till the number is the row id.
    growth = new_tier = None
    if member is not None:
        growth, new_tier = _growth_after(session, ctx, member, now, growth_earned, priced.total_due_fen)
    receipt_no: str | None = request.offline.receipt_no if request.offline else None
    if receipt_no is None and ctx.here_in(session) is not None:
        receipt_no = numbering.receipt_no(session, ctx, now, 0)
    tier_after = new_tier.key if new_tier is not None else tier_before
    sale = {
        "sale_uuid": sale_id, "receipt_no": receipt_no or "~" + sale_id.replace("-", "")[:31], "created_at": now,
        "cashier_id": request.cashier_id, "member_id": member.id if member else None,
        "subtotal_fen": priced.subtotal_fen, "tier_discount_fen": priced.tier_discount_fen,
        "coupon_id": coupon.id if coupon else None, "coupon_discount_fen": priced.coupon_discount_fen,
        "points_redeemed": priced.points_redeemed, "points_value_fen": priced.points_value_fen,
        "total_fen": priced.total_due_fen, "points_earned": earned, "growth_earned": growth_earned,
        "tier_before": tier_before, "tier_after": tier_after}
    sale_db_id = direct.execute(conn, _INSERT_SALE, sale).scalar_one()
    if receipt_no is None:
        receipt_no = numbering.receipt_no(session, ctx, now, sale_db_id)
        conn.execute(_FINISH_SALE, {"sale_db_id": sale_db_id, "final_receipt_no": receipt_no,
                                    "final_tier": tier_after})
    line_rows = [
        {"sale_id": sale_db_id, "line_no": number, "sku": line.line.sku, "name": line.line.name,
         "unit_price_fen": line.line.unit_price_fen, "qty": line.line.qty, "discountable": line.line.discountable,
         "gross_fen": line.gross_fen, "tier_discount_fen": line.tier_discount_fen, "coupon_fen": line.coupon_fen,
         "points_fen": line.points_fen, "paid_fen": line.paid_fen, "returned_qty": 0}
        for number, line in enumerate(priced.lines, start=1)]
    payment_rows = [{"sale_id": sale_db_id, "method": method, "amount_fen": amount, "tendered_fen": tendered,
                     "change_fen": line_change} for method, amount, tendered, line_change in payments]
    balance_before = member.points_balance if member is not None else 0   # read under the member's lock
    overdraw = _Overdraw()
    taken = priced.points_redeemed
    if member is not None and request.offline is not None and taken > balance_before:
        taken = balance_before     # spent online meanwhile: never below zero
        overdraw.points = priced.points_redeemed - taken
        overdraw.points_fen = priced.points_value_fen * overdraw.points // priced.points_redeemed
    # read before the pipelines: the lots the points come out of
    lots = ledger.open_lots(session, member.id) if member is not None and taken else None
    moves: list[member_rollups.Move] = []
    redeemed: SaleCoupon | None = None
    balance = None
    # PostgreSQL: the sale's writes that need no result from each other in pipelines, one round trip each
    # (#19): the lines with payments and the coupon's use with its redemption; then, once the offers
    # have read their facts (which count this sale's lines), the points with the offers' bonus (balance,
    # lots, new lot with entries) and the tier change. Each in the order it was sent before (same locks).
    with pipelined(conn):
        if conn.dialect.name == "postgresql":
            _insert_lines_and_payments(conn, line_rows, payment_rows)
        else:
            conn.execute(_INSERT_LINES, line_rows)
            conn.execute(_INSERT_PAYMENTS, payment_rows)
        if coupon is not None and request.offline is not None and coupon.status != "issued":
            overdraw.coupon_fen = priced.coupon_discount_fen    # used online meanwhile: the loss, not a second use
        elif coupon is not None and conn.dialect.name == "postgresql":
            # the coupon row is locked (FOR UPDATE) and was priced as issued: its use cannot miss
            redemption = {
                "coupon_id": coupon.id, "r_sale_id": sale_db_id, "r_member_id": member.id if member else None,
                "r_at": now, "r_discount_fen": priced.coupon_discount_fen, "r_store_id": conn.info.get(HERE_STORE),
                "r_till_id": conn.info.get(HERE_TILL)}
            if rollup_to is None:
                direct.execute(conn, _use_and_redeem(), {**redemption,
                                                         **rollups.coupon_use_row(conn, coupon.issued_at, now, "u_")})
            else:
                direct.execute(conn, _REDEEM_ONLY, redemption)
                rollup_to.coupon_uses.append((coupon.issued_at, now))
        elif coupon is not None:
            if conn.execute(_USE_COUPON, {"coupon_id": coupon.id}).rowcount != 1:
                raise Refusal("coupon_used", f"Coupon {coupon.code} has already been used.")
            conn.execute(_INSERT_REDEMPTION, {"coupon_id": coupon.id, "sale_id": sale_db_id,
                                              "member_id": member.id if member else None, "at": now,
                                              "discount_fen": priced.coupon_discount_fen})
            redeemed = coupon
    # the offers' first half: their bonus points are booked in the sale's own posting (#19)
    rules = offers.rules_for_sale(session, ctx, sale_db_id=sale_db_id, sale_id=sale_id, receipt_no=receipt_no,
                                  member=member, paid_fen=priced.total_due_fen, points_earned=earned, now=now,
                                  cashier_id=request.cashier_id)
    if member is not None:
        with pipelined(conn):
            balance = ledger.book(session, ctx.config.points, replace(_sale_points(
                member.id, now, taken, earned, sale_db_id, sale_id, receipt_no, request.cashier_id), lots=lots,
                bonus=tuple(rules.bonus_entries)), balance_before=balance_before)
            if new_tier is not None and new_tier.key != tier_before:
                moves.append(member_rollups.move(now.date(), member.store_id, member.tier_key, new_tier.key))
                _upgrade(conn, member, new_tier.key, sale_db_id, now)
    if overdraw.fen:
        audit.record(session, ctx.clock(), "offline_overdraw", staff_id=request.cashier_id, target=receipt_no,
                     member_id=member.id if member else None, points=overdraw.points,
                     coupon=coupon.code if overdraw.coupon_fen and coupon else None,
                     value_fen=overdraw.fen, sale_id=sale_id)
    if approver is not None:
        audit.record(session, now, "large_redemption", staff_id=approver, target=receipt_no,
                     points=priced.points_redeemed, cashier_id=request.cashier_id)
    sale.update(id=sale_db_id, receipt_no=receipt_no)
    given = rules.finish(request.reward_code)
    # the member's purchase sequences (chain, store) for the repeat report: neighbours read here, the
    # rows written in the pipeline below
    repeats = repeat_rollups.member_sale_rows(conn, member.id, sale_db_id, now) if member is not None else []
    # the member's upgrade sequences (chain, store) for the tier-upgrade report, likewise
    upgrades = upgrade_rollups.rows_for_upgrades(conn, [(member.id, member.store_id, moves[0][3], now)]) \
        if member is not None and moves else []
    if rollup_to is not None:      # the batch writes them at its end
        if redeemed is not None:
            rollup_to.coupon_uses.append((redeemed.issued_at, now))
        rollup_to.moves.extend(moves)
        rollup_to.upgrades.extend(upgrades)
        rollup_to.repeats.extend(repeats)
        rollup_to.sales.append(dict(sale))
    else:
        with pipelined(conn) if moves or repeats else nullcontext():     # PostgreSQL: the rollups in one trip
            # the report rollups last, in one order: coupon use, tier move, upgrades, repeats, day (no deadlock)
            if redeemed is not None:
                rollups.add_coupon_use(conn, redeemed.issued_at, now)     # (PostgreSQL: with the redemption above)
            member_rollups.add_moves(conn, moves)
            upgrade_rollups.write(conn, upgrades)
            repeat_rollups.write(conn, repeats)
            rollups.add_sale(conn, sale)   # the report rollup last: one row, after every other lock (no deadlock)
    balance = balance if given.points_balance is None else given.points_balance
    return replace(_result(sale, coupon.code if coupon else None, balance, growth, payments), offers=given,
                   overdraw_fen=overdraw.fen)


_LINE_COLUMNS = ("sale_id", "line_no", "sku", "name", "unit_price_fen", "qty", "discountable", "gross_fen",
                 "tier_discount_fen", "coupon_fen", "points_fen", "paid_fen", "returned_qty")
_PAYMENT_COLUMNS = ("sale_id", "method", "amount_fen", "tendered_fen", "change_fen", "store_id", "till_id")
def _insert_lines_and_payments(conn: Connection, lines: list[dict[str, Any]],
                               payments: list[dict[str, Any]]) -> None:
    """PostgreSQL: the sale's lines and payments in one statement (#19: a round trip less),
    `WITH new_lines AS (INSERT INTO sale_lines SELECT * FROM unnest(<an array per column>)) INSERT INTO
    payments SELECT * FROM unnest(...)`: one text and 20 parameters whatever the cart's size. The form
    with a parameter per value (VALUES (...), (...)) had ~100 for five lines, above the 50 up to which
    psycopg caches a statement's conversion, so psycopg re-parsed its text at every sale (~0.3 ms of
    CPU; cProfile of the 1M bench), and the server kept a prepared statement per cart size. Every column
    is given: defaults are not applied inside a WITH."""
    here = {"store_id": conn.info.get(HERE_STORE), "till_id": conn.info.get(HERE_TILL)}
    params = {f"l_{name}": [row[name] for row in lines] for name in _LINE_COLUMNS}
    params.update({f"p_{name}": [{**row, **here}[name] for row in payments] for name in _PAYMENT_COLUMNS})
    direct.execute(conn, _lines_and_payments_statement(conn.dialect), params)


@functools.cache
def _lines_and_payments_statement(dialect: Dialect) -> TextClause:
    """Built at the first PostgreSQL sale, as _use_and_redeem (the column types compiled for `dialect`)."""
    line_table, payment_table = table_of(SaleLine), table_of(Payment)

    def arrays(table: Any, prefix: str, columns: tuple[str, ...]) -> str:
        return ", ".join(f"CAST(:{prefix}_{c} AS {table.c[c].type.compile(dialect=dialect)}[])" for c in columns)

    return text(f"WITH new_lines AS (INSERT INTO {line_table.name} ({', '.join(_LINE_COLUMNS)}) "
                f"SELECT * FROM unnest({arrays(line_table, 'l', _LINE_COLUMNS)})) "
                f"INSERT INTO {payment_table.name} ({', '.join(_PAYMENT_COLUMNS)}) "
                f"SELECT * FROM unnest({arrays(payment_table, 'p', _PAYMENT_COLUMNS)})")


@dataclass
class _Overdraw:
    points: int = 0
    points_fen: int = 0
    coupon_fen: int = 0

    @property
    def fen(self) -> int:
        return self.points_fen + self.coupon_fen


def _check_approved(ctx: AppContext, points: int, approver: int | None) -> None:
    """Against the settings in force in this transaction: a manager may have lowered the limit after
    the till's last look at them (when the PIN was or was not asked for)."""
    if points and approver is None and needs_manager_pin(points, ctx.config.points):
        raise PermissionDenied("manager_pin_required", f"Redeeming {points} points needs a manager PIN.")


def _sale_points(member_id: int, now: datetime, redeemed: int, earned: int, sale_db_id: int, sale_id: str,
                 receipt_no: str, cashier_id: int | None) -> ledger.Posting:
    """The sale's points: redeemed, then earned, and the member's visit."""
    return ledger.Posting(
        member_id, now, sale_id=sale_db_id, staff_id=cashier_id, visit=True,
        take=ledger.Entry("redeem", redeemed, f"redeemed on {receipt_no}", f"redeem:{sale_id}") if redeemed else None,
        give=ledger.Entry("earn", earned, f"earned on {receipt_no}", f"earn:{sale_id}") if earned > 0 else None)


def _settle(payments: list[PaymentInput], due: int) -> list[tuple[str, int, int, int]]:
    """Returns (method, amount, tendered, change) rows; only cash may be over-tendered."""
    if not payments:
        payments = [PaymentInput(vocabulary.CASH)]
    fixed = sum(p.amount_fen for p in payments if p.amount_fen is not None)
    open_ = [p for p in payments if p.amount_fen is None]
    if len(open_) > 1:
        raise BadInput("payment_invalid", "only one payment may leave its amount open")
    rows, remaining = [], due
    for p in sorted(payments, key=lambda p: (vocabulary.gives_change(p.method), p.amount_fen is None)):
        tendered = p.amount_fen if p.amount_fen is not None else max(0, due - fixed)
        amount = min(tendered, remaining) if vocabulary.gives_change(p.method) else tendered
        if not vocabulary.gives_change(p.method) and amount > remaining:
            raise Refusal("payment_exceeds_due", f"{p.method} pays more than the amount due")
        remaining -= amount
        rows.append((p.method, amount, tendered, tendered - amount))
    if remaining > 0:
        raise Refusal("payment_insufficient", f"Payments are short by {yuan(remaining)}.")
    return rows


def _growth_after(session: Session, ctx: AppContext, member: SaleMember, now: datetime, growth_earned: int,
                  paid_fen: int) -> tuple[int, Tier]:
    """Growth in the window with this sale (not written yet) and the tier it reaches: the window's sums
    read now plus this sale's own, exactly what the same read after the sale's INSERT would give (a sale
    counts when it took money; the member row is locked, so no other sale of theirs comes between)."""
    earned, purchases, reversed_ = growth_columns(session, member.id, window_start(now, ctx.config.growth.window_days))
    if paid_fen > 0:
        earned, purchases = earned + growth_earned, purchases + 1
    growth = max(0, earned - reversed_)
    return growth, upgraded_tier(ctx.config.tiers, member.tier_key, growth, purchases)


def _upgrade(conn: Connection, member: SaleMember, new_tier: str, sale_db_id: int, now: datetime) -> None:
    direct.execute(conn, _INSERT_TIER_CHANGE, {"member_id": member.id, "from_key": member.tier_key, "to_key": new_tier,
                                       "reason": "upgrade", "at": now, "sale_id": sale_db_id,
                                       "store_id": member.store_id})
    direct.execute(conn, _UPGRADE_MEMBER, {"member_id": member.id, "new_tier": new_tier, "since": now})


def _result(sale: Mapping[str, Any] | RowMapping, coupon_code: str | None, balance: int | None,
            growth: int | None, payments: Sequence[tuple[Any, ...]], replayed: bool = False) -> CheckoutResult:
    """The result from the sale's columns (as booked, or as read again for a replay)."""
    return CheckoutResult(
        sale_db_id=sale["id"], sale_id=sale["sale_uuid"], receipt_no=sale["receipt_no"],
        created_at=sale["created_at"], member_id=sale["member_id"], subtotal_fen=sale["subtotal_fen"],
        tier_discount_fen=sale["tier_discount_fen"], coupon_code=coupon_code,
        coupon_discount_fen=sale["coupon_discount_fen"], points_redeemed=sale["points_redeemed"],
        points_value_fen=sale["points_value_fen"], total_due_fen=sale["total_fen"],
        points_earned=sale["points_earned"], points_balance=balance, tier_before=sale["tier_before"],
        tier_after=sale["tier_after"], growth=growth, change_fen=sum(p[3] for p in payments),
        payments=tuple((p[0], p[1]) for p in payments), replayed=replayed)


def _replay(ctx: AppContext, sale_id: str, request: CheckoutRequest) -> CheckoutResult | None:
    """The sale already booked under this sale id, as its checkout answered (balance and growth as of now);
    refused (`sale_id_conflict`) when the request is another cart."""
    with ctx.read() as session:
        sale = session.execute(_SALE_BY_UUID, {"sale_uuid": sale_id}).mappings().first()
        if sale is None:
            return None
        coupon_code = session.scalar(_COUPON_CODE, {"coupon_id": sale["coupon_id"]}) if sale["coupon_id"] else None
        balance = growth = None
        if sale["member_id"] is not None:
            balance = session.scalar(_BALANCE, {"member_id": sale["member_id"]})
            growth, _ = growth_and_purchases(session, sale["member_id"],
                                             window_start(ctx.clock(), ctx.config.growth.window_days))
        payments = [tuple(row) for row in session.execute(_PAYMENTS_OF, {"sale_db_id": sale["id"]})]
        retry.check_same_sale(session, ctx, sale, coupon_code, payments, request, _settle)
        return replace(_result(sale, coupon_code, balance, growth, payments, replayed=True),
                       offers=offers.issued_for_sale(session, ctx, sale["id"]))
