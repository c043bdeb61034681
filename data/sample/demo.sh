#!/bin/sh
# demo.sh - relgraph's main job on the sample corpus (run by `make demo`,
# which sets $RELGRAPH to the built command).
#
# Builds a fresh database from data/sample/docs, then shows what an analyst
# gets: counts, the entities, the card of the most connected entity, and
# an export to demo-out/graph.json; then analysis and a drawing when those
# commands exist in this build (each step that is not available yet is
# skipped with a note, and the rest still runs).
#
# The database is $RELGRAPH_DB, else ./demo-out/demo.db.  It is recreated on
# every run, but only if the demo made it: a database the demo did not
# create (no "<db>.demo" stamp beside it) is never deleted.
set -u
RELGRAPH=${RELGRAPH:-relgraph}
here=$(cd "$(dirname "$0")" && pwd)
docs=$here/docs
out=demo-out
db=${RELGRAPH_DB:-$out/demo.db}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

step() { printf '\n== %s\n' "$*"; }
note() { printf 'demo: %s\n' "$*"; }
# rg ARGS...: shows the command as one would type it, then runs it on the demo db
rg() {
  printf '$ relgraph'
  for a in "$@"; do
    case $a in
      *[!A-Za-z0-9._/=:-]* | '') printf " '%s'" "$a" ;;
      *) printf ' %s' "$a" ;;
    esac
  done
  printf '\n'
  $RELGRAPH -d "$db" "$@"
}

# available CMD: the command exists in this build (not a placeholder)
available() {
  $RELGRAPH "$1" --help >/dev/null 2>&1 || return 1
  ! $RELGRAPH --help 2>/dev/null | grep -q "^  $1 .*not implemented"
}

mkdir -p "$out" "$(dirname "$db")" || exit 1
if [ -e "$db" ]; then
  if [ -e "$db.demo" ]; then
    rm -f "$db" "$db-wal" "$db-shm" "$db.demo"
  else
    note "$db exists and was not made by the demo; not touching it."
    note "unset RELGRAPH_DB or remove the file to run the demo."
    exit 1
  fi
fi

step "a fresh database"
rg init || exit 1
: >"$db.demo"

step "build the graph from the sample documents"
if available ingest; then
  # a relative path keeps the document names in the graph short and portable
  rel=$($PY -c 'import os, sys; print(os.path.relpath(sys.argv[1]))' "$docs" 2>/dev/null) || rel=$docs
  rg ingest "$rel" || note "ingest failed; continuing with what the database holds"
else
  note "'relgraph ingest' is not available in this build yet;"
  note "adding a few facts of the sample documents by hand instead."
  rg add entity city "Đà Nẵng" --alias "Da Nang" >/dev/null &&
  rg add entity city "Yokohama" >/dev/null &&
  rg add entity city "Daegu" >/dev/null &&
  rg add entity forum "Mạng lưới Đô thị thông minh ASEAN" --alias ASCN \
    --alias "ASEAN Smart Cities Network" >/dev/null &&
  rg add entity country "Nhật Bản" --alias Japan >/dev/null &&
  rg add link signed_with "Đà Nẵng" Yokohama --date 2024-05-15 --topic "smart city" \
    --evidence "Tại buổi làm việc, hai bên đã ký kết bản ghi nhớ về hợp tác phát triển đô thị thông minh giai đoạn 2024-2028." &&
  rg add link sister_city "Da Nang" Daegu --date 2013 \
    --evidence "Da Nang and Daegu (South Korea) have been sister cities since 2013." &&
  rg add link member_of "Đà Nẵng" ASCN --date 2018 \
    --evidence "Đà Nẵng là thành viên của Mạng lưới Đô thị thông minh ASEAN (ASCN) từ năm 2018." &&
  rg add link located_in Yokohama "Nhật Bản" ||
  { note "adding by hand failed"; exit 1; }
fi

step "what the database holds"
rg stats || exit 1

step "entities"
rg entities || exit 1

step "the most connected entity"
$RELGRAPH -d "$db" links --json >"$out/links.json" || exit 1
top=$($PY -c '
import collections, json, sys
links = json.load(open(sys.argv[1]))
deg = collections.Counter()
for l in links:
    deg[l["source"]] += 1
    deg[l["target"]] += 1
if deg:
    # most links first, then the lowest id, so the choice is stable
    print(sorted(deg.items(), key=lambda kv: (-kv[1], int(kv[0][1:])))[0][0])
' "$out/links.json")
rm -f "$out/links.json"
if [ -n "$top" ]; then
  rg show "$top" || exit 1
else
  note "no links yet, so no card to show"
fi

step "export"
rg export -o "$out/graph.json" || exit 1
note "$out/graph.json: $(wc -c <"$out/graph.json") bytes"

step "analysis"
if available analyze; then
  rg analyze || note "analyze failed"
else
  note "'relgraph analyze' is not available in this build yet; skipped"
fi

step "drawing"
if available render; then
  rg render -o "$out/graph.svg" && note "wrote $out/graph.svg" || note "render failed"
else
  note "'relgraph render' is not available in this build yet; skipped"
fi

step "done"
note "database: $db"
