"""Receipt as ESC/POS bytes: GB18030 text in the printer's Chinese mode, native QR, cut.

`¥` (U+00A5) is not in GBK and prints as garbage on GBK printers, so money shows `￥`.
58 mm paper has 32 columns (Font A), 80 mm has 48; a CJK character takes two.
"""

from __future__ import annotations

import unicodedata

from escpos.printer import Dummy

from pos.printing.document import ReceiptDocument
from pos.printing.text import receipt_sections

COLUMNS = {80: 48, 58: 32}
CHINESE_MODE_ON = b"\x1c\x26"      # FS &: double-byte (GB18030) characters


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap_columns(text: str, width: int) -> list[str]:
    """Breaks at a space for Latin words, anywhere in CJK text."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and columns(current + char) > width:
            cut = current.rfind(" ")
            if char != " " and cut > 0:
                lines.append(current[:cut])
                current = current[cut + 1:] + char
            else:
                lines.append(current.rstrip())
                current = "" if char == " " else char
        else:
            current += char
    lines.append(current)
    return lines


def pair_lines(left: str, right: str, width: int) -> list[str]:
    lefts = wrap_columns(left, width - columns(right) - 1)
    last = lefts[-1]
    lefts[-1] = last + " " * (width - columns(last) - columns(right)) + right
    return lefts


def render_receipt_escpos(doc: ReceiptDocument, width_mm: int = 80) -> bytes:
    return render_with_text(doc, width_mm)[0]


def render_with_text(doc: ReceiptDocument, width_mm: int = 80) -> tuple[bytes, list[str]]:
    """The bytes, and the text lines they print (for checking the column layout)."""
    width = COLUMNS[width_mm]
    doc = _gbk_safe(doc)
    printer = Dummy()
    printer.hw("INIT")
    printer._raw(CHINESE_MODE_ON)
    printed: list[str] = []
    for kind, *parts in receipt_sections(doc):
        printed += _section(printer, kind, parts, width)
    printer.set(align="left", bold=False, normal_textsize=True)
    printer._raw(b"\n\n\n")
    printer.cut()
    return printer.output, printed


def _section(printer: Dummy, kind: str, parts: list[str], width: int) -> list[str]:
    lines: list[str] = []
    if kind in ("title", "strong", "center"):
        printer.set(align="center", bold=kind != "center", double_height=kind == "title",
                    normal_textsize=kind != "title")
        lines = wrap_columns(parts[0], width)
    elif kind == "text":
        printer.set(align="left", bold=False, normal_textsize=True)
        lines = wrap_columns(parts[0], width)
    elif kind in ("pair", "total"):
        printer.set(align="left", bold=kind == "total", normal_textsize=True)
        lines = pair_lines(parts[0], parts[1], width)
    elif kind == "rule":
        printer.set(align="left", bold=False, normal_textsize=True)
        lines = ["-" * width]
    elif kind in ("qr", "small_qr"):
        printer.set(align="center", normal_textsize=True)
        printer.qr(parts[0], native=True, size=6 if kind == "qr" else 4)
    elif kind == "space":
        lines = [""]
    for line in lines:
        printer._raw(line.encode("gb18030", errors="replace") + b"\n")
    return lines


def _gbk_safe(doc: ReceiptDocument) -> ReceiptDocument:
    from dataclasses import replace

    return replace(doc, currency_symbol="￥" if doc.currency_symbol == "¥" else doc.currency_symbol,
                   lines=tuple(replace(line, name=line.name.replace("¥", "￥")) for line in doc.lines),
                   steps=tuple(replace(step, label=step.label.replace("¥", "￥")) for step in doc.steps),
                   member=replace(doc.member, progress_text=doc.member.progress_text.replace("¥", "￥"))
                   if doc.member else None)
