"""A4 coupon sheets for a campaign: 2 × 5 coupons a page, each with its QR, dashed cut lines."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from pos.errors import Refusal
from pos.printing.document import CouponSheetDocument, CouponSheetItem
from pos.printing.fonts import cjk_font, fit_size, truncate, wrap
from pos.printing.layout import pdf_canvas
from pos.printing.qr import sheet_qr_reader

COLS, ROWS = 2, 5
PER_PAGE = COLS * ROWS
MARGIN = 10 * mm
HEADER = 8 * mm
PAD = 4 * mm


def render_coupon_sheet_pdf(doc: CouponSheetDocument, *, progress: Callable[[int, int], None] | None = None,
                            cancelled: Callable[[], bool] | None = None) -> bytes:
    """A big campaign is thousands of pages (~2 ms a coupon): progress(done, total) after each page,
    and a refusal `sheet_cancelled` between pages once cancelled() says so."""
    buffer, c = pdf_canvas(A4)
    c.setTitle(f"{doc.store_name} · {doc.campaign_name}")
    page_w, page_h = A4
    cell_w = (page_w - 2 * MARGIN) / COLS
    cell_h = (page_h - 2 * MARGIN - HEADER) / ROWS
    pages = max(1, -(-len(doc.items) // PER_PAGE))
    font = cjk_font()
    for page in range(pages):
        c.setFillColor(HexColor("#000000"))
        c.setFont(font, 9)
        count = f"{page + 1}/{pages} · {len(doc.items)} coupons 张"
        c.drawRightString(page_w - MARGIN, page_h - MARGIN - 2 * mm, count)
        c.drawString(MARGIN, page_h - MARGIN - 2 * mm,
                     truncate(f"{doc.store_name} · {doc.campaign_name}", 9, page_w - 2 * MARGIN - 45 * mm))
        c.setFont(font, 6.5)
        c.drawString(MARGIN, MARGIN - 5 * mm, "Cut along the dashed lines 沿虚线剪开")
        for slot, item in enumerate(doc.items[page * PER_PAGE:(page + 1) * PER_PAGE]):
            col, row = slot % COLS, slot // COLS
            x = MARGIN + col * cell_w
            y = page_h - MARGIN - HEADER - (row + 1) * cell_h
            _coupon(c, item, doc.store_name, x, y, cell_w, cell_h)
        c.showPage()
        if progress is not None:
            progress(min((page + 1) * PER_PAGE, len(doc.items)), len(doc.items))
        if cancelled is not None and cancelled():
            raise Refusal("sheet_cancelled", "The coupon sheet was cancelled; nothing was saved or printed.")
    c.save()
    return buffer.getvalue()


def _coupon(c, item: CouponSheetItem, store: str, x: float, y: float, w: float, h: float) -> None:
    font = cjk_font()
    c.saveState()
    c.setDash(3, 3)
    c.setLineWidth(0.6)
    c.setStrokeColor(HexColor("#888888"))
    c.rect(x, y, w, h)          # the cut line
    c.restoreState()

    c.setFillColor(HexColor("#000000"))
    qr = h - 15 * mm
    qr_x = x + w - qr - PAD
    c.drawImage(sheet_qr_reader(item.code), qr_x, y + 10 * mm, qr, qr)
    code_size = fit_size(item.code, 11, qr + 2 * PAD, 7)
    c.setFont(font, code_size)
    c.drawCentredString(qr_x + qr / 2, y + 5 * mm, item.code)

    left = x + PAD
    text_w = qr_x - left - 3 * mm
    ty = y + h - PAD - 3 * mm
    c.setFont(font, 8)
    c.setFillColor(HexColor("#555555"))
    c.drawString(left, ty, truncate(store, 8, text_w))
    c.setFillColor(HexColor("#000000"))
    ty -= 8 * mm
    title_size = 15
    titles = wrap(item.title, title_size, text_w)
    if len(titles) > 2:                      # a long title: smaller type, never cut off
        title_size = 11
        titles = wrap(item.title, title_size, text_w)
    c.setFont(font, title_size)
    for line in titles[:3]:
        c.drawString(left, ty, line)
        ty -= title_size * 0.42 * mm
    ty -= 1.5 * mm
    validity = f"Valid 有效期 {item.valid_from:%Y-%m-%d} – {item.valid_to:%Y-%m-%d}"
    valid_size = fit_size(validity, 8, text_w, 6.5)
    c.setFont(font, valid_size)
    for line in wrap(validity, valid_size, text_w):
        c.drawString(left, ty, line)
        ty -= 3.8 * mm
    ty -= 1 * mm
    terms_size = 7
    terms = wrap(item.terms, terms_size, text_w)
    room = int((ty - y - PAD) // (terms_size * 0.45 * mm)) + 1
    if len(terms) > room:
        terms_size = 6
        terms = wrap(item.terms, terms_size, text_w)
        room = int((ty - y - PAD) // (terms_size * 0.45 * mm)) + 1
    c.setFont(font, terms_size)
    c.setFillColor(HexColor("#333333"))
    for i, line in enumerate(terms[:room]):
        c.drawString(left, ty, truncate(line + ("…" if i == room - 1 and len(terms) > room else ""),
                                        terms_size, text_w))
        ty -= terms_size * 0.45 * mm
