#!/bin/sh
# Runs each libFuzzer target named on the command line (build/fuzz/fuzz_NAME)
# for FUZZ_SECONDS, one after the other, starting from its seeds
# (tests/fuzz/NAME/) and its saved regressions plus the corpus it grew in
# earlier runs (build/fuzz/corpus/NAME/, which receives new inputs), with
# the dictionary tests/fuzz/relgraph.dict.  Prints libFuzzer's final figures
# per target.  A crash, leak, timeout or out-of-memory stops the run with a
# failure; libFuzzer keeps the input as build/fuzz/crashes/NAME/crash-* (or
# leak-*, timeout-*, oom-*), and the whole log stays in build/fuzz/logs/.
# usage: FUZZ_SECONDS=60 FUZZ_MAX_LEN=8192 tests/fuzz/run-fuzz.sh NAME...
secs=${FUZZ_SECONDS:-60}
max_len=${FUZZ_MAX_LEN:-8192}
src=$(cd "$(dirname "$0")" && pwd)
out=build/fuzz
# Graphviz, fontconfig and friends keep one-time allocations (tests/lsan.supp)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export LSAN_OPTIONS="suppressions=$src/../lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for name in "$@"; do
  bin=$out/fuzz_$name
  corpus=$out/corpus/$name
  crashes=$out/crashes/$name
  log=$out/logs/$name.log
  mkdir -p "$corpus" "$crashes" "$out/logs"
  [ -x "$bin" ] || { echo "fuzz: $bin is missing (make fuzz-build)"; exit 2; }
  seeds=$src/$name
  regressions=$src/regressions/$name
  [ -d "$regressions" ] || regressions=
  len=$max_len
  # a pack seed holds five files: the default pack's rules are 16 KB
  [ "$name" = pack ] && [ "$len" -lt 20000 ] && len=20000
  echo "-- fuzz_$name: $secs s"
  "$bin" -max_total_time="$secs" -max_len="$len" -timeout=25 -rss_limit_mb=2560 \
    -dict="$src/relgraph.dict" -artifact_prefix="$crashes/" -print_final_stats=1 \
    "$corpus" "$seeds" $regressions >"$log" 2>&1
  rc=$?
  # the last status line: executions, cov: (edges) and ft: (features)
  grep -E '^#[0-9]+[[:space:]].*cov: ' "$log" | tail -1
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | tr '\n' ' '
  echo
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$name: FAILED (exit $rc); the input is saved in $crashes/:"
    ls -t "$crashes" | head -3 | sed "s|^|  $crashes/|"
    grep -E 'ERROR|SUMMARY|property failed|==[0-9]+==' "$log" | head -8
    echo "(full log: $log; replay: $bin FILE; keep it as a test: copy it to tests/fuzz/regressions/$name/)"
    exit 1
  fi
done
