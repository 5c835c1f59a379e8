"""A4 coupon sheets for a campaign: 2 × 5 coupons a page, each with its QR, dashed cut marks."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from pos.printing.document import CouponSheetDocument, CouponSheetItem
from pos.printing.fonts import cjk_font, wrap
from pos.printing.layout import pdf_canvas
from pos.printing.qr import qr_reader

COLS, ROWS = 2, 5
MARGIN = 10 * mm


def render_coupon_sheet_pdf(doc: CouponSheetDocument) -> bytes:
    buffer, c = pdf_canvas(A4)
    page_w, page_h = A4
    cell_w = (page_w - 2 * MARGIN) / COLS
    cell_h = (page_h - 2 * MARGIN - 8 * mm) / ROWS
    per_page = COLS * ROWS
    pages = max(1, -(-len(doc.items) // per_page))
    for page in range(pages):
        c.setFont(cjk_font(), 9)
        c.drawString(MARGIN, page_h - MARGIN, f"{doc.store_name} · {doc.campaign_name} · {page + 1}/{pages}")
        for slot, item in enumerate(doc.items[page * per_page:(page + 1) * per_page]):
            col, row = slot % COLS, slot // COLS
            x = MARGIN + col * cell_w
            y = page_h - MARGIN - 8 * mm - (row + 1) * cell_h
            _coupon(c, item, doc.store_name, x, y, cell_w, cell_h)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _coupon(c, item: CouponSheetItem, store: str, x: float, y: float, w: float, h: float) -> None:
    font = cjk_font()
    c.saveState()
    c.setDash(3, 3)
    c.setStrokeColor(HexColor("#888888"))
    c.rect(x, y, w, h)          # the cut line
    c.restoreState()
    qr = h - 14 * mm
    c.drawImage(qr_reader(item.code), x + w - qr - 4 * mm, y + 9 * mm, qr, qr)
    text_w = w - qr - 12 * mm
    c.setFont(font, 8)
    c.drawString(x + 4 * mm, y + h - 7 * mm, store)
    c.setFont(font, 15)
    ty = y + h - 15 * mm
    for line in wrap(item.title, 15, text_w)[:2]:
        c.drawString(x + 4 * mm, ty, line)
        ty -= 6.5 * mm
    c.setFont(font, 8)
    c.drawString(x + 4 * mm, ty - 1 * mm, f"Valid 有效期 {item.valid_from:%Y-%m-%d} – {item.valid_to:%Y-%m-%d}")
    ty -= 5 * mm
    for line in wrap(item.terms, 7, text_w)[:3]:
        c.setFont(font, 7)
        c.drawString(x + 4 * mm, ty - 1 * mm, line)
        ty -= 3.6 * mm
    c.setFont(font, 11)
    c.drawCentredString(x + w - qr / 2 - 4 * mm, y + 4 * mm, item.code)
