#!/usr/bin/env bash
# Install what is needed (first run only) and open Practice Messaging.
# Any arguments go to main.py, e.g. --db /path/to/practice.db
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  echo "No screen found (DISPLAY is not set). Run this from a desktop session, or under xvfb-run." >&2
  exit 1
fi
cd "$ROOT"
exec "$ROOT/.venv/bin/python" main.py "$@"
