#!/usr/bin/env bash
# Static export benchmark, side by side in one run (issue 18):
#   PromoSite: a generated corpus of N items × 5 languages imported into SQLite, then `export` in full, then an
#   incremental `export` after one item's English title changed, each under /usr/bin/time -v (wall time, peak RSS);
#   Hugo (Debian's package): a multilingual site of the very same Markdown (N × 5 pages, lists paged by 20) built
#   with `hugo`, under /usr/bin/time -v too.
# pages/s = HTML pages written / wall time of the process (start-up included); the export also prints its own time
# (what --watch pays per change, the process being up). Each side is checked for its expected pages (every item in
# every language has its page) before a ratio is printed.
# Hugo writes no .br or .gz: its output is then precompressed as the export's is (Debian's brotli and gzip, the same
# levels), shown beside Hugo's build as what serving a Hugo site the same way would cost; the aim's ratio is Hugo's build.
# Installs hugo, brotli and GNU time from Debian's packages if missing.   bench/export.sh [items=4800]
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS="${1:-4800}"
for tool in hugo brotli /usr/bin/time; do
  if ! command -v $tool >/dev/null; then
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$(basename $tool)" >/dev/null
  fi
done
dotnet publish src/Web -c Release -o artifacts/publish-export-bench -v quiet -nologo >/dev/null
# EXPORT_BENCH_WORK=DIR keeps the corpus and its imported database in DIR and reuses them on the next run (importing
# 4,800 items takes longer than exporting them on a busy machine); the exports and Hugo's output are made anew.
if [ -n "${EXPORT_BENCH_WORK:-}" ]; then
  work="$EXPORT_BENCH_WORK"; mkdir -p "$work"; rm -rf "$work/site" "$work/.site.exports" "$work/hugo-public"
  cleanup() { :; }
else
  work="$(mktemp -d /tmp/promosite-export-bench-XXXX)"
  cleanup() { rm -rf "$work"; }
fi
trap cleanup EXIT
[ -f "$work/imported" ] || { rm -rf "$work/corpus" "$work/data"; python3 bench/export_corpus.py content "$work/corpus" "$ITEMS"; }
# DOTNET_TieredPGO=0: an export is a batch run of a minute or two, and the runtime's instrumented tier (profile-guided
# recompilation, right for a server that runs for days) cost it about a sixth of its CPU (docs/export.md, fourth round).
APP=(env DOTNET_TieredPGO=0 PROMOSITE_DATA="$work/data" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
  dotnet "$PWD/artifacts/publish-export-bench/PromoSite.Web.dll" --contentRoot "$PWD/artifacts/publish-export-bench" --ContentPath="$work/corpus/promosite")
measure() { # label log -- command...
  local label=$1 log=$2; shift 3
  /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1 || { echo "FAIL: $label"; tail -20 "$log"; exit 1; }
  local wall rss cpu
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log.time")
  # CPU seconds (user + system, all threads): what the run cost whatever the neighbours' load, unlike the wall time.
  # System time is nearly all creating files (openat, mkdir): kept apart because it depends on the file system more
  # than on the program (docs/export.md, tenth round).
  local user sys
  user=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$log.time")
  sys=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$log.time")
  echo "$label|$wall|$rss|$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')|$user|$sys"
}
echo "corpus: $ITEMS items × 5 languages; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores" >&2
if [ ! -f "$work/imported" ]; then
  started=$SECONDS
  "${APP[@]}" import "$work/corpus/promosite" >"$work/import.log" 2>&1 || { tail "$work/import.log"; exit 1; }
  echo "corpus imported in $((SECONDS - started)) s (one process, start-up included)" >&2
  touch "$work/imported"
fi
full=$(measure "PromoSite full export" "$work/full.log" -- "${APP[@]}" export --out "$work/site" --base-url https://bench.example --Export:Timings=true)
pages=$(sed -n 's/^Full export: \([0-9]*\) pages.*/\1/p' "$work/full.log")
# Expected: every item in every language answered with its page (the manifest's items, each with a file).
promosite_items=$(python3 - "$work/site/export-manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
files = {e["path"] for e in m["entries"] if e.get("status") == 200 and e.get("file")}
paths = {v.split("|")[0] for v in m["items"].values()}
print(sum(1 for p in paths if p in files))
PY
)
# One edit: the English title of one item, imported as an editor's publish would be (one new revision). Only that
# item's folder is imported (the importer adds and updates, it deletes nothing): importing the whole corpus again to
# find the one changed file took minutes at 1,200 items.
edit="$work/edit/dishes/bench-0"; rm -rf "$work/edit"; mkdir -p "$edit"; cp "$work/corpus/promosite/dishes/bench-0/"* "$edit/"
f="$edit/en.md"; sed -i 's/^title: "\(.*\)"$/title: "\1 (edited)"/' "$f"
"${APP[@]}" import "$work/edit" >"$work/import2.log" 2>&1
incr=$(measure "PromoSite incremental export" "$work/incr.log" -- "${APP[@]}" export --out "$work/site" --base-url https://bench.example --Export:Timings=true)
# The same with the process up, as `--watch` runs it on each publish (start-up and first-request JIT paid once):
# six more edits, each imported by another process; the first is shown apart (code run for the first time), the
# median of the other five is the warm figure.
"${APP[@]}" export --out "$work/site" --base-url https://bench.example --watch --Export:Timings=true --Cms:ChangePollInterval=00:00:01 >"$work/watch.log" 2>&1 &
watch_pid=$!
trap 'kill $watch_pid 2>/dev/null || true; cleanup' EXIT
# Edits start once the watch has prepared for them (the search index, then one rendering of the pages an edit asks
# again, in the background at start), as on a server that has run a while.
for _ in $(seq 1 900); do grep -q "^Pages rehearsed" "$work/watch.log" && break; sleep 1; done
for n in 1 2 3 4 5 6; do
  sed -i -E 's/ \(edit [0-9]+\)//g; s/^title: "(.*)"$/title: "\1 (edit '"$n"')"/' "$f"
  "${APP[@]}" import "$work/edit" >"$work/import-watch.log" 2>&1
  for _ in $(seq 1 600); do [ "$(grep -c "^Incremental export" "$work/watch.log")" -ge $n ] && break; sleep 1; done
done
kill $watch_pid; wait $watch_pid 2>/dev/null || true
cat >"$work/corpus/hugo/hugo.toml" <<TOML
baseURL = "https://bench.example/"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
paginate = 20
[languages.vi]
contentDir = "content/vi"
weight = 1
[languages.en]
contentDir = "content/en"
weight = 2
[languages.ko]
contentDir = "content/ko"
weight = 3
[languages.ja]
contentDir = "content/ja"
weight = 4
[languages.zh]
contentDir = "content/zh"
weight = 5
TOML
mkdir -p "$work/corpus/hugo/layouts/_default"
cat >"$work/corpus/hugo/layouts/_default/baseof.html" <<'HTML'
<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}"><link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
<meta property="og:url" content="{{ .Permalink }}"></head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Home.AllTranslations }}<a href="{{ .RelPermalink }}">{{ .Language.Lang }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat >"$work/corpus/hugo/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}{{ end }}
HTML
cat >"$work/corpus/hugo/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">›</a>{{ end }}{{ end }}{{ end }}
HTML
hugo_line=$(cd "$work/corpus/hugo" && measure "Hugo $(hugo version | cut -d' ' -f2) build" "$work/hugo.log" -- hugo --quiet -d "$work/hugo-public")
# Every text file of Hugo's output with .br and .gz beside it, as the export writes them (Brotli quality 5, window 22;
# gzip 6), 400 files to a process, two processes at a time (the machine's cores, as each side's run uses them).
hugo_files=$(find "$work/hugo-public" -type f | wc -l)
hugo_zip_line=$(measure "Hugo's output precompressed (brotli, gzip)" "$work/hugo-precompress.log" -- bash -c '
  find "$1" -type f \( -name "*.html" -o -name "*.xml" -o -name "*.json" -o -name "*.js" -o -name "*.css" -o -name "*.svg" -o -name "*.txt" \) -print0 |
    xargs -0 -P2 -n 400 sh -c '"'"'brotli -q 5 -w 22 -k -f "$@" && gzip -6 -k -f "$@"'"'"' _' _ "$work/hugo-public")
hugo_compressed=$(find "$work/hugo-public" -type f -name '*.html.br' | wc -l)
hugo_pages=$(find "$work/hugo-public" -name '*.html' | wc -l)
[ "$hugo_compressed" -eq "$hugo_pages" ] || { echo "FAIL: Hugo's output has $hugo_compressed .html.br files for $hugo_pages pages"; exit 1; }
hugo_items=$(find "$work/hugo-public"/{vi,en,ko,ja,zh}/{dishes,destinations,heritage-sites} -mindepth 2 -name index.html -not -path '*/page/*' | wc -l)
expected=$((ITEMS * 5))
[ "$promosite_items" -ge "$expected" ] || { echo "FAIL: PromoSite exported $promosite_items item pages, expected $expected"; exit 1; }
[ "$hugo_items" -eq "$expected" ] || { echo "FAIL: Hugo built $hugo_items item pages, expected $expected"; exit 1; }
echo
echo "| run | HTML pages | files | wall s | pages/s | CPU s (user + system) | pages per CPU s | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|"
row() { IFS='|' read -r label wall rss cpu user sys <<<"$1"; awk -v l="$label" -v p="$2" -v f="$3" -v w="$wall" -v r="$rss" -v c="$cpu" -v u="$user" -v s="$sys" 'BEGIN { printf "| %s | %d | %s | %.2f | %s | %.1f (%.1f + %.1f) | %s | %.0f |\n", l, p, f, w, (p > 0 ? sprintf("%.0f", p / w) : "-"), c, u, s, (p > 0 ? sprintf("%.0f", p / c) : "-"), r / 1024 }'; }
row "$full" "$pages" "$(find "$work/site/" -type f | wc -l)"
row "$incr" 0 -
row "$hugo_line" "$hugo_pages" "$hugo_files"
row "$hugo_zip_line" 0 "$(( $(find "$work/hugo-public" -type f | wc -l) - hugo_files ))"
awk -v a="$(cut -d'|' -f2 <<<"$full")" -v p="$pages" -v b="$(cut -d'|' -f2 <<<"$hugo_line")" -v h="$hugo_pages" \
  -v ac="$(cut -d'|' -f4 <<<"$full")" -v bc="$(cut -d'|' -f4 <<<"$hugo_line")" \
  'BEGIN { printf "\nPromoSite pages/s ÷ Hugo pages/s: %.2f (wall); pages per CPU second: %.2f (item pages checked: %d each side)\n", (p / a) / (h / b), (p / ac) / (h / bc), '"$expected"' }'
awk -v a="$(cut -d'|' -f2 <<<"$full")" -v ac="$(cut -d'|' -f4 <<<"$full")" -v p="$pages" -v h="$hugo_pages" \
  -v b="$(cut -d'|' -f2 <<<"$hugo_line")" -v bc="$(cut -d'|' -f4 <<<"$hugo_line")" \
  -v z="$(cut -d'|' -f2 <<<"$hugo_zip_line")" -v zc="$(cut -d'|' -f4 <<<"$hugo_zip_line")" \
  'BEGIN { printf "Hugo build and its precompression together: %.1f s, %.1f CPU s; PromoSite pages/s ÷ theirs: %.2f (wall); pages per CPU second: %.2f\n", b + z, bc + zc, (p / a) / (h / (b + z)), (p / ac) / (h / (bc + zc)) }'
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "PromoSite's own figures:"; grep -h -E "^(Full|Incremental) export|^  [0-9]b? |^  CPU | requests " "$work/full.log" "$work/incr.log"
echo; grep -h -E "^Search index ready|^Pages rehearsed" "$work/watch.log"
echo "With the process up (--watch), the first edit: $(grep -o '^Incremental export.* in [0-9.]* s' "$work/watch.log" | head -1 | sed 's/.* in //')"
echo "Edits 2 to 6 (the export's own time; the published content is read again before each):"
grep -o '^Incremental export.* in [0-9.]* s' "$work/watch.log" | sed 's/.* in //; s/ s$//' | tail -n +2 | sort -n | awk '{ t[NR] = $1 } END { printf "each: "; for (i = 1; i <= NR; i++) printf "%s ", t[i]; printf "s (sorted); median %s s\n", t[int((NR + 1) / 2)] }'
grep '^  published content read again' "$work/watch.log" | awk '{ printf "%s ", $(NF-1) } END { print "s: the published content read again before each run (0.00 where the page cache change watcher had read it first)" }'
echo "The last edit's run:"
awk '/^Incremental export/ { n++ } n == 6' "$work/watch.log" | grep -E "^Incremental export|^  [0-9]b? |^  [0-9]-|^  CPU | requests "
