"""Receipt PDF on an 80 mm or 58 mm roll; the page is as tall as the content."""

from __future__ import annotations

from reportlab.lib.units import mm

from pos.errors import BadInput
from pos.printing.document import ReceiptDocument
from pos.printing.layout import Roll
from pos.printing.qr import qr_reader
from pos.printing.text import receipt_sections

QR_SIZE_MM = {80: 34, 58: 28}
SIZES = {80: (8.5, 11, 13), 58: (7, 9.5, 11)}       # body, store name, total


def render_receipt_pdf(doc: ReceiptDocument, width_mm: int = 80) -> bytes:
    if width_mm not in QR_SIZE_MM:
        raise BadInput("paper_width_invalid", f"receipt paper must be 80 or 58 mm wide, not {width_mm}")
    body, title, total = SIZES[width_mm]
    roll = Roll(width_mm * mm)
    for kind, *parts in receipt_sections(doc):
        if kind == "title":
            roll.text(parts[0], title, "center", bold=True)
        elif kind == "center":
            roll.text(parts[0], body - 1, "center")
        elif kind == "text":
            roll.text(parts[0], body)
        elif kind == "pair":
            roll.pair(parts[0], parts[1], body)
        elif kind == "total":
            roll.pair(parts[0], parts[1], total, bold=True)
        elif kind == "strong":
            roll.text(parts[0], body + 1, "center", bold=True)
        elif kind == "rule":
            roll.rule()
        elif kind == "qr":
            roll.space(2)
            roll.image(qr_reader(parts[0]), QR_SIZE_MM[width_mm] * mm)
        elif kind == "small_qr":
            roll.image(qr_reader(parts[0]), 18 * mm)
        elif kind == "space":
            roll.space()
    return roll.render()
