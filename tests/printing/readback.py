"""Reading printed output back: PDF text (pypdf) and QR codes (pdftoppm + zxing-cpp)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pngs(data: bytes, folder: Path, dpi: int = 200) -> list[Path]:
    source = folder / "doc.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / "page")], check=True)
    return sorted(folder.glob("page*.png"))


def qr_texts(data: bytes, folder: Path) -> list[str]:
    found = []
    for png in pdf_pngs(data, folder):
        found += [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    return found
