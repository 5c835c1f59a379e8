"""POS_WRITE_SAMPLES=1 refreshes docs/samples (PDFs, first pages as PNG, ESC/POS bytes) to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pos.printing import render_card_pdf, render_coupon_sheet_pdf, render_receipt_escpos, render_receipt_pdf
from tests.printing import samples
from tests.printing.readback import pdf_pngs


@pytest.mark.skipif(not os.environ.get("POS_WRITE_SAMPLES"), reason="set POS_WRITE_SAMPLES=1 to refresh docs/samples")
def test_write_samples(tmp_path):
    out = Path(__file__).resolve().parents[2] / "docs" / "samples"
    out.mkdir(parents=True, exist_ok=True)
    files = {"receipt-80mm": render_receipt_pdf(samples.MEMBER_SALE, 80),
             "receipt-58mm": render_receipt_pdf(samples.MEMBER_SALE, 58),
             "receipt-non-member-80mm": render_receipt_pdf(samples.NON_MEMBER_SALE, 80),
             "receipt-chinese-58mm": render_receipt_pdf(samples.ALL_CHINESE, 58),
             "return-80mm": render_receipt_pdf(samples.RETURN, 80),
             "card": render_card_pdf(samples.CARD), "coupon-sheet": render_coupon_sheet_pdf(samples.SHEET)}
    for name, data in files.items():
        (out / f"{name}.pdf").write_bytes(data)
        first = pdf_pngs(data, tmp_path, dpi=150)[0]
        (out / f"{name}.png").write_bytes(first.read_bytes())
    (out / "receipt-80mm.bin").write_bytes(render_receipt_escpos(samples.MEMBER_SALE, 80))
    (out / "receipt-58mm.bin").write_bytes(render_receipt_escpos(samples.MEMBER_SALE, 58))
