"""Lifecycle jobs at scale: the weekly regrouping (behaviour groups), the automatic-offer job (first
run, which issues, and the idempotent re-run), and the replenishment due list, on a bulk demo store.

    .venv/bin/python bench/lifecycle.py --members 200000 [--pg URL] [--keep DIR]

Prints one JSON object (seconds per step, rows written); docs/BENCHMARKS.md carries the figures.
Targets: the performance issue's segmentation budget (≤ 30 s at 1M members on SQLite) applies to each
weekly or daily job; a run at a smaller size is scaled linearly to 1M for comparison (the statements
are single GROUP BY passes over covering indexes, linear in sales)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from bench.run import NOW, prepare  # noqa: E402
from pos.db.models import LapseOffer, Product  # noqa: E402
from pos.services.lifecycle import groups, offers, replenishment  # noqa: E402

TARGET_S_AT_1M = 30.0


def measure(url: str, members: int, per_member: int, log) -> dict:
    ctx, stats = prepare(url, members, per_member, log)
    with ctx.write() as session:       # two demo products are consumables: coffee beans and drip bags
        replenishment.mark_consumable(session, "BEA01", 30)
        replenishment.mark_consumable(session, "DRP01", 14)
        consumables = session.scalar(select(func.count()).select_from(Product).where(Product.consumable.is_(True)))
    result: dict = {"database": ctx.engine.dialect.name, "members": members, "build_s": round(stats["seconds"], 1),
                    "consumables": consumables}
    for name, fn in (("regroup_s", lambda: groups.regroup(ctx)),
                     ("offers_first_s", lambda: offers.issue_lapse_offers(ctx)),
                     ("offers_again_s", lambda: offers.issue_lapse_offers(ctx)),
                     ("replenishment_s", lambda: replenishment.refresh_due(ctx))):
        log(f"{name}…")
        started = time.perf_counter()
        value = fn()
        result[name] = round(time.perf_counter() - started, 2)
        if name == "regroup_s":
            result["groups"] = value.sizes
        elif name.startswith("offers"):
            result[name.replace("_s", "_issued")] = value.issued
        else:
            result["due_rows"] = value
    with ctx.read() as session:
        result["lapse_offers"] = session.scalar(select(func.count()).select_from(LapseOffer))
        result["sales"] = session.scalar(text("SELECT count(*) FROM sales"))
    scale = 1_000_000 / members
    for key in ("regroup_s", "offers_first_s", "offers_again_s", "replenishment_s"):
        result[key.replace("_s", "_at_1m_est_s")] = round(result[key] * scale, 1)
    ctx.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--per-member", type=int, default=5)
    parser.add_argument("--pg", help="a PostgreSQL server URL (a throw-away database is made on it)")
    parser.add_argument("--keep", help="folder for the SQLite file (default: a temporary one)")
    parser.add_argument("--pg-only", action="store_true", help="skip the SQLite run (needs --pg)")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
    figures = []
    with tempfile.TemporaryDirectory(dir=args.keep) as folder:
        if not args.pg_only:
            figures.append(measure(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.members, args.per_member, log))
    if args.pg:
        from tests.databases import drop_postgres, postgres_url

        url = postgres_url(args.pg)
        try:
            figures.append(measure(url, args.members, args.per_member, log))
        finally:
            drop_postgres(url)
    print(json.dumps({"now": NOW.isoformat(), "target_s_at_1m": TARGET_S_AT_1M, "runs": figures}, indent=1))


if __name__ == "__main__":
    main()
