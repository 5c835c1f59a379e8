"""The receipt of a sale booked offline (#17), from the journal alone: printed as usual, with the
store's chain-wide header (a store's own printed details need the server) and the member's points as
the till knew them (earned points are booked at sync)."""

from __future__ import annotations

import json
from datetime import datetime

from pos import printing, vocabulary
from pos.config import StoreConfig
from pos.errors import NotFound
from pos.printing.document import ReceiptDocument, ReceiptLine, ReceiptMember, ReceiptPayment, ReceiptStep
from pos.services.offline.journal import Journal
from pos.services.offline.selling import cached_config

OFFLINE_NOTE = "Sold offline: points are booked when the till syncs 离线销售：积分在同步后入账"


def receipt_document(journal: Journal, config: StoreConfig, receipt_no: str) -> ReceiptDocument:
    config = cached_config(journal, config)
    number = vocabulary.normalise_document_no(receipt_no)
    row = journal.conn.execute("SELECT request, result FROM sales WHERE receipt_no = ?", (number,)).fetchone()
    if row is None:
        raise NotFound("receipt_not_found", f"No sale with number '{receipt_no}' in this till's offline journal.")
    request, sale = json.loads(row[0]), json.loads(row[1])
    lines = tuple(ReceiptLine(line["name"], line["qty"], line["price_fen"], line["price_fen"] * line["qty"],
                              "" if line["discountable"] else "not discountable 不参与折扣") for line in request["lines"])
    tier = config.tier(sale["tier"]) if sale["tier"] else None
    steps = [ReceiptStep("Subtotal 小计", sale["subtotal_fen"])]
    if sale["tier_discount_fen"]:
        label = f"Tier discount 会员折扣 ({tier.name} {tier.name_zh})" if tier else "Tier discount 会员折扣"
        steps.append(ReceiptStep(label, -sale["tier_discount_fen"]))
    if sale["coupon_code"]:
        steps.append(ReceiptStep(f"Coupon 优惠券 {sale['coupon_code']}", -sale["coupon_discount_fen"]))
    if sale["points_redeemed"]:
        steps.append(ReceiptStep(f"Points 积分抵扣 ({sale['points_redeemed']})", -sale["points_value_fen"]))
    member = None
    qr_url, qr_text = config.receipt.join_member_url, config.receipt.join_member_text
    if sale["member_id"] is not None and tier is not None:
        name = journal.conn.execute("SELECT name FROM members WHERE member_id = ?", (sale["member_id"],)).fetchone()
        member = ReceiptMember(phone_masked="", name=name[0] if name else "", tier_name=f"{tier.name} {tier.name_zh}",
                               progress_text=OFFLINE_NOTE, points_earned=sale["points_earned"],
                               points_redeemed=sale["points_redeemed"], points_balance=sale["points_balance"] or 0,
                               points_expiring=0, points_expiring_on=None)
        qr_url, qr_text = tier.group_url or qr_url, tier.group_text or qr_text
    payments = tuple(ReceiptPayment(_label(p[0]), p[2]) for p in sale["payments"])
    s, r = config.store, config.receipt
    return ReceiptDocument(
        kind="sale", store_name=s.name, store_address=s.address, store_phone=s.phone, header=r.header,
        footer=r.footer, receipt_no=sale["receipt_no"], issued_at=datetime.fromisoformat(sale["created_at"]),
        cashier=sale.get("cashier") or "-", lines=lines, steps=tuple(steps), total_label="Amount due 应付", total_fen=sale["total_due_fen"],
        payments=payments, change_fen=sum(p[3] for p in sale["payments"]), member=member, qr_url=qr_url,
        qr_text=qr_text, currency_symbol=s.currency_symbol)


def print_receipt(journal: Journal, config: StoreConfig, receipt_no: str) -> str:
    """Sends the offline sale's receipt to the chain's configured printer; returns where it went."""
    doc = receipt_document(journal, config, receipt_no)
    config = cached_config(journal, config)
    width = config.receipt.paper_width_mm
    if config.printer.kind.startswith("escpos"):
        return printing.send("escpos", printing.render_receipt_escpos(doc, width), config.printer, name=doc.receipt_no)
    return printing.send("pdf", printing.render_receipt_pdf(doc, width), config.printer, name=doc.receipt_no)


def _label(key: str) -> str:
    method = vocabulary.payment_method(key)
    return method.receipt_label if method else key
