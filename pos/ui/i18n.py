"""Qt translations: English source strings, Chinese from assets/i18n/pos_zh_CN.qm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

I18N = Path(__file__).resolve().parents[2] / "assets" / "i18n"
LANGUAGES = ("zh_CN", "en")
_installed: list[QTranslator] = []


def tr(text: str) -> str:
    return QCoreApplication.translate("pos", text)


def install(app: QCoreApplication, lang: str) -> bool:
    """Switches the language; returns False when the .qm is missing (English is shown)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang.startswith("en"):
        return True
    qm = I18N / f"pos_{lang}.qm"
    translator = QTranslator(app)
    if not qm.is_file() or not translator.load(str(qm)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
