#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian's Chromium and PostgreSQL, axe-core from npm), checks
# the code with ruff and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
# Lint first (ruff.toml): any finding stops the run before the tests.
.venv/bin/ruff check .
if [ ! -x /usr/bin/chromium ]; then
  echo "Installiere Chromium (Debian-Paket) für die Browsertests …"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# axe-core for the accessibility tests comes from the npm registry (package.json, pinned in package-lock.json).
if ! command -v npm >/dev/null 2>&1; then
  echo "Installiere Node.js und npm (Debian-Pakete) für die Barrierefreiheitstests …"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
npm_stamp=node_modules/.package-lock.sha256
npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_want" ]; then
  echo "Installiere die npm-Pakete aus package-lock.json …"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$npm_want" > "$npm_stamp"
fi
# A real PostgreSQL server on 127.0.0.1 for the store tests (the same tests also run on SQLite); stopped at the end.
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop' EXIT
export TEST_POSTGRES_URL PGTEST_DIR
.venv/bin/python -m pytest "$@"
