#!/usr/bin/env bash
# Builds the dashboard's front end: installs the pinned npm packages (web/package-lock.json) and copies the
# files the dashboard loads into src/eventwire/web/static/vendor/ (build output, not in git).
# Needs node and npm; nothing is fetched at run time, so the dashboard works with no internet.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${EVENTWIRE_SKIP_NPM:-}" != "1" ]; then
    npm ci --prefix web --no-audit --no-fund --loglevel=error
fi
modules=web/node_modules
vendor=src/eventwire/web/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor"
cp "$modules/d3-array/dist/d3-array.min.js" \
   "$modules/d3-geo/dist/d3-geo.min.js" \
   "$modules/topojson-client/dist/topojson-client.min.js" \
   "$modules/world-atlas/countries-50m.json" \
   "$modules/world-atlas/countries-110m.json" \
   "$vendor/"
for package in d3-array d3-geo topojson-client world-atlas; do
    cp "$modules/$package/LICENSE" "$vendor/LICENSE.$package"
done
echo "dashboard front end built in $vendor"
