#!/bin/sh
# sync-help.sh - rewrites the first ``` block of every Documentation page
# with the command's --help text, so a page never drifts from the program.
# Usage: Documentation/sync-help.sh [path/to/relgraph]
# The e2e test compares the two; run this after changing a --help text.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../relgraph}
for page in "$here"/relgraph-*.md; do
  cmd=$(basename "$page" .md); cmd=${cmd#relgraph-}
  help=$(mktemp)
  "$bin" "$cmd" --help >"$help"
  awk -v helpfile="$help" '
    BEGIN { state = 0 }
    state == 0 && /^```$/ { print; while ((getline l < helpfile) > 0) print l; state = 1; next }
    state == 1 { if (/^```$/) { print; state = 2 } ; next }
    { print }
  ' "$page" >"$page.tmp"
  mv "$page.tmp" "$page"
  rm -f "$help"
done
