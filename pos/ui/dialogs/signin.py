"""Sign-in with a staff PIN (argon2 verification runs off the GUI thread)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from pos.services.staff import accounts as staff_service
from pos.ui.dialogs.pin import PinDialog
from pos.ui.i18n import tr
from pos.ui.messages import error_text
from pos.ui.worker import Worker


class SignInDialog(PinDialog):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(tr("Sign in"), f"{ctx.config.store.name}\n" + tr("Staff PIN:"), parent)
        self.ctx = ctx
        self.worker = Worker(self)
        self.staff = None

    def accept(self) -> None:
        pin = self.pin.text()
        self.setEnabled(False)
        self.worker.submit(lambda: staff_service.sign_in(self.ctx, pin), self._signed_in, self._failed)

    def _signed_in(self, staff) -> None:
        self.staff = staff
        super().accept()

    def _failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.message.setText(error_text(exc))


def sign_in_window(ctx, lang: str):
    """Shows sign-in until a PIN is accepted; returns the till window (or None when cancelled)."""
    from pos.ui.main_window import TillWindow

    dialog = SignInDialog(ctx)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.staff is None:
        return None
    window = TillWindow(ctx, dialog.staff, lang)
    window.destroyed.connect(lambda: None)
    return window


