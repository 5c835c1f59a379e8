"""The CJK font: found, embedded, covering every character the samples print; missing -> a clear fault."""

from __future__ import annotations

import dataclasses

import pytest
from reportlab.pdfbase import pdfmetrics

from pos.errors import EnvironmentFault
from pos.printing import render_receipt_pdf
from pos.printing.fonts import cjk_font, find_font
from tests.printing import samples


def all_text(value) -> str:
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value):
        return "".join(all_text(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple):
        return "".join(all_text(v) for v in value)
    return ""


def test_every_sample_character_has_a_glyph():
    font = pdfmetrics.getFont(cjk_font())
    text = "".join(all_text(doc) for doc in (*samples.RECEIPTS.values(), samples.CARD, samples.SHEET))
    text += "￥×·–…！，。（）"
    missing = {ch for ch in set(text) if ch.strip() and ord(ch) not in font.face.charToGlyph}
    assert not missing


def test_the_font_is_embedded():
    data = render_receipt_pdf(samples.ALL_CHINESE)
    assert b"/FontFile2" in data            # embedded TrueType subset, not a CID font left to the viewer


def test_missing_font_is_an_environment_fault(monkeypatch):
    monkeypatch.delenv("POS_CJK_FONT", raising=False)
    with pytest.raises(EnvironmentFault) as err:
        find_font(("/nonexistent/wqy-microhei.ttc",))
    assert err.value.code == "font_missing" and "fonts-wqy-microhei" in err.value.message
    monkeypatch.setenv("POS_CJK_FONT", "/nonexistent/font.ttc")
    with pytest.raises(EnvironmentFault) as err:
        find_font()
    assert err.value.code == "font_missing"
