"""A tiny row engine for roll paper: rows are measured first (the page is as tall as the
content), then drawn top to bottom. A receipt taller than a PDF page may be (200 inches)
continues on further pages, split between rows."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from pos.printing.fonts import cjk_font, text_width, wrap

# binary image streams: ASCII85 (7-bit-clean PDFs, a pure-Python encoder here) was a third of a
# coupon sheet's time and only makes the file bigger
rl_config.useA85 = 0

MAX_PAGE_HEIGHT = 14000.0       # points; PDF viewers refuse pages over 14400 (200 in)


@dataclass
class Roll:
    width: float                        # points
    margin: float = 3 * mm
    rows: list[tuple[float, object]] = field(default_factory=list)   # (height, draw(canvas, y_top))

    @property
    def inner(self) -> float:
        return self.width - 2 * self.margin

    def text(self, text: str, size: float = 8, align: str = "left", bold: bool = False, gap: float = 1.25) -> None:
        for part in wrap(text, size, self.inner):
            self._row(size * gap, lambda c, y, t=part: _draw(c, t, size, self._x(align), y - size, align, bold))

    def pair(self, left: str, right: str, size: float = 8, bold: bool = False) -> None:
        """Label on the left, value flush right on the label's last line (or below it when wide)."""
        right_w = text_width(right, size)
        if right_w > self.inner * 0.6:
            self.text(left, size, bold=bold)
            self.text(right, size, "right", bold=bold)
            return
        lefts = wrap(left, size, self.inner - right_w - 2 * mm)
        for i, part in enumerate(lefts):
            last = i == len(lefts) - 1

            def draw(c, y, t=part, show_right=last):
                _draw(c, t, size, self.margin, y - size, "left", bold)
                if show_right:
                    _draw(c, right, size, self.width - self.margin, y - size, "right", bold)
            self._row(size * 1.25, draw)

    def rule(self, dashed: bool = True) -> None:
        def draw(c, y):
            c.saveState()
            c.setLineWidth(0.5)
            if dashed:
                c.setDash(2, 2)
            c.line(self.margin, y - 2.5, self.width - self.margin, y - 2.5)
            c.restoreState()
        self._row(5, draw)

    def space(self, height: float = 3) -> None:
        self._row(height, lambda c, y: None)

    def image(self, reader, size: float) -> None:
        self._row(size + 2, lambda c, y: c.drawImage(reader, (self.width - size) / 2, y - size, size, size))

    def render(self) -> bytes:
        buffer = io.BytesIO()
        canvas = None
        for page in self._pages():
            height = sum(h for h, _ in page) + 2 * self.margin
            if canvas is None:
                canvas = Canvas(buffer, pagesize=(self.width, height), pageCompression=1)
            else:
                canvas.setPageSize((self.width, height))
            y = height - self.margin
            for row_height, draw in page:
                draw(canvas, y)
                y -= row_height
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def _pages(self) -> list[list[tuple[float, object]]]:
        pages: list[list[tuple[float, object]]] = [[]]
        used = 2 * self.margin
        for row in self.rows:
            if pages[-1] and used + row[0] > MAX_PAGE_HEIGHT:
                pages.append([])
                used = 2 * self.margin
            pages[-1].append(row)
            used += row[0]
        return pages

    def _row(self, height: float, draw) -> None:
        self.rows.append((height, draw))

    def _x(self, align: str) -> float:
        return {"left": self.margin, "center": self.width / 2, "right": self.width - self.margin}[align]


def _draw(canvas: Canvas, text: str, size: float, x: float, y: float, align: str, bold: bool) -> None:
    width = text_width(text, size)
    left = {"left": x, "center": x - width / 2, "right": x - width}[align]
    canvas.saveState()
    obj = canvas.beginText(left, y)
    obj.setFont(cjk_font(), size)
    if bold:   # the CJK font has no bold face: stroke the outline as well as filling it
        canvas.setLineWidth(size / 30)
        obj.setTextRenderMode(2)
    obj.textOut(text)
    canvas.drawText(obj)
    canvas.restoreState()


def pdf_canvas(pagesize: tuple[float, float]) -> tuple[io.BytesIO, Canvas]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    return buffer, canvas
