"""Member card / sticker: credit-card size (85.6 × 54 mm) with the signed member QR."""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm

from pos.printing.document import CardDocument
from pos.printing.fonts import cjk_font, fit_size, text_width, truncate
from pos.printing.layout import pdf_canvas
from pos.printing.qr import qr_reader

CARD = (85.6 * mm, 54 * mm)
BAND = 14 * mm
QR_SIZE = 34 * mm
REFERRAL_QR = 12 * mm
DARK = HexColor("#222222")


def render_card_pdf(doc: CardDocument) -> bytes:
    buffer, c = pdf_canvas(CARD)
    c.setTitle(f"{doc.store_name} member card {doc.member_no}")
    width, height = CARD
    font = cjk_font()
    band = _colour(doc.tier_color)
    c.setFillColor(band)
    c.rect(0, height - BAND, width, BAND, stroke=0, fill=1)

    c.setFillColor(_ink_on(band))
    tier_size = fit_size(doc.tier_name, 10, width * 0.35, 6)
    c.setFont(font, tier_size)
    c.drawRightString(width - 5 * mm, height - 8.8 * mm, doc.tier_name)
    store_room = width - 15 * mm - text_width(doc.tier_name, tier_size)
    store_size = fit_size(doc.store_name, 11, store_room, 6.5)
    c.setFont(font, store_size)
    c.drawString(5 * mm, height - 8.8 * mm, truncate(doc.store_name, store_size, store_room))

    room = width - QR_SIZE - 11 * mm             # left of the QR code
    c.setFillColor(DARK)
    name = doc.member_name or "Member 会员"
    name_size = fit_size(name, 13, room, 8)
    c.setFont(font, name_size)
    c.drawString(5 * mm, height - 24 * mm, truncate(name, name_size, room))
    c.setFont(font, 10.5)
    c.drawString(5 * mm, height - 31 * mm, doc.phone_masked)
    c.setFont(font, 7.5)
    no_room = room - REFERRAL_QR if doc.referral_qr else room      # clear of the referral QR's caption
    c.drawString(5 * mm, height - 37.5 * mm, truncate(f"No. 会员号 {doc.member_no}", 7.5, no_room))
    c.setFont(font, 6.5)
    c.drawString(5 * mm, 6.5 * mm, "Show this code at the till")
    c.drawString(5 * mm, 3.5 * mm, "结账时请出示此码")
    c.drawImage(qr_reader(doc.qr_payload), width - QR_SIZE - 3 * mm, 3 * mm, QR_SIZE, QR_SIZE)
    if doc.referral_qr:
        left = width - QR_SIZE - 6 * mm - REFERRAL_QR
        c.drawImage(qr_reader(doc.referral_qr), left, 3 * mm, REFERRAL_QR, REFERRAL_QR)
        c.setFont(font, 5)
        c.drawCentredString(left + REFERRAL_QR / 2, 3 * mm + REFERRAL_QR + 1 * mm, f"推荐 {doc.referral_code}")
    c.showPage()
    c.save()
    return buffer.getvalue()


def _colour(value: str) -> Color:
    try:
        return HexColor(value)
    except (ValueError, TypeError):
        return HexColor("#777777")


def _ink_on(colour: Color) -> Color:
    """White or near-black text, whichever contrasts more with the band (WCAG luminance)."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue)
    dark = 0.2126 * linear(DARK.red) + 0.7152 * linear(DARK.green) + 0.0722 * linear(DARK.blue)
    return DARK if (lum + 0.05) / (dark + 0.05) > 1.05 / (lum + 0.05) else HexColor("#ffffff")
