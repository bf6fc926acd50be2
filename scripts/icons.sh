#!/usr/bin/env bash
# Renders the web app manifest's PNG icons (src/Web/wwwroot/icon-192.png, icon-512.png) from
# favicon.svg with headless Chromium, full-bleed on the brand green (platforms round or mask them).
# Run after changing favicon.svg; the PNGs are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
svg="$PWD/src/Web/wwwroot/favicon.svg"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for size in 192 512; do
  printf '<!doctype html><style>html,body{margin:0;background:#0b5d3b;overflow:hidden}img{display:block;width:%spx;height:%spx}</style><img src="file://%s">' "$size" "$size" "$svg" > "$tmp/icon.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$size,$size" \
    --screenshot="$PWD/src/Web/wwwroot/icon-$size.png" "file://$tmp/icon.html" 2>/dev/null
done
