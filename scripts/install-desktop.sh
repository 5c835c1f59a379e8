#!/usr/bin/env bash
# Adds the till and the manager console to the Linux desktop's application menu, for this user:
# .desktop entries in ~/.local/share/applications and the icon in ~/.local/share/icons/hicolor.
#
#   bash scripts/install-desktop.sh                  the bundle in dist/pos-loyalty if built, else .venv/bin
#   bash scripts/install-desktop.sh --bin DIR        the programs in DIR (e.g. /opt/pos-loyalty, where the
#                                                    bundle folder was copied)
#   bash scripts/install-desktop.sh --uninstall      removes the entries and the icons again
#
# XDG_DATA_HOME moves the target (default ~/.local/share). No root needed; nothing outside it is touched.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

bin= uninstall=0
while (( $# )); do
  case $1 in
    --bin) bin=${2:?--bin needs a folder}; shift ;;
    --uninstall) uninstall=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPS=$DATA/applications
ICONS=$DATA/icons/hicolor
ENTRIES=(pos-loyalty.desktop pos-loyalty-console.desktop)

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$APPS" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if (( uninstall )); then
  for entry in "${ENTRIES[@]}"; do rm -f "$APPS/$entry"; done
  rm -f "$ICONS"/*/apps/pos-loyalty.png "$ICONS/scalable/apps/pos-loyalty.svg"
  refresh
  echo "removed the desktop entries and icons from $DATA"
  exit 0
fi

if [[ -z $bin ]]; then
  if [[ -x $ROOT/dist/pos-loyalty/pos-terminal ]]; then bin=$ROOT/dist/pos-loyalty; else bin=$ROOT/.venv/bin; fi
fi
bin=$(cd "$bin" 2>/dev/null && pwd) || { echo "no such folder: $bin" >&2; exit 1; }
[[ -x $bin/pos-terminal ]] || {
  echo "no pos-terminal in $bin: build the bundle (bash scripts/bundle.sh) or install (bash scripts/setup.sh)" >&2
  exit 1
}
terminal=$bin/pos-terminal
if [[ -x $bin/pos-console ]]; then          # the bundle has its own program for the console
  console=("$bin/pos-console") console_try=$bin/pos-console
else                                         # a source install: pos-terminal --manager
  console=("$bin/pos-terminal" --manager) console_try=$bin/pos-terminal
fi

# Exec quotes the program (a folder may contain spaces); TryExec hides the entry if it disappears.
quote() { local out= arg; for arg; do out+=" \"${arg//\"/\\\"}\""; done; echo "${out# }"; }
escape() { printf '%s' "$1" | sed 's/[\\|&]/\\&/g'; }
install_entry() {   # template exec tryexec
  sed -e "s|@EXEC@|$(escape "$2")|" -e "s|@TRYEXEC@|$(escape "$3")|" \
    "$ROOT/packaging/linux/$1" >"$APPS/$1.tmp"
  mv "$APPS/$1.tmp" "$APPS/$1"
  chmod 644 "$APPS/$1"
}

mkdir -p "$APPS" "$ICONS/scalable/apps"
install_entry pos-loyalty.desktop "$(quote "$terminal")" "$terminal"
install_entry pos-loyalty-console.desktop "$(quote "${console[@]}")" "$console_try"
for png in "$ROOT"/assets/icons/pos-loyalty-*.png; do
  size=${png##*-}; size=${size%.png}
  mkdir -p "$ICONS/${size}x${size}/apps"
  cp "$png" "$ICONS/${size}x${size}/apps/pos-loyalty.png"
done
cp "$ROOT/assets/icons/pos-loyalty.svg" "$ICONS/scalable/apps/pos-loyalty.svg"

if command -v desktop-file-validate >/dev/null; then
  for entry in "${ENTRIES[@]}"; do desktop-file-validate "$APPS/$entry"; done
fi
refresh
echo "installed ${ENTRIES[*]} in $APPS (programs in $bin) and the icon in $ICONS"
