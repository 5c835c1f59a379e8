"""Every string the console shows through tr() has a Chinese translation, and it is loaded."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

from pos.ui.i18n import tr
from tests.ui.manager.conftest import ROOT, TS


def tr_literals() -> set[str]:
    found = set()
    for path in (ROOT / "pos" / "ui" / "manager").glob("*.py"):
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    return found


def test_every_console_string_has_a_chinese_translation():
    translations = {m.findtext("source"): m.findtext("translation") for m in ET.parse(TS).getroot().iter("message")}
    literals = tr_literals()
    assert len(literals) > 150
    assert sorted(s for s in literals if not translations.get(s)) == []
    placeholders = [s for s in literals if s.count("{") != translations[s].count("{")]
    assert placeholders == []


def test_chinese_is_loaded(zh):
    assert tr("Manager console") == "店长后台"
    assert tr("Points expiring soon") == "积分即将过期"
