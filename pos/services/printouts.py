"""Member cards and coupon sheets built from the database, and the printer test page.

Each card (it carries a new signed QR), coupon sheet and receipt printed again is audited once it is
written or sent, with the staff member who asked (`staff_id`; None from a `pos` command without one:
the entry names the till instead).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pos.config import PrinterConfig
from pos.db.models import Campaign, Coupon, Member
from pos.errors import BadInput, NotFound
from pos.files import write_private
from pos.printing import (
    CardDocument,
    CouponSheetDocument,
    CouponSheetItem,
    render_card_pdf,
    render_coupon_sheet_pdf,
    render_receipt_escpos,
    render_receipt_pdf,
    self_test_document,
    send,
)
from pos.services.context import AppContext
from pos.services.members import qr as member_qr
from pos.services.members.lookup import find_member
from pos.services.members.phones import mask_phone
from pos.services.members.standing import coupon_terms
from pos.services.offers import referral_qr_payload
from pos.services.staff import audit
from pos.services.staff.roles import check_manager
from pos.services.stores.chain import printed_store
from pos.vocabulary import member_card_no

TERMS = "One coupon per sale; not with other coupons. 每单限用一张，不与其他优惠同享。"


def card_document(ctx: AppContext, *, phone: str | None = None, member_id: int | None = None) -> CardDocument:
    return _card(ctx, phone, member_id)[1]


def _card(ctx: AppContext, phone: str | None, member_id: int | None) -> tuple[int, CardDocument]:
    """(member id, the card with a newly signed QR)."""
    with ctx.read() as session:
        member = session.get(Member, member_id) if member_id else find_member(session, ctx, phone=phone)
        if member is None or member.erased_at is not None:
            raise NotFound("member_not_found", "No such member.")
        tier = ctx.config.tier(member.tier_key)
        return member.id, CardDocument(
            store_name=ctx.config.store.name, member_name=member.name, phone_masked=mask_phone(member.phone),
            tier_name=f"{tier.name} {tier.name_zh}", tier_color=tier.color,
            qr_payload=member_qr.issue_payload(session, member.id, ctx.clock()), member_no=member_card_no(member.id),
            **_referral(ctx, member.referral_code))


def _referral(ctx: AppContext, code: str) -> dict[str, str]:
    """The member's referral QR on the card (SPEC §10), when referrals are on."""
    if not ctx.config.referral.enabled or not ctx.config.receipt.join_member_url:
        return {}
    return {"referral_qr": referral_qr_payload(ctx.config.receipt.join_member_url, code), "referral_code": code}


def coupon_sheet_document(ctx: AppContext, actor_id: int, *, codes: list[str] | None = None,
                          campaign_id: int | None = None) -> CouponSheetDocument:
    check_manager(ctx, actor_id, "Printing coupon codes")
    with ctx.read() as session:
        if campaign_id is not None:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("campaign_not_found", f"No campaign {campaign_id}.")
            rows = list(session.scalars(select(Coupon).where(Coupon.campaign_id == campaign_id).order_by(Coupon.id)))
            name = campaign.name
        else:
            wanted = [c.strip().upper() for c in codes or []]
            rows = list(session.scalars(select(Coupon).where(Coupon.code.in_(wanted)).order_by(Coupon.id)))
            missing = set(wanted) - {c.code for c in rows}
            if missing:
                raise NotFound("coupon_unknown", f"Unknown coupon code(s): {', '.join(sorted(missing))}")
            name = "Coupons 优惠券"
        if not rows:
            raise BadInput("coupons_none", "No coupons to print.")
        items = tuple(CouponSheetItem(c.code, f"{coupon_terms(c).describe('zh')} · {coupon_terms(c).describe('en')}",
                                      c.valid_from.date(), c.valid_to.date(), TERMS) for c in rows)
        return CouponSheetDocument(ctx.config.store.name, name, items)


def audit_output(ctx: AppContext, action: str, staff_id: int | None, target: str, **details: object) -> None:
    """The audit entry of something printed or written (after it was)."""
    with ctx.write() as session:
        audit.record(session, ctx.clock(), action, staff_id=staff_id, target=target, **details)


def write_card(ctx: AppContext, phone: str, path: Path, *, staff_id: int | None = None) -> Path:
    member_id, doc = _card(ctx, phone, None)
    written = write_private(path, render_card_pdf(doc))
    audit_output(ctx, "member_card_issued", staff_id, str(member_id), output=str(written))
    return written


def write_coupon_sheet(ctx: AppContext, actor_id: int, path: Path, *, codes: list[str] | None = None,
                       campaign_id: int | None = None, progress=None, cancelled=None) -> Path:
    doc = coupon_sheet_document(ctx, actor_id, codes=codes, campaign_id=campaign_id)
    written = write_private(path, render_coupon_sheet_pdf(doc, progress=progress, cancelled=cancelled))
    _audit_sheet(ctx, actor_id, doc, campaign_id, str(written))
    return written


def print_coupon_sheet(ctx: AppContext, actor_id: int, *, campaign_id: int | None = None,
                       codes: list[str] | None = None, printer: str = "", progress=None, cancelled=None) -> str:
    """Sends an A4 coupon sheet to an office printer through CUPS (`printer`, or the system default):
    the configured [printer] is the till's receipt roll, which cannot take A4."""
    doc = coupon_sheet_document(ctx, actor_id, codes=codes, campaign_id=campaign_id)
    data = render_coupon_sheet_pdf(doc, progress=progress, cancelled=cancelled)
    job = send("pdf", data, PrinterConfig(kind="system", target=printer), name="coupon-sheet")
    _audit_sheet(ctx, actor_id, doc, campaign_id, f"printer {job}")
    return job


def _audit_sheet(ctx: AppContext, staff_id: int | None, doc: CouponSheetDocument, campaign_id: int | None,
                 output: str) -> None:
    target = f"campaign {campaign_id}" if campaign_id is not None else f"{len(doc.items)} codes"
    audit_output(ctx, "coupon_sheet_made", staff_id, target, coupons=len(doc.items), output=output)


def print_receipt(ctx: AppContext, doc) -> str:
    """Sends a receipt to the configured printer (PDF or ESC/POS by printer kind): this till's store's
    printer when the store names one, else the chain's [printer]."""
    cfg = _store_printer(ctx)
    width = ctx.config.receipt.paper_width_mm
    if cfg.kind.startswith("escpos"):
        return send("escpos", render_receipt_escpos(doc, width), cfg, name=doc.receipt_no)
    return send("pdf", render_receipt_pdf(doc, width), cfg, name=doc.receipt_no)


def _store_printer(ctx: AppContext) -> PrinterConfig:
    here = ctx.here
    if here is None:
        return ctx.config.printer
    with ctx.read() as session:
        return printed_store(session, here.store_id, ctx.config)[0].printer


def print_receipt_no(ctx: AppContext, receipt_no: str) -> str:
    """Prints a committed sale's or return's receipt on the configured printer (right after the sale;
    a printer fault never touches the sale, so the receipt stays re-printable: reprint_receipt_no)."""
    from pos.services.sales.receipts import sale_receipt

    return print_receipt(ctx, sale_receipt(ctx, receipt_no))


def reprint_receipt_no(ctx: AppContext, receipt_no: str, *, staff_id: int | None = None) -> str:
    """A receipt printed again, audited as `receipt_reprinted`."""
    from pos.services.sales.receipts import sale_receipt

    doc = sale_receipt(ctx, receipt_no)
    where = print_receipt(ctx, doc)
    audit_output(ctx, "receipt_reprinted", staff_id, doc.receipt_no, output=f"printer {where}")
    return where


def print_test_page(ctx: AppContext) -> str:
    return print_receipt(ctx, self_test_document(ctx.config, ctx.clock()))
