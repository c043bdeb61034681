#!/bin/sh
# Replays every fuzz target's seeds (tests/fuzz/NAME/) and saved crash
# inputs (tests/fuzz/regressions/NAME/) through the standalone builds
# (build/san/fuzz/fuzz_NAME: tests/fuzz/standalone.c + ASan/UBSan), so every
# crash fuzzing ever found stays a test.  Fails when any input crashes.
# usage: tests/fuzz/run-regressions.sh build/san/fuzz/fuzz_NAME...
src=$(cd "$(dirname "$0")" && pwd)
failed=0
echo "-- fuzz seeds and regressions"
for bin in "$@"; do
  name=${bin##*/fuzz_}
  "$bin" "$src/$name" "$src/regressions/$name" || { echo "fuzz_$name: FAILED"; failed=$((failed + 1)); }
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz regressions: $failed target(s) failed"
  exit 1
fi
