"""Member card and coupon sheets: text and QR codes read back from the rendered pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pos.printing import CouponSheetItem, render_card_pdf, render_coupon_sheet_pdf
from tests.printing import samples
from tests.printing.readback import pdf_page_sizes, pdf_text, qr_texts

MM = 72 / 25.4


def test_card_qr_is_the_member_payload(tmp_path):
    data = render_card_pdf(samples.CARD)
    assert qr_texts(data, tmp_path) == [samples.CARD.qr_payload]
    text = pdf_text(data)
    for field in ("138****8000", "张三", "Gold 金卡", "000001", "示范咖啡"):
        assert field in text
    assert samples.FULL_PHONE not in text
    ((w, h),) = pdf_page_sizes(data)
    assert (round(w / MM, 1), round(h / MM, 1)) == (85.6, 54.0)


def test_card_with_long_names_and_a_bad_colour_still_renders(tmp_path):
    doc = replace(samples.CARD, store_name="The Very Long Name Coffee Roasters 超长名字咖啡烘焙工坊旗舰店",
                  member_name="Alexandra Konstantinopoulou-Smith", tier_color="gold", tier_name="Diamond 钻石卡")
    data = render_card_pdf(doc)
    assert qr_texts(data, tmp_path) == [doc.qr_payload]
    assert "Diamond 钻石卡" in pdf_text(data)


def test_coupon_sheet_has_every_code(tmp_path):
    data = render_coupon_sheet_pdf(samples.SHEET)
    assert len(pdf_page_sizes(data)) == 2                 # 12 coupons, 10 a page
    codes = qr_texts(data, tmp_path, dpi=150)
    assert sorted(codes) == sorted(item.code for item in samples.SHEET.items)
    text = pdf_text(data)
    for item in samples.SHEET.items:
        assert item.code in text
    assert "2026-11-22 – 2026-12-22" in text and "每单限用一张" in text and "Win-back 回归礼" in text


def test_coupon_with_long_title_and_terms(tmp_path):
    item = CouponSheetItem("CLONG00001", "满200减50 · ¥50 off when you spend ¥200 or more on drinks and cakes",
                           date(2026, 1, 1), date(2026, 12, 31), "Terms 条款 " * 30)
    data = render_coupon_sheet_pdf(replace(samples.SHEET, items=(item,)))
    assert qr_texts(data, tmp_path, dpi=150) == ["CLONG00001"]
    assert "drinks and cakes" in pdf_text(data).replace("\n", " ")


def test_coupon_sheet_reports_progress_per_page_and_stops_when_cancelled():
    import pytest

    from pos.errors import Refusal

    ticks: list[tuple[int, int]] = []
    render_coupon_sheet_pdf(samples.SHEET, progress=lambda done, total: ticks.append((done, total)))
    assert ticks == [(10, 12), (12, 12)]                   # after each of the 2 pages
    pages_laid: list[int] = []
    with pytest.raises(Refusal) as err:
        render_coupon_sheet_pdf(samples.SHEET, progress=lambda done, _total: pages_laid.append(done),
                                cancelled=lambda: bool(pages_laid))
    assert err.value.code == "sheet_cancelled" and pages_laid == [10]     # stopped after the first page
