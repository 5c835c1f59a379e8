"""Receipts, cards and coupon sheets rendered for real and read back."""

from __future__ import annotations

import os
import re
import socket
from dataclasses import replace
from pathlib import Path

import pytest

from pos.config import PrinterConfig
from pos.errors import EnvironmentFault
from pos.printing import (
    render_card_pdf,
    render_coupon_sheet_pdf,
    render_receipt_escpos,
    render_receipt_pdf,
    send,
)
from pos.printing.escpos_receipt import COLUMNS, columns, render_with_text
from tests.printing import samples
from tests.printing.readback import pdf_pngs, pdf_text, qr_texts


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("width", [80, 58])
def test_member_receipt_has_every_field(width):
    doc = samples.MEMBER_SALE
    text = squash(pdf_text(render_receipt_pdf(doc, width)))
    expected = [doc.store_name, doc.receipt_no, doc.cashier, "2026-11-2210:30", "Latte拿铁", "¥56.00",
                "Giftcard礼品卡", "不参与折扣", "¥156.00", "-¥5.60", "-¥15.00", "-¥2.00", "¥133.40", "¥200.00",
                "¥66.60", "138****8000", "Gold金卡", "¥320.00moretoDiamond", "+200", "-200", "18832",
                "2026-12-31", "ScantojointheVIPgroup扫码加入VIP群", "恭喜升级"]
    for field in expected:
        assert squash(field) in text, field
    assert samples.FULL_PHONE not in text


@pytest.mark.parametrize("width", [80, 58])
def test_qr_codes_decode(width, tmp_path):
    codes = qr_texts(render_receipt_pdf(samples.MEMBER_SALE, width), tmp_path)
    assert "https://example.com/group/vip" in codes and "R261122-000123" in codes
    other = tmp_path / "non-member"
    other.mkdir()
    codes = qr_texts(render_receipt_pdf(samples.NON_MEMBER_SALE, width), other)
    assert "https://example.com/join" in codes


def test_return_receipt_shows_reversed_points():
    text = squash(pdf_text(render_receipt_pdf(samples.RETURN)))
    for field in ("RETURN退货单", "T261122-000007", "R261122-000123", "-40", "+100", "Refund退款", "¥26.60"):
        assert field in text, field


@pytest.mark.parametrize("doc", [samples.LONG, samples.LONG_NAME, samples.ALL_CHINESE])
@pytest.mark.parametrize("width", [80, 58])
def test_long_and_chinese_receipts(doc, width, tmp_path):
    data = render_receipt_pdf(doc, width)
    text = squash(pdf_text(data))
    for line in doc.lines[:3] + doc.lines[-3:]:
        assert squash(line.name) in text
    assert doc.qr_url in qr_texts(data, tmp_path)


def test_card_qr_is_the_member_payload(tmp_path):
    data = render_card_pdf(samples.CARD)
    assert qr_texts(data, tmp_path) == [samples.CARD.qr_payload]
    assert "138****8000" in pdf_text(data)


def test_coupon_sheet_has_every_code(tmp_path):
    data = render_coupon_sheet_pdf(samples.SHEET)
    codes = qr_texts(data, tmp_path)
    assert sorted(codes) == sorted(item.code for item in samples.SHEET.items)
    assert len(pdf_pngs(data, tmp_path / "again" if (tmp_path / "again").mkdir() is None else tmp_path)) == 2


@pytest.mark.parametrize("width", [80, 58])
def test_escpos_bytes(width):
    data = render_receipt_escpos(samples.MEMBER_SALE, width)
    assert b"\x1d(k" in data and b"https://example.com/group/vip" in data       # native QR with the URL
    assert b"\x1dV" in data                                                     # paper cut
    assert "扫码加入".encode("gb18030") in data and "示范咖啡".encode("gb18030") in data
    assert "￥133.40".encode("gb18030") in data and "¥".encode() not in data
    _, lines = render_with_text(samples.LONG_NAME, width)
    assert all(columns(line) <= COLUMNS[width] for line in lines)
    assert any(columns(line) == COLUMNS[width] for line in lines)          # pairs are right-aligned to the edge
    _, chinese = render_with_text(samples.ALL_CHINESE, width)
    assert all(columns(line) <= COLUMNS[width] for line in chinese)


def test_printers_write_files_and_report_failures(tmp_path):
    pdf = render_receipt_pdf(samples.NON_MEMBER_SALE)
    where = send("pdf", pdf, PrinterConfig(kind="pdf", target=str(tmp_path)), name="r1")
    assert Path(where).read_bytes() == pdf
    escpos = render_receipt_escpos(samples.NON_MEMBER_SALE)
    target = tmp_path / "lp0"
    send("escpos", escpos, PrinterConfig(kind="escpos-file", target=str(target)))
    assert target.read_bytes() == escpos
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    for cfg in (PrinterConfig(kind="escpos-network", target=f"127.0.0.1:{port}"),
                PrinterConfig(kind="escpos-usb", target="dead:beef"),
                PrinterConfig(kind="system", target="no-such-printer-here"),
                PrinterConfig(kind="escpos-file", target="/proc/no/such/dir/lp0")):
        with pytest.raises(EnvironmentFault) as err:
            send("escpos" if cfg.kind != "system" else "pdf", escpos, cfg)
        assert err.value.code == "printer_unavailable"


@pytest.mark.skipif(not os.environ.get("POS_WRITE_SAMPLES"), reason="set POS_WRITE_SAMPLES=1 to refresh docs/samples")
def test_write_samples(tmp_path):
    out = Path(__file__).resolve().parents[2] / "docs" / "samples"
    out.mkdir(parents=True, exist_ok=True)
    files = {"receipt-80mm": render_receipt_pdf(samples.MEMBER_SALE, 80),
             "receipt-58mm": render_receipt_pdf(samples.MEMBER_SALE, 58),
             "receipt-non-member-80mm": render_receipt_pdf(samples.NON_MEMBER_SALE, 80),
             "return-80mm": render_receipt_pdf(samples.RETURN, 80),
             "card": render_card_pdf(samples.CARD), "coupon-sheet": render_coupon_sheet_pdf(samples.SHEET)}
    for name, data in files.items():
        (out / f"{name}.pdf").write_bytes(data)
        folder = tmp_path / name
        folder.mkdir()
        first = pdf_pngs(data, folder, dpi=150)[0]
        (out / f"{name}.png").write_bytes(first.read_bytes())
    (out / "receipt-80mm.bin").write_bytes(render_receipt_escpos(samples.MEMBER_SALE, 80))
    _ = replace
