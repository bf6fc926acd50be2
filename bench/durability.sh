#!/usr/bin/env bash
# Durability and concurrency of saves through the management API (issue 22), on a Release build and
# a fresh data folder (SQLite) or a fresh database (PostgreSQL, throwaway server on 127.0.0.1:54335):
#   1. kill -9: WRITERS writers (one item each) save new Korean summaries non-stop while the server
#      is killed with SIGKILL every 2-5 s (random) and restarted on the same data, ROUNDS times; then
#      every save the server acknowledged (200 + ETag) must be a revision of its item, once, and
#      the item's current text the last acknowledged one (or a later save whose answer the kill ate);
#      ETags must never go back, and every revision must have its audit entry;
#   2. ETag race: two writers on one item, each chaining If-Match from its own previous answer; every
#      200 must describe exactly the save it answers (text sent, version If-Match + 1), and the item's
#      revisions must be exactly the 200s in ETag order. 412s are the expected losers.
# Exit code 1 when anything was lost or mismatched. The clients and checks are bench/durability.py.
#   bench/durability.sh [sqlite|postgres] [rounds=20]
#   env: BENCH_PORT (5196), WRITERS (4), RACE_SAVES (saves tried per race writer, 500)
set -euo pipefail
cd "$(dirname "$0")/.."
PROVIDER="${1:-sqlite}"; ROUNDS="${2:-20}"
PORT="${BENCH_PORT:-5196}"; WRITERS="${WRITERS:-4}"; RACE_SAVES="${RACE_SAVES:-500}"
case "$PROVIDER" in sqlite|postgres) ;; *) echo "usage: bench/durability.sh [sqlite|postgres] [rounds=20]" >&2; exit 2 ;; esac
base="http://127.0.0.1:$PORT"
py="python3 bench/durability.py"

dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
data="$(mktemp -d /tmp/promosite-durability-XXXX)"
server=""; writers=""
cleanup() {
  [ -n "$writers" ] && kill "$writers" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  if [ "$PROVIDER" = postgres ]; then
    [ -n "${pgdb:-}" ] && { psql "$PG_ADMIN" -X -q -c "DROP DATABASE IF EXISTS $pgdb" >/dev/null 2>&1 || true; }
    PROMOSITE_PG_PORT=54335 PROMOSITE_PG_DIR=/tmp/pg-bench scripts/postgres.sh stop
  fi
  # Kept for a look when something failed: the server log and every save the writers made.
  if [ "${failed:-1}" = 0 ]; then rm -rf "$data"; else echo "kept $data (server.log, saves.jsonl)" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM # so that the EXIT trap runs when the bench is stopped

# The admin password is only for the bench's own first administrator (Admin:Email/Admin:Password
# are used while no user exists); the API token is then made through the admin like a person would.
email="bench@localhost"; password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
settings=(--Admin:Email="$email" --Admin:Password="$password")
if [ "$PROVIDER" = postgres ]; then
  # fsync is off in this throwaway server: what is tested is the application being killed, not the machine.
  PROMOSITE_PG_PORT=54335 PROMOSITE_PG_DIR=/tmp/pg-bench source scripts/postgres.sh start
  export PATH="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1):$PATH"
  pgdb="promosite_durability_$$"
  PG_ADMIN="host=127.0.0.1 port=54335 user=postgres dbname=postgres"
  psql "$PG_ADMIN" -X -q -c "CREATE DATABASE $pgdb" >/dev/null
  settings+=(--ConnectionStrings:Postgres="${PROMOSITE_TEST_POSTGRES/Database=postgres/Database=$pgdb}")
  db="psql:host=127.0.0.1 port=54335 user=postgres dbname=$pgdb"
else
  db="sqlite:$data/promosite.db"
fi

ms() { echo $(( $(date +%s%N) / 1000000 )); }
start() { # starts the server on the same data and waits for /health; sets server and took (ms)
  local t0; t0=$(ms)
  PROMOSITE_DATA="$data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Media__Derivatives=false \
    dotnet artifacts/publish/PromoSite.Web.dll --contentRoot "$PWD/artifacts/publish" --urls "$base" "${settings[@]}" >>"$data/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 480); do
    curl -sf "$base/health" >/dev/null && { took=$(( $(ms) - t0 )); return 0; }
    kill -0 "$server" 2>/dev/null || break
    sleep 0.25
  done
  echo "the server did not become healthy; tail of $data/server.log:" >&2; tail -n 30 "$data/server.log" >&2; exit 1
}

echo "PromoSite durability, $PROVIDER, $ROUNDS kills, $WRITERS writers, $(nproc) cores, $(date -u +%FT%TZ)"
start
token=$($py token "$base" "$email" "$password")

# Part 1: kill -9 while the writers save.
t0=$(date +%s)
stop="$data/stop"
$py writers "$base" "$token" "$data" "$WRITERS" "$stop" &
writers=$!
for _ in $(seq 1 240); do [ -e "$data/ready" ] && break; sleep 0.25; done
kills=0; restarts=0; restart_total=0
acks() { grep -c '"kind": "ack"' "$data/saves.jsonl" 2>/dev/null || true; }
for _ in $(seq 1 "$ROUNDS"); do
  # Kill only once saves flow again: on a loaded machine the first save after a start can take
  # longer than 5 s (cold JIT), and a kill then would only ever hit that first save.
  before=$(acks)
  for _ in $(seq 1 240); do [ "$(acks)" -gt "$before" ] && break; sleep 0.25; done
  # Random moments, so a kill lands anywhere in a save: before, inside or after its commit.
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 2 + 3 * r / 32768 }')"
  kill -9 "$server"; wait "$server" 2>/dev/null || true
  kills=$((kills + 1))
  start; restarts=$((restarts + 1)); restart_total=$((restart_total + took))
done
sleep 2 # the writers go on against the last start before they are stopped
touch "$stop"; wait "$writers"; writers=""
elapsed=$(( $(date +%s) - t0 ))
v=$($py verify "$base" "$token" "$data" "$db")
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
acked=$(field "$v" acknowledged); lost=$(field "$v" lost); problems=$(field "$v" problems)
printf 'kill -9   %s: %d saves acknowledged, %d lost, %d duplicated, %d problems; %d kills, %d restarts (avg %.1f s to healthy), %d answers lost to a kill (%d of them saved), %d audit entries missing, %d s\n' \
  "$PROVIDER" "$acked" "$lost" "$(field "$v" duplicated)" "$problems" "$kills" "$restarts" "$(awk -v t="$restart_total" -v n="$restarts" 'BEGIN { print t / n / 1000 }')" \
  "$(field "$v" answer_lost)" "$(field "$v" answer_lost_but_saved)" "$(field "$v" audit_missing)" "$elapsed"

# Part 2: the ETag race, on the server as the last restart left it.
r=$($py race "$base" "$token" "$data" "$RACE_SAVES" "$db")
mismatch=$(field "$r" mismatch); other=$(field "$r" other); history=$(field "$r" history_ok)
printf 'ETag race %s: %d saves tried on one item by 2 writers, %d answered 200, %d answered 412, %d mismatched, %d other, revisions = the 200s in ETag order: %s, %s s\n' \
  "$PROVIDER" "$(field "$r" attempts)" "$(field "$r" ok)" "$(field "$r" 412)" "$mismatch" "$other" "$history" "$(field "$r" seconds)"

failed=0
[ "$lost" = 0 ] && [ "$problems" = 0 ] && [ "$mismatch" = 0 ] && [ "$other" = 0 ] && [ "$history" = True ] || failed=1
exit "$failed"
