#!/usr/bin/env bash
# Starts the whole product (public site, /api) on the embedded SQLite database in data/,
# importing the sample content from content/ on first start. It runs the published build, so
# static files are fingerprinted, precompressed and cached as in production.
# Extra arguments go to the app, e.g. scripts/run.sh --urls http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
# libvips makes the pictures' WebP derivatives; without it the site serves the originals, so it is
# installed when that is possible and otherwise only warned about: the site runs either way.
if ! command -v vips >/dev/null; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  fi
  if [ "$SUDO" != "none" ] && command -v apt-get >/dev/null; then
    echo "run.sh: installing libvips-tools from Debian's packages" >&2
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libvips-tools; } >&2 \
      || echo "run.sh: warning: could not install libvips-tools; pictures are served without WebP derivatives" >&2
  else
    echo "run.sh: warning: vips is not installed (and cannot be installed here: no apt-get or no root/sudo); pictures are served without WebP derivatives" >&2
  fi
fi
dotnet publish src/Web -c Release -o artifacts/publish -nologo -v quiet
exec dotnet artifacts/publish/PromoSite.Web.dll --contentRoot "$PWD/artifacts/publish" "$@"
