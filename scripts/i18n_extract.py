"""Updates assets/i18n/pos_zh_CN.ts from every tr("...") / N_("...") in pos/ui (not pos/ui/manager).

pyside6-lupdate does not see strings passed through the module-level helpers of pos/ui/i18n.py,
so this reads the source with ast. Existing translations are kept; strings no longer used are
dropped; new ones are added unfinished (empty) for a translator.
Usage: .venv/bin/python scripts/i18n_extract.py [--check]   (--check: exit 1 if anything is untranslated)
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "pos" / "ui"
EXCLUDE = SOURCES / "manager"
TS = ROOT / "assets" / "i18n" / "pos_zh_CN.ts"
CONTEXT = "pos"
MARKERS = {"tr", "N_"}


def source_strings() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted(SOURCES.rglob("*.py")):
        if EXCLUDE in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS \
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.setdefault(node.args[0].value)
    return list(found)


def existing_translations(path: Path = TS) -> dict[str, str]:
    if not path.exists():
        return {}
    root = ET.parse(path).getroot()
    return {m.findtext("source"): m.findtext("translation") or ""
            for c in root.iter("context") if c.findtext("name") == CONTEXT for m in c.iter("message")}


def write_ts(strings: list[str], translations: dict[str, str], path: Path = TS) -> None:
    root = ET.Element("TS", version="2.1", language="zh_CN")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for text in strings:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        translation.text = translations.get(text, "")
        if not translation.text:
            translation.set("type", "unfinished")
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    strings = source_strings()
    translations = existing_translations()
    missing = [s for s in strings if not translations.get(s)]
    if "--check" in argv:
        for text in missing:
            print(f"untranslated: {text!r}")
        return 1 if missing else 0
    write_ts(strings, translations)
    print(f"{TS.relative_to(ROOT)}: {len(strings)} strings, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
