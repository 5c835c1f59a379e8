"""Choosing a catalogue reward (积分兑换) for this sale: the points are taken when the sale is paid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from pos.services.offers.catalogue import list_rewards
from pos.ui.i18n import current, tr
from pos.ui.messages import error_text


class RewardsDialog(QDialog):
    def __init__(self, ctx, worker, points: int, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.points = ctx, points
        self.chosen = None
        self.setWindowTitle(tr("Rewards for points"))
        self.setMinimumSize(600, 460)
        self.hint = QLabel(tr("The member has {0} points. Enter takes the reward; its points are redeemed at "
                              "payment.").format(f"{points:,}"), wordWrap=True, objectName="hint")
        self.results = QListWidget()
        self.results.itemActivated.connect(self.pick)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.results, 1)
        worker.submit(lambda: list_rewards(ctx), self._show, lambda exc: self.hint.setText(error_text(exc)))

    def _show(self, rewards) -> None:
        zh = current().startswith("zh")
        self.results.clear()
        for r in rewards:
            name = (r.name_zh or r.name) if zh else r.name
            usable = r.stock > 0 and r.points <= self.points
            text = tr("{0} — {1} points — {2} in stock").format(name, f"{r.points:,}", r.stock)
            item = QListWidgetItem(text if usable else f"{text}  ({tr('not available')})")
            item.setData(Qt.ItemDataRole.UserRole, r)
            if not usable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.results.addItem(item)
        for row in range(self.results.count()):
            if self.results.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.results.setCurrentRow(row)
                break

    def pick(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.accept()
