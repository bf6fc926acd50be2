#!/usr/bin/env bash
# Search benchmark on both databases, side by side in one run: a generated corpus of N items in
# five languages (sentences of the sample content recombined), index build time, database size,
# query latency p50/p95.   bench/search.sh [items=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh start
dotnet build bench/PromoSite.Bench -c Release -v quiet -nologo >/dev/null
for provider in sqlite postgres; do
  dotnet bench/PromoSite.Bench/bin/Release/net10.0/PromoSite.Bench.dll "$provider" "${1:-10000}"
done
