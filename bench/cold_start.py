"""Terminal cold start, launch -> look-up field ready (offscreen), old code against new, interleaved.

    python bench/cold_start.py DB_URL [--runs 7] [--tree /path/to/other/checkout ...]

Runs `bench/ui_probe.py cold` of each checkout (this one when no --tree is given) in a fresh process,
as `bench/run.py` does (bytecode cached under bench/data/pycache, one uncounted warm-up run each), and
prints per checkout the median wall time seen by the parent, the probe's own in-process time and the
child's CPU time (user + system, the RUSAGE_CHILDREN delta around each run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def probe(tree: Path, url: str) -> tuple[dict, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPYCACHEPREFIX": str(ROOT / "bench" / "data" / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(tree / "bench" / "ui_probe.py"), "cold", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    # the child is reaped by communicate(): its CPU time is the caller's RUSAGE_CHILDREN delta
    for line in out.splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[6:]), wall
    raise RuntimeError(err[-800:])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tree", action="append", type=Path, help="checkout to compare (repeatable)")
    args = parser.parse_args()
    trees = args.tree or [ROOT]
    import resource

    samples: dict[Path, dict[str, list[float]]] = {t: {"wall": [], "inner": [], "cpu": []} for t in trees}
    for tree in trees:
        probe(tree, args.url)                       # fills the bytecode cache, not counted
    for _ in range(args.runs):
        for tree in trees:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            result, wall = probe(tree, args.url)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            samples[tree]["wall"].append(wall)
            samples[tree]["inner"].append(result["in_process_s"])
            samples[tree]["cpu"].append(cpu)
    print(f"load average {os.getloadavg()[0]:.2f}")
    for tree, s in samples.items():
        print(f"{tree}: wall {statistics.median(s['wall']):.3f} s, in-process {statistics.median(s['inner']):.3f} s, "
              f"CPU {statistics.median(s['cpu']):.3f} s (runs {len(s['wall'])}; "
              f"wall min {min(s['wall']):.3f} max {max(s['wall']):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
