"""Member card / sticker: credit-card size (85.6 × 54 mm) with the signed member QR."""

from __future__ import annotations

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm

from pos.printing.document import CardDocument
from pos.printing.fonts import cjk_font
from pos.printing.layout import pdf_canvas
from pos.printing.qr import qr_reader

CARD = (85.6 * mm, 54 * mm)


def render_card_pdf(doc: CardDocument) -> bytes:
    buffer, c = pdf_canvas(CARD)
    width, height = CARD
    font = cjk_font()
    c.setFillColor(HexColor(doc.tier_color))
    c.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
    c.setFillColor(white)
    c.setFont(font, 11)
    c.drawString(5 * mm, height - 9 * mm, doc.store_name)
    c.setFont(font, 9)
    c.drawRightString(width - 5 * mm, height - 9 * mm, doc.tier_name)
    c.setFillColor(HexColor("#222222"))
    c.setFont(font, 12)
    c.drawString(5 * mm, height - 24 * mm, doc.member_name or "Member 会员")
    c.setFont(font, 10)
    c.drawString(5 * mm, height - 31 * mm, doc.phone_masked)
    c.setFont(font, 7)
    c.drawString(5 * mm, height - 38 * mm, f"No. {doc.member_no}")
    c.drawString(5 * mm, 5 * mm, "Show this code at the till 结账时出示")
    qr_size = 34 * mm
    c.drawImage(qr_reader(doc.qr_payload), width - qr_size - 3 * mm, 3 * mm, qr_size, qr_size)
    c.showPage()
    c.save()
    return buffer.getvalue()
