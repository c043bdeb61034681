#!/bin/sh
# bench_ingest.sh - ingest throughput and memory, end to end.
#
# Generates BENCH_INGEST_MB (default 50) MB of text from our own templates and
# the pack's lexicon (gen_ingest_corpus.py) twice, and ingests each into a
# fresh database with `relgraph ingest --quiet`, printing MB/s (wall clock,
# and CPU time since the machine may be shared):
#   prose  articles of 6 to 18 kB about a home city, most sentences context,
#          tuned to yield as many evidence rows and links per MB as the
#          reference corpus: the rate analysts will see, and the one the
#          20 MB/s target is read on (three runs; best and median);
#   dense  40 kB documents where every sentence is a fact about names drawn
#          from the whole lexicon (~7x the facts per MB): a stress test of
#          the store.
# Each line prints the rows per MB it produced, so the two densities can be
# checked against the reference corpus's.  Baselines measured in the same
# run: `cat` over the same files (the cost of reading them), and the fixed
# start-up cost (compiling the pack and the gazetteer) from a one-line
# document.  A dense corpus of a fifth of the size shows that peak memory
# follows the largest document, not the corpus (both databases outgrow
# ingest's 32 MB page cache).  When the reference corpus is there
# (RELGRAPH_SHARED, default ../shared), a last run ingests 40 copies of its
# documents (each copy ends with its own number, so its content hash
# differs; nothing of it is kept), with the start-up cost subtracted.
# Runnable alone: sh bench/bench_ingest.sh (RELGRAPH=path).
set -eu
RELGRAPH=${RELGRAPH:-./relgraph}
DATA=${RELGRAPH_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data}
export RELGRAPH_DATA="$DATA"
MB=${BENCH_INGEST_MB:-50}
here=$(cd "$(dirname "$0")" && pwd)
LEX="$DATA/packs/city-diplomacy/lexicon.json"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

python3 "$here/gen_ingest_corpus.py" "$LEX" "$T/prose" "$MB" 12 --profile prose >/dev/null
python3 "$here/gen_ingest_corpus.py" "$LEX" "$T/docs" "$MB" 40 >/dev/null
python3 "$here/gen_ingest_corpus.py" "$LEX" "$T/small" "$(echo "$MB / 5" | bc -l)" 40 >/dev/null
printf 'Hà Nội ký kết hợp tác với Paris.\n' >"$T/one.txt"

# measure NAME CMD...: runs CMD (stdout discarded), leaves "wall user sys maxrss_kb"
# in $T/m.NAME.
measure() {
  name=$1
  shift
  # the corpus just generated and the runs before left dirty pages: their
  # write-back would compete with this run
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$T/m.$name" "$@" >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
}
field() { awk -v f="$2" '{print $f}' "$T/m.$1"; }
cpu() { echo "$(field "$1" 2) + $(field "$1" 3)" | bc -l; }
megabytes() { echo "$(cat "$@" | wc -c) / 1000000" | bc -l; }
# per_mb DB MB: "E evidence, L links per MB" from the database's stats
per_mb() {
  "$RELGRAPH" -d "$1" stats --json | python3 -c \
    'import json,sys; s=json.load(sys.stdin); mb=float(sys.argv[1]); print("%.0f evidence rows, %.0f links per MB" % (s["evidence"]/mb, s["links"]/mb))' "$2"
}
# report LABEL NAME MB: the throughput line of one run
report() {
  wall=$(field "$2" 1)
  printf '%s: %.1f MB in %.2f s wall = %.2f MB/s (target >= 20); CPU %.2f s = %.2f MB/s; %s\n' \
    "$1" "$3" "$wall" "$(echo "$3 / $wall" | bc -l)" "$(cpu "$2")" "$(echo "$3 / $(cpu "$2")" | bc -l)" \
    "$(per_mb "$T/$2.db" "$3")"
}

measure cat cat "$T"/docs/*
measure start "$RELGRAPH" -d "$T/one.db" ingest --quiet "$T/one.txt"
# the articles three times, each into a fresh database: the target is
# judged on them, and one run on a shared machine can be a fifth slower
# than the next; the line gives the best run and the median
for k in 1 2 3; do
  measure "prose$k" "$RELGRAPH" -d "$T/prose$k.db" ingest --quiet "$T/prose"
done
ranked=$(for k in 1 2 3; do echo "$(field "prose$k" 1) prose$k"; done | sort -n | awk '{print $2}')
prose=$(echo "$ranked" | sed -n 1p)
prose_median=$(echo "$ranked" | sed -n 2p)
measure dense "$RELGRAPH" -d "$T/dense.db" ingest --quiet "$T/docs"
measure small "$RELGRAPH" -d "$T/small.db" ingest --quiet "$T/small"

pmb=$(megabytes "$T"/prose/*)
mb=$(megabytes "$T"/docs/*)
smb=$(megabytes "$T"/small/*)
report 'ingest, prose-density articles, best of 3' "$prose" "$pmb"
printf '  (median of the 3: %.2f s wall = %.2f MB/s)\n' "$(field "$prose_median" 1)" \
  "$(echo "$pmb / $(field "$prose_median" 1)" | bc -l)"
report 'ingest, dense stress corpus' dense "$mb"
printf 'baseline: cat over the dense files %.3f s (ingest/cat = %.0fx); start-up (one-line document) %.2f s\n' \
  "$(field cat 1)" "$(echo "$(field dense 1) / ($(field cat 1) + 0.001)" | bc -l)" "$(field start 1)"
printf 'peak RSS: %d MB for %.0f MB of dense documents, %d MB for %.0f MB, %d MB for one line (documents of 40 kB); %d MB for %.0f MB of articles\n' \
  "$(($(field dense 4) / 1024))" "$mb" "$(($(field small 4) / 1024))" "$smb" "$(($(field start 4) / 1024))" \
  "$(($(field "$prose" 4) / 1024))" "$pmb"

SHARED=${RELGRAPH_SHARED:-$here/../../shared}
if [ -d "$SHARED/corpus/docs" ]; then
  mkdir "$T/real"
  for i in $(seq 1 40); do
    for f in "$SHARED"/corpus/docs/*; do
      { cat "$f"; printf '\n%d\n' "$i"; } >"$T/real/$i-$(basename "$f")"
    done
  done
  measure real "$RELGRAPH" -d "$T/real.db" ingest --quiet "$T/real"
  # rows per MB from one copy: the 40 copies repeat the same links
  "$RELGRAPH" -d "$T/once.db" ingest --quiet "$SHARED"/corpus/docs >/dev/null 2>&1
  rmb=$(megabytes "$T"/real/*)
  rcpu=$(echo "$(cpu real) - $(cpu start)" | bc -l)
  printf 'reference prose: %.1f MB (40 copies of the %d reference documents) in %.2f s CPU after start-up = %.2f MB/s; %s\n' \
    "$rmb" "$(ls "$SHARED"/corpus/docs | wc -l)" "$rcpu" "$(echo "$rmb / $rcpu" | bc -l)" \
    "$(per_mb "$T/once.db" "$(megabytes "$SHARED"/corpus/docs/*)")"
else
  echo "reference prose: skipped ($SHARED/corpus/docs is not there)"
fi
