#!/usr/bin/env bash
# Builds the desktop bundle with PyInstaller: dist/pos-loyalty/ holds pos-terminal (the till),
# pos-console (the manager console) and pos (the command line), with Python, Qt, the translations,
# the migrations and the Chinese font inside. docs/BUNDLE.md describes it.
#
#   bash scripts/bundle.sh                 build (a few minutes on 2 cores)
#   bash scripts/bundle.sh --check         build, then start the bundle on a fresh demo store:
#                                          pos --version, pos init --demo, pos doctor, and the
#                                          real sign-in window saved as a PNG (offscreen, with no
#                                          system fonts, and on a virtual X display when Xvfb is
#                                          installed)
#   bash scripts/bundle.sh --check --no-build    check the bundle already in dist/
#
# VENV=/path/to/venv uses that virtual environment instead of .venv (made by scripts/setup.sh).
# SHOTS=DIR is where --check writes its PNGs (default build/bundle-check).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

check=0 build=1
for arg in "$@"; do
  case $arg in
    --check) check=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

VENV=${VENV:-}
if [[ -z $VENV ]]; then
  bash scripts/setup.sh            # system libraries, fonts, .venv, translations
  VENV=.venv
fi
PY=$VENV/bin/python
BUNDLE=$ROOT/dist/pos-loyalty

if (( build )); then
  if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "installing PyInstaller (the optional extra 'bundle') into $VENV"
    "$PY" -m pip install -q "pyinstaller>=6"
  fi
  shopt -s nullglob
  for ts in assets/i18n/*.ts; do             # the bundle carries the compiled translations
    qm=${ts%.ts}.qm
    if [[ ! -f $qm || $ts -nt $qm ]]; then
      "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm"
    fi
  done
  echo "building $BUNDLE with PyInstaller (a few minutes)"
  "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/pos-loyalty.spec
  echo "built: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1))"
fi

(( check )) || exit 0

[[ -x $BUNDLE/pos-terminal ]] || { echo "no bundle at $BUNDLE: build it first" >&2; exit 1; }
SHOTS=${SHOTS:-$ROOT/build/bundle-check}
mkdir -p "$SHOTS"
tmp=$(mktemp -d)
xvfb_pid=
cleanup() {
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# A clean room: a fresh demo store, its own key, log and data folders, nothing from the checkout
# or its virtual environment on the path, and the working directory outside the repository.
export POS_KEY_DIR=$tmp/keys POS_LOG_DIR=$tmp/log XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state
unset PYTHONPATH VIRTUAL_ENV POS_DATABASE_URL POS_CONFIG
db=$tmp/shop.sqlite3
cd "$tmp"

step() { echo; echo "== $*"; }
step "pos --version"
"$BUNDLE/pos" --version
step "pos init --demo (a fresh demo store, migrated by the bundled Alembic)"
"$BUNDLE/pos" init --demo --db "$db"
step "pos doctor"
"$BUNDLE/pos" doctor --db "$db"
step "pos-terminal offscreen: the real sign-in window"
QT_QPA_PLATFORM=offscreen "$BUNDLE/pos-terminal" --db "$db" --grab-window "$SHOTS/signin-offscreen.png"
step "pos-console offscreen: the manager sign-in"
QT_QPA_PLATFORM=offscreen "$BUNDLE/pos-console" --db "$db" --grab-window "$SHOTS/console-signin-offscreen.png"
step "pos-terminal with no system fonts at all (an empty fontconfig): the bundle's own Chinese font"
mkdir -p "$tmp/nofonts"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
  "$tmp/nofonts" "$tmp/nofonts/cache" >"$tmp/nofonts/fonts.conf"
FONTCONFIG_FILE=$tmp/nofonts/fonts.conf QT_QPA_PLATFORM=offscreen "$BUNDLE/pos-terminal" --db "$db" \
  --grab-window "$SHOTS/signin-no-system-fonts.png"

if command -v Xvfb >/dev/null; then
  step "pos-terminal on a virtual X display (the xcb platform plugin)"
  Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
  xvfb_pid=$!
  for _ in $(seq 50); do [[ -s $tmp/display ]] && break; sleep 0.1; done
  [[ -s $tmp/display ]] || { echo "Xvfb did not start:"; cat "$tmp/xvfb.log"; exit 1; }
  DISPLAY=:$(head -1 "$tmp/display") QT_QPA_PLATFORM=xcb "$BUNDLE/pos-terminal" --db "$db" \
    --grab-window "$SHOTS/signin-xcb.png"
else
  echo "(Xvfb is not installed: the xcb platform plugin was not tried)"
fi
echo
echo "bundle check passed; screenshots in $SHOTS"
