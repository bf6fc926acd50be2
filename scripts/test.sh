#!/usr/bin/env bash
# Runs every test, on a fresh machine too: installs and starts what the tests need
# (PostgreSQL for the second storage provider), builds, runs all test projects, and ends with
# one line "N passed, N failed" summed over them. Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests drive Debian's Chromium (never Playwright's own download, which cannot work
# here); fonts-noto-cjk gives it the Korean, Japanese and Chinese glyphs a visitor's phone has.
need=()
command -v chromium >/dev/null || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v zbarimg >/dev/null || need+=(zbar-tools) # decodes the QR codes the tests make
[ -f /usr/share/java/epubcheck.jar ] || need+=(epubcheck) # validates the issue EPUBs (Java)
command -v vips >/dev/null || need+=(libvips-tools) # makes the images' WebP/JPEG derivatives
command -v npm >/dev/null || need+=(npm) # installs axe-core for the accessibility checks, and s3rver
[ -x /usr/sbin/nginx ] || need+=(nginx) # the topology test's load balancer (deploy/nginx/promosite.conf) and the static export's server
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || need+=(libnginx-mod-http-brotli-static) # the export's .br files
command -v pdftotext >/dev/null || need+=(poppler-utils) # reads and rasterises the PDFs the product prints
command -v wrk >/dev/null || need+=(wrk) # the topology test's load during kill -9 of a site node
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]} from Debian's packages" >&2
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi

# axe-core, which the browser tests inject to check pages against WCAG 2.2 AA, comes from the npm
# registry at the version package-lock.json pins.
if [ ! -f tests/PromoSite.Browser.Tests/node_modules/axe-core/axe.min.js ]; then
  npm ci --prefix tests/PromoSite.Browser.Tests --no-audit --no-fund >&2
fi

source scripts/postgres.sh start
trap 'scripts/postgres.sh stop' EXIT
# The media tests run on the S3 store too, and the topology test keeps its media there: a local
# S3-compatible server (s3rver from npm, tools/s3) in a temporary folder; exports PROMOSITE_TEST_S3.
source scripts/s3.sh start
trap 'scripts/s3.sh stop; scripts/postgres.sh stop' EXIT

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test PromoSite.sln -c Release --logger "trx" --results-directory "$results" "$@" || status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2; status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
