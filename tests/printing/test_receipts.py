"""Receipt PDFs rendered for real and read back: text with pypdf, codes with pdftoppm + zxing-cpp."""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest

from pos.errors import BadInput
from pos.printing import ReceiptLine, render_receipt_pdf
from pos.printing.layout import MAX_PAGE_HEIGHT
from pos.printing.text import money
from tests.printing import samples
from tests.printing.readback import pdf_page_sizes, pdf_text, qr_texts

MM = 72 / 25.4


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_fields(doc) -> list[str]:
    """Everything a receipt must show, derived from the document."""
    fields = [doc.store_name, doc.store_address, doc.store_phone, doc.header, doc.footer, doc.receipt_no,
              doc.cashier, f"{doc.issued_at:%Y-%m-%d %H:%M}", doc.total_label, money(doc.total_fen, "¥")]
    for line in doc.lines:
        fields += [line.name, money(line.amount_fen, "¥"), money(line.unit_price_fen, "¥"), line.note]
    for step in doc.steps:
        fields += [step.label, money(step.amount_fen, "¥")]
    for payment in doc.payments:
        fields += [payment.method, money(payment.amount_fen, "¥")]
    if doc.change_fen:
        fields.append(money(doc.change_fen, "¥"))
    if doc.qr_text:
        fields.append(doc.qr_text)
    m = doc.member
    if m is not None:
        fields += [m.phone_masked, m.name, m.tier_name, m.progress_text, str(m.points_balance)]
        if doc.kind == "sale":
            fields.append(f"+{m.points_earned}")
            if m.points_redeemed:
                fields.append(f"-{m.points_redeemed}")
        if m.points_expiring:
            fields += [str(m.points_expiring), f"{m.points_expiring_on:%Y-%m-%d}"]
        if m.tier_changed_to:
            fields.append(m.tier_changed_to)
    if doc.kind == "return":
        fields += [doc.original_receipt_no, f"-{doc.points_reversed}", f"+{doc.points_restored}"]
    return [f for f in fields if f]


@pytest.mark.parametrize("width", [80, 58])
@pytest.mark.parametrize("name", ["member", "non_member", "return", "long_name", "all_chinese"])
def test_every_field_is_printed(name, width):
    doc = samples.RECEIPTS[name]
    data = render_receipt_pdf(doc, width)
    text = squash(pdf_text(data))
    for field in expected_fields(doc):
        assert squash(field) in text, field
    assert samples.FULL_PHONE not in text
    assert [round(w / MM) for w, _ in pdf_page_sizes(data)] == [width]


def test_member_sale_worked_numbers():
    text = squash(pdf_text(render_receipt_pdf(samples.MEMBER_SALE)))
    for field in ("¥156.00", "-¥2.80", "-¥15.00", "-¥2.00", "¥136.20", "¥200.00", "¥63.80", "+136", "-200",
                  "18832", "2026-12-31", "138****8000", "(Silver银卡)", "恭喜升级", "Pointsearned本次积分",
                  "Pointsredeemed积分抵扣", "Pointsbalance积分余额", "Expiringsoon即将过期"):
        assert field in text, field


def test_return_receipt_shows_reversed_points():
    text = squash(pdf_text(render_receipt_pdf(samples.RETURN)))
    for field in ("RETURN退货单", "T261122-000007", "Original原小票R261122-000123", "Pointsreversed扣回积分-40",
                  "Pointsrestored退回积分+100", "Refund退款¥26.60"):
        assert field in text, field
    assert "Pointsearned" not in text


@pytest.mark.parametrize("width", [80, 58])
def test_qr_codes_decode(width, tmp_path):
    codes = qr_texts(render_receipt_pdf(samples.MEMBER_SALE, width), tmp_path)
    assert sorted(codes) == sorted([samples.MEMBER_SALE.qr_url, samples.MEMBER_SALE.receipt_no])
    codes = qr_texts(render_receipt_pdf(samples.NON_MEMBER_SALE, width), tmp_path)
    assert sorted(codes) == sorted(["https://example.com/join", samples.NON_MEMBER_SALE.receipt_no])
    codes = qr_texts(render_receipt_pdf(samples.RETURN, width), tmp_path)
    assert samples.RETURN.receipt_no in codes


@pytest.mark.parametrize("width", [80, 58])
def test_qr_codes_are_big_enough_to_scan(width, tmp_path):
    import zxingcpp
    from PIL import Image

    from tests.printing.readback import pdf_pngs

    dpi = 200
    (png,) = pdf_pngs(render_receipt_pdf(samples.ALL_CHINESE, width), tmp_path, dpi)
    sizes = {}
    for code in zxingcpp.read_barcodes(Image.open(png)):
        xs = [p.x for p in (code.position.top_left, code.position.top_right)]
        sizes[code.text] = (max(xs) - min(xs)) / dpi * 25.4          # mm, without the quiet zone
    assert sizes[samples.ALL_CHINESE.qr_url] >= (28 if width == 80 else 24)
    assert sizes[samples.ALL_CHINESE.receipt_no] >= 14


@pytest.mark.parametrize("width", [80, 58])
def test_long_receipts_wrap_and_keep_every_line(width, tmp_path):
    doc = samples.LONG
    data = render_receipt_pdf(doc, width)
    text = squash(pdf_text(data))
    for line in doc.lines:
        assert squash(line.name) + "1×" in text
    assert doc.qr_url in qr_texts(data, tmp_path, dpi=100)
    long_name = squash(pdf_text(render_receipt_pdf(samples.LONG_NAME, width)))
    assert squash(samples.LONG_NAME_TEXT) in long_name and "x" * 80 in long_name


def test_a_very_long_receipt_continues_on_more_pages():
    lines = tuple(ReceiptLine(f"Item {i} 商品{i}", 1, 100, 100) for i in range(900))
    doc = replace(samples.MEMBER_SALE, lines=lines)
    data = render_receipt_pdf(doc)
    sizes = pdf_page_sizes(data)
    assert len(sizes) > 1 and all(h <= MAX_PAGE_HEIGHT for _, h in sizes)
    text = squash(pdf_text(data))
    assert "Item0商品0" in text and "Item899商品899" in text


def test_unknown_width_is_refused():
    with pytest.raises(BadInput):
        render_receipt_pdf(samples.MEMBER_SALE, 76)


def test_render_is_fast():
    render_receipt_pdf(samples.MEMBER_SALE)       # font registration and QR cache warm-up
    start = time.perf_counter()
    for _ in range(10):
        render_receipt_pdf(replace(samples.MEMBER_SALE, receipt_no=f"R261122-{_:06d}"))
    assert (time.perf_counter() - start) / 10 < 0.25
