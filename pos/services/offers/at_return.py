"""Inside the return's unit of work: undo what the sale's offers gave, by each rule's own logic.

- stamps: one back per returned stamped item; when the card has fewer (they became a free-item
  coupon), an unused stamp coupon of this sale is voided and its stamps come back first;
- extra points (double points, earn ladder): taken back in proportion to the refunded value;
- a full return voids every unused coupon or double-points visit the sale issued and takes back
  referral points; a catalogue reward whose gift line comes back (or whose coupon is unused on a
  full return) gives its points back and goes back into the stock of the store that sold it.
Points are taken back only as far as the balance allows (never below zero), like every return.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pos.db.models import (
    Coupon,
    LedgerEntry,
    Member,
    OfferIssue,
    Product,
    RewardStock,
    Sale,
    SaleLine,
    StampMove,
)
from pos.loyalty.offers.stamps import take_back
from pos.services.context import AppContext
from pos.services.offers.model import ReturnOffers, Undone
from pos.services.offers.stamp_card import card_balance, move
from pos.services.points import ledger

GIFT_MARK = "(reward 兑换)"


def void_for_return(session: Session, ctx: AppContext, sale: Sale, return_id: int, chosen: dict[int, int],
                    now: datetime, cashier_id: int | None = None) -> ReturnOffers:
    """`chosen`: line number -> quantity returned now (the sale's lines already count it)."""
    if sale.member_id is None:
        return ReturnOffers()
    undo = _Undo(session, ctx, sale, return_id, now, cashier_id)
    full = all(line.returned_qty == line.qty for line in sale.lines)
    undo.stamps(chosen, full)
    for issue in session.scalars(select(OfferIssue).where(OfferIssue.sale_id == sale.id,
                                                          OfferIssue.status != "void").order_by(OfferIssue.id)):
        undo.issue(issue, full, chosen)
    return ReturnOffers(tuple(undo.voided), undo.reversed, undo.restored, undo.stamps_back)


class _Undo:
    def __init__(self, session: Session, ctx: AppContext, sale: Sale, return_id: int, now: datetime,
                 cashier_id: int | None) -> None:
        self.session, self.ctx, self.sale, self.return_id = session, ctx, sale, return_id
        self.now, self.cashier_id = now, cashier_id
        self.voided: list[str] = []
        self.reversed = self.restored = self.stamps_back = 0

    def stamps(self, chosen: dict[int, int], full: bool) -> None:
        """Partial: stamps back per item, voiding a free-item coupon only when the card is short. Full: the
        sale's unused free-item coupons are voided first (the sale is undone whatever came after it)."""
        cfg = self.ctx.config.stamps
        if not cfg.category:
            return
        stamped = set(self.session.scalars(select(SaleLine.line_no).join(Product, Product.sku == SaleLine.sku).where(
            SaleLine.sale_id == self.sale.id, Product.category == cfg.category, SaleLine.unit_price_fen > 0)))
        items = sum(qty for line_no, qty in chosen.items() if line_no in stamped)
        if not items and not full:
            return
        member_id = self.sale.member_id
        assert member_id is not None
        balance = card_balance(self.session, member_id, cfg.category)
        taken, short = take_back(balance, items)
        while short or full:
            reward = self.session.scalars(
                select(OfferIssue).join(Coupon, Coupon.id == OfferIssue.coupon_id)
                .where(OfferIssue.sale_id == self.sale.id, OfferIssue.kind == "stamp_reward",
                       OfferIssue.status == "issued", Coupon.status == "issued").limit(1)).first()
            if reward is None:
                break
            self._void(reward)
            move(self.session, member_id, cfg.category, cfg.needed, "reward_void", self.now,
                 sale_id=self.sale.id, return_id=self.return_id)
            balance += cfg.needed
            taken, short = take_back(balance, items)
        move(self.session, member_id, cfg.category, -taken, "return", self.now, sale_id=self.sale.id,
             return_id=self.return_id)
        self.stamps_back += taken

    def issue(self, issue: OfferIssue, full: bool, chosen: dict[int, int]) -> None:
        if issue.kind == "bonus":
            self._take_points(issue, self._share(issue.points) if not full else issue.points)
        elif issue.kind == "reward":
            self._reward(issue, full, chosen)
        elif not full or issue.kind == "stamp_reward":
            return
        elif issue.benefit == "points":
            self._take_points(issue, issue.points)
            self._mark(issue)
        elif issue.benefit == "double_points":
            if issue.status == "issued":
                self._mark(issue)
                self.voided.append(f"double_points:{issue.id}")
        elif self._coupon_unused(issue):
            self._void(issue)

    # ---------------------------------------------------------------- pieces
    def _share(self, points: int) -> int:
        """The part of `points` that the refunded value (all returns so far) stands for."""
        paid = sum(line.paid_fen for line in self.sale.lines)
        returned = sum(line.paid_fen * line.returned_qty // line.qty for line in self.sale.lines)
        return points * returned // paid if paid else points

    def _take_points(self, issue: OfferIssue, target: int) -> None:
        prefix = f"offerrev:{issue.id}:"
        done = -int(self.session.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(
            LedgerEntry.idem_key.like(prefix + "%"))) or 0)
        balance = int(self.session.scalar(select(Member.points_balance).where(Member.id == issue.member_id)) or 0)
        points = min(max(0, target - done), balance)
        if points <= 0:
            return
        ledger.book(self.session, self.ctx.config.points, ledger.Posting(
            issue.member_id, self.now, sale_id=self.sale.id, return_id=self.return_id, staff_id=self.cashier_id,
            take=ledger.Entry("reverse", points, f"return of {self.sale.receipt_no}: {issue.reason.split(' | ')[0]}"[:200],
                              f"{prefix}{self.return_id}")))
        self.reversed += points

    def _reward(self, issue: OfferIssue, full: bool, chosen: dict[int, int]) -> None:
        if issue.benefit == "gift":
            gift = [line.line_no for line in self.sale.lines if line.unit_price_fen == 0 and GIFT_MARK in line.name]
            if not any(chosen.get(n) for n in gift):
                return
        elif not (full and self._coupon_unused(issue)):
            return
        else:
            self._void(issue)
        self._mark(issue)
        ledger.book(self.session, self.ctx.config.points, ledger.Posting(
            issue.member_id, self.now, sale_id=self.sale.id, return_id=self.return_id, staff_id=self.cashier_id,
            give=ledger.Entry("restore", issue.points, f"reward returned on {self.sale.receipt_no}",
                              f"offerrev:{issue.id}:{self.return_id}"),
            earned_on=self.sale.created_at.date()))
        self.restored += issue.points
        if issue.reward_id is not None and self.sale.store_id is not None:     # back to the store it left
            self.session.execute(update(RewardStock).where(RewardStock.reward_id == issue.reward_id,
                                                           RewardStock.store_id == self.sale.store_id)
                                 .values(stock=RewardStock.stock + 1))

    def _coupon_unused(self, issue: OfferIssue) -> bool:
        if issue.coupon_id is None:
            return False
        return self.session.scalar(select(Coupon.status).where(Coupon.id == issue.coupon_id)) == "issued"

    def _void(self, issue: OfferIssue) -> None:
        coupon = self.session.get(Coupon, issue.coupon_id) if issue.coupon_id else None
        if coupon is not None and coupon.status == "issued":
            coupon.status = "void"
            self.voided.append(coupon.code)
        self._mark(issue)
        self.session.flush()

    def _mark(self, issue: OfferIssue) -> None:
        """Void, and by this return (`undone_by_return` lists it, for this return and its retry)."""
        issue.status = "void"
        issue.voided_by_return_id = self.return_id


def undone_by_return(session: Session, return_id: int, customer_id: int | None) -> tuple[Undone, ...]:
    """What return `return_id` took back of the offers, read from what it wrote (so its retry answers
    the same): the benefits it voided, the points it reversed or gave back per benefit, the stamps."""
    found: dict[int, dict] = {}
    issues = {row.id: (row, code) for row, code in session.execute(
        select(OfferIssue, Coupon.code).outerjoin(Coupon, Coupon.id == OfferIssue.coupon_id)
        .where(OfferIssue.voided_by_return_id == return_id))}
    for key, kind, points in session.execute(select(LedgerEntry.idem_key, LedgerEntry.kind, LedgerEntry.points).where(
            LedgerEntry.return_id == return_id, LedgerEntry.idem_key.like("offerrev:%"))):
        issue_id = int(str(key).split(":")[1])
        entry = found.setdefault(issue_id, {"points_reversed": 0, "points_restored": 0})
        entry["points_reversed" if kind == "reverse" else "points_restored"] += abs(int(points))
    missing = set(found) - set(issues)
    if missing:
        issues.update({row.id: (row, code) for row, code in session.execute(
            select(OfferIssue, Coupon.code).outerjoin(Coupon, Coupon.id == OfferIssue.coupon_id)
            .where(OfferIssue.id.in_(missing)))})
    undone = []
    for issue_id in sorted(issues):
        row, code = issues[issue_id]
        moved = found.get(issue_id, {})
        reward_code = row.rule.partition(":")[2] if row.kind == "reward" else None
        undone.append(Undone(row.kind, row.benefit, code or reward_code, row.voided_by_return_id == return_id,
                             moved.get("points_reversed", 0), moved.get("points_restored", 0),
                             for_customer=row.member_id == customer_id))
    for card, stamps in session.execute(select(StampMove.card, func.sum(StampMove.stamps)).where(
            StampMove.return_id == return_id, StampMove.reason == "return").group_by(StampMove.card)):
        if stamps:
            undone.append(Undone("stamps", "stamps", card, stamps_back=-int(stamps)))
    return tuple(undone)
