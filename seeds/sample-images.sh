#!/usr/bin/env bash
# Makes the sample content's pictures: plain illustrations (a sky, hills, the place's name), drawn
# with libvips at camera size so the media pipeline has real work to do. They stand in for photos
# until the province's own are uploaded; their credit says so.
#   seeds/sample-images.sh KEY "Label" SEED "sky R G B" "land R G B"   writes content/media/KEY/photo.jpg
# OUT (a file), W and H (pixels) override where and how large (bench/media.sh makes 12 MP photos).
set -euo pipefail
key=$1 label=$2 seed=$3 sky=$4 land=$5
out="${OUT:-$(dirname "$0")/../content/media/$key/photo.jpg}"
w=${W:-2400} h=${H:-1600}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
read -r sr sg sb <<<"$sky"; read -r lr lg lb <<<"$land"
vips xyz "$tmp/xy.v" $w $h
vips extract_band "$tmp/xy.v" "$tmp/y.v" 1
# Sky: the given colour at the top, paling towards the horizon.
vips linear "$tmp/y.v" "$tmp/sky.v" "$(bc -l <<<"(235-$sr)/$h") $(bc -l <<<"(240-$sg)/$h") $(bc -l <<<"(245-$sb)/$h")" "$sr $sg $sb"
# Hills: a horizon pushed up and down by slow noise; the land textured by finer noise.
vips perlin "$tmp/hills.v" $w $h --cell-size 700 --seed "$seed"
vips linear "$tmp/hills.v" "$tmp/shift.v" $((h * 21 / 100)) 0
vips add "$tmp/y.v" "$tmp/shift.v" "$tmp/ys.v"
vips relational_const "$tmp/ys.v" "$tmp/mask.v" more $((h * 575 / 1000))
vips perlin "$tmp/tex.v" $w $h --cell-size 45 --seed "$((seed + 1))"
vips linear "$tmp/tex.v" "$tmp/land.v" "70 70 50" "$lr $lg $lb"
vips ifthenelse "$tmp/mask.v" "$tmp/land.v" "$tmp/sky.v" "$tmp/scene.v"
vips gaussnoise "$tmp/noise.v" $w $h --sigma 7 --mean 0
vips add "$tmp/scene.v" "$tmp/noise.v" "$tmp/grain.v"
vips cast "$tmp/grain.v" "$tmp/rgb.v" uchar
# The place's name, white, bottom left, so nobody takes the picture for a photograph of it.
vips text "$tmp/text.v" "$label" --font "Noto Sans Bold 44" --dpi $((150 * w / 2400))
vips embed "$tmp/text.v" "$tmp/textfull.v" $((w * 90 / 2400)) $((h - h * 180 / 1600)) $w $h
vips relational_const "$tmp/textfull.v" "$tmp/textmask.v" more 100
vips bandjoin "$tmp/textmask.v $tmp/textmask.v $tmp/textmask.v" "$tmp/text3.v"
vips boolean "$tmp/rgb.v" "$tmp/text3.v" "$tmp/final.v" or
mkdir -p "$(dirname "$out")"
vips copy "$tmp/final.v" "$out[Q=88,strip]"
ls -l "$out" >&2
