#!/usr/bin/env bash
# Installs everything: system packages, the Python package (with test extras) into .venv,
# and the compiled Qt translations. Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [[ ! -f $stamp ]]; then
  echo "installing the pos package and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

shopt -s nullglob
for ts in assets/i18n/*.ts; do
  qm=${ts%.ts}.qm
  if [[ ! -f $qm || $ts -nt $qm ]]; then
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  fi
done
