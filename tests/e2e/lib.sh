# lib.sh - assertions for the end-to-end CLI tests (sourced by test_*.sh).
#
# $RELGRAPH is the command under test (it may be "valgrind ... relgraph", so
# it is word-split on purpose).  Every check counts as passed or failed;
# `finish` prints "N passed, N failed" and sets the exit status.
set -u
PASS=0
FAIL=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SRC=${RELGRAPH_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${RELGRAPH_SHARED:-$SRC/../shared}

rg() { $RELGRAPH "$@"; }

pass() { PASS=$((PASS + 1)); }
fail() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }

# run CMD...: runs relgraph with ARGS, stdout to $T/out, stderr to $T/err, status in $RC
run() { $RELGRAPH "$@" >"$T/out" 2>"$T/err"; RC=$?; }

# expect_rc N DESC
expect_rc() {
  if [ "$RC" -eq "$1" ]; then pass; else fail "$2: exit $RC, wanted $1"; sed 's/^/  stderr: /' "$T/err" | head -5; fi
}
# expect_out TEXT DESC / expect_err TEXT DESC: fixed-string search
expect_out() { if grep -qF -- "$1" "$T/out"; then pass; else fail "$2: stdout lacks '$1'"; head -5 "$T/out" | sed 's/^/  stdout: /'; fi; }
expect_err() { if grep -qF -- "$1" "$T/err"; then pass; else fail "$2: stderr lacks '$1'"; head -5 "$T/err" | sed 's/^/  stderr: /'; fi; }
expect_no_out() { if grep -qF -- "$1" "$T/out"; then fail "$2: stdout has '$1'"; else pass; fi; }
# expect_one_line_err DESC: stderr is one line starting "relgraph: "
expect_one_line_err() {
  if [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q '^relgraph: ' "$T/err"; then pass
  else fail "$1: stderr is not one 'relgraph: ' line"; sed 's/^/  stderr: /' "$T/err" | head -5; fi
}
# expect_same FILE1 FILE2 DESC
expect_same() { if cmp -s "$1" "$2"; then pass; else fail "$3"; diff -u "$1" "$2" | head -20; fi; }

skip() { echo "SKIP: $*"; }

finish() {
  echo "$(basename "$0"): $PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
}
