#!/usr/bin/env bash
# Runs every test, on a fresh machine too: installs and starts what the tests need
# (PostgreSQL for the second storage provider), builds, runs all test projects, and ends with
# one line "N passed, N failed" summed over them. Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/postgres.sh start
trap 'scripts/postgres.sh stop' EXIT

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
