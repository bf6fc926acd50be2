#!/usr/bin/env bash
# Publish-to-visible across nodes (issue 17): a cms node and a site node, two processes on one
# PostgreSQL database (throwaway server on 127.0.0.1:54336), on 127.0.0.1. A publish through the
# cms node's management API must show on the site node's cached public page through PostgreSQL's
# NOTIFY, long before the site node's poll: the site node polls only every 10 minutes here, so
# the figures measure the notification path alone. Prints p50/p95/max (aim: p95 ≤ 200 ms).
#   bench/eviction.sh [rounds=50]
#   env: BENCH_DLL=path/to/PromoSite.Web.dll to skip the Release publish (e.g. a Debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-50}"
CMS=5197; SITE=5198
if [ -z "${BENCH_DLL:-}" ]; then
  dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
  BENCH_DLL=artifacts/publish/PromoSite.Web.dll
fi
root="$(cd "$(dirname "$BENCH_DLL")" && pwd)"
work="$(mktemp -d /tmp/promosite-eviction-XXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${pgdb:-}" ] && { psql "$PG_ADMIN" -X -q -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; }
  PROMOSITE_PG_PORT=54336 PROMOSITE_PG_DIR=/tmp/pg-eviction scripts/postgres.sh stop || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PROMOSITE_PG_PORT=54336 PROMOSITE_PG_DIR=/tmp/pg-eviction source scripts/postgres.sh start
export PATH="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1):$PATH"
pgdb="promosite_eviction_$$"
PG_ADMIN="host=127.0.0.1 port=54336 user=postgres dbname=postgres"
psql "$PG_ADMIN" -X -q -c "CREATE DATABASE $pgdb" >/dev/null
conn="${PROMOSITE_TEST_POSTGRES/Database=postgres/Database=$pgdb}"
email="bench@localhost"; password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

start() { # role port -> starts a node on its own data folder and waits for /health
  local role=$1 port=$2
  mkdir -p "$work/$role"
  PROMOSITE_DATA="$work/$role" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Media__Derivatives=false \
    dotnet "$BENCH_DLL" --contentRoot "$root" --urls "http://127.0.0.1:$port" --role "$role" \
    --ConnectionStrings:Postgres="$conn" --Admin:Email="$email" --Admin:Password="$password" --Cms:ChangePollInterval=00:10:00 \
    >>"$work/$role.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 480); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0
    sleep 0.25
  done
  echo "the $role node did not become healthy:" >&2; tail -n 30 "$work/$role.log" >&2; exit 1
}

echo "PromoSite publish-to-visible, cms node → site node on PostgreSQL, $ROUNDS rounds, $(nproc) cores, $(date -u +%FT%TZ), $(basename "$(dirname "$BENCH_DLL")")"
start cms $CMS   # migrates and imports content/ first
start site $SITE
token=$(python3 bench/durability.py token "http://127.0.0.1:$CMS" "$email" "$password")
python3 bench/eviction.py measure "http://127.0.0.1:$CMS" "http://127.0.0.1:$SITE" "$token" "$ROUNDS"
