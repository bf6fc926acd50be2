#!/usr/bin/env bash
# Refreshes the vendored Leaflet (BSD-2-Clause) in src/Web/wwwroot/lib/leaflet from npm.
# The files are committed, so building and running the site need neither npm nor the network;
# run this only to move to another version (then check the maps: tests/PromoSite.Browser.Tests MapBrowserTests).
set -euo pipefail
VERSION="${1:-1.9.4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/Web/wwwroot/lib/leaflet"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "leaflet@$VERSION" >/dev/null && tar -xzf leaflet-*.tgz)
rm -rf "$DEST"
mkdir -p "$DEST/images"
cp "$WORK/package/dist/leaflet.js" "$WORK/package/dist/leaflet.css" "$DEST/"
cp "$WORK/package/dist/images/"*.png "$DEST/images/"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
echo "$VERSION" > "$DEST/VERSION"
echo "Leaflet $VERSION vendored into ${DEST#$ROOT/}"
