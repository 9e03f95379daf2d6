#!/usr/bin/env bash
# Regenerates public/fonts/*.woff2: Titillium Web (shipped by the npm package
# bootstrap-italia) subset to Latin, Latin-1, Latin Extended-A and common
# typographic punctuation.
#
# Needs: `npm ci` already run in src/styles, and fonttools + brotli
# (`pip install fonttools brotli`). Run from anywhere:
#   bash src/styles/subset-fonts.sh
set -euo pipefail

styles_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$styles_dir/../.." && pwd)"
src_dir="$styles_dir/node_modules/bootstrap-italia/dist/fonts/Titillium_Web"
out_dir="$repo_root/public/fonts"

if [ ! -d "$src_dir" ]; then
  echo "subset-fonts: $src_dir not found; run .ci/setup (npm ci in src/styles) first" >&2
  exit 1
fi
if command -v pyftsubset >/dev/null 2>&1; then
  subset=(pyftsubset)
elif python3 -c 'import fontTools.subset, brotli' >/dev/null 2>&1; then
  subset=(python3 -m fontTools.subset)
else
  echo "subset-fonts: fonttools/brotli missing; run: pip install fonttools brotli" >&2
  exit 1
fi

# Basic Latin, Latin-1 Supplement, Latin Extended-A,
# ‘ ’ ‚ “ ” „ – — • … ‹ › € ™ and arrows ← ↑ → ↓ (when the font has them).
unicodes="U+0020-007E,U+00A0-00FF,U+0100-017F,U+2013-2014,U+2018-201A,U+201C-201E,U+2022,U+2026,U+2039-203A,U+20AC,U+2122,U+2190-2193"

mkdir -p "$out_dir"
# source file suffix -> output name
for pair in \
  "300:titillium-web-300" \
  "regular:titillium-web-400" \
  "italic:titillium-web-400-italic" \
  "600:titillium-web-600" \
  "700:titillium-web-700"; do
  in="$src_dir/titillium-web-v10-latin-ext_latin-${pair%%:*}.woff2"
  out="$out_dir/${pair#*:}.woff2"
  "${subset[@]}" "$in" \
    --output-file="$out" \
    --flavor=woff2 \
    --unicodes="$unicodes" \
    --layout-features='kern,liga,clig,calt,ccmp,locl,mark,mkmk' \
    --no-hinting \
    --desubroutinize \
    --name-IDs='*' \
    --name-legacy \
    --name-languages='*' \
    --drop-tables+=FFTM,DSIG
  echo "subset-fonts: $(basename "$out") $(wc -c <"$out") bytes"
done
