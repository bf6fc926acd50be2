#!/usr/bin/env bash
# Starts the whole product (public site, /api, /admin) on the embedded SQLite database in data/,
# importing the sample content from content/ on first start. Extra arguments go to the app,
# e.g. scripts/run.sh --urls http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project src/Web -c Release -- "$@"
