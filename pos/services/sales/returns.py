"""Returns against an original receipt: refund, reverse earned points, restore redeemed ones.

Nothing is deleted: the return is new rows and new ledger entries. A fully returned
sale gets its coupon reissued (as a fresh code with the same terms).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos import vocabulary
from pos.db.models import Coupon, LedgerEntry, Member, Payment, Return, ReturnLine, Sale, SaleLine
from pos.errors import BadInput, NotFound, PermissionDenied, Refusal
from pos.loyalty.returns import ReturnAmounts, SoldLine, return_amounts
from pos.money import fen_str
from pos.services import offers
from pos.services.context import AppContext
from pos.services.coupons.issue import CouponSpec, add_coupon
from pos.services.points import ledger
from pos.services.sales import rollups
from pos.services.staff import audit
from pos.services.staff.accounts import require_manager
from pos.services.stores import numbering


@dataclass(frozen=True)
class ReturnResult:
    return_no: str
    receipt_no: str
    refund_fen: int
    points_reversed: int
    points_restored: int
    points_balance: int | None
    reissued_coupon: str | None
    lines: tuple[tuple[int, int, int], ...]   # (line_no, qty, refund_fen)
    points_not_reversed: int = 0              # earned points the return should take back, already spent
    offers_voided: tuple[offers.Undone, ...] = ()   # what it took back of the sale's offers


@dataclass(frozen=True)
class SaleLineView:
    line_no: int
    name: str
    qty: int
    returned_qty: int
    paid_fen: int


def sale_lines(ctx: AppContext, receipt_no: str) -> list[SaleLineView]:
    with ctx.read() as session:
        sale = find_sale(session, receipt_no)
        return [SaleLineView(line.line_no, line.name, line.qty, line.returned_qty, line.paid_fen)
                for line in sale.lines]


@dataclass(frozen=True)
class ReturnLineView:
    line_no: int
    name: str
    unit_price_fen: int
    qty: int
    returned_qty: int
    paid_fen: int          # what the customer paid for the whole line, after discounts, coupon and points


@dataclass(frozen=True)
class SaleForReturn:
    """What the till shows before a return: the lines with prices and how the sale was paid."""

    receipt_no: str
    created_at: datetime
    member_id: int | None
    lines: tuple[ReturnLineView, ...]
    payments: tuple[tuple[str, int], ...]      # (method, amount) as booked
    refunded_fen: int                          # by earlier returns of this sale


@dataclass(frozen=True)
class ReturnPreview:
    """The refund the chosen quantities would give, before anything is booked."""

    refund_fen: int
    points_taken_back: int     # earned on the sale, taken back from the member (at most the balance)
    points_given_back: int     # redeemed on the sale, given back to the member
    needs_manager: bool


def sale_for_return(ctx: AppContext, receipt_no: str) -> SaleForReturn:
    with ctx.read() as session:
        sale = find_sale(session, receipt_no)
        payments = session.execute(select(Payment.method, Payment.amount_fen).where(Payment.sale_id == sale.id)
                                   .order_by(Payment.id)).all()
        return SaleForReturn(
            sale.receipt_no, sale.created_at, sale.member_id,
            tuple(ReturnLineView(line.line_no, line.name, line.unit_price_fen, line.qty, line.returned_qty,
                                 line.paid_fen) for line in sale.lines),
            tuple((str(m), int(a)) for m, a in payments), refunded_fen(session, sale.id))


def preview_return(ctx: AppContext, receipt_no: str, lines: ReturnLines) -> ReturnPreview:
    """The same plan as `return_sale` books, read only (nothing is written)."""
    with ctx.read() as session:
        sale = find_sale(session, receipt_no)
        _, amounts = _plan(session, sale, lines)
        balance = session.scalar(select(Member.points_balance).where(Member.id == sale.member_id)) \
            if sale.member_id is not None else 0
        over = _over_limit(ctx, refunded_fen(session, sale.id) + amounts.refund_fen) or _late(ctx, sale) is not None
        taken = min(amounts.points_reversed, balance or 0) if sale.member_id is not None else 0
        given = amounts.points_restored if sale.member_id is not None else 0
        return ReturnPreview(amounts.refund_fen, taken, given, over)


def find_sale(session: Session, receipt_no: str, *, for_update: bool = False) -> Sale:
    query = select(Sale).where(Sale.receipt_no == vocabulary.normalise_document_no(receipt_no))
    sale = session.scalars(query.with_for_update() if for_update else query).first()
    if sale is None:
        raise NotFound("receipt_not_found", f"No sale with receipt number '{receipt_no}'.")
    return sale


def _whole(text: str) -> bool:
    text = text.strip()
    return text.isascii() and text.isdigit()          # '²'.isdigit() is True, but int('²') fails


ReturnLines = list[tuple[int, int | None]]   # (line_no, qty); qty None: all that is left of that line


def parse_return_line(spec: str) -> tuple[int, int | None]:
    index, sep, qty = (spec or "").partition(":")
    if not _whole(index) or (sep and not _whole(qty)):
        raise BadInput("line_invalid", f"return line '{spec}' must be INDEX or INDEX:QTY (line numbers start at 1)")
    if sep and int(qty) == 0:   # once read as "the whole line"
        raise BadInput("quantity_invalid", f"return line '{spec}': a quantity must be at least 1 "
                       "(leave out ':QTY' to return the whole line)")
    return int(index), int(qty) if sep else None


def return_sale(ctx: AppContext, receipt_no: str, lines: ReturnLines | None = None, *,
                cashier_id: int | None = None, manager_pin: str | None = None,
                return_id: str | None = None) -> ReturnResult:
    """The refund limit counts every refund of the sale (two small returns are one large one). It is
    checked again under the sale's row lock, so two tills returning the same sale at once cannot
    both stay under it; the till that loses that race is asked for a manager PIN. A return after
    the return window (`returns.window_days` after the day of the sale) needs a manager PIN too."""
    with ctx.read() as session:
        sale = find_sale(session, receipt_no)
        if return_id and _done(session, return_id):   # a retry: answered as it was booked
            refunds, late = 0, None
        else:
            refunds = refunded_fen(session, sale.id) + _plan(session, sale, lines)[1].refund_fen
            late = _late(ctx, sale)
    approver = _approver(ctx, manager_pin, late) if late or _over_limit(ctx, refunds) else None
    try:
        return _write_return(ctx, receipt_no, lines, cashier_id, approver, return_id)
    except _ApprovalNeeded as needed:
        approver = _approver(ctx, manager_pin, needed.late)
        return _write_return(ctx, receipt_no, lines, cashier_id, approver, return_id)


class _ApprovalNeeded(Exception):
    """Another till's return of the same sale took the refunds over the limit meanwhile (or the day
    turned and the return window closed)."""

    def __init__(self, late: _Late | None) -> None:
        super().__init__()
        self.late = late


@dataclass(frozen=True)
class _Late:
    """A return after the return window: the sale's day, how many days ago, the window."""

    receipt_no: str
    sold_on: str
    days: int
    window_days: int


def _late(ctx: AppContext, sale: Sale) -> _Late | None:
    cfg = ctx.config.returns
    days = (ctx.clock().date() - sale.created_at.date()).days
    return _Late(sale.receipt_no, sale.created_at.date().isoformat(), days, cfg.window_days) \
        if cfg.window_enforced and days > cfg.window_days else None


def _done(session: Session, return_id: str) -> Return | None:
    return session.scalars(select(Return).where(Return.return_uuid == return_id)).first()


def refunded_fen(session: Session, sale_id: int) -> int:
    """Everything refunded on this sale so far."""
    return int(session.scalar(select(func.coalesce(func.sum(Return.refund_fen), 0))
                              .where(Return.sale_id == sale_id)) or 0)


def _over_limit(ctx: AppContext, refunds_fen: int) -> bool:
    return refunds_fen > ctx.config.returns.manager_pin_above_fen


def _approver(ctx: AppContext, manager_pin: str | None, late: _Late | None) -> int:
    if late and not manager_pin:
        raise PermissionDenied(
            "return_window_passed", f"Receipt {late.receipt_no} is from {late.sold_on}, {late.days} days ago; returns "
            f"are taken within {late.window_days} days. A manager's PIN approves a late return.",
            sold_on=late.sold_on, days=late.days, window_days=late.window_days)
    limit = fen_str(ctx.config.returns.manager_pin_above_fen)
    return require_manager(ctx, manager_pin, f"A return that takes this sale's refunds above {limit}").id


def _write_return(ctx: AppContext, receipt_no: str, lines: ReturnLines | None, cashier_id: int | None,
                  approver: int | None, return_id: str | None) -> ReturnResult:
    with ctx.write() as session:
        sale = find_sale(session, receipt_no, for_update=True)
        if return_id and (done := _done(session, return_id)):
            return _result(session, sale, done, None)
        chosen, amounts = _plan(session, sale, lines)
        late = _late(ctx, sale)
        if approver is None and (late or _over_limit(ctx, refunded_fen(session, sale.id) + amounts.refund_fen)):
            raise _ApprovalNeeded(late)
        result, booked_at = _book(session, ctx, sale, chosen, amounts, cashier_id, approver, return_id)
        if late:
            audit.record(session, ctx.clock(), "late_return", staff_id=approver, target=sale.receipt_no,
                         return_no=result.return_no, sold_on=late.sold_on, days=late.days,
                         window_days=late.window_days, cashier_id=cashier_id)
        # the report rollup last: one row, after every other lock of the transaction (no deadlock)
        rollups.add_return(session.connection(), booked_at, sale.tier_before, result.refund_fen,
                           result.points_reversed, result.points_restored)
        return result


def _plan(session: Session, sale: Sale, lines: ReturnLines | None) -> tuple[dict[int, int], ReturnAmounts]:
    by_no = {line.line_no: line for line in sale.lines}
    chosen: dict[int, int] = {}
    for line_no, qty in lines or [(n, None) for n in by_no]:
        if line_no not in by_no:
            raise BadInput("line_invalid", f"receipt {sale.receipt_no} has no line {line_no}")
        if qty is not None and qty < 1:   # 0 once meant the whole line
            raise BadInput("quantity_invalid", f"receipt {sale.receipt_no}: return at least 1 of line {line_no}")
        left = by_no[line_no].qty - by_no[line_no].returned_qty
        chosen[line_no] = chosen.get(line_no, 0) + (left if qty is None else qty)
    if not any(chosen.values()):
        raise Refusal("return_exceeds_sale", f"Everything on {sale.receipt_no} has already been returned.")
    ordered = [by_no[n] for n in sorted(by_no)]
    amounts = return_amounts(
        [SoldLine(line.qty, line.paid_fen, line.gross_fen) for line in ordered],
        [line.returned_qty for line in ordered],
        [chosen.get(line.line_no, 0) for line in ordered],
        points_earned=sale.points_earned, points_redeemed=sale.points_redeemed,
        growth_earned=sale.growth_earned)
    return chosen, amounts


def _book(session: Session, ctx: AppContext, sale: Sale, chosen: dict[int, int], amounts: ReturnAmounts,
          cashier_id: int | None, approver: int | None, return_id: str | None) -> tuple[ReturnResult, datetime]:
    now = ctx.clock()
    ret = Return(return_uuid=return_id or str(uuid.uuid4()), return_no="~" + uuid.uuid4().hex[:31], sale_id=sale.id,
                 member_id=sale.member_id, created_at=now, cashier_id=cashier_id, approved_by=approver,
                 refund_fen=amounts.refund_fen, points_reversed=0, points_restored=0,
                 growth_reversed=amounts.growth_reversed)
    session.add(ret)
    session.flush()
    ret.return_no = numbering.return_no(session, ctx, now, ret.id)
    _return_lines(session, sale, ret, chosen)
    not_reversed = 0
    if sale.member_id is not None:
        not_reversed = _reverse_points(session, ctx, sale, ret, amounts, now, cashier_id)
    offers.void_for_return(session, ctx, sale, ret.id, chosen, now, cashier_id)
    if all(line.returned_qty == line.qty for line in sale.lines) and sale.coupon_id:
        ret.reissued_coupon_id = _reissue_coupon(session, ctx, sale, now)
    audit.record(session, now, "return", staff_id=approver or cashier_id, target=sale.receipt_no,
                 return_no=ret.return_no, refund_fen=ret.refund_fen)
    return _result(session, sale, ret, not_reversed), now


def _return_lines(session: Session, sale: Sale, ret: Return, chosen: dict[int, int]) -> None:
    for line in sale.lines:
        qty = chosen.get(line.line_no, 0)
        if not qty:
            continue
        before = line.paid_fen * line.returned_qty // line.qty
        line.returned_qty += qty
        refund = line.paid_fen * line.returned_qty // line.qty - before
        session.add(ReturnLine(return_id=ret.id, sale_line_id=line.id, qty=qty, refund_fen=refund))
    session.flush()


def _reverse_points(session: Session, ctx: AppContext, sale: Sale, ret: Return, amounts: ReturnAmounts,
                    now: datetime, cashier_id: int | None) -> int:
    """Returns the points that could not be taken back."""
    member = session.get_one(Member, sale.member_id)
    earn_lot = session.scalar(select(LedgerEntry.lot_id).where(LedgerEntry.sale_id == sale.id,
                                                               LedgerEntry.kind == "earn"))
    # Points already spent elsewhere cannot be taken back below zero: reverse what is there.
    reverse = min(amounts.points_reversed, member.points_balance)
    reason = f"return {ret.return_no}"
    short = "" if reverse == amounts.points_reversed else f" ({amounts.points_reversed - reverse} already spent)"
    ledger.book(session, ctx.config.points, ledger.Posting(
        member.id, now, sale_id=sale.id, return_id=ret.id, staff_id=cashier_id,
        take=ledger.Entry("reverse", reverse, reason + short) if reverse else None, prefer_lot=earn_lot,
        give=ledger.Entry("restore", amounts.points_restored, reason) if amounts.points_restored else None,
        earned_on=sale.created_at.date()))
    ret.points_reversed, ret.points_restored = reverse, amounts.points_restored
    return amounts.points_reversed - reverse


def _reissue_coupon(session: Session, ctx: AppContext, sale: Sale, now: datetime) -> int:
    old = session.get_one(Coupon, sale.coupon_id)
    days = max(1, (old.valid_to - now).days)
    spec = CouponSpec(old.kind, old.amount_fen, old.percent_bp, old.threshold_fen, old.cap_fen, days,
                      category=old.category or "")
    coupon = add_coupon(session, ctx.config, spec, now, member_id=old.member_id, segment=old.segment,
                        tier_key=old.tier_key, reissued_from=old.id)
    session.flush()
    return coupon.id


def _result(session: Session, sale: Sale, ret: Return, not_reversed: int | None) -> ReturnResult:
    """The return's answer; `not_reversed` None (a retried return) is worked out again from the returns
    of the sale before it."""
    member = session.get(Member, sale.member_id) if sale.member_id else None
    coupon = session.get(Coupon, ret.reissued_coupon_id) if ret.reissued_coupon_id else None
    rows = session.execute(select(SaleLine.line_no, ReturnLine.qty, ReturnLine.refund_fen)
                           .join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
                           .where(ReturnLine.return_id == ret.id).order_by(SaleLine.line_no)).all()
    lines = tuple((int(a), int(b), int(c)) for a, b, c in rows)
    if not_reversed is None:
        not_reversed = _owed_points(session, sale, ret, lines) - ret.points_reversed if sale.member_id else 0
    undone = offers.undone_by_return(session, ret.id, sale.member_id) if sale.member_id else ()
    return ReturnResult(ret.return_no, sale.receipt_no, ret.refund_fen, ret.points_reversed, ret.points_restored,
                        member.points_balance if member else None, coupon.code if coupon else None, lines,
                        not_reversed, undone)


def _owed_points(session: Session, sale: Sale, ret: Return, lines: tuple[tuple[int, int, int], ...]) -> int:
    """The earned points a booked return should have taken back: its share after the returns before it."""
    before = {line_no: qty for line_no, qty in session.execute(
        select(SaleLine.line_no, func.sum(ReturnLine.qty)).join(SaleLine, SaleLine.id == ReturnLine.sale_line_id)
        .where(SaleLine.sale_id == sale.id, ReturnLine.return_id < ret.id).group_by(SaleLine.line_no))}
    this = {line_no: qty for line_no, qty, _ in lines}
    ordered = sorted(sale.lines, key=lambda line: line.line_no)
    return return_amounts([SoldLine(line.qty, line.paid_fen, line.gross_fen) for line in ordered],
                          [int(before.get(line.line_no, 0)) for line in ordered],
                          [this.get(line.line_no, 0) for line in ordered],
                          points_earned=sale.points_earned, points_redeemed=sale.points_redeemed,
                          growth_earned=sale.growth_earned).points_reversed
