#!/usr/bin/env bash
# Starts the whole product (public site, /api) on the embedded SQLite database in data/,
# importing the sample content from content/ on first start. It runs the published build, so
# static files are fingerprinted, precompressed and cached as in production.
# Extra arguments go to the app, e.g. scripts/run.sh --urls http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
# libvips makes the pictures' WebP derivatives; without it the site serves the originals.
if ! command -v vips >/dev/null; then
  echo "run.sh: installing libvips-tools from Debian's packages" >&2
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libvips-tools >&2
fi
dotnet publish src/Web -c Release -o artifacts/publish -nologo -v quiet
exec dotnet artifacts/publish/PromoSite.Web.dll --contentRoot "$PWD/artifacts/publish" "$@"
