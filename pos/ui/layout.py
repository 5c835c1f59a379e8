"""Where the till's widgets sit: look-up, member card and cart on the left; totals and Pay on
the right; every other action in two rows of large buttons along the bottom."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from pos.ui.actions import GRID

COLUMNS = 6


def compose(window) -> QWidget:
    left = QVBoxLayout()
    left.addWidget(window.lookup)
    left.addWidget(window.card)
    sku_row = QHBoxLayout()
    sku_row.addWidget(window.sku, 1)
    sku_row.addWidget(window.buttons["qty_down"])
    sku_row.addWidget(window.buttons["qty_up"])
    left.addLayout(sku_row)
    left.addWidget(window.table, 1)
    window.totals.grid.addWidget(window.buttons["max_points"], 2, 0, 1, 2)
    right = QVBoxLayout()
    right.addWidget(window.totals)
    right.addWidget(window.buttons["pay"])
    right.addWidget(window.buttons["reward"])
    right.addStretch(1)
    middle = QHBoxLayout()
    middle.addLayout(left, 3)
    middle.addLayout(right, 2)
    grid = QGridLayout()
    visible = [key for key in GRID if key != "manager" or window.staff.is_manager]
    for i, key in enumerate(visible):
        grid.addWidget(window.buttons[key], i // COLUMNS, i % COLUMNS)
    status = QHBoxLayout()
    status.addWidget(window.who)
    status.addWidget(window.message, 1)
    status.addWidget(window.busy)
    root = QVBoxLayout()
    root.addLayout(middle, 1)
    root.addLayout(grid)
    root.addLayout(status)
    widget = QWidget()
    widget.setLayout(root)
    for key in set(GRID) - set(visible):
        window.buttons[key].setParent(widget)
        window.buttons[key].hide()
    return widget
