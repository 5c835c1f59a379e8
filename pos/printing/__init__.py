"""Printing: one document model, several renderers (PDF, ESC/POS) and printer targets.

The renderers pull in reportlab and python-escpos (~120 ms of imports), so they load on first
use (PEP 562): the till can show its look-up field before anything is printed.
"""

from __future__ import annotations

import importlib

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

_LAZY = {
    "render_card_pdf": "pos.printing.card",
    "render_coupon_sheet_pdf": "pos.printing.coupon_sheet",
    "render_receipt_escpos": "pos.printing.escpos_receipt",
    "render_receipt_pdf": "pos.printing.pdf_receipt",
    "self_test_document": "pos.printing.printers",
    "send": "pos.printing.printers",
    "test_print_document": "pos.printing.printers",
}

__all__ = [
    "CardDocument", "CouponSheetDocument", "CouponSheetItem", "ReceiptDocument", "ReceiptLine", "ReceiptMember",
    "ReceiptPayment", "ReceiptStep", *_LAZY,
]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pos.printing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
