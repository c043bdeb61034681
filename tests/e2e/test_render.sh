#!/bin/sh
# test_render.sh - `relgraph render` end to end: bad options caught before
# anything is written, SVG that xmllint accepts, hostile names escaped,
# byte-identical output for the same input, no half-written files, and a
# headless Chromium screenshot proving the SVG renders (skipped, with a
# message, when chromium or the store is missing).
. "$(dirname "$0")/lib.sh"

GOLD=$SRC/tests/golden/render

# ---- options checked before the database is touched ------------------------
run render --help
expect_rc 0 "render --help"
expect_out "usage: relgraph render" "help starts with usage"

run render -o "$T/x.svg" --layout spring
expect_rc 2 "unknown layout"
expect_err "unknown layout 'spring' (valid: dot, neato, fdp, sfdp, circo, twopi, geo)" "layout message"

run render -o "$T/x.jpeg"
expect_rc 2 "unknown extension"
expect_err "cannot tell the format from the extension" "format message"

run render -o "$T/x.svg" --format tiff
expect_rc 2 "unknown format"
expect_err "unknown format 'tiff'" "format name"

run render -o - 
expect_rc 2 "stdout without --format"

run render
expect_rc 2 "no -o"
expect_err "no output file" "missing -o message"

run render -o "$T/x.svg" --theme nosuch
expect_rc 1 "unknown theme"
expect_one_line_err "unknown theme is one line"
expect_err "unknown theme 'nosuch' (available: default, print" "theme names the available ones"

printf '{"font": "Noto Sans", "fill_colour": "red"}\n' >"$T/bad-key.json"
run render -o "$T/x.svg" --theme "$T/bad-key.json"
expect_rc 1 "theme with unknown key"
expect_err "$T/bad-key.json: fill_colour: unknown key" "unknown key named with its file"

printf '{"font": "Noto Sans",\n  "text": }\n' >"$T/bad-json.json"
run render -o "$T/x.svg" --theme "$T/bad-json.json"
expect_rc 1 "theme that is not JSON"
expect_err "$T/bad-json.json:2:" "bad JSON gives FILE:LINE"

run render -o "$T/x.svg" --max-nodes lots
expect_rc 2 "bad --max-nodes"
run render -o "$T/x.svg" --labels tiny
expect_rc 2 "bad --labels"
run render -o "$T/x.svg" --as-of 2015-13
expect_rc 2 "bad --as-of (selection options shared with analyze)"
[ ! -e "$T/x.svg" ] && pass || fail "a failed render left $T/x.svg"

# ---- the golden SVG is standalone, valid, safe ------------------------------
for f in "$GOLD/small.svg" "$GOLD/small-print.svg"; do
  if xmllint --noout --nonet "$f" 2>"$T/xmlerr"; then pass; else fail "xmllint $f"; cat "$T/xmlerr"; fi
  if grep -qiE '<script|href=|<!DOCTYPE|javascript:' "$f"; then fail "$f has scripts/links"; else pass; fi
  grep -q 'viewBox=' "$f" && pass || fail "$f has no viewBox"
done

# ---- PNG check: size and non-blank, with Debian's python3 (zlib + struct) --
png_check() { # FILE W H -> prints "ok" or why not
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import struct, sys, zlib
path, W, H = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n':
    print('not a PNG'); sys.exit()
pos, idat, hdr = 8, b'', None
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR': hdr = struct.unpack('>IIBBBBB', body)
    if kind == b'IDAT': idat += body
    pos += 12 + n
w, h, depth, ctype = hdr[0], hdr[1], hdr[2], hdr[3]
if (w, h) != (W, H):
    print('size %dx%d, wanted %dx%d' % (w, h, W, H)); sys.exit()
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4, 0: 1, 4: 2}[ctype] * depth // 8
stride = w * bpp + 1
# count distinct raw bytes on a few filtered scanlines: a blank page
# compresses to one value per row
distinct = set()
for y in range(0, h, max(1, h // 50)):
    row = raw[y * stride + 1:(y + 1) * stride]
    distinct.update(row[::bpp])
    if len(distinct) > 8: break
print('ok' if len(distinct) > 8 else 'blank image')
PY
}

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
shoot() { # SVG PNG W H
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$T/chr.XXXXXX")" --screenshot="$2" --window-size="$3,$4" \
    "file://$1" >/dev/null 2>&1
}
if [ -z "$CHROMIUM" ]; then
  skip "no chromium: the headless rendering check needs it (apt-get install chromium)"
else
  shoot "$GOLD/small.svg" "$T/shot.png" 900 1000
  r=$(png_check "$T/shot.png" 900 1000)
  [ "$r" = ok ] && pass || fail "chromium screenshot of small.svg: $r"
fi

# ---- against a database ----------------------------------------------------------
export RELGRAPH_DB="$T/g.db"
if ! rg init >/dev/null 2>&1 || ! rg import "$GOLD/small.json" >/dev/null 2>&1; then
  skip "render from a database: 'relgraph init' / 'import' not available yet"
  finish; exit $?
fi

# golden files through the whole command: import the golden input, render
# with the options the unit suite used, compare with diff -u
run render --title "Sister cities: sample" -o "$T/g.svg"
expect_rc 0 "render golden input to SVG"
expect_same "$GOLD/small.svg" "$T/g.svg" "SVG from the database equals tests/golden/render/small.svg"
run render --title "Sister cities: sample" -o "$T/g.dot"
expect_same "$GOLD/small.dot" "$T/g.dot" "DOT from the database equals tests/golden/render/small.dot"
run render --theme print --cluster country --size-by pagerank --labels short \
  --edge-labels type --width 800 -o "$T/p.svg"
expect_same "$GOLD/small-print.svg" "$T/p.svg" "print theme equals tests/golden/render/small-print.svg"

run render -o "$T/a.svg" --title "Sample"
expect_rc 0 "render whole graph"
xmllint --noout --nonet "$T/a.svg" && pass || fail "xmllint of rendered SVG"
run render -o "$T/b.svg" --title "Sample"
expect_same "$T/a.svg" "$T/b.svg" "same database and options give the same SVG"
grep -q 'Hà Nội' "$T/a.svg" && pass || fail "Vietnamese name kept in full"
grep -q 'font-family="Noto Sans,DejaVu Sans,sans-serif"' "$T/a.svg" && pass || fail "font list"

run render -o "$T/a.dot"
expect_rc 0 "render to DOT"
grep -q '^digraph relgraph' "$T/a.dot" && pass || fail "DOT output"
run render -o "$T/a.pdf"
expect_rc 0 "render to PDF"
head -c 4 "$T/a.pdf" | grep -q '%PDF' && pass || fail "PDF output"
run render -o - --format svg --width 600
expect_rc 0 "SVG to stdout"
expect_out 'width="600px"' "--width fixes the width"

run render --ego "Hà Nội" --depth 1 -o "$T/ego.svg" --layout neato
expect_rc 0 "ego render"
grep -q 'Fukuoka' "$T/ego.svg" && pass || fail "ego keeps neighbours"
grep -q 'CityNet' "$T/ego.svg" && fail "ego drew a distant entity" || pass

run render --ego "Nowhere City" -o "$T/none.svg"
expect_rc 1 "unknown entity"
expect_one_line_err "unknown entity is one line"
[ ! -e "$T/none.svg" ] && pass || fail "unknown entity left a file"

run render --types visited -o "$T/empty.svg"
expect_rc 1 "empty selection"
expect_err "nothing to draw" "empty selection message"
[ ! -e "$T/empty.svg" ] && pass || fail "empty selection left a file"

mkdir -p "$T/ro" && chmod 555 "$T/ro"
run render -o "$T/ro/x.svg"
if [ "$(id -u)" = 0 ]; then skip "root can write into read-only folders"; else
  expect_rc 1 "unwritable output"; expect_one_line_err "unwritable output is one line"; fi
run render -o "$T/missing-dir/x.svg"
expect_rc 1 "output folder missing"
[ -z "$(ls "$T" | grep 'tmp\.')" ] && pass || fail "temporary files left behind"

run render --max-nodes 3 -o "$T/top.svg"
expect_rc 0 "max-nodes"
expect_err "drew the 3 highest-ranked of 9 entities" "max-nodes says what it dropped"

# hostile names through the whole pipeline
cat >"$T/hostile.json" <<'JSON'
{"format": "relgraph", "version": 1,
 "entities": [
  {"id": "e1", "type": "city", "name": "<script>alert(1)</script>", "aliases": ["javascript:alert(1)"], "attrs": {}},
  {"id": "e2", "type": "city", "name": "javascript:alert(2)", "aliases": [], "attrs": {}},
  {"id": "e3", "type": "city", "name": "a\\N \\G & &amp; \"quoted\"", "aliases": [], "attrs": {}}],
 "links": [
  {"id": "l1", "type": "sister_city", "source": "e1", "target": "e2", "date": "2001", "topics": [], "attrs": {}, "evidence": []},
  {"id": "l2", "type": "sister_city", "source": "e2", "target": "e3", "date": null, "topics": [], "attrs": {}, "evidence": []}],
 "documents": []}
JSON
export RELGRAPH_DB="$T/h.db"
rg init >/dev/null 2>&1 && rg import "$T/hostile.json" >/dev/null 2>&1
run render -o "$T/h.svg" --title '<b>x</b>'
expect_rc 0 "render hostile names"
xmllint --noout --nonet "$T/h.svg" && pass || fail "hostile SVG is valid XML"
grep -qi '<script' "$T/h.svg" && fail "a name became a <script> element" || pass
grep -qi 'href' "$T/h.svg" && fail "a name became a link" || pass
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/h.svg" && pass || fail "name shown as text"
grep -q 'a\\N \\G &amp; &amp;amp;' "$T/h.svg" && pass || fail "Graphviz escapes stay literal"

if [ -n "$CHROMIUM" ]; then
  shoot "$T/a.svg" "$T/a.png" 800 900
  r=$(png_check "$T/a.png" 800 900)
  [ "$r" = ok ] && pass || fail "chromium screenshot of a rendered database: $r"
fi
finish
