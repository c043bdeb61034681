#!/bin/sh
# bench_export.sh - exporting a large database in every format: seconds,
# output size, MB/s and peak resident memory (/usr/bin/time -v).
#
# Two databases are seeded (bench/seed_graph.c, through the store API): one
# with 100,000 links and one with 1,000,000.  Streaming exports must show
# about the same peak RSS for both (the "RSS x10" ratio near 1.0) and at
# least 50 MB/s.
# The baseline measured in the same run is the JSON export (store helper's
# streaming writer); "vs json" is each format's time over JSON's.
#
# "MB/s" is over wall-clock time, which includes the final fsync of the
# output and, on a shared machine, waiting for a core; "MB/cpu-s" is over
# user + system time.  BENCH_LINKS (default 1000000) sets the large size.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
RELGRAPH=${RELGRAPH:-$SRC/relgraph}
export RELGRAPH_DATA=${RELGRAPH_DATA:-$SRC/data}
BIG=${BENCH_LINKS:-1000000}
SMALL=$((BIG / 10))
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ ! -x /usr/bin/time ]; then echo "bench_export: SKIP: /usr/bin/time is missing (apt-get install time)"; exit 0; fi
PKGS="igraph libgvc libcgraph jansson sqlite3 libutf8proc libxml-2.0 geonames"
if ! cc -std=c11 -O2 -D_GNU_SOURCE $(pkg-config --cflags $PKGS) -o "$T/seed" "$SRC/bench/seed_graph.c" \
     "$SRC/build/librelgraph.a" $(pkg-config --libs $PKGS) -lm 2>"$T/cc.err"; then
  echo "bench_export: cannot build the seeder:"; cat "$T/cc.err"; exit 1
fi

seed() {  # seed DB LINKS
  start=$(date +%s.%N)
  "$T/seed" "$1" $(($2 / 10)) "$2" || exit 1
  end=$(date +%s.%N)
  awk -v n="$2" -v a="$start" -v b="$end" 'BEGIN { printf "  seeded %8d links in %6.1f s\n", n, b - a }'
}

# measure DB FORMAT OUT -> sets SECS RSS_KB BYTES
measure() {
  /usr/bin/time -v "$RELGRAPH" -d "$1" export --format "$2" -o "$3" 2>"$T/time" >/dev/null || {
    echo "bench_export: export --format $2 failed:"; grep -v '^\s' "$T/time" | head -3; exit 1; }
  SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$T/time")
  CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$T/time")
  RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$T/time")
  BYTES=$(du -sb "$3" | cut -f1)
}

echo "export of a synthetic graph ($SMALL and $BIG sister_city links, 1 in 10 as many cities with metrics)"
seed "$T/small.db" "$SMALL"
seed "$T/big.db" "$BIG"
printf '  %-8s %7s %7s %7s %8s %8s %9s %9s %7s %7s\n' format wall cpu MB "MB/s" "MB/cpu-s" "RSS small" "RSS big" "RSS x10" "vs json"
JSON_SECS=
for f in json graphml gexf csv dot; do
  measure "$T/small.db" $f "$T/small.$f"; small_rss=$RSS_KB
  measure "$T/big.db" $f "$T/big.$f"
  [ -z "$JSON_SECS" ] && JSON_SECS=$SECS
  awk -v f=$f -v s="$SECS" -v c="$CPU" -v b="$BYTES" -v rs="$small_rss" -v rb="$RSS_KB" -v j="$JSON_SECS" 'BEGIN {
    mb = b / 1e6; if (s < 0.01) s = 0.01; if (c < 0.01) c = 0.01; if (j < 0.01) j = 0.01;
    printf "  %-8s %7.2f %7.2f %7.1f %8.1f %8.1f %8.1fM %8.1fM %7.2f %7.2f\n", f, s, c, mb, mb / s, mb / c, rs / 1024, rb / 1024, rb / rs, s / j }'
  rm -rf "$T/small.$f" "$T/big.$f"
done
