#!/usr/bin/env bash
# Media benchmark, all local, side by side in one run:
#   1. derivative generation: the sample content's photos plus COUNT generated 12-megapixel
#      (4000 x 3000) photos, made by the same code the site runs (the "derive" verb), timed, with the
#      peak memory of the .NET process and of one libvips run on the largest photo;
#   2. page weight before and after: two servers on 127.0.0.1 on the same content, one serving
#      originals only (derivatives off), one with derivatives; for every item page with a picture,
#      the bytes a phone (390 CSS px at 2x), a desktop (1280 px at 1x) and a desktop at 2x download
#      for the page's HTML and the picture the browser picks from srcset/sizes.
# Needs libvips-tools (installs it if missing).   bench/media.sh [count=20]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-20}"
P1=5291; P2=5292
if ! command -v vips >/dev/null || [ ! -x /usr/bin/time ]; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libvips-tools time >/dev/null
fi

dotnet publish src/Web -c Release -o artifacts/publish -v quiet -nologo >/dev/null
work="$(mktemp -d /tmp/promosite-media-bench-XXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
# A verb (import, derive) must come first on the command line, before --contentRoot.
app() { PROMOSITE_DATA="$1" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production dotnet artifacts/publish/PromoSite.Web.dll "${@:2}" --contentRoot "$PWD/artifacts/publish"; }

echo "== making $COUNT 12-megapixel photos"
cp -r content "$work/content"
for i in $(seq 1 "$COUNT"); do
  mkdir -p "$work/content/media/bench-photo-$i"
  printf -- '---\ntitle: "Bench photo %s"\nalt: "A generated landscape"\n---\n' "$i" >"$work/content/media/bench-photo-$i/vi.md"
  OUT="$work/content/media/bench-photo-$i/photo.jpg" W=4000 H=3000 seeds/sample-images.sh "bench-photo-$i" "Bench photo $i" "$((100 + i))" "70 130 200" "70 120 60" 2>/dev/null
done
originals=$(find "$work/content/media" -name 'photo.jpg' | wc -l)
bytes=$(find "$work/content/media" -name 'photo.jpg' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "   $originals originals, $((bytes / 1024 / 1024)) MB"

echo "== import (no derivatives yet)"
app "$work/data" import "$work/content" --Media:Derivatives=false
cp -r "$work/data" "$work/originals-only"

echo "== derive: the site's own code, one vips process at a time"
/usr/bin/time -v -o "$work/time.txt" env PROMOSITE_DATA="$work/data" Logging__LogLevel__Default=Warning dotnet artifacts/publish/PromoSite.Web.dll derive --contentRoot "$PWD/artifacts/publish"
echo "   peak memory of the .NET process: $(awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$work/time.txt")"
largest=$(find "$work/data/media/originals" -name '*.jpg' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
/usr/bin/time -v -o "$work/vips.txt" env VIPS_CONCURRENCY=1 vips thumbnail "$largest" "$work/probe.webp[Q=75,strip]" 1600 --height 100000 --size down
echo "   peak memory of one vips run (largest original to 1600 px WebP): $(awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$work/vips.txt")"
derived=$(find "$work/data/media/derived" -name '*.webp' -o -name '*.jpg' | wc -l)
dbytes=$(find "$work/data/media/derived" \( -name '*.webp' -o -name '*.jpg' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "   $derived derivative files, $((dbytes / 1024 / 1024)) MB in all"

echo "== page weight: originals only (:$P1) vs derivatives (:$P2)"
app "$work/originals-only" --urls "http://127.0.0.1:$P1" --Media:Derivatives=false >"$work/p1.log" 2>&1 & pids+=($!)
app "$work/data" --urls "http://127.0.0.1:$P2" --Media:Derivatives=false >"$work/p2.log" 2>&1 & pids+=($!)
for port in $P1 $P2; do for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done; done

# The candidate a browser takes: the narrowest whose width covers the slot times the pixel ratio.
pick() { # srcset needed-width
  tr ',' '\n' <<<"$1" | awk -v need="$2" '{w=$2; sub("w","",w); if (w+0 >= need && (best=="" || w+0 < bw)) {best=$1; bw=w+0}; last=$1} END {print (best!="" ? best : last)}'
}
size() { curl -s --compressed -o /dev/null -w '%{size_download}' "$1"; }
printf '%-50s %12s %12s %12s %12s\n' "page (HTML + picture)" "originals" "phone 2x" "desktop 1x" "desktop 2x"
t1=0; tp=0; td=0; t2x=0
for type in destinations ocop-products heritage-sites industrial-parks; do
  for url in $(curl -s "http://127.0.0.1:$P2/api/v1/en/$type?pageSize=50" | grep -o '"url":"http://127.0.0.1:[0-9]*/en/[^"]*"' | sed 's/.*:[0-9]*\(\/en\/[^"]*\)"/\1/' | sort -u); do
    after="$(curl -s "http://127.0.0.1:$P2$url")"
    srcset=$(grep -o '<figure class="hero"> <picture> <source type="image/webp" srcset="[^"]*"' <<<"$after" | sed 's/.*srcset="//;s/"$//') || true
    [ -n "$srcset" ] || continue
    plain="$(curl -s "http://127.0.0.1:$P1$url")"
    original=$(grep -o '<figure class="hero"> <picture> <img src="[^"]*"' <<<"$plain" | sed 's/.*src="//;s/"$//')
    html1=$(size "http://127.0.0.1:$P1$url"); html2=$(size "http://127.0.0.1:$P2$url")
    img1=$(size "http://127.0.0.1:$P1$original")
    phone=$(size "http://127.0.0.1:$P2$(pick "$srcset" 780)")    # 100vw at 390 px, 2x
    desk=$(size "http://127.0.0.1:$P2$(pick "$srcset" 768)")     # 48rem column at 1x
    retina=$(size "http://127.0.0.1:$P2$(pick "$srcset" 1536)")  # 48rem column at 2x
    before=$((html1 + img1))
    t1=$((t1 + before)); tp=$((tp + html2 + phone)); td=$((td + html2 + desk)); t2x=$((t2x + html2 + retina))
    printf '%-50s %10d B %10d B %10d B %10d B\n' "$url" $before $((html2 + phone)) $((html2 + desk)) $((html2 + retina))
  done
done
printf '%-50s %10d B %10d B %10d B %10d B\n' "total" $t1 $tp $td $t2x
awk -v a=$t1 -v p=$tp -v d=$td -v r=$t2x 'BEGIN {printf "with derivatives / originals only: phone 2x %.3f, desktop 1x %.3f, desktop 2x %.3f\n", p/a, d/a, r/a}'
