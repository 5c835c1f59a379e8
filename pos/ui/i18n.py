"""Qt translations: English source strings; other languages from every assets/i18n/*_<lang>.qm
(pos_zh_CN.qm for the till, manager_zh_CN.qm for the manager console, ...).

`tr("...")` translates now; `N_("...")` only marks a string for scripts/i18n_extract.py when it
is kept in a table and translated later with tr(variable)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

I18N = Path(__file__).resolve().parents[2] / "assets" / "i18n"
LANGUAGES = ("zh_CN", "en")
CONTEXT = "pos"
_installed: list[QTranslator] = []
_current = ["en"]


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return text


def current() -> str:
    return _current[0]


def install(app: QCoreApplication, lang: str) -> bool:
    """Switches the language; returns False when the .qm is missing (English is shown)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current[0] = lang
    if lang.startswith("en"):
        return True
    qt_own = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{lang}.qm"
    for qm in [qt_own] if qt_own.exists() else []:   # OK / Cancel / Yes / No of Qt's own dialogs
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
    loaded = False
    for qm in sorted(I18N.glob(f"*_{lang}.qm")):
        translator = QTranslator(app)
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded = True
    return loaded
