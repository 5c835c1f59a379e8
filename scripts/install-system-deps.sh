#!/usr/bin/env bash
# System packages the terminal and its tests need: Qt's libraries (offscreen and under Xvfb),
# CJK fonts, poppler (PDF -> PNG), PostgreSQL, CUPS and cups-pdf (the printing tests print through a
# real queue). Idempotent: installs nothing when all are present.
set -euo pipefail

PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 xvfb xauth
  fonts-wqy-microhei fonts-noto-cjk poppler-utils
  postgresql
  cups printer-driver-cups-pdf
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "system packages: all present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another apt/dpkg (unattended upgrades, a second shell) may hold the lock: wait for it, saying so,
# instead of failing. DPkg::Lock::Timeout covers the dpkg lock; the loop covers the lists lock too.
APT=(-o DPkg::Lock::Timeout=600)
apt_retry() {
  local try
  for try in $(seq 1 60); do
    if "$@"; then return 0; fi
    echo "apt is busy (another package manager holds its lock?): waiting 10 s (try $try of 60)" >&2
    sleep 10
  done
  echo "apt stayed busy for 10 minutes: giving up. Run 'ps aux | grep -E \"apt|dpkg\"' to see who holds it." >&2
  return 1
}
apt_retry $SUDO apt-get "${APT[@]}" update -qq
apt_retry $SUDO apt-get "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed"
