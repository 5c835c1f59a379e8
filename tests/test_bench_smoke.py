"""Keeps the benchmark script working (a tiny run); benchmarks themselves are not tests: nothing
here looks at a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_bench_smoke_runs_and_writes_results(tmp_path):
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(root / "bench" / "run.py"), "--smoke", "--out", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=root)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text())
    run = report["runs"]["sqlite"]
    assert run["dataset"]["members"] == 2000 and run["dataset"]["sales"] > 1000
    assert {"lookup_phone_ms", "lookup_qr_ms", "lookup_floor_ms", "lookup_floor_row_ms", "lookup_ratio",
            "checkout_ms", "pdf_ms", "escpos_ms", "segments_s", "list_first_page_ms", "list_jump_ms"} <= set(run)
    # the same-work floor runs every query the member card needs, so it costs more than the row alone
    assert len(run["lookup_floor_queries"]) == 6
    assert run["list_rows"]["all"] == 2000 and run["list_rows"]["jump_row"] == 1800
    assert "| member look-up by phone" in proc.stdout and "same-work floor" in proc.stdout
    assert not list((root / "bench" / "data").glob("bench-2000.sqlite3*")), "the smoke run cleans up"
