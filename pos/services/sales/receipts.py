"""Builds the printer-neutral receipt document of a committed sale or return, and writes it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos import vocabulary
from pos.config import StoreConfig
from pos.db.models import Coupon, LedgerEntry, Member, Return, ReturnLine, Sale, SaleLine, Staff
from pos.errors import NotFound
from pos.files import write_private
from pos.printing.document import (
    ReceiptDocument,
    ReceiptLine,
    ReceiptMember,
    ReceiptOffer,
    ReceiptPayment,
    ReceiptReminder,
    ReceiptStep,
)
from pos.services import offers
from pos.services.context import AppContext
from pos.services.lifecycle.replenishment import due_after_sale
from pos.services.members.phones import mask_phone
from pos.services.members.standing import coupon_terms, standing
from pos.services.staff import audit
from pos.services.stores.chain import printed_store


def sale_receipt(ctx: AppContext, receipt_no: str) -> ReceiptDocument:
    number = vocabulary.normalise_document_no(receipt_no)
    with ctx.read() as session:
        sale = session.scalars(select(Sale).where(Sale.receipt_no == number)).first()
        if sale is not None:
            return _sale_document(session, ctx, sale)
        ret = session.scalars(select(Return).where(Return.return_no == number)).first()
        if ret is not None:
            return _return_document(session, ctx, ret)
    raise NotFound("receipt_not_found", f"No sale or return with number '{receipt_no}'.")


def write_receipt(ctx: AppContext, receipt_no: str, path: Path, kind: str, width_mm: int, *,
                  staff_id: int | None = None) -> Path:
    """A receipt made again as a file, audited as `receipt_reprinted` (staff None: the till is named)."""
    from pos.printing import render_receipt_escpos, render_receipt_pdf

    doc = sale_receipt(ctx, receipt_no)
    data = render_receipt_pdf(doc, width_mm) if kind == "pdf" else render_receipt_escpos(doc, width_mm)
    path = write_private(path, data)
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "receipt_reprinted", staff_id=staff_id, target=doc.receipt_no,
                     output=str(path))
    return path


def _payment_label(key: str) -> str:
    method = vocabulary.payment_method(key)
    return method.receipt_label if method else key


def _header(config: StoreConfig) -> dict:
    """`config` as the store prints it (pos.services.stores.chain.printed_store)."""
    s, r = config.store, config.receipt
    return {"store_name": s.name, "store_address": s.address, "store_phone": s.phone, "header": r.header,
            "footer": r.footer, "currency_symbol": s.currency_symbol}


def _cashier(session: Session, staff_id: int | None) -> str:
    staff = session.get(Staff, staff_id) if staff_id else None
    return staff.name if staff else "-"


def _sale_document(session: Session, ctx: AppContext, sale: Sale) -> ReceiptDocument:
    config, _ = printed_store(session, sale.store_id, ctx.config)     # the store that made the sale
    lines = tuple(ReceiptLine(line.name, line.qty, line.unit_price_fen, line.gross_fen,
                              "" if line.discountable else "not discountable 不参与折扣") for line in sale.lines)
    member = session.get(Member, sale.member_id) if sale.member_id else None
    qr_url, qr_text = config.receipt.join_member_url, config.receipt.join_member_text
    receipt_member = None
    if member is not None:
        tier = config.tier(sale.tier_after or member.tier_key)
        qr_url, qr_text = tier.group_url or qr_url, tier.group_text or qr_text
        receipt_member = _member_block(session, ctx, sale, member)
    change = sum(p.change_fen for p in sale.payments)
    payments = tuple(ReceiptPayment(_payment_label(p.method), p.tendered_fen) for p in sale.payments)
    return ReceiptDocument(
        kind="sale", receipt_no=sale.receipt_no, issued_at=sale.created_at, cashier=_cashier(session, sale.cashier_id),
        lines=lines, steps=_steps(session, config, sale), total_label="Amount due 应付", total_fen=sale.total_fen,
        payments=payments, change_fen=change, member=receipt_member, qr_url=qr_url, qr_text=qr_text,
        **_header(config), **_offers(session, ctx, sale, member))


def _offers(session: Session, ctx: AppContext, sale: Sale, member: Member | None) -> dict:
    """What the sale's offers gave this customer (not a referrer's reward), the stamp card, the referral QR."""
    if member is None:
        return {}
    given = offers.issued_for_sale(session, ctx, sale.id)
    shown = tuple(ReceiptOffer(f"{i.title} {i.title_zh}" if i.title_zh != i.title else i.title,
                               f"{i.reason} {i.reason_zh}", i.code if i.benefit == "coupon" else None,
                               i.valid_from, i.valid_to)
                  for i in given.issued if i.for_customer)
    stamps = tuple((f"{ctx.config.stamps.name} {ctx.config.stamps.name_zh}".strip(), progress)
                   for _, _, progress in given.stamps)
    today = sale.created_at.date()
    due_soon = tuple(ReceiptReminder(d.product, (d.due_on - today).days)
                     for d in due_after_sale(session, ctx.config.lifecycle, member.id, sale.id, today))
    referral = {}
    if ctx.config.referral.enabled and ctx.config.receipt.join_member_url:
        referral = {"referral_code": member.referral_code,
                    "referral_qr": offers.referral_qr_payload(ctx.config.receipt.join_member_url, member.referral_code)}
    return {"offers": shown, "stamps": stamps, "due_soon": due_soon, **referral}


def _steps(session: Session, config: StoreConfig, sale: Sale) -> tuple[ReceiptStep, ...]:
    steps = [ReceiptStep("Subtotal 小计", sale.subtotal_fen)]
    if sale.tier_discount_fen:
        tier = config.tier(sale.tier_before) if sale.tier_before else None
        label = f"Tier discount 会员折扣 ({tier.name} {tier.name_zh})" if tier else "Tier discount 会员折扣"
        steps.append(ReceiptStep(label, -sale.tier_discount_fen))
    if sale.coupon_id:
        coupon = session.get_one(Coupon, sale.coupon_id)
        steps.append(ReceiptStep(f"Coupon 优惠券 {coupon.code} ({coupon_terms(coupon).describe('zh')})",
                                 -sale.coupon_discount_fen))
    if sale.points_redeemed:
        steps.append(ReceiptStep(f"Points 积分抵扣 ({sale.points_redeemed})", -sale.points_value_fen))
    return tuple(steps)


def _member_block(session: Session, ctx: AppContext, sale: Sale, member: Member) -> ReceiptMember:
    config = ctx.config
    st = standing(session, member, config, ctx.clock())
    symbol = config.store.currency_symbol
    changed = None
    if sale.tier_before and sale.tier_after and sale.tier_before != sale.tier_after:
        tier = config.tier(sale.tier_after)
        changed = f"{tier.name} {tier.name_zh}"
    # A reprint shows the tier and balance the sale left, not today's (the progress line is today's).
    tier = config.tier(sale.tier_after or member.tier_key)
    balance = session.scalar(select(LedgerEntry.balance_after).where(LedgerEntry.sale_id == sale.id,
                                                                     LedgerEntry.return_id.is_(None))
                             .order_by(LedgerEntry.id.desc()).limit(1))
    return ReceiptMember(
        phone_masked=mask_phone(member.phone), name=member.name, tier_name=f"{tier.name} {tier.name_zh}",
        progress_text=f"{st.progress.text('en', symbol)} / {st.progress.text('zh', symbol)}",
        points_earned=sale.points_earned, points_redeemed=sale.points_redeemed,
        points_balance=member.points_balance if balance is None else balance, points_expiring=st.points_expiring,
        points_expiring_on=st.points_expiring_on, tier_changed_to=changed)


def _return_document(session: Session, ctx: AppContext, ret: Return) -> ReceiptDocument:
    config, _ = printed_store(session, ret.store_id, ctx.config)      # the store that took it back
    sale = session.get_one(Sale, ret.sale_id)
    rows = session.execute(select(SaleLine, ReturnLine).join(ReturnLine, ReturnLine.sale_line_id == SaleLine.id)
                           .where(ReturnLine.return_id == ret.id).order_by(SaleLine.line_no)).all()
    lines = tuple(ReceiptLine(sl.name, rl.qty, sl.unit_price_fen, rl.refund_fen) for sl, rl in rows)
    member = session.get(Member, ret.member_id) if ret.member_id else None
    receipt_member = None
    if member is not None:
        st = standing(session, member, config, ctx.clock())
        tier = config.tier(member.tier_key)
        symbol = config.store.currency_symbol
        receipt_member = ReceiptMember(
            phone_masked=mask_phone(member.phone), name=member.name, tier_name=f"{tier.name} {tier.name_zh}",
            progress_text=f"{st.progress.text('en', symbol)} / {st.progress.text('zh', symbol)}",
            points_earned=0, points_redeemed=0, points_balance=member.points_balance,
            points_expiring=st.points_expiring, points_expiring_on=st.points_expiring_on)
    return ReceiptDocument(
        kind="return", receipt_no=ret.return_no, issued_at=ret.created_at, cashier=_cashier(session, ret.cashier_id),
        lines=lines, steps=(), total_label="Refund 退款", total_fen=ret.refund_fen, payments=(), change_fen=0,
        member=receipt_member, qr_url=config.receipt.join_member_url, qr_text=config.receipt.join_member_text,
        original_receipt_no=sale.receipt_no, points_reversed=ret.points_reversed,
        points_restored=ret.points_restored, **_header(config))
