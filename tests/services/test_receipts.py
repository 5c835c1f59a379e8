"""Receipts built from committed sales and returns, rendered and read back."""

from __future__ import annotations

import re

import pytest

from pos.errors import PosError
from pos.printing import render_receipt_pdf
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import receipts, returns
from pos.services.sales.cart import LineInput
from tests.printing.readback import pdf_text, qr_texts

PHONE = "13800138000"


def sell(ctx, sku="LAT", qty=1, phone=PHONE, cashier_id=None):
    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=sku, qty=qty)], member_phone=phone,
                                               cashier_id=cashier_id))


def test_member_receipt_carries_tier_group_and_progress(ctx, products, cashier, tmp_path):
    members.enrol(ctx, PHONE, name="张三")
    sale = sell(ctx, cashier_id=cashier.id)
    doc = receipts.sale_receipt(ctx, sale.receipt_no)
    assert doc.qr_url == ctx.config.tier("member").group_url and doc.cashier == "Cashier One"
    data = render_receipt_pdf(doc)
    text = re.sub(r"\s+", "", pdf_text(data))
    assert "138****8000" in text and PHONE not in text
    assert "¥1,972.00moretoSilver" in text       # 2,000 growth − 28 for Silver
    # and the first visit's bounce-back coupon and the member's referral QR (SPEC §10)
    assert set(qr_texts(data, tmp_path)) == {doc.qr_url, sale.receipt_no, sale.offers.issued[0].code, doc.referral_qr}


def test_gold_member_gets_the_vip_group_and_upgrade_line(ctx, products):
    members.enrol(ctx, PHONE)
    for _ in range(8):                           # 1,000 + 1,000 (Silver) + 6 × 950 = 7,700
        sell(ctx, "BIG")
    upgrade = sell(ctx, "BIG")                   # 8,650: crosses 8,000 growth
    assert upgrade.tier_after == "gold"
    doc = receipts.sale_receipt(ctx, upgrade.receipt_no)
    assert doc.qr_url == "https://example.com/group/vip" and doc.member.tier_changed_to == "Gold 金卡"


def test_non_member_and_return_receipts(ctx, products, tmp_path):
    sale = sell(ctx, phone=None, qty=2)
    doc = receipts.sale_receipt(ctx, sale.receipt_no)
    assert doc.member is None and doc.qr_url == ctx.config.receipt.join_member_url
    ret = returns.return_sale(ctx, sale.receipt_no, [(1, 1)])
    back = receipts.sale_receipt(ctx, ret.return_no)
    assert back.kind == "return" and back.original_receipt_no == sale.receipt_no and back.total_fen == 2800
    path = receipts.write_receipt(ctx, ret.return_no, tmp_path / "r.pdf", "pdf", 58)
    assert "RETURN" in pdf_text(path.read_bytes())
    with pytest.raises(PosError) as err:
        receipts.sale_receipt(ctx, "R999999-999999")
    assert err.value.code == "receipt_not_found"


def test_join_group_qr_follows_the_tier_on_every_rung(ctx, products, tmp_path):
    """Real sales climb the ladder; each receipt's QR codes decode to the group URL configured for
    the tier the sale left, and to the receipt number (scanned for returns)."""
    members.enrol(ctx, PHONE, name="张三")
    seen: dict[str, str] = {}
    for _ in range(30):
        sale = sell(ctx, "BIG")
        if sale.tier_after not in seen:
            seen[sale.tier_after] = sale.receipt_no
        if sale.tier_after == "diamond":
            break
    assert list(seen) == ["member", "silver", "gold", "diamond"]
    for tier_key, receipt_no in seen.items():
        doc = receipts.sale_receipt(ctx, receipt_no)
        data = render_receipt_pdf(doc, 58)
        offered = [o.code for o in doc.offers if o.code]      # a bounce-back coupon on some rungs (SPEC §10)
        assert sorted(qr_texts(data, tmp_path)) == sorted([ctx.config.tier(tier_key).group_url, receipt_no,
                                                           doc.referral_qr, *offered])
        text = pdf_text(data)
        assert ctx.config.tier(tier_key).group_text.split()[0] in text and PHONE not in text


def test_non_member_receipt_invites_to_join_and_return_receipt_scans(ctx, products, tmp_path):
    sale = sell(ctx, phone=None, qty=3)
    data = render_receipt_pdf(receipts.sale_receipt(ctx, sale.receipt_no))
    assert sorted(qr_texts(data, tmp_path)) == sorted([ctx.config.receipt.join_member_url, sale.receipt_no])
    assert ctx.config.receipt.join_member_text in pdf_text(data)
    ret = returns.return_sale(ctx, sale.receipt_no, [(1, 1)])
    back = render_receipt_pdf(receipts.sale_receipt(ctx, ret.return_no), 58)
    assert ret.return_no in qr_texts(back, tmp_path)


def test_reprint_shows_the_balance_and_tier_the_sale_left(ctx, products):
    members.enrol(ctx, PHONE)
    first = sell(ctx, "BIG")
    for _ in range(2):
        sell(ctx, "BIG")                          # later sales: Silver, more points
    doc = receipts.sale_receipt(ctx, first.receipt_no)
    assert doc.member.points_balance == first.points_balance == 1000
    assert doc.member.tier_name.startswith("Member") and doc.qr_url == ctx.config.tier("member").group_url


def test_points_expiring_within_30_days_are_printed(ctx, products, clock):
    from datetime import datetime

    members.enrol(ctx, PHONE)
    clock.moment = datetime(2025, 6, 1, 10, 0)
    sell(ctx, "BIG")                              # 1,000 points, expire 2026-12-31
    clock.moment = datetime(2026, 12, 10, 10, 0)
    sale = sell(ctx, "LAT")
    doc = receipts.sale_receipt(ctx, sale.receipt_no)
    assert doc.member.points_expiring == 1000 and doc.member.points_expiring_on.isoformat() == "2026-12-31"
    text = re.sub(r"\s+", "", pdf_text(render_receipt_pdf(doc)))
    assert "Expiringsoon即将过期" in text and "1000" in text and "2026-12-31" in text


def test_configured_thermal_printer_gets_the_receipt_after_the_sale(ctx, products, tmp_path):
    """[printer] kind = escpos-file: the committed sale's receipt goes out as ESC/POS bytes, with
    the receipt number as a native QR; an unplugged printer is reported and the sale stays."""
    from dataclasses import replace

    from pos.config import PrinterConfig
    from pos.errors import EnvironmentFault
    from pos.services import printouts
    from pos.services.context import AppContext
    from tests.printing.readback import escpos_parse, qr_payloads

    members.enrol(ctx, PHONE)
    sale = sell(ctx, qty=2)
    device = tmp_path / "lp0"
    thermal = AppContext(ctx.engine, replace(ctx.config, printer=PrinterConfig(kind="escpos-file", target=str(device),
                                                                              copies=1)), ctx.clock)
    assert printouts.print_receipt_no(thermal, sale.receipt_no) == str(device)
    lines, commands = escpos_parse(device.read_bytes())
    assert sale.receipt_no in qr_payloads(commands) and any("138****8000" in line for line in lines)
    unplugged = AppContext(ctx.engine, replace(ctx.config, printer=PrinterConfig(kind="escpos-file",
                                                                                target="/dev/usb/lp-gone")), ctx.clock)
    with pytest.raises(EnvironmentFault) as err:
        printouts.print_receipt_no(unplugged, sale.receipt_no)
    assert err.value.code == "printer_unavailable" and "not connected" in err.value.message
    assert receipts.sale_receipt(ctx, sale.receipt_no).receipt_no == sale.receipt_no    # still there, reprintable
