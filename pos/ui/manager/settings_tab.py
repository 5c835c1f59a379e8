"""Settings tab: the store configuration as TOML, validated before it is saved (and audited)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from pos.services.admin import settings as service
from pos.ui.i18n import tr
from pos.ui.manager import common


class SettingsTab(QWidget):
    validated = Signal(bool)
    saved = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.loaded = False
        self.editor = QPlainTextEdit()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPixelSize(16)
        self.editor.setFont(font)
        self.message = QLabel(wordWrap=True)
        validate = QPushButton(tr("Validate"))
        validate.clicked.connect(self.validate)
        save = QPushButton(tr("Save"), objectName="primary")
        save.clicked.connect(self.save)
        revert = QPushButton(tr("Reload"))
        revert.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(revert)
        buttons.addWidget(validate)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Store configuration (TOML). Saved settings apply to every till from its next "
                                   "sale."), objectName="hint", wordWrap=True))
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)

    def shown(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        ctx = self.console.ctx
        self.console.run(lambda: service.current_settings_toml(ctx), self._loaded)

    def _loaded(self, text: str) -> None:
        self.loaded = True
        self.editor.setPlainText(text)
        self._say("", ok=True)

    def validate(self) -> None:
        text = self.editor.toPlainText()
        self.console.run(lambda: service.validate_settings(text),
                         lambda _: self._result(True, tr("The configuration is valid.")),
                         lambda exc: self._result(False, common.error_text(exc)))

    def save(self) -> None:
        text, ctx, actor = self.editor.toPlainText(), self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.save_settings(ctx, actor, text), self._saved,
                         lambda exc: self._result(False, common.error_text(exc)))

    def _saved(self, config) -> None:
        self._result(True, tr("Saved. Every till uses the new settings from its next sale."))
        self.saved.emit(config)

    def _result(self, ok: bool, text: str) -> None:
        self._say(text, ok)
        self.validated.emit(ok)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setObjectName("hint" if ok else "error")
        self.message.setStyleSheet("" if not ok else "color: #1f5f3a; font-weight: bold;")
        self.message.setText(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
