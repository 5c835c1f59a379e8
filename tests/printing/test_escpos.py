"""ESC/POS bytes, parsed back into commands and printed text."""

from __future__ import annotations

import pytest

from pos.errors import BadInput
from pos.printing import render_receipt_escpos
from pos.printing.escpos_receipt import COLUMNS, columns, wrap_columns
from pos.printing.text import money
from tests.printing import samples
from tests.printing.readback import escpos_parse, qr_payloads

WIDTHS = [80, 58]


@pytest.mark.parametrize("width", WIDTHS)
def test_native_qr_cut_and_gb18030(width):
    doc = samples.MEMBER_SALE
    data = render_receipt_escpos(doc, width)
    assert data.startswith(b"\x1b@\x1c&")                                        # init, Chinese mode
    assert b"\x1d(k" in data and doc.qr_url.encode() in data                  # native QR with the URL
    assert data.rstrip(b"\x00").endswith(b"\x1dV\x00") or b"\x1dV" in data[-6:]  # paper cut at the end
    assert "扫码加入".encode("gb18030") in data and "示范咖啡".encode("gb18030") in data
    assert "￥136.20".encode("gb18030") in data
    assert "¥".encode() not in data and "¥".encode("gb18030") not in data
    _, commands = escpos_parse(data)
    assert qr_payloads(commands) == [doc.qr_url, doc.receipt_no]
    # the QR is centred by ESC a 1 before it (native QR cannot take center=True)
    first_qr = next(i for i, cmd in enumerate(commands) if cmd.startswith(b"\x1d(k"))
    assert [cmd for cmd in commands[:first_qr] if cmd.startswith(b"\x1ba")][-1] == b"\x1ba\x01"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(samples.RECEIPTS))
def test_every_line_fits_the_paper(name, width):
    doc = samples.RECEIPTS[name]
    lines, _ = escpos_parse(render_receipt_escpos(doc, width))
    too_wide = [line for line in lines if columns(line) > COLUMNS[width]]
    assert not too_wide
    assert any(columns(line) == COLUMNS[width] for line in lines)        # values are flush right
    text = "".join(lines).replace(" ", "")
    for line in doc.lines:
        assert line.name.replace(" ", "") in text
        assert money(line.amount_fen, "￥") in text
    for step in doc.steps:
        assert step.label.replace(" ", "") in text and money(step.amount_fen, "￥") in text
    assert doc.total_label.replace(" ", "") in text and money(doc.total_fen, "￥") in text
    if doc.member:
        assert doc.member.phone_masked in text and str(doc.member.points_balance) in text
    assert doc.receipt_no in text


def test_total_is_bold_and_tall():
    data = render_receipt_escpos(samples.MEMBER_SALE)
    before_total = data[:data.index(b"Amount due")]
    style = before_total[before_total.rindex(b"\n"):]
    assert b"\x1bE\x01" in style and b"\x1c!\x08" in style


def test_wrap_counts_cjk_as_two_columns():
    assert columns("示范 ab·") == 4 + 1 + 2 + 2
    lines = wrap_columns("焦糖玛奇朵" * 10, 32)
    assert [columns(line) for line in lines] == [32, 32, 32, 4]
    assert wrap_columns("one two three", 8) == ["one two", "three"]


def test_unknown_width_is_refused():
    with pytest.raises(BadInput):
        render_receipt_escpos(samples.MEMBER_SALE, 76)


def test_closing_marks_never_start_a_line():
    from pos.printing.fonts import NO_LINE_START, wrap

    name = samples.ALL_CHINESE.lines[0].name
    for width in range(8, 48):
        assert not any(line[:1] in NO_LINE_START for line in wrap_columns(name, width)[1:])
    for points in range(40, 200, 7):
        assert not any(line[:1] in NO_LINE_START for line in wrap(name, 8, points)[1:])
