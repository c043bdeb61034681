#!/bin/sh
# bench_ingest.sh - ingest throughput and memory.
#
# Generates BENCH_INGEST_MB (default 50) MB of text from our own templates and
# the pack's lexicon (gen_ingest_corpus.py), ingests it into a fresh database
# and prints MB/s and peak RSS.  The baseline measured in the same run is
# `cat` over the same files (the cost of reading them), so the ratio says how
# much slower than reading the builder is; and a run over a tenth of the
# corpus shows that peak memory follows the largest document, not the corpus.
set -eu
RELGRAPH=${RELGRAPH:-./relgraph}
DATA=${RELGRAPH_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data}
MB=${BENCH_INGEST_MB:-50}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

python3 "$here/gen_ingest_corpus.py" "$DATA/packs/city-diplomacy/lexicon.json" "$T/docs" "$MB" 40
python3 "$here/gen_ingest_corpus.py" "$DATA/packs/city-diplomacy/lexicon.json" "$T/small" "$(echo "$MB / 10" | bc -l)" 40 >/dev/null
bytes=$(cat "$T"/docs/* | wc -c)

now() { date +%s.%N; }
peak() { /usr/bin/time -f '%M' -o "$T/rss" "$@" >/dev/null 2>"$T/err" || { cat "$T/err"; exit 1; }; cat "$T/rss"; }

t0=$(now); cat "$T"/docs/* >/dev/null; t1=$(now)
base=$(echo "$t1 - $t0" | bc -l)

t0=$(now)
rss=$(peak "$RELGRAPH" -d "$T/bench.db" ingest --quiet "$T/docs")
t1=$(now)
secs=$(echo "$t1 - $t0" | bc -l)
rss_small=$(peak "$RELGRAPH" -d "$T/small.db" ingest --quiet "$T/small")

mbs=$(echo "$bytes / 1000000 / $secs" | bc -l)
printf 'ingest: %.1f MB in %.2f s = %.1f MB/s (target >= 20 MB/s); reading alone %.3f s (ratio %.0fx)\n' \
  "$(echo "$bytes / 1000000" | bc -l)" "$secs" "$mbs" "$base" "$(echo "$secs / ($base + 0.0001)" | bc -l)"
printf 'peak RSS: %d MB for the corpus, %d MB for a tenth of it (documents of 40 kB)\n' \
  "$((rss / 1024))" "$((rss_small / 1024))"
"$RELGRAPH" -d "$T/bench.db" stats 2>/dev/null | head -3 || true
