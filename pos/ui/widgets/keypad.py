"""The on-screen numeric keypad for touch tills: sign-in PIN and cash tendered.

Its keys never take the focus, so the field they type into keeps it (and a keyboard keeps working)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

BACKSPACE = "⌫"


class Keypad(QWidget):
    def __init__(self, target: QLineEdit, keys: str = "789456123", extra: tuple[str, ...] = ("00", "0", "."),
                 parent=None) -> None:
        super().__init__(parent)
        self.target = target
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(6)
        for i, key in enumerate(list(keys) + list(extra)):
            if key:                            # "": an empty place in the grid
                grid.addWidget(self._key(key), i // 3, i % 3)
        grid.addWidget(self._key(BACKSPACE), 0, 3)

    def _key(self, text: str) -> QPushButton:
        button = QPushButton(text, objectName="key")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self.press(text))
        self.keys[text] = button
        return button

    def press(self, text: str) -> None:
        if text == BACKSPACE:
            self.target.backspace()
        else:
            self.target.insert(text)
        self.target.setFocus()
