"""Rewards tab: the points catalogue (积分兑换) — gifts and coupons bought with points, and their stock.

The catalogue is the chain's; the stock shown and saved is one store's: a store manager's own, a chain
administrator's choice in "Stock at" (the console's own store first)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.services.coupons import issue as coupons
from pos.services.offers import catalogue
from pos.ui.i18n import tr
from pos.ui.manager import common


class RewardsTab(QWidget):
    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.rewards: list = []
        self.table = common.read_only_table([tr("Reward code"), tr("Reward name"), tr("Kind"), tr("Points"), tr("Stock"),
                                             tr("Gives"), tr("Active")])
        self.table.itemSelectionChanged.connect(self._selection_changed)
        hint = QLabel(tr("Members buy these with points at the till; a gift prints as a zero-price line. "
                         "Stock goes down with each one taken and back up when it is returned."),
                      objectName="hint", wordWrap=True)
        self.store = QComboBox()            # whose stock: filled by set_stores (a store manager: their own only)
        self.store.setMinimumWidth(240)
        self.store.activated.connect(lambda _: self.reload())
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(QLabel(tr("Stock at")))
        top.addWidget(self.store)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._edit_box())

    def _edit_box(self) -> QGroupBox:
        box = QGroupBox(tr("Add or change a reward"))
        self.code = QLineEdit(placeholderText=tr("Code, e.g. MUG"))
        self.name = QLineEdit(placeholderText=tr("Reward name"))
        self.name_zh = QLineEdit(placeholderText=tr("Chinese name"))
        self.kind = QComboBox()
        self.kind.addItem(tr("Gift item"), "gift")
        self.kind.addItem(tr("Coupon"), "coupon")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.points = QSpinBox(minimum=1, maximum=10_000_000, singleStep=100, value=500)
        self.stock = QSpinBox(minimum=0, maximum=catalogue.MAX_STOCK, value=10)
        self.sku = QLineEdit(placeholderText=tr("Gift SKU, e.g. MUG01"))
        self.coupon_kind = QComboBox()
        for key, label in (("cash", tr("Cash (no threshold)")), ("amount", tr("Amount off over a threshold")),
                           ("percent", tr("Percent off")), ("free_item", tr("Free item up to the value"))):
            self.coupon_kind.addItem(label, key)
        self.value = QLineEdit(placeholderText=tr("Value: yuan, or percent off"))
        self.threshold = QLineEdit(placeholderText=tr("Threshold (yuan)"))
        self.cap = QLineEdit(placeholderText=tr("Cap (yuan, percent only)"))
        self.active = QCheckBox(tr("In the catalogue"), checked=True)
        save = QPushButton(tr("Save reward"), objectName="primary")
        save.clicked.connect(self.save)
        grid = QGridLayout(box)
        rows = [((tr("Reward code"), self.code), (tr("Reward name"), self.name), (tr("Chinese name"), self.name_zh)),
                ((tr("Kind"), self.kind), (tr("Points"), self.points), (tr("Stock"), self.stock)),
                ((tr("Gift SKU"), self.sku), (tr("Coupon kind"), self.coupon_kind), (tr("Value"), self.value)),
                ((tr("Threshold"), self.threshold), (tr("Cap"), self.cap), ("", self.active))]
        for r, row in enumerate(rows):
            for c, (label, widget) in enumerate(row):
                grid.addWidget(QLabel(label), r, 2 * c)
                grid.addWidget(widget, r, 2 * c + 1)
        grid.addWidget(save, len(rows), 5)
        self._kind_changed()
        return box

    def _kind_changed(self) -> None:
        gift = self.kind.currentData() == "gift"
        self.sku.setEnabled(gift)
        for widget in (self.coupon_kind, self.value, self.threshold, self.cap):
            widget.setEnabled(not gift)

    def set_stores(self, stores) -> None:
        """The stores whose stock the manager may see and set; the console's own store first chosen."""
        stores = list(stores)
        chosen = self.store.currentData()
        here = self.console.ctx.here
        self.store.clear()
        for store in stores:
            self.store.addItem(f"{store.code} {store.name}", store.id)
        if chosen is None and here is not None:
            chosen = here.store_id
        self.store.setCurrentIndex(max(0, self.store.findData(chosen)))
        tabs = getattr(self.console, "tabs", None)
        if tabs is not None and tabs.currentWidget() is self:
            self.reload()

    def choose_store(self, store_id: int) -> None:
        self.store.setCurrentIndex(max(0, self.store.findData(store_id)))
        self.reload()

    def shown(self) -> None:
        if self.store.count() == 0:          # the stores are loaded by the Stores tab; set_stores reloads
            self.console.stores.reload()
            return
        self.reload()

    def reload(self) -> None:
        ctx, store_id = self.console.ctx, self.store.currentData()
        self.console.run(lambda: catalogue.list_rewards(ctx, include_inactive=True, store_id=store_id), self._show)

    def _show(self, rewards) -> None:
        self.rewards = list(rewards)
        zh = self.console.lang.startswith("zh")
        kinds = {"gift": tr("Gift item"), "coupon": tr("Coupon")}
        common.fill_table(self.table, [
            (r.code, (r.name_zh or r.name) if zh else r.name, kinds.get(r.kind, r.kind), r.points, r.stock,
             r.title_zh if zh else r.title, tr("yes") if r.active else tr("no")) for r in self.rewards])

    def _selection_changed(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rewards):
            return
        r = self.rewards[row]
        self.code.setText(r.code)
        self.name.setText(r.name)
        self.name_zh.setText(r.name_zh)
        self.kind.setCurrentIndex(self.kind.findData(r.kind))
        self.points.setValue(r.points)
        self.stock.setValue(r.stock)
        self.sku.setText(r.sku or "")
        self.active.setChecked(r.active)

    def save(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        gift = self.kind.currentData() == "gift"
        code, name, name_zh, points, stock = (self.code.text(), self.name.text(), self.name_zh.text(),
                                              self.points.value(), self.stock.value())
        sku, kind, value = self.sku.text().strip() or None, self.coupon_kind.currentData(), self.value.text().strip()
        threshold, cap, active = self.threshold.text().strip() or None, self.cap.text().strip() or None, \
            self.active.isChecked()
        store_id = self.store.currentData()

        def work():
            spec = None if gift else coupons.parse_spec(kind, value, threshold, cap)
            item = catalogue.RewardInput(code, name, points, kind="gift" if gift else "coupon", name_zh=name_zh,
                                         sku=sku if gift else None, coupon=spec, stock=stock, active=active)
            return catalogue.save_reward(ctx, actor, item, store_id=store_id)
        self.console.run(work, self._saved)

    def _saved(self, _changes) -> None:
        self.console.show_info(tr("Reward {0} saved.").format(self.code.text().strip().upper()))
        self.reload()
