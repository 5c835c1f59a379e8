"""Time the weekly regrouping job (segments + behaviour groups) a week after the bulk demo, per statement:

    python bench/regroup_week.py bench/data/generation.sqlite3 [--code TREE] [--scratch FILE]

Copies the store (left untouched; bench/generation.py writes it with its clock at 2026-11-22 12:00)
to a scratch file, adds a week of sales (add_week; --quiet-week: none), runs `compute_segments(ctx, with_groups=True)` there with the clock a week later,
and prints one JSON line: total wall and CPU (process_time) seconds, the same per SQL statement (by
its first words), the thresholds (raw-cursor reads and Python), the transaction's commit, and the
load average before and after. --code: the tree whose `pos` package runs (A/B against another
checkout, e.g. `git archive main | tar -x -C /tmp/main_code`). The scratch copy is deleted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEEK_LATER = datetime(2026, 11, 29, 12, 0, 0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", help="the pristine store (not written)")
    parser.add_argument("--code", default=str(ROOT), help="the tree whose pos package runs")
    parser.add_argument("--scratch", default=str(ROOT / "bench" / "data" / "regroup-scratch.sqlite3"))
    parser.add_argument("--quiet-week", action="store_true",
                        help="no new sales before the run (the default adds a week of them, see add_week)")
    args = parser.parse_args()
    sys.path.insert(0, args.code)

    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import SessionTransaction

    from pos.clock import fixed_clock
    from pos.config import load_config
    from pos.db.engine import make_engine
    from pos.services.context import AppContext
    from pos.services.segments.rfm import compute_segments

    scratch = Path(args.scratch)
    for suffix in ("", "-wal", "-shm"):
        source = Path(args.store + suffix)
        Path(str(scratch) + suffix).unlink(missing_ok=True)
        if source.exists():
            shutil.copyfile(source, str(scratch) + suffix)

    added = {} if args.quiet_week else add_week(scratch)
    statements: dict[str, list[float]] = {}
    started: list[tuple[float, float]] = []

    def label(sql: str) -> str:
        words = re.sub(r"\s+", " ", sql).strip()
        return words[:70]

    def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        started.append((time.perf_counter(), time.process_time()))

    def after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        wall0, cpu0 = started.pop()
        entry = statements.setdefault(label(statement), [0.0, 0.0, 0])
        entry[0] += time.perf_counter() - wall0
        entry[1] += time.process_time() - cpu0
        entry[2] += 1

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)
    from pos.services.segments import rfm

    commit, thresholds = [0.0, 0.0], [0.0, 0.0]
    original_commit, original_thresholds = SessionTransaction.commit, rfm._thresholds

    def timed(fn, into):  # noqa: ANN001, ANN202
        def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            wall0, cpu0 = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                into[0] += time.perf_counter() - wall0
                into[1] += time.process_time() - cpu0
        return run

    SessionTransaction.commit = timed(original_commit, commit)   # type: ignore[method-assign]
    rfm._thresholds = timed(original_thresholds, thresholds)
    try:
        ctx = AppContext(make_engine(f"sqlite:///{scratch}"), load_config(), fixed_clock(WEEK_LATER))
        load_before = os.getloadavg()
        wall0, cpu0 = time.perf_counter(), time.process_time()
        result = compute_segments(ctx, with_groups=True)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        load_after = os.getloadavg()
        ctx.engine.dispose()
    finally:
        SessionTransaction.commit = original_commit   # type: ignore[method-assign]
        rfm._thresholds = original_thresholds
        for suffix in ("", "-wal", "-shm"):
            Path(str(scratch) + suffix).unlink(missing_ok=True)
    timed = {name: {"wall": round(w, 3), "cpu": round(c, 3), "n": n}
             for name, (w, c, n) in sorted(statements.items(), key=lambda item: -item[1][0]) if w >= 0.05}
    in_statements = sum(w for w, _, _ in statements.values())
    print(json.dumps({"code": args.code, "wall": round(wall, 3), "cpu": round(cpu, 3),
                      "added": added, "load_before": [round(x, 2) for x in load_before],
                      "load_after": [round(x, 2) for x in load_after],
                      "commit": {"wall": round(commit[0], 3), "cpu": round(commit[1], 3)},
                      "thresholds": {"wall": round(thresholds[0], 3), "cpu": round(thresholds[1], 3)},
                      "rest_wall": round(wall - in_statements - commit[0] - thresholds[0], 3),
                      "statements": timed, "segments": result.sizes,
                      "groups": result.groups.sizes if result.groups else None}))
    return 0


def add_week(path: Path) -> dict[str, int]:
    """A week of trade between the store's clock and WEEK_LATER, untimed: the store's own last week of
    sales again, seven days later, with new ids (the same members and amounts), 5 % of them synced late
    by an offline till and dated 8-120 days before WEEK_LATER instead."""
    import random
    import sqlite3
    import uuid
    from datetime import timedelta

    rng = random.Random(7)
    stamp = "%Y-%m-%d %H:%M:%S.%f"
    conn = sqlite3.connect(path)
    try:
        week_before = (WEEK_LATER - timedelta(days=14)).strftime(stamp)
        cursor = conn.execute("SELECT * FROM sales WHERE created_at >= ? AND created_at < ?",
                              (week_before, (WEEK_LATER - timedelta(days=7)).strftime(stamp)))
        names = [d[0] for d in cursor.description]
        rows, late = [], 0
        for row in cursor.fetchall():
            sale = dict(zip(names, row))
            at = datetime.strptime(sale["created_at"], stamp) + timedelta(days=7)
            if rng.random() < 0.05:
                at, late = WEEK_LATER - timedelta(days=rng.randint(8, 120), minutes=rng.randint(0, 600)), late + 1
            sale.update(id=None, sale_uuid=str(uuid.uuid4()), receipt_no="W" + uuid.uuid4().hex[:20],
                        created_at=at.strftime(stamp))
            rows.append(tuple(sale[name] for name in names))
        conn.executemany(f"INSERT INTO sales ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows)
        conn.commit()
    finally:
        conn.close()
    return {"sales": len(rows), "late": late}


if __name__ == "__main__":
    sys.exit(main())
