#!/usr/bin/env bash
# Mutation testing of the domain core with mutmut 3: every small change to desktop/core is run
# against the tests without a window, and the score per module and the survivors are printed.
# Takes about ten minutes on two cores; later runs re-test only what changed. Not part of the
# test command. Any arguments go to the report (e.g. --wording).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh" "test,mutation"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
"$PY" -m mutmut run --max-children "$(nproc)" > /dev/null
"$PY" scripts/mutation_report.py "$@"
