#!/bin/sh
# test_hostile.sh - hostile text through every output.  Documents from
# tests/hostile/ (markup, javascript:/data: links, bidi overrides, zero-width
# characters, terminal escapes, SQL, a 20 KB token; lone surrogates, NUL
# escapes and NUL bytes that must be refused cleanly) are ingested, and the
# names of tests/hostile/names.json are added by hand (entities, aliases,
# attributes, links with hostile evidence and topics), since the builder
# extracts few of them.  Then every output is checked (hostile_check.py):
# SVG, GraphML and GEXF are well-formed XML (xmllint and expat) with no
# script element, event attribute or javascript:/data: link; the DOT files
# pass `dot -Tsvg` with one node per entity and one edge per link; JSON
# parses strictly and CSV parses with the header's column count, both with
# every name byte for byte; terminal tables and cards hold no control,
# bidi or zero-width character.  Hostile files to import (a lone surrogate
# in JSON, a control character reference in GraphML, a NUL in CSV) are
# refused whole with one line.  The database stays sound: the SQL
# fragments are names like any other.
. "$(dirname "$0")/lib.sh"

H=$SRC/tests/hostile
CHECK="python3 $SRC/tests/e2e/hostile_check.py"
DB=$T/h.db

# check KIND FILE [NAMES] DESC
check() {
  kind=$1 file=$2
  if [ $# -eq 4 ]; then extra=$3 desc=$4; else extra= desc=$3; fi
  # shellcheck disable=SC2086
  if out=$($CHECK "$kind" "$file" $extra 2>&1); then pass; else fail "$desc: $out"; fi
}

# ---- ingest: hostile documents, refused ones refused cleanly ---------------
printf 'TP. Huế ký kết\000 với TP. Kyoto.\n' >"$T/nul.txt"
run -d "$DB" ingest "$H/hostile.txt" "$H/hostile.html" "$H/hostile.json" "$H/surrogate.json" \
  "$H/nul-escape.json" "$T/nul.txt"
expect_rc 1 "ingest of the hostile documents: the bad ones fail, exit 1"
expect_out "ingested 3 of 6" "the three readable hostile documents are stored"
expect_err "surrogate.json:1:" "a lone surrogate: refused with its position"
expect_err "nul-escape.json:1:" "a NUL escape: refused with its position"
expect_err "nul.txt: binary file" "a NUL byte: refused as binary"
if [ "$(grep -c '^relgraph: ' "$T/err")" -eq 3 ] && [ "$(wc -l <"$T/err")" -eq 3 ]; then pass
else fail "each refused document is one 'relgraph: ' line"; cat "$T/err"; fi
check terminal "$T/err" "error messages hold no raw control or bidi character"

# ---- the hostile names, by hand --------------------------------------------
python3 - "$H/names.json" "$DB" "$T/ids" <<'EOF' || fail "adding the hostile names by hand"
import json, os, shlex, subprocess, sys
names, db, ids_path = json.load(open(sys.argv[1], encoding="utf-8")), sys.argv[2], sys.argv[3]
rg = shlex.split(os.environ["RELGRAPH"])
def run(*args):
    p = subprocess.run(rg + ["-d", db] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("relgraph %s: exit %d: %r" % (args[:2], p.returncode, p.stderr[:200]))
    return p.stdout.decode()
ids = []
for n in names:
    out = run("add", "entity", n["type"], n["name"], "--alias", n["name"] + " (alias)",
              "--attr", "note=" + json.dumps(n["name"]))
    ids.append(out.split("added entity ")[1].split(":")[0])
for a, b in zip(ids, ids[1:]):
    text = names[ids.index(a)]["name"][:200]
    run("add", "link", "cooperates_with", a, b, "--date", "2020",
        "--topic", "<b>topic</b> javascript:alert(1)",
        "--evidence", "Evidence: %s <script>alert(1)</script> \u202eRLO\u202c \x1b[31m" % text)
open(ids_path, "w").write("\n".join(ids) + "\n")
EOF
n_ids=$(wc -l <"$T/ids")
[ "$n_ids" -eq "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$H/names.json")" ] && pass || fail "every hostile name was added"

# the SQL fragments were names, not statements: every table is still there
python3 -c "
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
tables = {r[0] for r in con.execute(\"SELECT name FROM sqlite_master WHERE type = 'table'\")}
need = {'entities', 'links', 'evidence', 'documents', 'aliases', 'mentions', 'link_topics', 'meta'}
sys.exit(0 if need <= tables and con.execute('PRAGMA integrity_check').fetchone()[0] == 'ok' else 1)
" "$DB" && pass || fail "the database lost a table or its integrity"
run -d "$DB" entities --match "DROP TABLE"
expect_rc 0 "an SQL fragment as --match"
expect_out "Robert'); DROP TABLE entities;--" "an SQL fragment is found as text"
run -d "$DB" show "Robert'); DROP TABLE entities;--"
expect_rc 0 "show an entity named by an SQL fragment"

# ---- renders -------------------------------------------------------------------
for theme in default print; do
  run -d "$DB" render --max-nodes 0 --theme "$theme" -o "$T/h-$theme.svg"
  expect_rc 0 "render SVG ($theme theme)"
  if xmllint --noout "$T/h-$theme.svg" 2>"$T/xmlerr"; then pass; else fail "xmllint refuses the $theme SVG: $(head -2 "$T/xmlerr")"; fi
  check xml "$T/h-$theme.svg" "SVG ($theme theme)"
done
run -d "$DB" render --max-nodes 0 --title '<script>alert(1)</script> ]]> "t"' --edge-labels type -o "$T/h-title.svg"
expect_rc 0 "render SVG with a hostile title"
check xml "$T/h-title.svg" "SVG with a hostile title"
run -d "$DB" render --max-nodes 0 -o "$T/h-render.dot"
expect_rc 0 "render DOT"

# ---- exports ---------------------------------------------------------------------
for f in graphml gexf json dot; do
  run -d "$DB" export --format "$f" -o "$T/h.$f"
  expect_rc 0 "export $f"
done
run -d "$DB" export --format csv -o "$T/hcsv"
expect_rc 0 "export csv"
for f in graphml gexf; do
  if xmllint --noout "$T/h.$f" 2>"$T/xmlerr"; then pass; else fail "xmllint refuses the $f export: $(head -2 "$T/xmlerr")"; fi
  check xml "$T/h.$f" "$f export"
done
check json "$T/h.json" "$H/names.json" "JSON export"
check csv "$T/hcsv" "$H/names.json" "CSV export"
n_ent=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['entities']))" "$T/h.json")
n_link=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['links']))" "$T/h.json")
for d in "$T/h.dot" "$T/h-render.dot"; do
  if dot -Tsvg "$d" >"$T/fromdot.svg" 2>"$T/doterr"; then pass; else fail "dot -Tsvg refuses $(basename "$d"): $(head -2 "$T/doterr")"; fi
  check xml "$T/fromdot.svg" "the SVG dot draws from $(basename "$d")"
done
# one node per entity and one edge per link: no name became a statement
counts=$(gc -n -e "$T/h.dot" | awk '{print $1, $2}')
[ "$counts" = "$n_ent $n_link" ] && pass || fail "DOT export: nodes and edges $counts, wanted $n_ent $n_link"
# the JSON round trip keeps every name
run -d "$T/back.db" import "$T/h.json"
expect_rc 0 "import the hostile JSON export"
run -d "$T/back.db" export --format json -o "$T/back.json"
expect_same "$T/h.json" "$T/back.json" "hostile names survive export -> import -> export"
run -d "$T/back2.db" import --format graphml "$T/h.graphml"
expect_rc 0 "import the hostile GraphML export"

# ---- hostile files to import: refused whole, with one line, nothing created ----
printf '{"format":"relgraph","version":1,"entities":[{"id":"e1","type":"city","name":"lone \\ud800 x","aliases":[],"attrs":{}}],"links":[],"documents":[]}\n' >"$T/sur.json"
run -d "$T/imp1.db" import "$T/sur.json"
expect_rc 1 "import: a lone surrogate in JSON is refused"
expect_err "sur.json:1:" "import: the lone surrogate's position"
expect_one_line_err "import of a lone surrogate"
if [ -e "$T/imp1.db" ]; then fail "import of a lone surrogate left a database behind"; else pass; fi
printf '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="name" for="node" attr.name="name" attr.type="string"/><key id="type" for="node" attr.name="type" attr.type="string"/><graph edgedefault="directed"><node id="n1"><data key="type">city</data><data key="name">esc &#27; x</data></node></graph></graphml>\n' >"$T/esc.graphml"
run -d "$T/imp2.db" import "$T/esc.graphml"
expect_rc 1 "import: a control character reference in GraphML is refused"
expect_one_line_err "import of a control character reference"
mkdir -p "$T/csvnul"
printf 'id:ID,name,:LABEL\ne1,"a\000b",city\n' >"$T/csvnul/nodes.csv"
printf ':START_ID,:END_ID,:TYPE\n' >"$T/csvnul/edges.csv"
run -d "$T/imp3.db" import --format csv "$T/csvnul"
expect_rc 1 "import: a NUL byte in CSV is refused"
expect_one_line_err "import of a NUL byte"
run -d "$DB" export -o "$T/before-imports.json"
run -d "$DB" import "$T/sur.json"
expect_rc 1 "import of a lone surrogate into the hostile database"
run -d "$DB" export -o "$T/after-imports.json"
expect_same "$T/before-imports.json" "$T/after-imports.json" "a refused import changes nothing"

# ---- terminal output ------------------------------------------------------------
: >"$T/term"
for cmd in "entities" "links" "stats" "timeline" "analyze --top 0" "analyze --communities louvain --top 0" \
           "neighbors $(head -1 "$T/ids")"; do
  # shellcheck disable=SC2086
  run -d "$DB" $cmd
  expect_rc 0 "terminal: $cmd"
  cat "$T/out" "$T/err" >>"$T/term"
done
while read -r id; do
  run -d "$DB" show "$id"
  expect_rc 0 "terminal: show $id"
  cat "$T/out" "$T/err" >>"$T/term"
done <"$T/ids"
for doc in 1 2 3; do
  run -d "$DB" links --entity "$(sed -n "${doc}p" "$T/ids")"
  cat "$T/out" >>"$T/term"
done
check terminal "$T/term" "terminal tables and cards"
if grep -q "$(printf '\033')" "$T/term"; then fail "terminal output holds an ESC byte"; else pass; fi
grep -q 'Bell\\x07 Esc\\x1b\[31mRed' "$T/term" && pass || fail "terminal: control characters are shown as escapes"
grep -q '\\u202e' "$T/term" && pass || fail "terminal: a bidi override is shown as an escape"
grep -q 'Hà\\u200bNội' "$T/term" && pass || fail "terminal: a zero-width space is shown as an escape"
# --json keeps the exact text, escaped as JSON
run -d "$DB" entities --json
expect_rc 0 "entities --json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0)" "$T/out" && pass || fail "entities --json does not parse"
finish
