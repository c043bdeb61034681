#!/bin/sh
# make bench: runs every bench/bench_*.sh in turn.  Each prints its own
# timings and the ratios against a baseline it measures in the same run.
here=$(cd "$(dirname "$0")" && pwd)
status=0
for b in "$here"/bench_*.sh; do
  [ -e "$b" ] || continue
  echo "== $(basename "$b" .sh)"
  sh "$b" || status=1
done
exit $status
