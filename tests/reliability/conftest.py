"""Counts the hostile inputs the fuzz tests tried, for docs/RELIABILITY.md."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

TRIED: Counter = Counter()
RESULTS = Path(__file__).resolve().parents[2] / "build" / "fuzz-counts.json"


def pytest_terminal_summary(terminalreporter):
    if TRIED:
        total = sum(TRIED.values())
        terminalreporter.write_line(f"bad inputs tried: {total} ({dict(TRIED)}), tracebacks: 0 unless a test failed")
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({"total": total, **TRIED}, indent=2))
