"""Reading printed output back: PDF text (pypdf), pages as PNG (pdftoppm), QR codes (zxing-cpp),
and the text lines inside ESC/POS bytes (a small command parser)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(data)).pages]


def pdf_pngs(data: bytes, folder: Path, dpi: int = 200) -> list[Path]:
    """Each page as a PNG, in a fresh folder under `folder`."""
    work = Path(tempfile.mkdtemp(dir=folder))
    source = work / "doc.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(work / "page")], check=True)
    return sorted(work.glob("page*.png"))


def qr_texts(data: bytes, folder: Path, dpi: int = 200) -> list[str]:
    found = []
    for png in pdf_pngs(data, folder, dpi):
        found += [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    return found


# ESC/POS commands this project may send, by prefix -> parameter bytes that follow.
_FIXED = {b"\x1b@": 0, b"\x1c&": 0, b"\x1c.": 0, b"\x1b!": 1, b"\x1bE": 1, b"\x1ba": 1, b"\x1b-": 1,
          b"\x1bM": 1, b"\x1bG": 1, b"\x1b{": 1, b"\x1bt": 1, b"\x1bd": 1, b"\x1c!": 1, b"\x1d!": 1,
          b"\x1dB": 1, b"\x1db": 1}


def escpos_parse(data: bytes) -> tuple[list[str], list[bytes]]:
    """(printed text lines, commands). Fails on a byte sequence it does not know."""
    text = bytearray()
    commands: list[bytes] = []
    i = 0
    while i < len(data):
        head = data[i:i + 2]
        if data[i] >= 0x20 or data[i] == 0x0A:
            text.append(data[i])
            i += 1
        elif head in _FIXED:
            end = i + 2 + _FIXED[head]
            commands.append(data[i:end])
            i = end
        elif data[i:i + 3] == b"\x1d(k":
            length = data[i + 3] + 256 * data[i + 4]
            commands.append(data[i:i + 5 + length])
            i += 5 + length
        elif head == b"\x1dV":
            end = i + (4 if data[i + 2] in (65, 66) else 3)
            commands.append(data[i:end])
            i = end
        else:
            raise AssertionError(f"unknown ESC/POS bytes at {i}: {data[i:i + 8]!r}")
    return bytes(text).decode("gb18030").split("\n"), commands


def qr_payloads(commands: list[bytes]) -> list[str]:
    """The contents of native QR codes (GS ( k, function 80: store the data)."""
    return [cmd[8:].decode("utf-8") for cmd in commands if cmd.startswith(b"\x1d(k") and cmd[5:8] == b"1P0"]
