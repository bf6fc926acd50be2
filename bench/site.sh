#!/usr/bin/env bash
# Public-site benchmark, all on 127.0.0.1, side by side in one run:
#   1. a cached detail page from PromoSite vs nginx serving the very same bytes as a static file
#      (throughput ratio over alternating rounds; the aim is parity with nginx);
#   2. uncached pages (output cache off): the current minifier, the earlier AngleSharp pass, and no
#      minification, side by side, plus server time per page;
#   3. HTML size per template: unminified, minified, gzip, brotli.
# Every side is checked to answer 200 with the expected bytes before anything is measured, and wrk
# must see no non-2xx answer: a ratio against nginx error pages is worse than none (issue 16).
# Installs wrk and nginx from Debian's packages if missing.   bench/site.sh [seconds=10] [connections=32] [rounds=3]
# SITE_BENCH_BEFORE=/folder (a `dotnet publish` of an earlier commit) adds that build, uncached, to the
# uncached rounds and the server times, so a change is measured against what it replaced in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"; CONNECTIONS="${2:-32}"; ROUNDS="${3:-3}"
# SITE_BENCH_PORT moves the five ports (default 5191-5195), so that runs on a shared machine do not collide.
BASE="${SITE_BENCH_PORT:-5191}"; P1=$BASE; P2=$((BASE + 1)); P3=$((BASE + 2)); PN=$((BASE + 3)); P4=$((BASE + 4))
for tool in wrk nginx; do
  if ! command -v $tool >/dev/null; then
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $( [ $tool = nginx ] && echo nginx-light || echo wrk ) >/dev/null
  fi
done

dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
work="$(mktemp -d /tmp/promosite-bench-XXXX)"
# mktemp -d makes the folder 0700: nginx's workers (another user when started as root) could not read
# it and every request was a 403, which the earlier notes measured as "nginx".
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start() { # port data-folder extra-settings...
  local port=$1 data=$2; shift 2
  mkdir -p "$data"
  # No picture derivatives: each instance makes its own in the background, so the first (cached)
  # render and a later uncached one would differ by the <picture> srcset and fail the byte check.
  PROMOSITE_DATA="$data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Media__Derivatives=false \
    dotnet artifacts/publish/PromoSite.Web.dll --contentRoot "$PWD/artifacts/publish" --urls "http://127.0.0.1:$port" "$@" >"$data/server.log" 2>&1 &
  pids+=($!)
}
start $P1 "$work/cached"
start $P2 "$work/uncached" --Site:OutputCache=false
start $P3 "$work/unminified" --Site:OutputCache=false --Site:MinifyHtml=false
start $P4 "$work/anglesharp" --Site:OutputCache=false --Site:HtmlMinifier=AngleSharp
P5=$((BASE + 5)); ports="$P1 $P2 $P3 $P4"
if [ -n "${SITE_BENCH_BEFORE:-}" ]; then
  mkdir -p "$work/before"
  PROMOSITE_DATA="$work/before" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Media__Derivatives=false \
    dotnet "$SITE_BENCH_BEFORE/PromoSite.Web.dll" --contentRoot "$SITE_BENCH_BEFORE" --urls "http://127.0.0.1:$P5" --Site:OutputCache=false >"$work/before/server.log" 2>&1 &
  pids+=($!); ports="$ports $P5"
fi
for port in $ports; do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
done

detail=$(curl -sf "http://127.0.0.1:$P1/api/v1/en/heritage-sites?pageSize=1" | sed -n 's/^{"items":\[{[^}]*"url":"http:\/\/127.0.0.1:[0-9]*\([^"]*\)".*/\1/p')
[ -n "$detail" ] || { echo "no detail page found through the API" >&2; exit 1; }
mkdir -p "$work/www"
curl -sf "http://127.0.0.1:$P1$detail" -o "$work/www/page.html"
chmod 755 "$work/www"; chmod 644 "$work/www/page.html"
cat >"$work/nginx.conf" <<CONF
daemon on; worker_processes 2; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; keepalive_requests 100000;
  types { text/html html; }
  server { listen 127.0.0.1:$PN; root $work/www; location / { try_files /page.html =404; } } }
CONF
nginx -c "$work/nginx.conf"
sleep 0.5

# The same request wrk sends (no Accept-Encoding): 200 and the expected number of bytes, or no figures at all.
expected=$(wc -c <"$work/www/page.html")
check() { # label url bytes (empty: any)
  local got; got=$(curl -s -o "$work/check.body" -w '%{http_code} %{size_download}' "$2")
  if [ "${got%% *}" != "200" ] || { [ -n "$3" ] && [ "${got#* }" != "$3" ]; }; then
    echo "FAIL: $1 $2 answered '$got' (expected 200 ${3:-bytes})" >&2; head -c 300 "$work/check.body" >&2; echo >&2; exit 1
  fi
  echo "  ok: $1 answers 200, ${got#* } bytes" >&2
}
check "PromoSite cached" "http://127.0.0.1:$P1$detail" "$expected"
check "nginx" "http://127.0.0.1:$PN/page.html" "$expected"
check "PromoSite uncached" "http://127.0.0.1:$P2$detail" "$expected"
check "PromoSite uncached, AngleSharp minifier" "http://127.0.0.1:$P4$detail" ""
check "PromoSite uncached, not minified" "http://127.0.0.1:$P3$detail" ""
[ -z "${SITE_BENCH_BEFORE:-}" ] || check "earlier build, uncached" "http://127.0.0.1:$P5$detail" "$expected"

wrk_line() { # label url
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
  local rps p50 p99
  if grep -q "Non-2xx" <<<"$out"; then echo "FAIL: $(grep Non-2xx <<<"$out") for $2" >&2; exit 1; fi
  if grep -q "Socket errors" <<<"$out"; then echo "  note: $(grep 'Socket errors' <<<"$out") for $2" >&2; fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-44s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99" >&2
  echo "$rps"
}
echo "PromoSite public site, wrk -t2 -c$CONNECTIONS -d${DURATION}s, $(nproc) cores, $(date -u +%FT%TZ), page $detail" >&2
for url in "http://127.0.0.1:$P1$detail" "http://127.0.0.1:$PN/page.html" "http://127.0.0.1:$P2$detail"; do wrk -t2 -c"$CONNECTIONS" -d5s "$url" >/dev/null; done # warm-up: tiered JIT settles
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  ours=$(wrk_line "round $round: PromoSite, cached detail page" "http://127.0.0.1:$P1$detail")
  theirs=$(wrk_line "round $round: nginx, same bytes as a static file" "http://127.0.0.1:$PN/page.html")
  ratios+=("$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')")
done
echo "cached PromoSite / nginx throughput per round: ${ratios[*]} (median $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'))" >&2

for round in $(seq 1 "$ROUNDS"); do
  wrk_line "round $round: uncached, current minifier" "http://127.0.0.1:$P2$detail" >/dev/null
  [ -z "${SITE_BENCH_BEFORE:-}" ] || wrk_line "round $round: uncached, earlier build" "http://127.0.0.1:$P5$detail" >/dev/null
  wrk_line "round $round: uncached, AngleSharp minifier (before)" "http://127.0.0.1:$P4$detail" >/dev/null
  wrk_line "round $round: uncached, not minified" "http://127.0.0.1:$P3$detail" >/dev/null
done

# Server time = time to first byte minus the time curl took to reach the point of sending the request,
# on one kept-alive connection (one curl process, 200 transfers): earlier notes counted curl's own
# start and the TCP connect of a new process per request (about 2 ms under load) as server time.
echo "Uncached server time per page (one kept-alive connection, 200 requests each, starttransfer - pretransfer: mean and p95)" >&2
for path in /en/ /en/ocop/ /en/investment/ "$detail" /ko/publications/; do
  for port in $P2 $( [ -z "${SITE_BENCH_BEFORE:-}" ] || echo $P5 ); do
    for _ in $(seq 1 200); do printf 'url = "http://127.0.0.1:%s%s"\noutput = "/dev/null"\n' "$port" "$path"; done >"$work/timing.conf"
    curl -s -K "$work/timing.conf" -w '%{http_code} %{time_pretransfer} %{time_starttransfer}\n' >"$work/timing.txt"
    if grep -qv '^200 ' "$work/timing.txt"; then echo "FAIL: $path on $port answered $(grep -v '^200 ' "$work/timing.txt" | head -1)" >&2; exit 1; fi
    awk '{ printf "%.6f\n", $3 - $2 }' "$work/timing.txt" | sort -n | awk -v p="$path" -v side="$( [ "$port" = "$P2" ] && echo now || echo earlier )" \
      '{ t[NR] = $1; s += $1 } END { printf "  %-40s %-8s mean %.2f ms  p95 %.2f ms\n", p, side, s / NR * 1000, t[int(NR * 0.95)] * 1000 }' >&2
  done
done

echo "HTML bytes per template: unminified / minified / gzip / brotli" >&2
for path in /en/ /ko/ /en/ocop/ /en/investment/ /en/tourism/ /en/heritage/ /en/publications/ "$detail"; do
  raw=$(curl -s "http://127.0.0.1:$P3$path" | wc -c)
  min=$(curl -s "http://127.0.0.1:$P1$path" | wc -c)
  gz=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$P1$path" | wc -c)
  br=$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$P1$path" | wc -c)
  printf '  %-44s %7s %7s %7s %7s\n' "$path" "$raw" "$min" "$gz" "$br" >&2
done
