#!/bin/sh
# Runs every tests/e2e/*.sh against $RELGRAPH.  Each script prints its own
# "N passed, N failed" line and exits non-zero on failure.
here=$(cd "$(dirname "$0")" && pwd)
failed=0
for t in "$here"/e2e/test_*.sh; do
  [ -e "$t" ] || continue
  echo "-- e2e $(basename "$t")"
  sh "$t" || failed=$((failed + 1))
done
if [ "$failed" -ne 0 ]; then
  echo "e2e: $failed script(s) failed"
  exit 1
fi
