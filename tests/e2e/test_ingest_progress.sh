#!/bin/sh
# test_ingest_progress.sh - `relgraph ingest` on a terminal: a progress line
# on stderr counting files, MB, entities and links; none with --quiet, none
# when stderr is not a terminal.  The terminal is a pseudo-terminal from
# script(1) (util-linux); skipped when it is absent.
. "$(dirname "$0")/lib.sh"

GOLD=$SRC/tests/golden/builder
mkdir -p "$T/docs"
cp "$GOLD"/*.txt "$T/docs/"
n=$(ls "$T/docs" | wc -l)

# not a terminal: the summary on stdout, nothing on stderr
run -d "$T/plain.db" ingest "$T/docs"
expect_rc 0 "ingest without a terminal"
expect_out "ingested $n of $n documents" "the summary says what was added"
if [ -s "$T/err" ]; then fail "no progress line when stderr is not a terminal"; head -3 "$T/err"; else pass; fi

if ! command -v script >/dev/null 2>&1 || ! script -qc true /dev/null >/dev/null 2>&1; then
  skip "progress line: script(1) cannot give us a terminal here"
  finish
fi

# script copies the terminal's output (stdout and stderr) to its stdout;
# stdout goes to a file, so what comes through is stderr's progress line
script -qc "$RELGRAPH -d '$T/tty.db' ingest '$T/docs' >'$T/tty.out'" /dev/null >"$T/tty" 2>&1
tr '\r' '\n' <"$T/tty" >"$T/tty.lines"
if grep -Eq "^$n files, [0-9]+\.[0-9] MB, [1-9][0-9]* entities, [1-9][0-9]* links" "$T/tty.lines"; then
  pass
else
  fail "a terminal gets a progress line (files, MB, entities, links)"; head -5 "$T/tty.lines"
fi
if grep -q "ingested $n of $n documents" "$T/tty.out"; then pass; else fail "the summary still goes to stdout"; fi

script -qc "$RELGRAPH -d '$T/quiet.db' ingest --quiet '$T/docs' >'$T/quiet.out'" /dev/null >"$T/quiet" 2>&1
if grep -q "files, " "$T/quiet"; then fail "--quiet silences the progress line"; cat "$T/quiet"; else pass; fi
if [ -s "$T/quiet.out" ]; then fail "--quiet prints no summary"; else pass; fi
run -d "$T/quiet.db" stats
expect_out "documents: $n" "--quiet still ingests"

finish
