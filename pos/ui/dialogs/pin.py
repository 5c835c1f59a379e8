"""PIN entry: the sign-in screen and the manager-PIN prompt, with an on-screen keypad for touch."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from pos.ui.i18n import tr
from pos.ui.widgets.keypad import Keypad


class PinDialog(QDialog):
    def __init__(self, title: str, prompt: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password, maxLength=12)
        self.pin.setPlaceholderText("••••")
        self.message = QLabel(objectName="error", wordWrap=True)
        self.keypad = Keypad(self.pin, extra=("", "0"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("OK  Enter"))
        ok.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("Cancel  Esc"))
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, objectName="title", wordWrap=True))   # a reason may be a long sentence
        layout.addWidget(self.pin)
        layout.addWidget(self.keypad)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.pin.setFocus()


def ask_manager_pin(parent, reason: str) -> str | None:
    """Asks for a manager's PIN; tests replace this function."""
    dialog = PinDialog(tr("Manager approval"), reason + "\n" + tr("Manager PIN:"), parent)
    return dialog.pin.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
