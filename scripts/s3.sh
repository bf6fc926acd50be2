#!/usr/bin/env bash
# Starts a throwaway S3-compatible server (s3rver, from npm at the version tools/s3/package-lock.json
# pins) on a loopback port for the media tests and the topology test, installing it first if needed.
#   source scripts/s3.sh start   -> exports PROMOSITE_TEST_S3 (its address; credentials S3RVER/S3RVER)
#   scripts/s3.sh stop
# Its objects live in a folder under /tmp, emptied at every start.
set -euo pipefail

S3_PORT="${PROMOSITE_S3_PORT:-54379}"
S3_DIR="${PROMOSITE_S3_DIR:-/tmp/promosite-s3}"
S3_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/s3" && pwd)"

s3_start() {
  if [ ! -x "$S3_TOOLS/node_modules/.bin/s3rver" ]; then
    command -v npm >/dev/null || { echo "s3.sh: npm is missing (apt-get install npm)" >&2; return 1; }
    npm ci --prefix "$S3_TOOLS" --no-audit --no-fund >&2
  fi
  s3_stop
  rm -rf "$S3_DIR"
  mkdir -p "$S3_DIR/objects"
  nohup node "$S3_TOOLS/node_modules/.bin/s3rver" -d "$S3_DIR/objects" -a 127.0.0.1 -p "$S3_PORT" --silent \
    >"$S3_DIR/server.log" 2>&1 &
  echo $! >"$S3_DIR/pid"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; then
      export PROMOSITE_TEST_S3="http://127.0.0.1:$S3_PORT"
      echo "s3.sh: s3rver $(node -p "require('$S3_TOOLS/node_modules/s3rver/package.json').version") on 127.0.0.1:$S3_PORT" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "s3.sh: s3rver did not start:" >&2; cat "$S3_DIR/server.log" >&2; return 1
}

s3_stop() {
  if [ -f "$S3_DIR/pid" ]; then
    kill "$(cat "$S3_DIR/pid")" 2>/dev/null || true
    rm -f "$S3_DIR/pid"
  fi
}

case "${1:-start}" in
  start) s3_start ;;
  stop) s3_stop ;;
  *) echo "usage: s3.sh start|stop" >&2; exit 2 ;;
esac
