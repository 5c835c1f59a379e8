#!/usr/bin/env bash
# The whole test suite: installs everything, starts a throw-away PostgreSQL server on loopback
# (unless POS_TEST_PG_URL points at one), lints, checks the layering, runs pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/unit -q`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

source scripts/pg.sh

if [[ -z "${POS_TEST_PG_URL:-}" ]]; then
  if ! start_postgres; then
    if [[ "${CI:-}" == "true" ]]; then
      echo "ERROR: could not start PostgreSQL; CI must run the PostgreSQL tests" >&2
      exit 1
    fi
    echo "################################################################"
    echo "# WARNING: no PostgreSQL server: the PostgreSQL tests are SKIPPED #"
    echo "################################################################"
  fi
fi

echo "== ruff"
lint_dirs=(pos tests)
[[ -d bench ]] && lint_dirs+=(bench)
.venv/bin/ruff check "${lint_dirs[@]}"
echo "== import-linter (layering)"
.venv/bin/lint-imports
echo "== pytest"
export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "ERROR: pytest collected no tests" >&2
  exit 1
fi
exit $status
