#!/usr/bin/env bash
# Installs what the dashboard needs (first run only) and starts it on the embedded data in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m data.check || echo "Hinweis: Die Daten haben Probleme (siehe oben); das Dashboard zeigt sie an."
exec .venv/bin/python -m streamlit run app.py "$@"
