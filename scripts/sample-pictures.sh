#!/usr/bin/env bash
# Draws the sample illustrations in content/media/*/photo.jpg: simple compositions per subject, with no
# text in the picture (a caption burnt into a picture is cut by crops and cannot be translated; the
# title, alt text and caption in each language say what it is). Each asset's front matter keeps
# saying it is a generated illustration to be replaced by the province's own photo.
# Needs libvips (vips, with SVG support: Debian's libvips-tools). Run from the repository root:
#   scripts/sample-pictures.sh
set -euo pipefail
cd "$(dirname "$0")/../content/media"
W=2400 H=1600
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

draw() { # key, svg body (2400x1600 canvas)
  printf '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">%s</svg>' "$W" "$H" "$W" "$H" "$2" > "$tmp/$1.svg"
  # strip: no metadata in a generated picture; Q=86 keeps gradients free of banding
  vips copy "$tmp/$1.svg" "$1/photo.jpg[Q=86,strip,optimize_coding]"
}

sky() { # id, top colour, bottom colour
  printf '<defs><linearGradient id="%s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="%s"/><stop offset="1" stop-color="%s"/></linearGradient></defs><rect width="2400" height="1600" fill="url(#%s)"/>' "$1" "$2" "$3" "$1"
}

# Tân Triều pomelos: fruit hanging among leaves over the river bank.
draw buoi-tan-trieu "$(sky s '#bfe3f2' '#eef7e4')
<path d='M0 1180 C500 1080 900 1240 1400 1150 S2100 1080 2400 1160 V1600 H0Z' fill='#6fa35a'/>
<path d='M0 1330 C600 1260 1200 1400 2400 1300 V1600 H0Z' fill='#4f8a43'/>
<g fill='#2f6b34'><ellipse cx='380' cy='330' rx='520' ry='300'/><ellipse cx='1150' cy='250' rx='600' ry='280'/><ellipse cx='2000' cy='320' rx='560' ry='320'/></g>
<g fill='#3f7f3d'><ellipse cx='760' cy='470' rx='420' ry='200'/><ellipse cx='1640' cy='480' rx='460' ry='210'/></g>
<g stroke='#5a4a2c' stroke-width='14' fill='none'><path d='M620 520 V760'/><path d='M1180 470 V850'/><path d='M1760 560 V780'/></g>
<g fill='#d9df5c' stroke='#b4b640' stroke-width='10'><circle cx='620' cy='860' r='120'/><circle cx='1180' cy='960' r='130'/><circle cx='1760' cy='880' r='115'/></g>
<g fill='#f4f3b0' opacity='.6'><circle cx='580' cy='820' r='32'/><circle cx='1135' cy='915' r='36'/><circle cx='1720' cy='840' r='30'/></g>"

# Bửu Phong pagoda: tiered roofs on a wooded hill at sunset.
draw chua-buu-phong "$(sky s '#f7b267' '#fde7c8')
<circle cx='1750' cy='520' r='170' fill='#fff1c9' opacity='.9'/>
<path d='M0 1000 C400 760 800 720 1200 820 S2000 900 2400 760 V1600 H0Z' fill='#5f8f4e'/>
<path d='M0 1250 C500 1120 1100 1180 1600 1130 S2200 1100 2400 1150 V1600 H0Z' fill='#3f6e3a'/>
<g transform='translate(1000 520)'>
<rect x='60' y='250' width='280' height='190' fill='#e9d8b4'/><rect x='170' y='330' width='60' height='110' fill='#7a3b22'/>
<path d='M-40 260 L400 260 L340 200 L20 200Z' fill='#8c2f1f'/>
<rect x='100' y='120' width='200' height='80' fill='#e9d8b4'/>
<path d='M20 130 L380 130 L320 75 L80 75Z' fill='#8c2f1f'/>
<path d='M110 75 L290 75 L200 0Z' fill='#8c2f1f'/></g>
<g fill='#2e5a2e'><circle cx='900' cy='930' r='70'/><circle cx='1500' cy='960' r='80'/><circle cx='1620' cy='990' r='60'/></g>"

# Đá Ba Chồng: three boulders stacked beside the road.
draw da-ba-chong "$(sky s '#8ec5e8' '#e3f1fa')
<path d='M0 1050 C600 950 1200 1000 1800 940 S2300 980 2400 960 V1600 H0Z' fill='#7cab5b'/>
<rect y='1350' width='2400' height='120' fill='#6b6b6b'/><g fill='#f2f2f2'><rect x='100' y='1402' width='220' height='16'/><rect x='700' y='1402' width='220' height='16'/><rect x='1300' y='1402' width='220' height='16'/><rect x='1900' y='1402' width='220' height='16'/></g>
<g stroke='#5b5750' stroke-width='8'><ellipse cx='1200' cy='1120' rx='420' ry='200' fill='#9a948a'/><ellipse cx='1150' cy='830' rx='330' ry='150' fill='#a9a397'/><ellipse cx='1260' cy='590' rx='250' ry='120' fill='#b8b2a6'/></g>
<g fill='#ffffff' opacity='.25'><ellipse cx='1080' cy='1060' rx='180' ry='50'/><ellipse cx='1060' cy='790' rx='140' ry='40'/><ellipse cx='1200' cy='560' rx='100' ry='30'/></g>
<g fill='#4d7f3a'><circle cx='400' cy='1000' r='110'/><circle cx='520' cy='1030' r='80'/><circle cx='1900' cy='960' r='120'/></g>"

# Long Thành industrial park: factory halls with sawtooth roofs along an internal road.
draw kcn-long-thanh "$(sky s '#6f9fd0' '#dcebf7')
<rect y='1000' width='2400' height='600' fill='#9aa39a'/>
<path d='M0 1330 L2400 1200 V1300 L0 1450Z' fill='#5c5f63'/>
<g fill='#e6e9ec' stroke='#9aa4ad' stroke-width='6'><rect x='180' y='760' width='620' height='300'/><rect x='950' y='700' width='720' height='330'/><rect x='1820' y='780' width='480' height='250'/></g>
<g fill='#3f79b5'><path d='M180 760 L280 660 L280 760 L380 660 L380 760 L480 660 L480 760 L580 660 L580 760 L680 660 L680 760 L800 660 V760Z'/><path d='M950 700 L1070 590 V700 L1190 590 V700 L1310 590 V700 L1430 590 V700 L1550 590 V700 L1670 590 V700Z'/><rect x='1820' y='740' width='480' height='40'/></g>
<rect x='1500' y='420' width='50' height='280' fill='#b9c0c7'/>
<g fill='#2d5e8f' opacity='.7'><rect x='240' y='880' width='120' height='60'/><rect x='420' y='880' width='120' height='60'/><rect x='600' y='880' width='120' height='60'/><rect x='1020' y='840' width='140' height='70'/><rect x='1230' y='840' width='140' height='70'/><rect x='1440' y='840' width='140' height='70'/></g>
<g fill='#4f8a43'><circle cx='120' cy='1120' r='70'/><circle cx='880' cy='1110' r='60'/><circle cx='1760' cy='1090' r='65'/></g>"

# Hàng Gòn megalithic tomb: a great stone slab on pillars, in a grove.
draw mo-cu-thach-hang-gon "$(sky s '#a9bcc9' '#e8ece6')
<path d='M0 1000 C700 940 1500 1020 2400 950 V1600 H0Z' fill='#b88b5a'/>
<path d='M0 1250 C800 1180 1600 1300 2400 1220 V1600 H0Z' fill='#a0734a'/>
<g fill='#6a665f'><rect x='860' y='820' width='70' height='260'/><rect x='1470' y='820' width='70' height='260'/><rect x='1000' y='840' width='60' height='230'/><rect x='1340' y='840' width='60' height='230'/></g>
<path d='M760 760 L1640 740 L1660 840 L740 860Z' fill='#8a857c' stroke='#5a564f' stroke-width='8'/>
<g fill='#3e6b3a'><circle cx='300' cy='820' r='170'/><circle cx='470' cy='880' r='120'/><circle cx='2050' cy='800' r='180'/><circle cx='1880' cy='870' r='110'/></g>
<g stroke='#5b4630' stroke-width='18'><path d='M300 980 V1080'/><path d='M2050 970 V1070'/></g>"

# Long Thành airport, for the press kit: a terminal roof, a runway and an aircraft climbing.
draw press-photo-long-thanh "$(sky s '#4f86c6' '#d8e8f6')
<rect y='1100' width='2400' height='500' fill='#8fae7a'/>
<path d='M0 1330 L2400 1250 V1350 L0 1440Z' fill='#55595e'/>
<g fill='#ffffff'><rect x='200' y='1362' width='160' height='14' transform='rotate(-2 280 1369)'/><rect x='800' y='1342' width='160' height='14' transform='rotate(-2 880 1349)'/><rect x='1400' y='1322' width='160' height='14' transform='rotate(-2 1480 1329)'/><rect x='2000' y='1302' width='160' height='14' transform='rotate(-2 2080 1309)'/></g>
<path d='M300 1100 C600 900 1100 880 1400 900 C1600 880 1900 900 2150 1100Z' fill='#e8eef3' stroke='#9fb3c4' stroke-width='8'/>
<g stroke='#9fb3c4' stroke-width='6'><path d='M600 1020 V1100'/><path d='M900 960 V1100'/><path d='M1200 940 V1100'/><path d='M1500 950 V1100'/><path d='M1800 1000 V1100'/></g>
<g transform='translate(1500 430) rotate(-12)' fill='#f7f9fb' stroke='#8aa0b4' stroke-width='6'>
<path d='M0 0 C60 -30 380 -30 460 0 C380 30 60 30 0 0Z'/><path d='M180 0 L300 -170 L340 -170 L280 0Z'/><path d='M180 0 L300 170 L340 170 L280 0Z'/><path d='M400 -8 L450 -90 L470 -90 L450 -4Z'/></g>"
echo "sample-pictures: wrote $(ls */photo.jpg | wc -l) pictures"
