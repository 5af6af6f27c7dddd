#!/usr/bin/env bash
# Creates .venv (Python 3.11) and installs the pinned requirements when they changed. Idempotent.
#   scripts/setup.sh         the dashboard's packages (requirements.txt) – used by scripts/start.sh
#   scripts/setup.sh --dev   also tests, lint and benchmarks (requirements-dev.txt) – used by scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=0
if [ "${1:-}" = "--dev" ]; then DEV=1; fi

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PY="$candidate"; break; fi
  done
fi
if [ -z "$PY" ]; then
  echo "Python 3.11 wird benötigt, wurde aber nicht gefunden." >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)'; then
  echo "Python 3.11 oder neuer wird benötigt ($("$PY" --version 2>&1) gefunden)." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "Lege die virtuelle Umgebung .venv an …"
  "$PY" -m venv .venv
fi
# One stamp per set: the hash of the files it installs. The dev set includes the app set.
install() {  # install <stamp> <requirements file> <files whose content the stamp covers...>
  local stamp=$1 file=$2; shift 2
  local want
  want=$(cat "$@" | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Installiere die Python-Pakete aus $file …"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r "$file"
    echo "$want" > "$stamp"
  fi
}
if [ "$DEV" = 1 ]; then
  install .venv/.requirements-dev.sha256 requirements-dev.txt requirements.txt requirements-dev.txt
fi
install .venv/.requirements.sha256 requirements.txt requirements.txt
.venv/bin/python -c "from geo.assets import install_leaflet; install_leaflet()"
