#!/usr/bin/env bash
# Creates .venv (Python 3.11) and installs the pinned requirements when they changed. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

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
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installiere die Python-Pakete aus requirements.txt …"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  echo "$want" > "$stamp"
fi
.venv/bin/python -c "from geo.assets import install_leaflet; install_leaflet()"
