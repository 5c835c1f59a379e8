"""PIN entry: the sign-in screen and the manager-PIN prompt."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from pos.ui.i18n import tr


class PinDialog(QDialog):
    def __init__(self, title: str, prompt: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password, maxLength=12)
        self.pin.setPlaceholderText("••••")
        self.message = QLabel(objectName="error", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, objectName="title", wordWrap=True))   # a reason may be a long sentence
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        layout.addWidget(buttons)


def ask_manager_pin(parent, reason: str) -> str | None:
    """Asks for a manager's PIN; tests replace this function."""
    dialog = PinDialog(tr("Manager approval"), reason + "\n" + tr("Manager PIN:"), parent)
    return dialog.pin.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
