# A throw-away CUPS server (cupsd) with a cups-pdf queue for the printing tests, like scripts/pg.sh's
# PostgreSQL: its own configuration folder under /tmp, a socket in that folder (never a network port),
# stopped and removed at the end.
#
#   source scripts/cups.sh; start_test_cups   # scripts/test.sh: exports the variables below, stops at exit
#   bash scripts/cups.sh start                # prints the variables (KEY=VALUE lines), leaves cupsd running
#   bash scripts/cups.sh stop DIR             # stops the server of POS_TEST_CUPS_DIR=DIR and removes DIR
#
# Variables: CUPS_SERVER (the socket: lp and lpstat talk only to this server), POS_TEST_CUPS_QUEUE (a
# cups-pdf queue), POS_TEST_CUPS_OUT (where cups-pdf writes what it printed), POS_TEST_CUPS_URI and
# POS_TEST_CUPS_PPD (to add more queues with lpadmin), POS_TEST_CUPS_DIR.
# cups-pdf reads its settings only from /etc/cups, so the server's own file
# /etc/cups/cups-pdf-<name>.conf is written there and removed with the server.

CUPS_BACKEND=/usr/lib/cups/backend/cups-pdf
CUPS_PDF_PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

stop_cups() {
  local dir=${1:-${POS_TEST_CUPS_DIR:-}} pid try
  [[ -n "$dir" && -d "$dir" ]] || return 0
  if [[ -f "$dir/cupsd.pid" ]]; then
    pid=$(cat "$dir/cupsd.pid")
    kill "$pid" 2>/dev/null || true
    for try in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "/etc/cups/cups-pdf-${dir##*.}.conf"
  rm -rf "$dir"
}

start_cups() {
  command -v cupsd >/dev/null && command -v lpadmin >/dev/null || { echo "CUPS is not installed (package cups)"; return 1; }
  [[ -x "$CUPS_BACKEND" && -f "$CUPS_PDF_PPD" ]] || { echo "cups-pdf is not installed (package printer-driver-cups-pdf)"; return 1; }
  [[ $(id -u) -eq 0 ]] || { echo "cups-pdf writes its files only under a cupsd run by root"; return 1; }
  local dir name try
  dir=$(mktemp -d /tmp/pos-cups.XXXXXX)
  name=${dir##*.}
  chmod 755 "$dir"
  mkdir -p "$dir"/{etc/ppd,spool/tmp,cache,state/certs,log,pdf}
  chmod 1777 "$dir/pdf"
  cat >"$dir/etc/cupsd.conf" <<CONF
Listen $dir/cups.sock
Browsing No
WebInterface No
LogLevel warn
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
  cat >"$dir/etc/cups-files.conf" <<CONF
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
ServerBin /usr/lib/cups
DataDir /usr/share/cups
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
User lp
Group lp
SystemGroup root
CONF
  cat >"/etc/cups/cups-pdf-$name.conf" <<CONF
Out $dir/pdf
AnonDirName $dir/pdf
Spool $dir/spool/cups-pdf
Log $dir/log
LogType 1
Label 2
CONF
  # setsid: the server outlives `bash scripts/cups.sh start`; its pid file is how stop finds it
  setsid cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" >"$dir/log/cupsd.out" 2>&1 < /dev/null &
  echo $! >"$dir/cupsd.pid"
  export CUPS_SERVER="$dir/cups.sock"
  for try in $(seq 1 100); do
    lpstat -r 2>/dev/null | grep -q "is running" && break
    kill -0 "$(cat "$dir/cupsd.pid")" 2>/dev/null || break
    sleep 0.1
  done
  if ! lpadmin -p "pos-pdf-$name" -E -v "cups-pdf:/$name" -P "$CUPS_PDF_PPD" >"$dir/log/lpadmin.out" 2>&1; then
    echo "the throw-away CUPS server did not start:"; cat "$dir"/log/* 2>/dev/null
    stop_cups "$dir"
    unset CUPS_SERVER
    return 1
  fi
  export POS_TEST_CUPS_DIR="$dir" POS_TEST_CUPS_QUEUE="pos-pdf-$name" POS_TEST_CUPS_OUT="$dir/pdf"
  export POS_TEST_CUPS_URI="cups-pdf:/$name" POS_TEST_CUPS_PPD="$CUPS_PDF_PPD"
}

start_test_cups() {
  if start_cups; then
    echo "CUPS running on $CUPS_SERVER with the cups-pdf queue $POS_TEST_CUPS_QUEUE (throw-away)"
    local before
    before=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
    trap "stop_cups; $before" EXIT
  elif [[ "${CI:-}" == "true" ]]; then
    echo "ERROR: could not start CUPS; CI must run the printing tests through a real queue" >&2
    exit 1
  else
    echo "##########################################################################"
    echo "# WARNING: no CUPS server: the tests printing through a real queue are SKIPPED #"
    echo "##########################################################################"
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -uo pipefail
  case "${1:-}" in
    start)
      start_cups >&2 || exit 1
      for var in CUPS_SERVER POS_TEST_CUPS_DIR POS_TEST_CUPS_QUEUE POS_TEST_CUPS_OUT POS_TEST_CUPS_URI POS_TEST_CUPS_PPD; do
        echo "$var=${!var}"
      done ;;
    stop) stop_cups "${2:?usage: cups.sh stop DIR}" ;;
    *) echo "usage: bash scripts/cups.sh start | stop DIR" >&2; exit 2 ;;
  esac
fi
