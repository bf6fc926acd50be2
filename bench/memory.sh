#!/usr/bin/env bash
# Memory of a site node at scale (issue 16): the search benchmark's corpus (N items of six public types,
# each published in all five languages, through bench/PromoSite.Bench's "corpus" verb) in a SQLite data
# folder, the site started from a Release publish, every URL of every sitemap requested once by one curl
# process holding PARALLEL connections; then the RSS from /proc (now and its peak) and the GC's own
# figures from dotnet-counters (installed as a global tool if missing).
#   bench/memory.sh [items=10000] [parallel=8] [port=51090] [extra site settings...]
# MEMORY_CORPUS=/folder reuses (copies) a corpus folder made earlier by the corpus verb, since making
# 10,000 items takes minutes. BENCH_DLL=path/to/PromoSite.Web.dll runs that build instead of a fresh Release publish
# (to compare two builds on one corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS="${1:-10000}"; PARALLEL="${2:-8}"; PORT="${3:-51090}"; shift $(( $# < 3 ? $# : 3 ))
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters >/dev/null

dotnet build bench/PromoSite.Bench -c Release -v quiet -nologo >/dev/null
if [ -z "${BENCH_DLL:-}" ]; then
  dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
  BENCH_DLL=artifacts/publish/PromoSite.Web.dll
fi
root="$(cd "$(dirname "$BENCH_DLL")" && pwd)"
work="$(mktemp -d /tmp/promosite-memory-XXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${MEMORY_CORPUS:-}" ] && [ -f "$MEMORY_CORPUS/promosite.db" ]; then
  cp -r "$MEMORY_CORPUS" "$work/data"
else
  dotnet bench/PromoSite.Bench/bin/Release/net10.0/PromoSite.Bench.dll corpus "$work/data" "$ITEMS" | grep -v 'One-time password' >&2
fi

rss() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
PROMOSITE_DATA="$work/data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Media__Derivatives=false \
  dotnet "$BENCH_DLL" --contentRoot "$root" --urls "http://127.0.0.1:$PORT" "$@" >"$work/server.log" 2>&1 &
pid=$!
started=$(date +%s.%N)
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { echo "the site did not start" >&2; tail -20 "$work/server.log" >&2; exit 1; }
echo "started and healthy in $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s; RSS $(rss VmRSS) MB" >&2
# The first page builds the published snapshot (all N × 5 languages): measured apart from the crawl.
t0=$(date +%s.%N); curl -sf -o /dev/null "http://127.0.0.1:$PORT/en/"
echo "first page (snapshot built) in $(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s; RSS $(rss VmRSS) MB" >&2

# Every URL of every sitemap: the index names the per-language sitemaps, each lists pages.
curl -sf "http://127.0.0.1:$PORT/sitemap.xml" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g' >"$work/sitemaps.txt"
: >"$work/urls.txt"
while read -r sitemap; do # absolute URLs on this host: Cms:PublicBaseUrl is not set
  curl -sf "$sitemap" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g' >>"$work/urls.txt"
done <"$work/sitemaps.txt"
sort -u -o "$work/urls.txt" "$work/urls.txt"
total=$(wc -l <"$work/urls.txt")
[ "$total" -gt 0 ] || { echo "no URL in the sitemaps" >&2; exit 1; }
sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$work/urls.txt" >"$work/curl.conf"
t0=$(date +%s.%N)
curl -s --no-progress-meter -Z --parallel-max "$PARALLEL" -K "$work/curl.conf" -w '%{http_code}\n' >"$work/codes.txt" || true
elapsed=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
ok=$(grep -c '^200$' "$work/codes.txt" || true)
echo "crawl: $total sitemap URLs in $(wc -l <"$work/sitemaps.txt") sitemaps, $ok answered 200, in $elapsed s ($PARALLEL connections)" >&2
sort "$work/codes.txt" | uniq -c | sort -rn | awk '{printf "  %s × %s\n", $1, $2}' >&2

sleep 5 # let the background writers (analytics) drain
echo "after the crawl: RSS $(rss VmRSS) MB (peak $(rss VmHWM) MB); $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
dotnet-counters collect -p "$pid" --counters System.Runtime --format csv -o "$work/counters.csv" --duration 00:00:04 >/dev/null 2>&1 || true
if [ -f "$work/counters.csv" ]; then
  # The last value of each GC figure the runtime reports (names differ between runtime versions).
  awk -F, 'tolower($3) ~ /heap|gc committed|working set|fragmentation/ {v[$3]=$NF} END {for (k in v) printf "  %s: %s\n", k, v[k]}' "$work/counters.csv" | sort >&2
fi
