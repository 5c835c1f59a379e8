"""The CJK font for PDFs: WenQuanYi Micro Hei (TrueType, embeds and subsets), registered once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pos.errors import EnvironmentFault

FONT_NAME = "WQYMicroHei"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/local/share/fonts/wqy-microhei.ttc",
)


@cache
def cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = next((p for p in CANDIDATES if Path(p).is_file()), None)
    if path is None:
        raise EnvironmentFault("font_missing", "The Chinese font is missing: install the Debian package "
                               "fonts-wqy-microhei (scripts/install-system-deps.sh does).")
    pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
    return FONT_NAME


def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, cjk_font(), size)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Breaks text into lines no wider than width: at a space for Latin words, anywhere in CJK."""
    lines: list[str] = []
    current = ""
    for char in text:
        candidate = current + char
        if current and text_width(candidate, size) > width:
            cut = current.rfind(" ")
            if char != " " and cut > 0:
                lines.append(current[:cut])
                current = current[cut + 1:] + char
            else:
                lines.append(current.rstrip())
                current = "" if char == " " else char
        else:
            current = candidate
    lines.append(current)
    return lines
