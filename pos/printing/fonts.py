"""The CJK font for PDFs: WenQuanYi Micro Hei (TrueType, embeds and subsets), registered once.

Noto CJK cannot be used (reportlab's TTFont refuses CFF outlines) and the built-in CID font
STSong-Light is not embedded, so a missing font is an EnvironmentFault, never tofu.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from pathlib import Path

from pos.errors import EnvironmentFault

FONT_NAME = "WQYMicroHei"
NO_LINE_START = frozenset("）)]】」』》〉，,。.、；;：:！!？?…%％")
FONT_ENV = "POS_CJK_FONT"          # optional override: path to a TrueType .ttf/.ttc with CJK glyphs
BUNDLED = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "wqy-microhei.ttc"   # desktop bundle's copy
CANDIDATES = (
    str(BUNDLED),                  # only in a desktop bundle (packaging/pos-loyalty.spec); never in a checkout
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/local/share/fonts/wqy-microhei.ttc",
    "/opt/homebrew/share/fonts/wqy-microhei.ttc",
)


def find_font(candidates: tuple[str, ...] = CANDIDATES) -> str:
    """The first font file that exists ($POS_CJK_FONT first), or EnvironmentFault('font_missing')."""
    override = os.environ.get(FONT_ENV, "").strip()
    if override:
        if Path(override).is_file():
            return override
        raise EnvironmentFault("font_missing", f"{FONT_ENV}={override} does not exist; unset it or point it "
                               "at wqy-microhei.ttc (Debian package fonts-wqy-microhei).")
    for path in candidates:
        if Path(path).is_file():
            return path
    raise EnvironmentFault("font_missing", "The Chinese font for printing is missing: install the Debian package "
                           "fonts-wqy-microhei (scripts/install-system-deps.sh does), looked in "
                           + ", ".join(candidates))


@cache
def cjk_font() -> str:
    """Registers the font with reportlab on first use (~180 ms) and returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    path = find_font()
    try:
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
    except (TTFError, OSError) as exc:
        raise EnvironmentFault("font_missing", f"The font {path} cannot be used for printing ({exc}); reinstall "
                               "fonts-wqy-microhei.") from None
    return FONT_NAME


@lru_cache(maxsize=8192)      # a coupon sheet measures the same title and terms on every coupon
def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, cjk_font(), size)


def fit_size(text: str, size: float, width: float, minimum: float) -> float:
    """The largest font size <= size (down to minimum) at which text fits in width."""
    while size > minimum and text_width(text, size) > width:
        size -= 0.5
    return max(size, minimum)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Breaks text into lines no wider than width: at a space for Latin words, anywhere in CJK."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_one(paragraph, size, width)
    return lines


def _wrap_one(text: str, size: float, width: float) -> list[str]:
    if text_width(text, size) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for char in text:
        candidate = current + char
        if current and text_width(candidate, size) > width:
            cut = current.rfind(" ")
            if char != " " and cut > 0:
                lines.append(current[:cut].rstrip())
                current = current[cut + 1:] + char
                if text_width(current, size) > width:       # the carried word plus a wide glyph
                    lines.append(current[:-1])
                    current = char
            elif char in NO_LINE_START and len(current) > 1:
                lines.append(current[:-1])          # a closing mark never starts a line: take a
                current = current[-1] + char        # character along with it
            else:
                lines.append(current.rstrip())
                current = "" if char == " " else char
        else:
            current = candidate
    lines.append(current)
    return lines


def truncate(text: str, size: float, width: float) -> str:
    """Cuts text to width with an ellipsis (for one-line fields that must not wrap)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"
