#!/usr/bin/env bash
# The restore drill (docs/deploy.md, "Restore drill"): proves that last night's kind of backup
# brings this installation back whole. It
#   1. fingerprints the installation (every revision row and every media original's SHA-256),
#      backs it up with the backup verb, and fingerprints it again (equal: nobody saved meanwhile,
#      so the backup holds exactly the fingerprinted state);
#   2. stops the installation (--stop), WIPES its database, media (folder or bucket) and keys,
#      restores the backup with the restore verb;
#   3. fingerprints again and compares line by line, then starts the site (--start, or its own
#      instance on 127.0.0.1:--port) and asks /health/ready and a known page for 200.
# Exit 0 when everything is equal and the site answers; otherwise 1 with what differs.
# The settings (database, Media:Store, data folder) come from the environment, as the service has
# them: run it with the same environment file (set -a; . /etc/promosite/common.env; set +a).
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: scripts/restore-drill.sh --yes [--app "dotnet /opt/promosite/PromoSite.Web.dll"] [--work DIR]
                                [--stop "CMD"] [--start "CMD"] [--url URL] [--port 18080] [--page /vi]
  --yes     required: the drill wipes this installation's database, media and keys (after backing up)
  --app     how to run PromoSite (default: $PROMOSITE_APP, else dotnet artifacts/publish/PromoSite.Web.dll)
  --work    where the backup, the fingerprints and the logs go (default: a new folder under /tmp); kept
  --stop    command that stops the running installation before the wipe (e.g. systemctl stop 'promosite@*')
  --start   command that starts it after the restore (then --url is checked)
  --url     the started installation's address (default: the drill's own instance, http://127.0.0.1:PORT)
  --port    the port of the drill's own instance when there is no --start (default 18080)
  --page    a page that must answer 200 after the restore (default /vi)
EOF
  exit 2
}

APP="${PROMOSITE_APP:-dotnet $(cd "$(dirname "$0")/.." && pwd)/artifacts/publish/PromoSite.Web.dll}"
WORK="" STOP="" START="" URL="" PORT=18080 PAGE="/vi" YES=""
while [ $# -gt 0 ]; do
  case "$1" in
    --yes) YES=1 ;;
    --app) APP="$2"; shift ;;
    --work) WORK="$2"; shift ;;
    --stop) STOP="$2"; shift ;;
    --start) START="$2"; shift ;;
    --url) URL="$2"; shift ;;
    --port) PORT="$2"; shift ;;
    --page) PAGE="$2"; shift ;;
    -h|--help) usage ;;
    *) echo "restore-drill: unknown option '$1'" >&2; usage ;;
  esac
  shift
done
[ -n "$YES" ] || { echo "restore-drill: this wipes the installation's database, media and keys before restoring them; add --yes." >&2; usage; }
WORK="${WORK:-$(mktemp -d /tmp/restore-drill.XXXXXX)}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
ARCHIVE="$WORK/drill-backup.zip"
rm -f "$ARCHIVE"

say() { echo "restore-drill: $*" >&2; }
fail() { say "FAILED: $*"; say "the backup, fingerprints and logs are in $WORK"; exit 1; }

# Runs the app with arguments (quoted safely into the --app command line); output to a log.
app() {
  local log="$WORK/$1.log"; shift
  if ! eval "$APP $(printf ' %q' "$@")" >"$log" 2>&1; then
    cat "$log" >&2
    return 1
  fi
}

say "1/4 fingerprint, backup, fingerprint ($WORK)"
app fingerprint-before fingerprint "$WORK/before.txt" || fail "the fingerprint of the installation could not be taken"
app backup backup "$ARCHIVE" || fail "the backup verb refused (above)"
app fingerprint-after-backup fingerprint "$WORK/before-2.txt" || fail "the second fingerprint could not be taken"
if ! cmp -s "$WORK/before.txt" "$WORK/before-2.txt"; then
  diff "$WORK/before.txt" "$WORK/before-2.txt" | head -20 >&2 || true
  fail "the installation changed while it was backed up (someone saved, above): run the drill at a quiet moment or with --stop first"
fi
say "   $(head -1 "$WORK/before.txt")"

say "2/4 stop, wipe, restore"
if [ -n "$STOP" ]; then eval "$STOP" || fail "--stop failed"; fi
app wipe wipe --force || fail "the wipe failed (above)"
app restore restore "$ARCHIVE" || fail "the restore verb refused (above)"

say "3/4 compare"
app fingerprint-restored fingerprint "$WORK/restored.txt" || fail "the restored installation cannot be fingerprinted"
DIFFERS=""
if ! cmp -s "$WORK/before.txt" "$WORK/restored.txt"; then
  DIFFERS=1
  say "the restored installation differs from the backed-up one (< before, > restored):"
  diff "$WORK/before.txt" "$WORK/restored.txt" | grep '^[<>]' | head -50 >&2 || true
fi

say "4/4 start and ask"
OWN=""
if [ -n "$START" ]; then
  eval "$START" || fail "--start failed"
  URL="${URL:?--url is needed with --start}"
else
  URL="http://127.0.0.1:$PORT"
  ( eval "exec $APP --urls $(printf '%q' "$URL")" ) >"$WORK/site.log" 2>&1 &
  OWN=$!
  trap 'kill "$OWN" 2>/dev/null || true' EXIT
fi
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$URL$1" || true; }
READY=""
for _ in $(seq 1 120); do
  if [ "$(status /health/ready)" = 200 ]; then READY=1; break; fi
  if [ -n "$OWN" ] && ! kill -0 "$OWN" 2>/dev/null; then tail -20 "$WORK/site.log" >&2; break; fi
  sleep 0.5
done
PROBLEMS=""
[ -n "$READY" ] || PROBLEMS="$PROBLEMS; $URL/health/ready did not answer 200 within 60 s ($(curl -s --max-time 5 "$URL/health/ready" | head -3 | tr '\n' ' '))"
PAGE_STATUS="$(curl -s -o /dev/null -w '%{http_code}' -L --max-time 20 "$URL$PAGE" || true)"
[ "$PAGE_STATUS" = 200 ] || PROBLEMS="$PROBLEMS; $URL$PAGE answered $PAGE_STATUS, not 200"
if [ -n "$OWN" ]; then kill "$OWN" 2>/dev/null || true; wait "$OWN" 2>/dev/null || true; trap - EXIT; fi

[ -z "$DIFFERS" ] || PROBLEMS="$PROBLEMS; revisions or media differ after the restore (listed above)"
[ -z "$PROBLEMS" ] || fail "${PROBLEMS#; }"
say "PASSED: every revision and media original is equal after backup, wipe and restore; /health/ready and $PAGE answer 200"
