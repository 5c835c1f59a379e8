# Sourced by scripts/test.sh and bench/run.sh: a throw-away PostgreSQL cluster on loopback.
# start_postgres exports POS_TEST_PG_URL; the cluster is stopped and removed when the shell exits.
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

