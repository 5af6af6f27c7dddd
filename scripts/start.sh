#!/usr/bin/env bash
# Installs what the dashboard needs (first run only) and starts it on the embedded data in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m data.check || echo "Hinweis: Die Daten haben Probleme (siehe oben); das Dashboard zeigt sie an."
# The survey database: schema migrations, then the answers of data/responses.csv as its first version.
.venv/bin/python -m data.importer migrate || echo "Hinweis: Die Umfragedatenbank ist nicht erreichbar; das Dashboard zeigt die Antworten aus data/."
# Official boundaries (BKG VG250) for the area map, once; without internet the map shows points instead.
if [ ! -f "${GEO_DIR:-geo}/grenzen.json" ]; then
  .venv/bin/python -m geo.boundaries fetch --timeout 20 || true
fi
exec .venv/bin/python -m streamlit run app.py "$@"
