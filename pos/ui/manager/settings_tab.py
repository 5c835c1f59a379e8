"""Settings tab: the store configuration as a form (one field per setting, each checked as it is
typed, the whole checked before it is saved, and audited); TOML import and export."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.config import ConfigError, config_from_dict
from pos.services.admin import settings as service
from pos.services.admin.settings_toml import config_to_toml
from pos.ui.i18n import tr
from pos.ui.manager import common
from pos.ui.manager.settings_form import SettingsForm, label_of


def consistency_text(message: str) -> str | None:
    """The schema's checks across settings (pos/config.py _check_consistency), in the manager's language."""
    message = message.removeprefix("settings: ")
    tier = re.search(r"tiers\[(\d+)\]\.growth: tiers must be listed in ascending order", message)
    if tier:
        return tr("Tier {0} must need more growth or purchases than the tier before it.").format(int(tier[1]) + 1)
    known = (("tiers[0].growth: the first tier", tr("The first tier is the entry tier: it must need 0 growth and 0 "
                                                   "purchases.")),
             ("tiers: duplicate tier key", tr("Two tiers have the same key.")),
             ("points.redeem_minimum must be a multiple", tr("Least points redeemed must be a multiple of the redeem "
                                                             "step.")),
             ("segments.at_risk_days < hibernating_days", tr("Segments: the days for at risk, hibernating and lost "
                                                            "must grow in that order.")),
             ("printer.target = ", tr("The printer target does not suit this kind of printer.")))
    return next((text for start, text in known if message.startswith(start)), None)


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_UNKNOWN = re.compile(r"(?P<key>[\w.\[\]]+): unknown setting(?: \(did you mean (?P<near>[\w.\[\]]+)\?\))?")


def toml_problem(text: str) -> str | None:
    """Why `text` is not TOML, in the console's language with its line and column (tomllib's own
    words are English); None when it parses."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        if at is not None:
            return tr("not valid TOML: a mistake at line {0}, column {1} (check the quotes, the = signs and the "
                      "[brackets] there).").format(at[1], at[2])
        return tr("not valid TOML: a mistake at the end of the file (a value missing, or a setting given twice).")
    return None


def import_refusal(exc: Exception) -> str:
    """An imported file's refusal: an unknown setting named in the console's language."""
    if isinstance(exc, ConfigError):
        unknown = _UNKNOWN.search(exc.message)
        if unknown is not None:
            return (tr("{0}: unknown setting (did you mean {1}?)").format(unknown["key"], unknown["near"])
                    if unknown["near"] else tr("{0}: unknown setting").format(unknown["key"]))
    return common.error_text(exc)


class SettingsTab(QWidget):
    validated = Signal(bool)
    saved = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.loaded = False
        self.form = SettingsForm()
        self.form.changed.connect(self._edited)
        self.message = QLabel(wordWrap=True)
        validate = QPushButton(tr("Validate"))
        validate.clicked.connect(self.validate)
        save = QPushButton(tr("Save"), objectName="primary")
        save.clicked.connect(self.save)
        revert = QPushButton(tr("Reload"))
        revert.clicked.connect(self.reload)
        import_toml = QPushButton(tr("Import TOML…"))
        import_toml.clicked.connect(self.import_toml)
        export_toml = QPushButton(tr("Export TOML…"))
        export_toml.clicked.connect(self.export_toml)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (import_toml, export_toml, revert, validate, save):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Store settings. Saved settings apply to every till from its next sale."),
                                objectName="hint", wordWrap=True))
        layout.addWidget(self.form, 1)
        layout.addLayout(buttons)

    def shown(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        ctx = self.console.ctx
        self.console.run(lambda: service.validate_settings(service.current_settings_toml(ctx)), self._loaded)

    def _loaded(self, config) -> None:
        self.loaded = True
        self.form.show_config(config)
        self._say("", ok=True)

    def _edited(self) -> None:
        problems = self.form.problems()
        self._say(problems[0][1] if problems else "", ok=not problems)

    # ------------------------------------------------------------ checking and saving
    def form_text(self) -> str | None:
        """The form as TOML, or None (and the reason shown, the field marked) when it is refused."""
        problems = self.form.problems()
        if problems:
            self._result(False, problems[0][1])
            return None
        try:
            return config_to_toml(config_from_dict(self.form.values(), "settings"))
        except ConfigError as exc:
            path = self.form.mark_path(exc.message)
            reason = consistency_text(exc.message)
            self._result(False, reason if reason is not None and path is not None
                         else tr("{0} does not fit the other settings: {1}").format(label_of(path), exc.message)
                         if path is not None else tr("These settings do not fit together: {0}").format(exc.message))
            return None

    def validate(self) -> None:
        if self.form_text() is not None:
            self._result(True, tr("The configuration is valid."))

    def save(self) -> None:
        text = self.form_text()
        if text is None:
            return
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.save_settings(ctx, actor, text), self._saved,
                         lambda exc: self._result(False, common.error_text(exc)))

    def _saved(self, config) -> None:
        self._result(True, tr("Saved. Every till uses the new settings from its next sale."))
        self.saved.emit(config)

    # ------------------------------------------------------------ TOML in and out
    def import_toml(self) -> None:
        path = common.ask_open_path(self, tr("Import settings"), "TOML (*.toml)")
        if not path:
            return
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._result(False, tr("Cannot read {0}: {1}").format(path, getattr(exc, "strerror", None) or exc))
            return
        problem = toml_problem(text)
        if problem is not None:
            self._result(False, tr("Cannot import {0}: {1}").format(Path(path).name, problem))
            return
        self.console.run(lambda: service.validate_settings(text), self._imported,
                         lambda exc: self._result(False, import_refusal(exc)))

    def _imported(self, config) -> None:
        self.form.show_config(config)
        self._result(True, tr("Imported; check the fields and Save to use them."))

    def export_toml(self) -> None:
        text = self.form_text()
        if text is None:
            return
        path = common.ask_save_path(self, tr("Export settings"), "settings.toml", "TOML (*.toml)")
        if not path:
            return
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self._result(False, tr("Cannot write {0}: {1}").format(path, exc.strerror))
            return
        self._result(True, tr("Settings written to {0}").format(path))

    # ------------------------------------------------------------ feedback
    def _result(self, ok: bool, text: str) -> None:
        self._say(text, ok)
        self.validated.emit(ok)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setObjectName("hint" if ok else "error")
        self.message.setStyleSheet("" if not ok else "color: #1f5f3a; font-weight: bold;")
        self.message.setText(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
