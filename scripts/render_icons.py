"""Renders assets/icons/pos-loyalty.svg to the PNG sizes a desktop and a Windows .exe want.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "assets" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - Qt needs one to paint
    renderer = QSvgRenderer(str(ICONS / "pos-loyalty.svg"))
    if not renderer.isValid():
        raise SystemExit("pos-loyalty.svg cannot be read")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = ICONS / f"pos-loyalty-{size}.png"
        if not image.save(str(out)):
            raise SystemExit(f"could not write {out}")
        print(out)


if __name__ == "__main__":
    main()
