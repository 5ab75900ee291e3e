#!/usr/bin/env bash
# Install what is needed (first run only), then lint, type-check and run the whole test suite.
# Any arguments go to pytest, e.g. -k settings
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" test
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
echo "== ruff" && "$PY" -m ruff check . && "$PY" -m ruff format --check .
echo "== mypy" && "$PY" -m mypy
echo "== pytest" && "$PY" -m pytest "$@"
