#!/bin/sh
# bench_ingest.sh - ingest throughput and memory, end to end.
#
# Generates BENCH_INGEST_MB (default 50) MB of text from our own templates and
# the pack's lexicon (gen_ingest_corpus.py, 40 kB documents), ingests it
# into a fresh database with `relgraph ingest --quiet` and prints MB/s (wall
# clock, and CPU time since the machine may be shared).  Baselines measured
# in the same run: `cat` over the same files (the cost of reading them), and
# the fixed start-up cost (compiling the pack and the gazetteer) from a
# one-line document.  A second corpus of a fifth of the size shows that peak
# memory follows the largest document, not the corpus (both databases
# outgrow ingest's 32 MB page cache).  When the reference corpus is there
# (RELGRAPH_SHARED, default ../shared), a third run ingests 40 copies of its
# documents (each copy ends with its own number, so its content hash
# differs; nothing of it is kept) to show the rate on real prose, which is
# far less dense in facts than the generated text; the start-up cost is
# subtracted there.  Runnable alone: sh bench/bench_ingest.sh (RELGRAPH=path).
set -eu
RELGRAPH=${RELGRAPH:-./relgraph}
DATA=${RELGRAPH_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data}
export RELGRAPH_DATA="$DATA"
MB=${BENCH_INGEST_MB:-50}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

python3 "$here/gen_ingest_corpus.py" "$DATA/packs/city-diplomacy/lexicon.json" "$T/docs" "$MB" 40
python3 "$here/gen_ingest_corpus.py" "$DATA/packs/city-diplomacy/lexicon.json" "$T/small" \
  "$(echo "$MB / 5" | bc -l)" 40 >/dev/null
printf 'Hà Nội ký kết hợp tác với Paris.\n' >"$T/one.txt"
bytes=$(cat "$T"/docs/* | wc -c)
small=$(cat "$T"/small/* | wc -c)

# measure NAME CMD...: runs CMD (stdout discarded), leaves "wall user sys maxrss_kb"
# in $T/NAME.
measure() {
  name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$T/m.$name" "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
}
field() { awk -v f="$2" '{print $f}' "$T/m.$1"; }
cpu() { echo "$(field "$1" 2) + $(field "$1" 3)" | bc -l; }

measure cat cat "$T"/docs/*
measure start "$RELGRAPH" -d "$T/one.db" ingest --quiet "$T/one.txt"
measure big "$RELGRAPH" -d "$T/big.db" ingest --quiet "$T/docs"
measure small "$RELGRAPH" -d "$T/small.db" ingest --quiet "$T/small"

mb=$(echo "$bytes / 1000000" | bc -l)
smb=$(echo "$small / 1000000" | bc -l)
wall=$(field big 1)
printf 'ingest: %.1f MB in %.2f s wall = %.2f MB/s (target >= 20); CPU %.2f s = %.2f MB/s\n' \
  "$mb" "$wall" "$(echo "$mb / $wall" | bc -l)" "$(cpu big)" "$(echo "$mb / $(cpu big)" | bc -l)"
printf 'baseline: cat over the same files %.3f s (ingest/cat = %.0fx); start-up (one-line document) %.2f s\n' \
  "$(field cat 1)" "$(echo "$wall / ($(field cat 1) + 0.001)" | bc -l)" "$(field start 1)"
printf 'peak RSS: %d MB for %.0f MB of documents, %d MB for %.0f MB, %d MB for one line (documents of 40 kB)\n' \
  "$(($(field big 4) / 1024))" "$mb" "$(($(field small 4) / 1024))" "$smb" "$(($(field start 4) / 1024))"
"$RELGRAPH" -d "$T/big.db" stats 2>/dev/null | sed -n '2,4p' || true

SHARED=${RELGRAPH_SHARED:-$here/../../shared}
if [ -d "$SHARED/corpus/docs" ]; then
  mkdir "$T/real"
  for i in $(seq 1 40); do
    for f in "$SHARED"/corpus/docs/*; do
      { cat "$f"; printf '\n%d\n' "$i"; } >"$T/real/$i-$(basename "$f")"
    done
  done
  rbytes=$(cat "$T"/real/* | wc -c)
  measure real "$RELGRAPH" -d "$T/real.db" ingest --quiet "$T/real"
  rmb=$(echo "$rbytes / 1000000" | bc -l)
  rcpu=$(echo "$(cpu real) - $(cpu start)" | bc -l)
  printf 'reference prose: %.1f MB (40 copies of the %d reference documents) in %.2f s CPU after start-up = %.2f MB/s\n' \
    "$rmb" "$(ls "$SHARED"/corpus/docs | wc -l)" "$rcpu" "$(echo "$rmb / $rcpu" | bc -l)"
else
  echo "reference prose: skipped ($SHARED/corpus/docs is not there)"
fi
