#!/bin/sh
# test_crash.sh - crash safety: `relgraph ingest` (a corpus of a few hundred
# documents made from bench/gen_ingest_corpus.py's templates), `import` and
# `merge` are each killed with SIGKILL at 50 seeded random moments; after
# every kill the database must pass PRAGMA integrity_check, hold every
# document wholly or not at all, and a re-run must complete with the same
# export as an uninterrupted run.  The work is in crash_driver.py (see its
# header); this script counts its "ok"/"not ok" lines.
#
# CRASH_KILLS sets the number of kills per command (default 50; 10 under a
# sanitizer build or valgrind, whose runs are several times slower);
# CRASH_SEED repeats a run (default: a new seed, printed).
. "$(dirname "$0")/lib.sh"

case "$RELGRAPH" in
  *valgrind*) kills_default=5 ;;
  */san/*) kills_default=10 ;;
  *) kills_default=50 ;;
esac
KILLS=${CRASH_KILLS:-$kills_default}
SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "crash test: $KILLS kills per command, seed $SEED (repeat with CRASH_SEED=$SEED)"

for mode in ingest import merge; do
  python3 "$SRC/tests/e2e/crash_driver.py" "$mode" "$T/$mode" "$KILLS" "$SEED" >"$T/$mode.log" 2>&1
  rc=$?
  while IFS= read -r line; do
    case "$line" in
      "ok "*) pass ;;
      "not ok "*) fail "${line#not ok }" ;;
      "# "*) echo "${line#\# }" ;;
      *) echo "  $line" ;;
    esac
  done <"$T/$mode.log"
  if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$T/$mode.log"; then fail "$mode: crash_driver.py exited $rc"; fi
done
finish
