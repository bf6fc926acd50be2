#!/usr/bin/env bash
# Analytics cost on the hot path, side by side in one run, all on 127.0.0.1:
#   the same cached detail page from two PromoSite servers, one counting page views and one with
#   Analytics:Enabled=false, measured alternately (on, off, on, off) so machine noise hits both.
# Every request carries a browser user agent, so every one is counted and written (the worst case);
# afterwards the hits in the database are compared with the requests wrk made.
#   bench/analytics.sh [seconds=10] [connections=32]
# ANALYTICS_ON_ARGS adds settings to the counting server, e.g. "--Analytics:QueueCapacity=1" to
# measure the request path alone (nearly every hit is then dropped before the writer sees it).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"; CONNECTIONS="${2:-32}"
PON=5195; POFF=5196
command -v wrk >/dev/null || { SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"; $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null; }
command -v sqlite3 >/dev/null || { SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlite3 >/dev/null; }

dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
work="$(mktemp -d /tmp/promosite-bench-XXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
start() { # port data-folder extra-settings...
  local port=$1 data=$2; shift 2
  mkdir -p "$data"
  PROMOSITE_DATA="$data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet artifacts/publish/PromoSite.Web.dll --contentRoot "$PWD/artifacts/publish" --urls "http://127.0.0.1:$port" "$@" >"$data/server.log" 2>&1 &
  pids+=($!)
}
start $PON "$work/on" ${ANALYTICS_ON_ARGS:-}
start $POFF "$work/off" --Analytics:Enabled=false
for port in $PON $POFF; do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
done
detail=$(curl -sf "http://127.0.0.1:$PON/api/v1/en/heritage-sites?pageSize=1" | sed -n 's/^{"items":\[{[^}]*"url":"http:\/\/127.0.0.1:[0-9]*\([^"]*\)".*/\1/p')
UA="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"

run() { # label port -> prints "rps requests"
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "User-Agent: $UA" -H "Accept-Encoding: br" "http://127.0.0.1:$2$detail")
  local rps p50 p99 total
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  printf '  %-28s %10s req/s   p50 %8s   p99 %8s   %s requests\n' "$1" "$rps" "$p50" "$p99" "$total" >&2
  echo "$rps $total"
}
echo "Analytics on vs off, cached page $detail, wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(nproc) cores, $(date -u +%FT%TZ)" >&2
for port in $PON $POFF; do wrk -t2 -c"$CONNECTIONS" -d3s -H "User-Agent: $UA" "http://127.0.0.1:$port$detail" >/dev/null; done # warm-up (not counted below)
sleep 3
before=$(sqlite3 "$work/on/promosite.db" "select coalesce(sum("Count"),0) from analytics_hits" 2>/dev/null || echo 0)
on_total=0; on_rps=(); off_rps=()
for round in $(seq 1 "${ROUNDS:-3}"); do
  read -r r n < <(run "analytics on, round $round" $PON); on_rps+=("$r"); on_total=$((on_total + n))
  read -r r n < <(run "analytics off, round $round" $POFF); off_rps+=("$r")
done
awk -v on="${on_rps[*]}" -v off="${off_rps[*]}" 'BEGIN { n = split(on, a, " "); split(off, b, " "); for (i = 1; i <= n; i++) { x += a[i]; y += b[i] }
  printf "mean req/s: on %.0f, off %.0f; on/off ratio %.3f\n", x / n, y / n, x / y }' >&2
sleep 5 # let the writer finish its last batches
after=$(sqlite3 "$work/on/promosite.db" "select coalesce(sum("Count"),0) from analytics_hits")
rows=$(sqlite3 "$work/on/promosite.db" "select count(*) from analytics_hits")
echo "views counted while measured: $((after - before)) of $on_total requests (the rest dropped when the queue was full), in $rows rows" >&2
