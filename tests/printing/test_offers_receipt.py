"""A receipt carrying what the offers gave: the bounce-back coupon with its own QR and validity, the
stamp card "7/10" and the member's referral QR, in the PDF and the ESC/POS bytes, read back for real."""

from __future__ import annotations

from sqlalchemy import update

from pos.db.models import Product
from pos.printing import render_receipt_escpos, render_receipt_pdf
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.services.sales.receipts import sale_receipt
from tests.printing.readback import escpos_parse, pdf_text, qr_payloads, qr_texts
from tests.printing.test_receipts import squash

PHONE, FRIEND = "13800138000", "13900139000"


def test_receipt_shows_the_bounce_back_coupon_stamps_and_referral(ctx, products, tmp_path):
    with ctx.write() as session:
        session.execute(update(Product).where(Product.sku == "LAT").values(category="coffee"))
    referrer = members.enrol(ctx, PHONE)
    members.enrol(ctx, FRIEND, referrer=referrer.member.referral_code)
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT", qty=7), LineInput(sku="BIG")],
                                               member_phone=FRIEND))
    kinds = sorted(i.kind for i in sale.offers.issued)
    assert kinds == ["bounce_back", "referral_reward"]
    bounce = next(i for i in sale.offers.issued if i.kind == "bounce_back")
    referral = next(i for i in sale.offers.issued if i.kind == "referral_reward")
    doc = sale_receipt(ctx, sale.receipt_no)
    assert [o.code for o in doc.offers] == [bounce.code]            # the referrer's reward is not printed here
    pdf = render_receipt_pdf(doc, 80)
    text = squash(pdf_text(pdf))
    for expected in ("15%offyournextvisit下次消费85折", "1stvisitreward第1次消费回馈", f"券号{bounce.code}",
                     "有效期2026-06-11–2026-06-24", "咖啡集点卡7/10", "邀请好友"):
        assert expected in text
    assert referral.code not in text
    codes = qr_texts(pdf, tmp_path)
    assert bounce.code in codes and any(c.endswith(f"ref={doc.referral_code}") for c in codes)
    lines, commands = escpos_parse(render_receipt_escpos(doc, 58))
    printed = squash("".join(lines))
    assert f"券号{bounce.code}" in printed and "7/10" in printed and "有效期2026-06-11" in printed
    assert bounce.code in qr_payloads(commands)


def test_receipt_of_a_free_item_given_and_taken(ctx, products, tmp_path):
    """Ten coffees fill the card: the receipt prints the free coffee's coupon ("a free item up to ¥28.00" /
    免费单品); the next sale takes it, and its receipt names the coupon as a free item, in PDF and ESC/POS."""
    with ctx.write() as session:
        session.execute(update(Product).where(Product.sku == "LAT").values(category="coffee"))
    members.enrol(ctx, PHONE)
    full = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT", qty=10)], member_phone=PHONE))
    (free,) = [i for i in full.offers.issued if i.kind == "stamp_reward"]
    text = squash(pdf_text(render_receipt_pdf(sale_receipt(ctx, full.receipt_no), 80)))
    assert "afreeitemupto¥28.00免费单品（最高¥28）" in text and f"券号{free.code}" in text
    used = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG"), LineInput(sku="LAT")],
                                               member_phone=PHONE, coupon_code=free.code))
    assert used.coupon_discount_fen == 2800
    doc = sale_receipt(ctx, used.receipt_no)
    text = squash(pdf_text(render_receipt_pdf(doc, 80)))
    assert f"优惠券{free.code}(免费单品（最高¥28，限指定品类）)" in text and "-¥28.00" in text
    lines, _ = escpos_parse(render_receipt_escpos(doc, 58))
    assert "免费单品" in squash("".join(lines))
