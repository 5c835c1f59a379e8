"""Small helpers shared by the console's tabs: modal questions tests can replace, formatting,
read-only tables and the error text a manager reads."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
)

from pos.errors import PosError
from pos.logs import report_bug
from pos.money import yuan
from pos.ui.i18n import tr

# Segment names come from the database in English; these are shown translated.
SEGMENTS = ("Champions", "Loyal", "Potential", "New", "At risk", "Hibernating", "Lost", "Whale", "Promotion-only")
_SEGMENT_LABELS = {
    "Champions": lambda: tr("Champions"), "Loyal": lambda: tr("Loyal"), "Potential": lambda: tr("Potential"),
    "New": lambda: tr("New"), "At risk": lambda: tr("At risk"), "Hibernating": lambda: tr("Hibernating"),
    "Lost": lambda: tr("Lost"), "Whale": lambda: tr("Whale"), "Promotion-only": lambda: tr("Promotion-only"),
}


def ask_confirm(parent, title: str, text: str) -> bool:
    """Yes/No question; tests replace this function."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent, title: str, label: str, *, secret: bool = False) -> str | None:
    """One line of text (a PIN when secret); None when cancelled. Tests replace this function."""
    mode = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
    text, ok = QInputDialog.getText(parent, title, label, mode)
    return text if ok else None


def ask_save_path(parent, title: str, suggested: str, pattern: str) -> str | None:
    """Where to save a file; None when cancelled. Tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
    return path or None


def ask_open_path(parent, title: str, pattern: str) -> str | None:
    """A file to read; None when cancelled. Tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
    return path or None


def open_file(path: str) -> None:
    """Opens a saved PDF/CSV with the desktop's viewer (which can print it). Tests replace this."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def error_text(exc: Exception) -> str:
    """The console's presenter: a refusal or fault says why; our bug is logged and shows its reference."""
    if isinstance(exc, PosError):
        return exc.message
    return tr("Unexpected error in the program (ref {0}); it is logged.").format(report_bug(exc, where="console"))


def segment_label(name: str | None) -> str:
    if not name:
        return ""
    label = _SEGMENT_LABELS.get(name)
    return label() if label else name


def tier_label(config, key: str, fallback: str, lang: str) -> str:
    if lang.startswith("zh"):
        for tier in config.tiers:
            if tier.key == key and tier.name_zh:
                return tier.name_zh
    return fallback


def money(fen: int | None) -> str:
    return "" if fen is None else yuan(fen)


def when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def cell(value) -> str:
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, datetime | date):
        return when(value)
    return "" if value is None else str(value)


def read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(False)      # a last column of ~900 px reads as a gap
    return table


def header_width(text: str, pixels: int = 17) -> int:
    """What a column needs for its header: bold text at the console's size, padding and the sort arrow."""
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(text or "") + 44


MAX_COLUMN = 380      # px: longer cells are cut short, whole in their tooltip


def fill_table(table: QTableWidget, rows, numeric: set[int] = frozenset()) -> None:
    """rows: already formatted cells (str) or raw values (cell() formats them)."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value if isinstance(value, str) else cell(value))
            if len(item.text()) > 40:
                item.setToolTip(item.text())
            if c in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()     # the headers' text included: never clipped
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c), MAX_COLUMN))
