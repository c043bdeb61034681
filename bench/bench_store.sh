#!/bin/sh
# bench_store.sh - the SQLite store's bulk paths on 100,000 entities and
# 1,000,000 links (half with an evidence sentence), against bare SQLite
# inserting and reading the same rows into tables with the same keys, in the
# same run (bench/store_bench.c, built here against build/librelgraph.a).
#
# relgraph's insert pays for what bare SQLite skips: folded names, pack and
# endpoint checks, merge-or-insert, provenance, foreign keys.
# Targets: insert within 3x of bare SQLite; load_graph (flags 0) of the
# million links < 2 s and within 2x of bare reading; export and import
# reported (import into an empty db keeps ids; the round trip is
# byte-identical, checked here with cmp).
# Sizes can be lowered for a quick look: BENCH_N=10000 BENCH_M=100000.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
N=${BENCH_N:-100000}
M=${BENCH_M:-1000000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

if [ ! -f "$src/build/librelgraph.a" ]; then
  echo "SKIP: bench_store: build/librelgraph.a is missing (run make)"; exit 0
fi
LIBS=$(pkg-config --libs igraph libgvc libcgraph jansson sqlite3 libutf8proc libxml-2.0 geonames)
cc -O2 -std=c11 -D_GNU_SOURCE $(pkg-config --cflags jansson sqlite3) -o "$W/store_bench" \
  "$here/store_bench.c" "$src/build/librelgraph.a" $LIBS -lm || exit 1

echo "store: $N entities, $M links (wall and CPU seconds)"
RELGRAPH_DATA=${RELGRAPH_DATA:-$src/data} "$W/store_bench" relgraph "$N" "$M" "$W" >"$W/rg.txt" || exit 1
"$W/store_bench" bare "$N" "$M" "$W" >"$W/bare.txt" || exit 1
get() { awk -v k="$2" -v c="$3" '$1 == k { print $c }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

printf '%-11s %9s %9s %9s %9s %7s\n' task bare_wall bare_cpu rg_wall rg_cpu cpu_x
for t in insert load_graph export import; do
  bw=$(get "$W/bare.txt" $t 2); bc=$(get "$W/bare.txt" $t 3)
  rw=$(get "$W/rg.txt" $t 2); rc=$(get "$W/rg.txt" $t 3)
  printf '%-11s %9s %9s %9s %9s %7s\n' "$t" "${bw:--}" "${bc:--}" "$rw" "$rc" "$(ratio "$rc" "${bc:-0}")"
done

# round trip: export of the imported database equals the first export
cat >"$W/again.c" <<'EOC'
#include <stdio.h>
#include "core/jsonio.h"
int main(int argc, char **argv)
{
    rg_pack pack = {0};
    rg_error err = {0};
    rg_store *st;
    (void)argc;
    if (pack_load_default(&pack, &err) || store_open(argv[1], RG_OPEN_READONLY, &pack, &st, &err) ||
        jsonio_export(st, stdout, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    store_close(st);
    pack_free(&pack);
    return 0;
}
EOC
cc -O2 -std=c11 -D_GNU_SOURCE -I"$src" $(pkg-config --cflags jansson sqlite3) -o "$W/again" "$W/again.c" \
  "$src/build/librelgraph.a" $LIBS -lm || exit 1
RELGRAPH_DATA=${RELGRAPH_DATA:-$src/data} "$W/again" "$W/imported.db" >"$W/again.json" || exit 1
if cmp -s "$W/g.json" "$W/again.json"; then
  echo "round trip: export -> import -> export byte-identical ($(wc -c <"$W/g.json") bytes)"
else
  echo "FAIL: round trip differs"; exit 1
fi
lw=$(get "$W/rg.txt" load_graph 2)
awk -v t="$lw" 'BEGIN { if (t < 2.0) print "load_graph target (< 2 s): met"; else print "load_graph target (< 2 s): MISSED" }'
