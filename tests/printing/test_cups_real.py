"""Printing through a real CUPS server and cups-pdf queue (tests/printing/cups_server.py): what the
queue wrote is read back. Its pages have the document's size (the job carries its media, so a
queue whose default paper is A4 does not put an 80 mm receipt in the middle of a sheet), the text
is there and the QR codes decode."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageFilter

from pos.config import PrinterConfig
from pos.errors import EnvironmentFault
from pos.printing import render_card_pdf, render_coupon_sheet_pdf, render_receipt_pdf, send
from pos.printing.printers import check_printer, pdf_media
from tests.printing import samples
from tests.printing.readback import pdf_page_sizes, pdf_pngs, pdf_text, qr_texts

MM = 72 / 25.4


def _print(server, data: bytes, name: str) -> bytes:
    request = send("pdf", data, PrinterConfig(kind="system", target=server.queue), name=name)
    return server.printed(request)


def _looks_the_same(printed: bytes, original: bytes, folder) -> None:
    """Every page drawn as the original: cups-pdf's ghostscript keeps the glyphs but not the text
    layer of the embedded CJK font, so the Chinese text is checked on the page: almost every inked
    pixel of one has ink at most a pixel away in the other, once the pages are aligned (cups-pdf
    rounds the page to whole points, which moves the content by a pixel). Ghostscript draws the
    glyphs a little differently; a font lost on the way (blank or tofu Chinese) changes a third of
    the ink."""
    pairs = list(zip(pdf_pngs(printed, folder, dpi=100), pdf_pngs(original, folder, dpi=100)))
    assert pairs
    for printed_png, original_png in pairs:
        a, b = _ink(Image.open(printed_png)), _ink(Image.open(original_png))
        stray = min(_stray(a, b, dx, dy) for dx in range(-3, 4) for dy in range(-3, 4))
        inked = _count(b)
        assert inked and stray < 0.03 * inked, (stray, inked)


def _stray(a: Image.Image, b: Image.Image, dx: int, dy: int) -> int:
    """Ink of either page with no ink within a pixel on the other, `a` moved by (dx, dy)."""
    a = ImageChops.offset(a, dx, dy)
    size = (min(a.width, b.width), min(a.height, b.height))
    a, b = a.crop((0, 0, *size)), b.crop((0, 0, *size))
    near_a, near_b = a.filter(ImageFilter.MaxFilter(3)), b.filter(ImageFilter.MaxFilter(3))
    return _count(ImageChops.subtract(b, near_a)) + _count(ImageChops.subtract(a, near_b))


def _ink(page: Image.Image) -> Image.Image:
    return page.convert("L").point(lambda v: 255 if v < 128 else 0)


def _count(image: Image.Image) -> int:
    return image.histogram()[255]


def _same_size(printed: bytes, original: bytes) -> None:
    (want, *_), got = pdf_page_sizes(original), pdf_page_sizes(printed)
    assert len(got) == len(pdf_page_sizes(original))
    for w, h in got:                    # cups-pdf rounds to whole points
        assert abs(w - want[0]) <= 1 and abs(h - want[1]) <= 1, (got, want)


@pytest.mark.parametrize("width", [80, 58])
def test_receipt_prints_on_its_own_roll_size(cups, width, tmp_path):
    original = render_receipt_pdf(samples.MEMBER_SALE, width)
    printed = _print(cups, original, f"receipt-{width}")
    _same_size(printed, original)
    ((w, _h),) = pdf_page_sizes(printed)
    assert round(w / MM) == width                       # not A4's 210 mm
    text = pdf_text(printed)
    for field in (samples.MEMBER_SALE.receipt_no, "Nanjing Road", "021-5555-0188", "Latte"):
        assert field in text
    _looks_the_same(printed, original, tmp_path)
    assert qr_texts(printed, tmp_path) == qr_texts(original, tmp_path) == [samples.MEMBER_SALE.qr_url, samples.MEMBER_SALE.receipt_no]


def test_member_card_prints_at_card_size(cups, tmp_path):
    original = render_card_pdf(samples.CARD)
    printed = _print(cups, original, "card")
    _same_size(printed, original)
    _looks_the_same(printed, original, tmp_path)
    assert qr_texts(printed, tmp_path, dpi=300) == [samples.CARD.qr_payload]


def test_coupon_sheet_prints_on_a4(cups, tmp_path):
    original = render_coupon_sheet_pdf(samples.SHEET)
    printed = _print(cups, original, "coupon-sheet")
    _same_size(printed, original)
    text = pdf_text(printed)
    assert all(item.code in text for item in samples.SHEET.items), text
    _looks_the_same(printed, original, tmp_path)
    assert sorted(qr_texts(printed, tmp_path, dpi=150)) == sorted(item.code for item in samples.SHEET.items)


def test_every_job_carries_its_media_size():
    assert pdf_media(render_receipt_pdf(samples.MEMBER_SALE, 80)).startswith("Custom.80x")
    assert pdf_media(render_receipt_pdf(samples.MEMBER_SALE, 58)).startswith("Custom.58x")
    assert pdf_media(render_card_pdf(samples.CARD)) == "Custom.85.6x54mm"
    assert pdf_media(render_coupon_sheet_pdf(samples.SHEET)) == "Custom.210x297mm"
    assert pdf_media(b"not a pdf") is None


def test_a_paused_queue_is_refused_before_the_job_is_queued(cups):
    queue = cups.add_queue(f"{cups.queue}-paused")
    assert "is ready" in check_printer(PrinterConfig(kind="system", target=queue))
    cups.run("cupsdisable", queue)
    with pytest.raises(EnvironmentFault) as err:
        send("pdf", render_receipt_pdf(samples.MEMBER_SALE), PrinterConfig(kind="system", target=queue))
    assert err.value.code == "printer_unavailable" and "paused" in err.value.message
    assert cups.run("lpstat", "-o", queue).strip() == ""          # nothing waiting in the queue


def test_an_unknown_queue_is_reported(cups):
    with pytest.raises(EnvironmentFault) as err:
        check_printer(PrinterConfig(kind="system", target="no-such-queue"))
    assert "'no-such-queue'" in err.value.message and "not available" in err.value.message
