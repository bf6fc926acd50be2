#!/usr/bin/env bash
# Lighthouse over every public template in five languages (issue 16): one URL per template found in
# each language's sitemap (a section, a paged list, an item of each type, a publication issue...),
# plus pages no sitemap lists (a paged list, the search page, a one-pager print page, the park
# comparison). Scores for SEO, best practices and accessibility, mobile form factor, Debian's
# Chromium; the audits that failed are named with what failed. Pages that say noindex themselves
# (search, print, comparison) are held to 100 except "is-crawlable", which fails there by design.
#   bench/lighthouse.sh [locales="vi en ko ja zh"]
#   env: BENCH_DLL=path/to/PromoSite.Web.dll to skip the Release publish; LIGHTHOUSE_PORT (default 5281)
# Exits non-zero if an indexable page scores under 100 in any category, or any page under 100 in
# best practices or accessibility. Lighthouse comes from npm at the version tools/lighthouse pins.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCALES="${1:-vi en ko ja zh}"
PORT="${LIGHTHOUSE_PORT:-5281}"
TOOLS="$PWD/tools/lighthouse"
[ -x "$TOOLS/node_modules/.bin/lighthouse" ] || npm ci --prefix "$TOOLS" --no-audit --no-fund >&2
CHROME_PATH="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser)}"
export CHROME_PATH
if [ -z "${BENCH_DLL:-}" ]; then
  dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
  BENCH_DLL=artifacts/publish/PromoSite.Web.dll
fi
root="$(cd "$(dirname "$BENCH_DLL")" && pwd)"
work="$(mktemp -d /tmp/promosite-lighthouse-XXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
base="http://127.0.0.1:$PORT"
# The public base is the address Lighthouse opens, so canonical and hreflang point where it looks.
# Maps without background tiles unless LIGHTHOUSE_TILES=1: a machine without internet cannot reach the
# tile host, and each failed tile is a console error that costs best practices a point.
tiles=(); [ "${LIGHTHOUSE_TILES:-0}" = 1 ] || tiles=(--Site:Map:TileUrl=)
PROMOSITE_DATA="$work/data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$BENCH_DLL" --contentRoot "$root" --urls "$base" --Cms:PublicBaseUrl="$base" "${tiles[@]}" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 480); do curl -sf "$base/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "$base/health/ready" >/dev/null || { echo "the site did not start" >&2; tail -20 "$work/server.log" >&2; exit 1; }
python3 bench/lighthouse.py "$base" "$TOOLS/node_modules/.bin/lighthouse" "$work" $LOCALES
