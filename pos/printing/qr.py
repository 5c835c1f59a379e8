"""QR codes as images (a qrcode PNG draws ~4x faster in reportlab than its vector widget).

The join-group URL is the same on every receipt, so readers are cached by content.
"""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

SHEET_MASK = 2    # a fixed mask pattern for bulk coupon sheets (any of the 8 scans; see qr_image)


def qr_image(data: str, box_size: int = 8, border: int = 2, mask_pattern: int | None = None):
    """A greyscale PIL image ('L': half the PDF cost of RGB), `border` quiet-zone modules around.

    The module matrix becomes pixels directly (qrcode's make_image draws one rectangle per
    module: 3 ms). Without `mask_pattern` qrcode scores all 8 masks and keeps the best (5 ms of
    the ~6 ms a code costs); a fixed one (0.7 ms) is for coupon sheets of 100,000+ unique codes."""
    if not data:
        raise ValueError("a QR code needs content")
    from PIL import Image

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=border, mask_pattern=mask_pattern)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()          # quiet zone included
    side = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (side, side), pixels)
    return image.resize((side * box_size, side * box_size), Image.Resampling.NEAREST)


def qr_png(data: str, box_size: int = 8, border: int = 2) -> bytes:
    buffer = io.BytesIO()
    qr_image(data, box_size, border).save(buffer, format="PNG")
    return buffer.getvalue()


@lru_cache(maxsize=256)
def qr_reader(data: str):
    """An ImageReader for reportlab's drawImage (immutable, safe to share between documents)."""
    from reportlab.lib.utils import ImageReader

    return ImageReader(qr_image(data))


def sheet_qr_reader(data: str):
    """For a coupon sheet: every code is different, so nothing is cached, and the mask is fixed."""
    from reportlab.lib.utils import ImageReader

    return ImageReader(qr_image(data, mask_pattern=SHEET_MASK))
