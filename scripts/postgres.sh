#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on a loopback port for the test suite, installing
# PostgreSQL from Debian's packages first if this machine lacks it.
#   source scripts/postgres.sh start   -> exports PROMOSITE_TEST_POSTGRES
#   scripts/postgres.sh stop
# The server keeps no data worth keeping: fsync is off and its folder is under /tmp.
set -euo pipefail

PG_PORT="${PROMOSITE_PG_PORT:-54329}"
PG_DIR="${PROMOSITE_PG_DIR:-/tmp/promosite-pg}"

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_install() {
  if [ -z "$(pg_bin)" ]; then
    echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq postgresql >&2
  fi
}

pg_start() {
  pg_install
  local bin; bin="$(pg_bin)"
  if ! as_owner "$bin/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$PG_DIR"
    as_owner "$bin/initdb" -D "$PG_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    as_owner "$bin/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
  fi
  export PROMOSITE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Timeout=30"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
}

pg_stop() {
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] && as_owner "$bin/pg_ctl" -D "$PG_DIR" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-start}" in
  start) pg_start ;;
  stop) pg_stop ;;
  *) echo "usage: postgres.sh start|stop" >&2; exit 2 ;;
esac
