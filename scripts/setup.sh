#!/usr/bin/env bash
# Shared set-up for run-app.sh and run-tests.sh: system libraries Qt needs,
# a virtual environment in .venv, and the Python packages from pyproject.toml.
# Safe to run again: it only installs what is missing or changed.
# Usage: bash scripts/setup.sh [EXTRAS]   (EXTRAS e.g. "test")
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
EXTRAS="${1:-}"

# Libraries the Qt xcb and offscreen platform plugins load at run time.
QT_SYSTEM_PACKAGES=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 fonts-dejavu-core
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: assume the libraries are there
  local wanted=("${QT_SYSTEM_PACKAGES[@]}")
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || wanted+=(python3-venv)
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "These system packages are needed; ask an administrator to install them:" >&2
      echo "  apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_packages() {
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Python 3.11 or newer is needed (found $(python3 --version 2>&1))." >&2
    exit 1
  fi
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  local target="."
  [ -n "$EXTRAS" ] && target=".[$EXTRAS]"
  # Re-install only when the dependencies or the extras asked for change.
  local stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)-${EXTRAS:-base}"
  if [ ! -f "$stamp" ]; then
    echo "Installing Python packages into .venv (first run takes a few minutes)..."
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    (cd "$ROOT" && "$VENV/bin/python" -m pip install --quiet -e "$target")
    touch "$stamp"
  fi
}

install_system_packages
install_python_packages
