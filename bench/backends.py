"""What the narrower benches share: the database options (`--pg`, `--pg-only`, `--db`), a time-stamped log on
stderr, and running one measurement on each database asked for."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def add_database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pg", help="a PostgreSQL server URL (a throw-away database is made on it)")
    parser.add_argument("--pg-only", action="store_true", help="skip the SQLite run (needs --pg)")
    parser.add_argument("--db", action="append", default=[], help="an existing bulk demo database (repeatable)")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def each_database(args: argparse.Namespace, run: Callable[[str, bool], dict]) -> list[dict]:
    """run(url, fresh) on every --db as it is (fresh False); without --db on a throw-away SQLite file
    (unless --pg-only) and a throw-away database on the --pg server (fresh True: the run builds its data)."""
    runs = [run(url, False) for url in args.db]
    if not args.db:
        if not args.pg_only:
            with tempfile.TemporaryDirectory() as folder:
                runs.append(run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", True))
        if args.pg:
            from tests.databases import drop_postgres, postgres_url

            url = postgres_url(args.pg)
            try:
                runs.append(run(url, True))
            finally:
                drop_postgres(url)
    return runs
