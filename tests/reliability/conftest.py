"""Counts the hostile inputs the fuzz tests tried, for docs/RELIABILITY.md."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

TRIED: Counter = Counter()      # hostile inputs
FIGURES: Counter = Counter()    # other facts worth reporting (SIGKILLs, confirmed operations)
RESULTS = Path(__file__).resolve().parents[2] / "build" / "fuzz-counts.json"


def pytest_terminal_summary(terminalreporter):
    if TRIED:
        total = sum(TRIED.values())
        terminalreporter.write_line(f"hostile inputs tried: {total} ({dict(TRIED)}); each passing test means zero tracebacks and zero allowed")
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps({"total": total, **TRIED, **FIGURES}, indent=2))
    if FIGURES:
        terminalreporter.write_line(f"reliability figures: {dict(FIGURES)}")
