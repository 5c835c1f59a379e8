"""Every field of a sale's and a return's receipt document, compared whole with what was booked.

The services' mutation sample (docs/MUTATION.md) showed receipt texts no test read back: the
"not discountable" note, the tier group's text, the coupon's terms, the return slip's progress line
and its total label. Here each document is compared as a whole, so any field that changes fails.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pos.printing.document import (
    ReceiptDocument,
    ReceiptLine,
    ReceiptMember,
    ReceiptOffer,
    ReceiptPayment,
    ReceiptStep,
)
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import receipts, returns
from pos.services.sales.cart import LineInput

PHONE = "13800138000"


def _header(config) -> dict:
    return {"store_name": config.store.name, "store_address": config.store.address,
            "store_phone": config.store.phone, "header": config.receipt.header, "footer": config.receipt.footer,
            "currency_symbol": config.store.currency_symbol}


def _member_block(ctx, **points) -> ReceiptMember:
    """The member block as the member card reads today (tier, progress line, expiring points)."""
    view = members.lookup(ctx, phone=PHONE)
    return ReceiptMember(phone_masked="138****8000", name="张三", tier_name=f"{view.tier_name} {view.tier_name_zh}",
                         progress_text=f"{view.progress_text} / {view.progress_text_zh}",
                         points_expiring=view.points_expiring, points_expiring_on=view.points_expiring_on,
                         **points)


def _silver_member_with_coupon(ctx) -> str:
    members.enrol(ctx, PHONE, name="张三")
    for _ in range(2):                                    # 2,000 growth: Silver
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    return coupons.issue(ctx, coupons.parse_spec("amount", "15", threshold="100"))[0]


def test_a_member_sale_receipt_carries_every_step_note_payment_and_the_tier_group(ctx, products, cashier):
    code = _silver_member_with_coupon(ctx)
    sale = co.checkout(ctx, co.CheckoutRequest(
        lines=[LineInput(sku="BIG"), LineInput(sku="CARD")], member_phone=PHONE, coupon_code=code,
        redeem_points=300, cashier_id=cashier.id,
        payments=[co.PaymentInput("card", 50000), co.PaymentInput("cash", 60000)]))
    assert (sale.subtotal_fen, sale.tier_discount_fen, sale.coupon_discount_fen, sale.points_value_fen) == (
        110000, 5000, 1500, 300)
    due = 110000 - 5000 - 1500 - 300
    silver = ctx.config.tier("silver")
    assert silver.group_text != ctx.config.receipt.join_member_text
    (bounce,) = sale.offers.issued
    view = members.lookup(ctx, phone=PHONE)
    assert receipts.sale_receipt(ctx, sale.receipt_no) == ReceiptDocument(
        kind="sale", receipt_no=sale.receipt_no, issued_at=sale.created_at, cashier="Cashier One",
        lines=(ReceiptLine("Big item", 1, 100000, 100000, ""),
               ReceiptLine("Gift card", 1, 10000, 10000, "not discountable 不参与折扣")),
        steps=(ReceiptStep("Subtotal 小计", 110000), ReceiptStep("Tier discount 会员折扣 (Silver 银卡)", -5000),
               ReceiptStep(f"Coupon 优惠券 {code} (满100减15)", -1500), ReceiptStep("Points 积分抵扣 (300)", -300)),
        total_label="Amount due 应付", total_fen=due,
        payments=(ReceiptPayment("Card 银行卡", 50000), ReceiptPayment("Cash 现金", 60000)),
        change_fen=60000 - (due - 50000),
        member=_member_block(ctx, points_earned=sale.points_earned, points_redeemed=300,
                             points_balance=sale.points_balance),
        qr_url=silver.group_url, qr_text=silver.group_text, **_header(ctx.config),
        # the 3rd purchase's bounce-back coupon, the stamp card and the referral QR (SPEC §10)
        offers=(ReceiptOffer("¥10 off over ¥80 满80减10", "3rd visit reward 第3次消费回馈", bounce.code,
                             datetime(2026, 6, 11), datetime(2026, 6, 24, 23, 59, 59)),),
        stamps=(("Coffee card 咖啡集点卡", "0/10"),), referral_code=view.referral_code,
        referral_qr=f"{ctx.config.receipt.join_member_url}?ref={view.referral_code}")


def test_the_upgrading_sale_names_the_new_tier_and_a_walk_in_sale_invites_to_join(ctx, products):
    members.enrol(ctx, PHONE, name="张三")
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    upgrade = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    doc = receipts.sale_receipt(ctx, upgrade.receipt_no)
    assert doc.member.tier_changed_to == "Silver 银卡" and doc.member.tier_name == "Silver 银卡"
    assert doc.steps == (ReceiptStep("Subtotal 小计", 100000),)     # priced at Member: no tier discount
    walk_in = co.checkout(ctx, co.CheckoutRequest(lines=[
        LineInput(sku="LAT", qty=2), LineInput(name="Paper bag", price_fen=0, discountable=False)]))
    assert receipts.sale_receipt(ctx, walk_in.receipt_no) == ReceiptDocument(
        kind="sale", receipt_no=walk_in.receipt_no, issued_at=walk_in.created_at, cashier="-",
        lines=(ReceiptLine("Latte 拿铁", 2, 2800, 5600, ""),
               ReceiptLine("Paper bag", 1, 0, 0, "not discountable 不参与折扣")),
        steps=(ReceiptStep("Subtotal 小计", 5600),),
        total_label="Amount due 应付", total_fen=5600, payments=(ReceiptPayment("Cash 现金", 5600),), change_fen=0,
        member=None, qr_url=ctx.config.receipt.join_member_url, qr_text=ctx.config.receipt.join_member_text,
        **_header(ctx.config))


def test_a_return_slip_carries_the_refund_the_points_and_todays_progress(ctx, products, cashier, clock):
    code = _silver_member_with_coupon(ctx)
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG"), LineInput(sku="CARD")],
                                               member_phone=PHONE, coupon_code=code, redeem_points=300))
    clock.moment += timedelta(hours=2)
    ret = returns.return_sale(ctx, sale.receipt_no, [(2, 1)], cashier_id=cashier.id)
    (line_no, qty, refund), = ret.lines
    assert (line_no, qty, refund) == (2, 1, ret.refund_fen) and ret.points_restored > 0 and ret.points_reversed > 0
    assert receipts.sale_receipt(ctx, ret.return_no) == ReceiptDocument(
        kind="return", receipt_no=ret.return_no, issued_at=clock.moment, cashier="Cashier One",
        lines=(ReceiptLine("Gift card", 1, 10000, refund),), steps=(), total_label="Refund 退款",
        total_fen=ret.refund_fen, payments=(), change_fen=0,
        member=_member_block(ctx, points_earned=0, points_redeemed=0, points_balance=ret.points_balance),
        qr_url=ctx.config.receipt.join_member_url, qr_text=ctx.config.receipt.join_member_text,
        original_receipt_no=sale.receipt_no, points_reversed=ret.points_reversed,
        points_restored=ret.points_restored, **_header(ctx.config))


def test_a_walk_in_return_slip_has_no_member_block_and_no_cashier(ctx, products):
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT", qty=2)]))
    ret = returns.return_sale(ctx, sale.receipt_no, [(1, 1)])
    doc = receipts.sale_receipt(ctx, ret.return_no)
    assert (doc.member, doc.cashier, doc.total_fen, doc.points_reversed, doc.points_restored) == (None, "-", 2800, 0, 0)
    assert doc.lines == (ReceiptLine("Latte 拿铁", 1, 2800, 2800),)
