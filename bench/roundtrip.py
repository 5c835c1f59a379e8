"""How dear a round trip is on this machine right now: a bare psycopg loop of `SELECT max(id) FROM
store_settings` and a commit on one connection, wall and client CPU per iteration.

    python bench/roundtrip.py postgresql://postgres@127.0.0.1:5432/DBNAME [--n 2000]

Run it before and after a measurement: a virtual machine has slow spells that a low load average does
not show (docs/BENCHMARKS.md, "Where each target stands, round five": 108-396 µs on one morning), and
only runs made in the same state compare."""

from __future__ import annotations

import argparse
import json
import os
import time

import psycopg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a libpq URL of a database with the store_settings table")
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    with psycopg.connect(args.url) as conn:
        def once() -> None:
            conn.execute("SELECT max(id) FROM store_settings").fetchone()
            conn.commit()

        for _ in range(100):
            once()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.n):
            once()
        print(json.dumps({"wall_us": round((time.perf_counter() - wall) / args.n * 1e6),
                          "cpu_us": round((time.process_time() - cpu) / args.n * 1e6),
                          "load": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
