"""Sign-in with a staff PIN (argon2 verification runs off the GUI thread), and the till's session:
sign-in, the till, sign-out back to this lock screen; the program quits only after a confirmed Quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from pos.services.till import Till
from pos.ui.dialogs.pin import PinDialog
from pos.ui.i18n import tr
from pos.ui.messages import error_text
from pos.ui.worker import Worker


class SignInDialog(PinDialog):
    def __init__(self, ctx, parent=None, lock_screen: bool = False, till: Till | None = None) -> None:
        super().__init__(tr("Sign in"), f"{ctx.config.store.name}\n" + tr("Staff PIN:"), parent)
        self.ctx = ctx
        self.till = till or Till(ctx)     # offline: staff who signed in here online (pos.services.till)
        self.worker = Worker(self)
        self.staff = None
        self.lock_screen = lock_screen
        if lock_screen:   # the till's lock screen: its Cancel is Quit, asked first
            quit_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            quit_button.setText(tr("Quit  Esc"))
            self.buttons.rejected.disconnect(self.reject)
            self.buttons.rejected.connect(self.quit)

    def accept(self) -> None:
        pin = self.pin.text()
        self.setEnabled(False)
        self.worker.submit(lambda: self.till.sign_in(pin), self._signed_in, self._failed)

    def quit(self) -> None:
        """The lock screen's Quit (its button, Esc, closing the window): only when confirmed. A
        program's own reject() (a test, the bundle's --grab-window) is not asked."""
        if self.lock_screen and not ask_quit(self):
            self.pin.setFocus()
            return
        self.reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.lock_screen and event.key() == Qt.Key.Key_Escape:
            self.quit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.lock_screen and event.spontaneous() and not ask_quit(self):
            event.ignore()
            return
        super().closeEvent(event)

    def _signed_in(self, staff) -> None:
        self.staff = staff
        super().accept()

    def _failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.message.setText(error_text(exc))


def ask_quit(parent) -> bool:
    """Tests replace this function."""
    answer = QMessageBox.question(parent, tr("Quit"), tr("Quit the till program?"))
    return answer == QMessageBox.StandardButton.Yes


def sign_in(dialog: SignInDialog) -> bool:
    """Tests replace this function."""
    return dialog.exec() == QDialog.DialogCode.Accepted and dialog.staff is not None


class TillSession(QObject):
    """Sign-in → till → F12 sign-out → sign-in again (the lock screen), for as long as the program runs."""

    def __init__(self, ctx, lang: str, parent=None, till: Till | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.lang = ctx, lang
        self.till = till or Till.from_env(ctx)    # one per session: online, or offline from the journal (#17)
        self.window = None

    def start(self):
        """Shows the lock screen until a PIN is accepted; returns the till window (None: Quit)."""
        from pos.ui.main_window import TillWindow

        dialog = SignInDialog(self.ctx, lock_screen=True, till=self.till)
        if not sign_in(dialog):
            self.window = None
            return None
        window = self.window = TillWindow(self.ctx, dialog.staff, self.lang, confirm_quit=True, till=self.till)
        window.signed_out.connect(self._signed_out)
        window.quitting.connect(QApplication.quit)
        window.show()
        from pos.ui.customer_display import attach_customer_display

        attach_customer_display(window)     # on the second screen when there is one; [customer_display]
        return window

    def _signed_out(self) -> None:
        old = self.window
        if old is not None:
            self.lang = old.lang
            display = getattr(old, "customer_display", None)
            if display is not None:      # the next sign-in attaches a display to its own till window
                display.close()
                display.deleteLater()
            old.deleteLater()
        QTimer.singleShot(0, self._lock)

    def _lock(self) -> None:
        if self.start() is None:
            QApplication.quit()


def sign_in_window(ctx, lang: str, till: Till | None = None):
    """The till's first sign-in; the session keeps the program running through sign-outs."""
    app = QApplication.instance()
    if app is not None:
        app.setQuitOnLastWindowClosed(False)   # signing out closes the till window: that is no quit
    session = TillSession(ctx, lang, app, till=till)
    window = session.start()
    if window is None and app is not None:
        app.setQuitOnLastWindowClosed(True)
    return window
