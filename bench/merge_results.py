"""Merges bench/run.py results of separate invocations into one results file (for the generated table of
docs/BENCHMARKS.md): e.g. a SQLite run at 1M members taken on one day and the PostgreSQL run at 100k of
another. Each backend's run keeps its own date, commit and load average (shown under the table); the
growth rows of all files are combined, the later file winning for a scale both measured.

    python bench/merge_results.py --base bench/results.json --add /tmp/bench1m-sqlite.json --backend sqlite
    python bench/run.py --render bench/results.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _stamped(run: dict, source: dict) -> dict:
    """The run with the invocation it came from (kept if an earlier merge already gave it one)."""
    return {"machine": {**source["machine"], "members": source["members"]}, **run}


def merge(base: dict, add: dict, backend: str) -> dict:
    merged = json.loads(json.dumps(base))
    merged["runs"] = {name: _stamped(run, base) for name, run in merged["runs"].items()}
    merged["runs"][backend] = _stamped(add["runs"][backend], add)
    for name, scales in add["growth"].items():
        merged["growth"].setdefault(name, {}).update(scales)
    merged["machine"] = {**base["machine"], "date": add["machine"]["date"],
                         "load_before": add["machine"]["load_before"], "load_after": add["machine"]["load_after"],
                         "commit": add["machine"].get("commit"), "uncommitted_files": add["machine"].get("uncommitted_files")}
    merged["members"] = max(base["members"], add["members"])
    merged["command"] = f"{base['command']}; the {backend} run replaced by: {add['command']} (merged)"
    merged["total_s"] = base.get("total_s", 0) + add.get("total_s", 0)
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--add", required=True)
    parser.add_argument("--backend", required=True, choices=["sqlite", "postgresql"])
    parser.add_argument("--out", help="default: overwrite --base")
    args = parser.parse_args()
    merged = merge(json.loads(Path(args.base).read_text()), json.loads(Path(args.add).read_text()), args.backend)
    Path(args.out or args.base).write_text(json.dumps(merged, indent=2, default=str, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
