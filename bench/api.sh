#!/usr/bin/env bash
# Load-tests the delivery API with wrk on 127.0.0.1 against a Release build on a fresh SQLite
# data folder holding the sample content. Installs wrk from Debian's packages if missing.
#   bench/api.sh [seconds=10] [connections=32]
# Prints one line per endpoint: requests/s, latency p50 and p99. Compare figures from one run:
# the machines are shared, so ratios between endpoints hold better than absolute numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-5187}"

if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
data="$(mktemp -d /tmp/promosite-bench-XXXX)"
PROMOSITE_DATA="$data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet artifacts/publish/PromoSite.Web.dll --contentRoot "$PWD/artifacts/publish" --urls "http://127.0.0.1:$PORT" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done

base="http://127.0.0.1:$PORT"
slug=$(curl -sf "$base/api/v1/en/ocop-products?pageSize=1" | sed -n 's/.*"slug":"\([^"]*\)".*/\1/p' | head -n 1)
etag=$(curl -sf -D - -o /dev/null "$base/api/v1/ko/ocop-products" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')

run() { # name url [header]
  local name="$1" url="$2" header="${3:-}"
  curl -sf ${header:+-H "$header"} "$url" >/dev/null || true
  wrk -t2 -c2 -d2s ${header:+-H "$header"} "$url" >/dev/null 2>&1 # warm-up
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency ${header:+-H "$header"} "$url")
  local rps p50 p99
  if grep -q "Non-2xx" <<<"$out"; then echo "  warning: $(grep Non-2xx <<<"$out") for $2" >&2; fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
}

echo "PromoSite delivery API, wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(nproc) cores, $(date -u +%FT%TZ)"
run "list ko ocop-products"            "$base/api/v1/ko/ocop-products"
run "list ko ocop-products?stars=5"    "$base/api/v1/ko/ocop-products?stars=5"
run "item en ocop-products/$slug"      "$base/api/v1/en/ocop-products/$slug"
run "list ko ocop-products (304)"      "$base/api/v1/ko/ocop-products" "If-None-Match: $etag"
run "health (framework floor)"         "$base/health"
