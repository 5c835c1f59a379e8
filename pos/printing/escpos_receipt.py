"""Receipt as ESC/POS bytes: GB18030 text in the printer's Chinese mode, native QR, cut.

python-escpos's text() picks a code page per character through its "magic" encoder,
which knows no double-byte code page; Chinese printers instead take GB18030/GBK after
`FS &` (Chinese character mode). So text goes out with `_raw(line.encode("gb18030"))`
and python-escpos is used for styles, the native QR (`GS ( k`) and the cut.

`¥` (U+00A5) is not in GBK and prints as garbage on GBK printers, so it becomes `￥`.
58 mm paper has 32 columns (Font A), 80 mm has 48; a CJK (any non-ASCII) character takes two.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.errors import BadInput
from pos.printing.document import ReceiptDocument
from pos.printing.fonts import NO_LINE_START
from pos.printing.text import receipt_sections

if TYPE_CHECKING:
    from escpos.printer import Dummy

COLUMNS = {80: 48, 58: 32}
CHINESE_MODE_ON = b"\x1c\x26"          # FS &: double-byte (GB18030/GBK) characters
CHINESE_SIZE = b"\x1c\x21"             # FS ! n: Chinese character mode (0x08 double height)
DOUBLE_HEIGHT, NORMAL = 0x08, 0x00


def columns(text: str) -> int:
    """Printed width in Font A columns. In Chinese mode every non-ASCII character goes out as a
    double-byte GB18030 character and is printed full width, even '·', '×' or '￥'."""
    return sum(1 if ch < "\x80" else 2 for ch in text)


def printable(text: str) -> str:
    """What the printer can show: ￥ for ¥, no control characters."""
    text = text.replace("¥", "￥")
    return "".join(ch if ch >= " " else " " for ch in text)


def wrap_columns(text: str, width: int) -> list[str]:
    """Breaks at a space for Latin words, anywhere in CJK text; no line wider than width."""
    width = max(width, 2)
    lines: list[str] = []
    current = ""
    for char in text:
        if current and columns(current + char) > width:
            cut = current.rfind(" ")
            if char != " " and cut > 0:
                lines.append(current[:cut].rstrip())
                current = current[cut + 1:] + char
                if columns(current) > width:
                    lines.append(current[:-1])
                    current = char
            elif char in NO_LINE_START and len(current) > 1:
                lines.append(current[:-1])
                current = current[-1] + char
            else:
                lines.append(current.rstrip())
                current = "" if char == " " else char
        else:
            current += char
    lines.append(current)
    return lines


def pair_lines(left: str, right: str, width: int) -> list[str]:
    """Label left, value flush right on its last line; a wide value goes on a line of its own."""
    if columns(right) > width * 0.6:
        rights = wrap_columns(right, width)
        return wrap_columns(left, width) + [" " * (width - columns(r)) + r for r in rights]
    lefts = wrap_columns(left, width - columns(right) - 1)
    last = lefts[-1]
    lefts[-1] = last + " " * (width - columns(last) - columns(right)) + right
    return lefts


def render_receipt_escpos(doc: ReceiptDocument, width_mm: int = 80) -> bytes:
    return render_with_text(doc, width_mm)[0]


def render_with_text(doc: ReceiptDocument, width_mm: int = 80) -> tuple[bytes, list[str]]:
    """The bytes, and the text lines they print (for checking the column layout)."""
    if width_mm not in COLUMNS:
        raise BadInput("paper_width_invalid", f"receipt paper must be 80 or 58 mm wide, not {width_mm}")
    width = COLUMNS[width_mm]
    from escpos.printer import Dummy  # python-escpos takes ~0.7 s to import: only when printing

    printer = Dummy()
    printer.hw("INIT")
    printer._raw(CHINESE_MODE_ON)
    printed: list[str] = []
    for kind, *parts in receipt_sections(doc):
        printed += _section(printer, kind, parts, width)
    _style(printer, "left")
    printer._raw(b"\n\n\n")
    printer.cut()
    return printer.output, printed


def _style(printer: Dummy, align: str, bold: bool = False, tall: bool = False) -> None:
    # ESC ! (via set) sizes the single-byte characters, FS ! the Chinese ones: keep them together.
    printer.set(align=align, bold=bold, double_height=tall, normal_textsize=not tall)
    printer._raw(CHINESE_SIZE + bytes([DOUBLE_HEIGHT if tall else NORMAL]))


def _section(printer: Dummy, kind: str, parts: list[str], width: int) -> list[str]:
    lines: list[str] = []
    if kind in ("title", "strong", "center"):
        _style(printer, "center", bold=kind != "center", tall=kind == "title")
        lines = wrap_columns(printable(parts[0]), width)
    elif kind == "text":
        _style(printer, "left")
        lines = wrap_columns(printable(parts[0]), width)
    elif kind in ("pair", "total"):
        _style(printer, "left", bold=kind == "total", tall=kind == "total")
        lines = pair_lines(printable(parts[0]), printable(parts[1]), width)
    elif kind == "rule":
        _style(printer, "left")
        lines = ["-" * width]
    elif kind in ("qr", "small_qr"):
        # native QR cannot be combined with qr(center=True): align first
        _style(printer, "center")
        size = (8 if width == COLUMNS[80] else 6) if kind == "qr" else 4     # dots per module
        from escpos.constants import QR_ECLEVEL_M

        printer.qr(parts[0], native=True, size=size, ec=QR_ECLEVEL_M)
        printer._raw(b"\n")
    elif kind == "space":
        lines = [""]
    for line in lines:
        printer._raw(line.encode("gb18030") + b"\n")
    return lines
