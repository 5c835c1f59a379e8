#!/usr/bin/env bash
# The whole test suite: installs everything, starts a throw-away PostgreSQL server on loopback
# (unless POS_TEST_PG_URL points at one), lints, checks the layering, runs pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/unit -q`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

PG_DIR=""
cleanup() {
  if [[ -n "$PG_DIR" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
trap cleanup EXIT

start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]] || { echo "no PostgreSQL server binaries found"; return 1; }
  id postgres >/dev/null 2>&1 || { echo "no postgres user"; return 1; }
  PG_DIR=$(mktemp -d /tmp/pos-pg.XXXXXX)
  chown postgres "$PG_DIR"
  local port
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$PG_DIR/server.log"; return 1; }
  export POS_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $(basename "$(dirname "$PG_BIN")") running on 127.0.0.1:$port (throw-away, $PG_DIR)"
}

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
