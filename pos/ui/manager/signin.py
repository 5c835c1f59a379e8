"""`pos-terminal --manager`: sign in with a manager PIN (a cashier's PIN is refused here)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from pos.ui.dialogs.signin import SignInDialog
from pos.ui.i18n import tr


class ManagerSignInDialog(SignInDialog):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(tr("Manager console"))

    def _signed_in(self, staff) -> None:
        if not staff.is_manager:
            self.setEnabled(True)
            self.pin.clear()
            self.pin.setFocus()
            self.message.setText(tr("The manager console needs a manager PIN."))
            return
        super()._signed_in(staff)


def manager_window(ctx, lang: str):
    """Shows manager sign-in until a manager PIN is accepted; returns the console (None when cancelled)."""
    from pos.ui.manager import open_console

    dialog = ManagerSignInDialog(ctx)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.staff is None:
        return None
    return open_console(ctx, dialog.staff, lang)
