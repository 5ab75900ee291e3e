#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller and check it: its --version, then its self-check
# (a temporary store, a message measured, the sample cohort imported, the window drawn offscreen).
# Fails on any error or on output that is not what a working bundle prints. Linux or macOS; on
# Windows use installer/build.ps1, which also makes the installer.
# Usage: bash installer/build.sh   (from anywhere; uses the project's .venv, made by scripts/setup.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh test
# PyInstaller reads the libraries it bundles with binutils' objdump
if ! command -v objdump >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq binutils >/dev/null
fi
PY="$ROOT/.venv/bin/python"
"$PY" -m pip install --quiet "pyinstaller>=6.10"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build installer/practice_messaging.spec
BUNDLE="$ROOT/dist/PracticeMessaging/PracticeMessaging"
VERSION="$("$PY" -c 'import desktop; print(desktop.__version__)')"

out="$("$BUNDLE" --version 2>&1)"
[ "$out" = "Practice Messaging $VERSION" ] || { echo "bundle --version printed: $out" >&2; exit 1; }
echo "bundle --version: $out"

err="$(mktemp)"
out="$(QT_QPA_PLATFORM=offscreen "$BUNDLE" self-check 2>"$err")" || { echo "$out"; cat "$err" >&2; exit 1; }
echo "$out"
if [ -s "$err" ]; then echo "the self-check wrote to stderr:" >&2; cat "$err" >&2; exit 1; fi
lines="$(printf '%s\n' "$out" | wc -l)"
last="$(printf '%s\n' "$out" | tail -n 1)"
[ "$lines" -eq 5 ] && [ "$last" = "Practice Messaging $VERSION: self-check passed" ] \
  || { echo "unexpected self-check output ($lines lines)" >&2; exit 1; }
echo "bundle: $(du -sh "$ROOT/dist/PracticeMessaging" | cut -f1) in dist/PracticeMessaging"
