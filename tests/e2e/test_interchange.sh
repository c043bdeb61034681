#!/bin/sh
# test_interchange.sh - `relgraph export` / `relgraph import` in GraphML,
# GEXF, CSV and DOT, checked by the tools that consume them (networkx,
# xmllint, dot) and by round trips through relgraph's own JSON:
#   JSON -> GraphML -> JSON and CSV -> JSON -> CSV keep every entity, link,
#   alias, date, topic and attribute;
#   bad input (malformed XML or CSV, a file of the wrong kind, unknown types,
#   missing ids, duplicate rows) fails with file, line and column, exit 1,
#   and leaves the database unchanged.
. "$(dirname "$0")/lib.sh"
FIX=$SRC/tests/interchange
PY=/usr/bin/python3
SCHEMA=${RELGRAPH_DATA:-$SRC/data}/packs/city-diplomacy/schema.json

rgd() { db=$1; shift; $RELGRAPH -d "$db" "$@"; }
rund() { db=$1; shift; run -d "$db" "$@"; }

# The store and the CLI's import land on other branches; skip until they do.
if ! rgd "$T/probe.db" import "$FIX/sample.json" >/dev/null 2>&1; then
  skip "relgraph import does not work yet (store or CLI not built): interchange e2e skipped"
  finish
  exit $?
fi

# ---- the sample graph, exported in every format -------------------------------
A=$T/a.db
rund "$A" import "$FIX/sample.json"
expect_rc 0 "import sample.json"
expect_out "8 entities added" "import counts entities"
rund "$A" export -o "$T/a.json"; expect_rc 0 "export json"

for f in graphml gexf dot; do
  rund "$A" export --format $f -o "$T/a.$f"; expect_rc 0 "export $f"
done
rund "$A" export --format csv -o "$T/csv1"; expect_rc 0 "export csv"
[ -s "$T/csv1/nodes.csv" ] && [ -s "$T/csv1/edges.csv" ] && pass || fail "csv export wrote nodes.csv and edges.csv"
head -1 "$T/csv1/kumu-elements.csv" | grep -q '^ID,Label,Type,Aliases' && pass || fail "csv export wrote Kumu's element sheet"
head -1 "$T/csv1/kumu-connections.csv" | grep -q '^ID,From,To,Type' && pass || fail "csv export wrote Kumu's connection sheet"
# the extension alone names the format
rund "$A" export -o "$T/b.graphml"; expect_rc 0 "export by extension"
expect_same "$T/a.graphml" "$T/b.graphml" "export by extension = --format graphml"
rund "$A" export --format gexf; expect_rc 0 "export gexf to stdout"
expect_out '<gexf xmlns="http://gexf.net/1.3"' "gexf on stdout"

# ---- real consumers -------------------------------------------------------------
if xmllint --noout "$T/a.graphml" "$T/a.gexf" 2>"$T/xmllint"; then pass; else fail "xmllint rejects the exports"; cat "$T/xmllint"; fi
if dot -Tsvg "$T/a.dot" -o "$T/a.svg" 2>"$T/dot.err"; then pass; else fail "dot -Tsvg rejects the DOT export"; cat "$T/dot.err"; fi
grep -q 'Busan' "$T/a.svg" && pass || fail "the SVG drawn from the DOT export names Busan"
if $PY -c 'import networkx' 2>/dev/null; then
  if $PY "$FIX/check_networkx.py" --relgraph "$T/a.json" "$SCHEMA" "$T/a.graphml" "$T/a.gexf"; then pass
  else fail "networkx reads the GraphML/GEXF exports of the sample differently"; fi
else
  skip "networkx checks: /usr/bin/python3 lacks python3-networkx (make deps installs it)"
fi

# ---- round trips -----------------------------------------------------------------
rund "$T/g.db" import "$T/a.graphml"; expect_rc 0 "import graphml"
rund "$T/g.db" export -o "$T/g.json"; expect_rc 0 "export json after graphml"
if $PY "$FIX/same_graph.py" "$T/a.json" "$T/g.json"; then pass; else fail "JSON -> GraphML -> JSON changed the graph"; fi

rund "$T/c.db" import "$T/csv1"; expect_rc 0 "import csv folder (a folder with nodes.csv is csv)"
rund "$T/c.db" export -o "$T/c.json"; expect_rc 0 "export json after csv"
if $PY "$FIX/same_graph.py" "$T/a.json" "$T/c.json"; then pass; else fail "CSV -> JSON changed the graph"; fi
# CSV carries evidence counts, not evidence: from here on the CSV of c.db
# (the graph as the CSV brought it in) is the reference.
rund "$T/c.db" export --format csv -o "$T/csv1c"; expect_rc 0 "export csv of the csv import"
rund "$T/c2.db" import "$T/c.json"; expect_rc 0 "import the json of the csv"
rund "$T/c2.db" export --format csv -o "$T/csv2"; expect_rc 0 "export csv again"
expect_same "$T/csv1c/nodes.csv" "$T/csv2/nodes.csv" "CSV -> JSON -> CSV nodes.csv"
expect_same "$T/csv1c/edges.csv" "$T/csv2/edges.csv" "CSV -> JSON -> CSV edges.csv"
grep -v '^:START_ID' "$T/csv1/edges.csv" | cut -d, -f1-6 >"$T/e1"
grep -v '^:START_ID' "$T/csv2/edges.csv" | cut -d, -f1-6 >"$T/e2"
expect_same "$T/e1" "$T/e2" "CSV round trip keeps endpoints, types, ids, dates, topics"

# JSON from standard input
rgd "$T/s.db" import - <"$T/a.json" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "import json from stdin"
rund "$T/s.db" export -o "$T/s.json"
expect_same "$T/a.json" "$T/s.json" "json from stdin round trip"

rgd "$T/s2.db" import --format graphml - <"$T/a.graphml" >"$T/out" 2>"$T/err"; RC=$?
expect_rc 0 "import graphml from stdin"
rund "$T/s2.db" export -o "$T/s2.json"
if $PY "$FIX/same_graph.py" "$T/a.json" "$T/s2.json"; then pass; else fail "graphml from stdin changed the graph"; fi

# importing into a non-empty database merges instead of duplicating
rund "$A" import "$T/a.graphml"; expect_rc 0 "import graphml into the same database"
rund "$A" export -o "$T/a2.json"
if $PY "$FIX/same_graph.py" "$T/a.json" "$T/a2.json"; then pass; else fail "re-importing our own graphml duplicated things"; fi

# ---- bad input: clear one-line error, exit 1, database unchanged -----------------
rund "$A" export -o "$T/before.json"
bad() {  # bad DESC EXPECTED-STDERR ARGS...
  desc=$1; want=$2; shift 2
  rund "$A" import "$@"
  expect_rc 1 "$desc: exit status"
  expect_one_line_err "$desc"
  expect_err "$want" "$desc: message"
  rund "$A" export -o "$T/after.json"
  expect_same "$T/before.json" "$T/after.json" "$desc: database unchanged"
}
printf '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<graph>\n<node id="a"><data key="t">x</data>\n</graph>\n</graphml>\n' >"$T/broken.graphml"
bad "malformed GraphML" "broken.graphml:5:" "$T/broken.graphml"
bad "a GEXF file given as GraphML" "not a GraphML file (the root element is <gexf>" --format graphml "$T/a.gexf"
bad "a JSON file given as GraphML" "a.json:1:" --format graphml "$T/a.json"
mkdir -p "$T/sheet"
printf 'id,name,type\nhn,Hà Nội,city\nbs,Busan,town\n' >"$T/sheet/nodes.csv"
bad "unknown type in a sheet" "nodes.csv:3:10: unknown entity type 'town'" --format csv "$T/sheet"
printf 'id,name,type\nhn,Hà Nội,city\nbs,Busan,city\n' >"$T/sheet/nodes.csv"
printf 'From,To,Type\nhn,bs,sister_city\nbs,hn,sister_city\n' >"$T/sheet/edges.csv"
bad "duplicate rows in a sheet" "edges.csv:3:1: duplicate of the sister_city edge on line 2" --format csv "$T/sheet"
printf 'From,To,Type\nhn,xx,sister_city\n' >"$T/sheet/edges.csv"
bad "missing id in a sheet" "edges.csv:2:4: no node has id 'xx'" --format csv "$T/sheet"
printf 'From,To,Type\nhn,"bs,sister_city\n' >"$T/sheet/edges.csv"
bad "malformed CSV" "edges.csv:2:4: quoted field never closed" --format csv "$T/sheet"
bad "a nodes file that is an edges file" "this is an edges file" --format csv "$T/sheet/edges.csv"
rund "$A" export --format csv -o -
expect_rc 2 "csv to stdout is a usage error"
expect_err "give a folder path" "csv to stdout says what to do"

# ---- the corpus graph, when the shared corpus and ingest are there ----------------
if [ -d "$SHARED/corpus/docs" ] && rgd "$T/k.db" ingest --help >/dev/null 2>&1 \
   && rgd "$T/k.db" ingest "$SHARED/corpus/docs" >/dev/null 2>&1; then
  rund "$T/k.db" export -o "$T/k.json"; expect_rc 0 "corpus: export json"
  rund "$T/k.db" export -o "$T/k.graphml"; expect_rc 0 "corpus: export graphml"
  rund "$T/k.db" export -o "$T/k.gexf"; expect_rc 0 "corpus: export gexf"
  if $PY "$FIX/check_networkx.py" --relgraph "$T/k.json" "$SCHEMA" "$T/k.graphml" "$T/k.gexf"; then pass
  else fail "networkx reads the corpus graph's exports differently"; fi
  rund "$T/k2.db" import "$T/k.graphml"; expect_rc 0 "corpus: import graphml"
  rund "$T/k2.db" export -o "$T/k2.json"
  if $PY "$FIX/same_graph.py" "$T/k.json" "$T/k2.json"; then pass; else fail "corpus: JSON -> GraphML -> JSON"; fi
else
  skip "corpus graph: needs $SHARED/corpus and a working 'relgraph ingest'"
fi

finish
