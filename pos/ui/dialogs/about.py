"""About (Shift+F1 at the till): the program's version and where this till keeps its data, for a
support call. Bilingual like the receipts, so it reads the same whichever language the till shows."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from pos import __version__
from pos.logs import log_file


def about_lines(ctx) -> list[tuple[str, str]]:
    database = ctx.engine.url.render_as_string(hide_password=True)
    return [("Version 版本", __version__), ("Database 数据库", database), ("Till 收银台", ctx.till_id),
            ("Log 日志", str(log_file())),
            ("Runtime 运行环境", f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}")]


class AboutDialog(QDialog):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About 关于")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Loyalty terminal 会员收银终端 {__version__}", objectName="title"))
        for label, value in about_lines(ctx):
            line = QLabel(f"{label}: {value}", objectName=f"about_{label.split()[0].lower()}")
            line.setWordWrap(True)
            layout.addWidget(line)
        layout.addWidget(QLabel("Support: run `pos doctor --bundle support.zip` 技术支持", objectName="hint"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
