#!/usr/bin/env bash
# Benchmarks at chain scale (see docs/BENCHMARKS.md): installs everything, starts a throw-away
# PostgreSQL like the tests do, then runs bench/run.py. Arguments go to bench/run.py,
# e.g. `bash bench/run.sh --members 1000000`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/pg.sh
start_postgres || echo "WARNING: no PostgreSQL: SQLite figures only"
pg_args=()
[[ -n "${POS_TEST_PG_URL:-}" ]] && pg_args=(--pg "$POS_TEST_PG_URL")
.venv/bin/python bench/run.py "${pg_args[@]}" "$@"
