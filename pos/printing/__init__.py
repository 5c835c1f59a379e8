"""Printing: one document model, several renderers (PDF, ESC/POS) and printer targets."""

from pos.printing.card import render_card_pdf
from pos.printing.coupon_sheet import render_coupon_sheet_pdf
from pos.printing.document import (
    CardDocument,
    CouponSheetDocument,
    CouponSheetItem,
    ReceiptDocument,
    ReceiptLine,
    ReceiptMember,
    ReceiptPayment,
    ReceiptStep,
)
from pos.printing.escpos_receipt import render_receipt_escpos
from pos.printing.pdf_receipt import render_receipt_pdf
from pos.printing.printers import self_test_document, send, test_print_document

__all__ = [
    "CardDocument", "CouponSheetDocument", "CouponSheetItem", "ReceiptDocument", "ReceiptLine", "ReceiptMember",
    "ReceiptPayment", "ReceiptStep", "render_card_pdf", "render_coupon_sheet_pdf", "render_receipt_escpos",
    "render_receipt_pdf", "send", "self_test_document", "test_print_document",
]
