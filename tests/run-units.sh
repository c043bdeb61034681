#!/bin/sh
# Runs each Check suite binary given after the environment string; prints each
# suite's Check summary and fails when any suite fails.
# usage: tests/run-units.sh "VAR=value ..." BIN...
envs=$1; shift
failed=0
for t in "$@"; do
  echo "-- $(basename "$t")"
  if [ -n "$VALGRIND$(echo "$envs" | grep -o VALGRIND=1)" ]; then
    env $envs valgrind -q --error-exitcode=99 --leak-check=full "$t" || failed=$((failed + 1))
  else
    env $envs "$t" || failed=$((failed + 1))
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "unit suites: $failed failed"
  exit 1
fi
