#!/bin/sh
# test_resources.sh - relgraph under scarce or hostile resources:
# - a full disk, simulated by RELGRAPH_MAX_PAGES (SQLite's max_page_count)
#   and, where the test may mount one (root, unshare), a real 1 MB tmpfs:
#   one clear "disk full" error, the ingest stops, every document stored
#   wholly or not at all, nothing half-written; import and init leave the
#   database as it was; export and render leave no partial file;
# - a read-only database file and folder (chattr +i as root, where chmod
#   does not stop writes; chmod otherwise): read commands work, writing
#   commands fail with one line saying "read-only", the file is unchanged;
# - readers (show, stats, analyze, render, export) while an ingest writes:
#   none fails, and every export is a consistent snapshot (each document in
#   it wholly present, no link to an entity it lacks);
# - the ingest limits (--max-doc-size, --max-sentence, --max-name,
#   --max-links-per-sentence): a document over one is refused with one line
#   naming the option, the others stored; raising the limit admits it.
. "$(dirname "$0")/lib.sh"

PY=python3
DRIVER=$SRC/tests/e2e
LEX=${RELGRAPH_DATA:-$SRC/data}/packs/city-diplomacy/lexicon.json

# undo any immutable flag before lib.sh's trap removes $T
cleanup() { chattr -R -i "$T" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

# pycheck FUNC ARGS...: runs one of the checks below; prints a reason on failure
pycheck() {
  $PY - "$@" <<'EOF'
import json, os, sys
sys.path.insert(0, os.environ["DRIVER"])
import crash_driver as c
what = sys.argv[1]
if what == "sound":            # DB REF_DB: integrity, nothing half-stored, each doc whole
    db, ref_db = sys.argv[2], sys.argv[3]
    msg = c.integrity(db)
    if msg != "ok":
        sys.exit(msg)
    probs = c.dangling(db)
    if probs:
        sys.exit("; ".join(probs))
    ref, got = c.contributions(ref_db), c.contributions(db)
    wrong = [h for h in got if got[h] != ref.get(h)]
    if wrong:
        sys.exit("%d documents differ from the reference" % len(wrong))
    print(len(got))
elif what == "snapshot":       # EXPORT.json REF.json: each document in it as in the reference
    def by_doc(d):
        ents = {e["id"]: (e["type"], e["name"]) for e in d["entities"]}
        docs = {x["id"]: x["hash"] for x in d["documents"]}
        out = {h: [] for h in docs.values()}
        for l in d["links"]:
            if l["source"] not in ents or l["target"] not in ents:
                sys.exit("link %s has an endpoint the export lacks" % l["id"])
            for v in l["evidence"]:
                if v["doc"] is None:
                    continue
                if v["doc"] not in docs:
                    sys.exit("evidence of a document the export lacks")
                out[docs[v["doc"]]].append((l["type"], ents[l["source"]], ents[l["target"]],
                                            v["start"], v["end"], v["text"]))
        return {h: sorted(v) for h, v in out.items()}
    got, ref = by_doc(json.load(open(sys.argv[2]))), by_doc(json.load(open(sys.argv[3])))
    wrong = [h for h in got if got[h] != ref.get(h)]
    if wrong:
        sys.exit("%d of %d documents differ from the reference" % (len(wrong), len(got)))
    print(len(got))
EOF
}
export DRIVER

$PY "$SRC/bench/gen_ingest_corpus.py" "$LEX" "$T/corpus" 0.3 2 >/dev/null
REF=$T/ref.db
run -d "$REF" ingest --quiet "$T/corpus"
expect_rc 0 "reference ingest"
run -d "$REF" export -o "$T/ref.json"
expect_rc 0 "reference export"
pages() { $PY -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA page_count').fetchone()[0])" "$1"; }

# ---- a full disk: SQLite's max_page_count --------------------------------
DB=$T/full.db
run -d "$DB" init
cap=$(( $(pages "$DB") + 40 ))
RELGRAPH_MAX_PAGES=$cap run -d "$DB" ingest --quiet "$T/corpus"
expect_rc 1 "ingest into a full database fails"
expect_err "disk full" "full database: says disk full"
if [ "$(grep -c 'disk full' "$T/err")" -eq 1 ]; then pass; else fail "full database: 'disk full' once, not per document ($(grep -c 'disk full' "$T/err") times)"; fi
expect_err "ingest stopped after" "full database: says the ingest stopped"
if n=$(pycheck sound "$DB" "$REF" 2>&1) && [ "$n" -gt 0 ]; then pass; else fail "after a full disk: $n"; fi
echo "full database: $n documents stored before the disk filled, each wholly"
run -d "$DB" ingest --quiet "$T/corpus"
expect_rc 0 "with room again, the same ingest completes"
run -d "$DB" export -o "$T/full.json"
expect_same "$T/ref.json" "$T/full.json" "with room again, the database is the uninterrupted one"

# import and writes of every kind into a full database change nothing
run -d "$DB" export -o "$T/before.json"
cp "$DB" "$T/before.db"
PYTHONPATH=$DRIVER $PY -c "import crash_driver as c, sys; c.merge_graph(sys.argv[1], 2000)" "$T/big.json"
RELGRAPH_MAX_PAGES=$(pages "$DB") run -d "$DB" import "$T/big.json"
expect_rc 1 "import of 2000 new entities into a full database fails"
expect_err "disk full" "import: says disk full"
expect_one_line_err "import into a full database"
RELGRAPH_MAX_PAGES=$(pages "$DB") run -d "$DB" add entity city "Thành phố Mới" --attr "note=\"$(head -c 60000 /dev/zero | tr '\0' x)\""
expect_rc 1 "a 60 KB attribute into a full database fails"
expect_err "disk full" "add: says disk full"
run -d "$DB" export -o "$T/after.json"
expect_same "$T/before.json" "$T/after.json" "the failed writes into a full database changed nothing"
msg=$(pycheck sound "$DB" "$REF" 2>&1) && pass || fail "after failed writes into a full database: $msg"
RELGRAPH_MAX_PAGES=x run -d "$DB" add entity city Huế
expect_rc 2 "a bad RELGRAPH_MAX_PAGES is a usage error"
expect_err "RELGRAPH_MAX_PAGES" "bad RELGRAPH_MAX_PAGES: named"

# ---- a real full disk: a 1 MB tmpfs (root with unshare only) -------------
if [ "$(id -u)" = 0 ] && unshare -m sh -c "mount -t tmpfs -o size=1m tmpfs '$T'/corpus" 2>/dev/null; then
  mkdir -p "$T/small" "$T/fs"
  RG="$RELGRAPH" unshare -m sh -c '
    mount -t tmpfs -o size=1m tmpfs "$1/small" || exit 9
    cd "$1/small"
    $RG -d g.db ingest --quiet "$1/corpus" >"$1/fs/ingest.out" 2>"$1/fs/ingest.err"; echo $? >"$1/fs/ingest.rc"
    # fill what room is left, then try to write files
    cat /dev/zero >filler 2>/dev/null
    $RG -d g.db export -o out.json >"$1/fs/export.out" 2>"$1/fs/export.err"; echo $? >"$1/fs/export.rc"
    $RG -d g.db render -o out.svg >"$1/fs/render.out" 2>"$1/fs/render.err"; echo $? >"$1/fs/render.rc"
    $RG -d new.db init >"$1/fs/init.out" 2>"$1/fs/init.err"; echo $? >"$1/fs/init.rc"
    ls -A >"$1/fs/ls"
    rm -f filler
    cp g.db* "$1/fs/"
  ' sh "$T"
  [ "$(cat "$T/fs/ingest.rc")" = 1 ] && pass || fail "ingest onto a full file system: exit $(cat "$T/fs/ingest.rc"), wanted 1"
  grep -q "disk full" "$T/fs/ingest.err" && pass || { fail "full file system: says disk full"; head -3 "$T/fs/ingest.err"; }
  [ "$(grep -c '^relgraph: ' "$T/fs/ingest.err")" -le 2 ] && pass || fail "full file system: the ingest went on failing document after document"
  if msg=$(pycheck sound "$T/fs/g.db" "$REF" 2>&1); then pass; echo "full file system: $msg documents stored, each wholly"; else fail "after a full file system: $msg"; fi
  [ "$(cat "$T/fs/export.rc")" = 1 ] && pass || fail "export onto a full file system: exit $(cat "$T/fs/export.rc")"
  [ "$(wc -l <"$T/fs/export.err")" = 1 ] && pass || fail "export onto a full file system: one error line"
  [ "$(cat "$T/fs/render.rc")" = 1 ] && pass || fail "render onto a full file system: exit $(cat "$T/fs/render.rc")"
  [ "$(wc -l <"$T/fs/render.err")" = 1 ] && pass || fail "render onto a full file system: one error line"
  [ "$(cat "$T/fs/init.rc")" = 1 ] && pass || fail "init on a full file system: exit $(cat "$T/fs/init.rc")"
  [ "$(wc -l <"$T/fs/init.err")" = 1 ] && pass || fail "init on a full file system: one error line"
  if grep -qv -e '^g\.db' -e '^filler$' "$T/fs/ls"; then fail "partial files left on the full file system: $(tr '\n' ' ' <"$T/fs/ls")"; else pass; fi
else
  skip "a real full file system: needs root and unshare to mount a small tmpfs (RELGRAPH_MAX_PAGES covers the database)"
fi

# ---- read-only database file and folder ----------------------------------
ro_cmds_check() { # $1 = db, $2 = what
  db=$1; what=$2
  cp "$db" "$T/ro.copy"
  for cmd in "stats" "entities" "links" "export -o $T/ro.json" "analyze" \
             "render --max-nodes 50 -o $T/ro.svg" "timeline"; do
    # shellcheck disable=SC2086
    run -d "$db" $cmd
    expect_rc 0 "$what: read command '$cmd' works"
  done
  run -d "$db" show "$ENT1"
  expect_rc 0 "$what: read command 'show' works"
  run -d "$db" add entity city "Huế mới"
  expect_rc 1 "$what: add fails"
  expect_err "read-only" "$what: add says read-only"
  expect_one_line_err "$what: add"
  run -d "$db" ingest --quiet "$SRC/data/sample/docs"
  expect_rc 1 "$what: ingest fails"
  expect_err "read-only" "$what: ingest says read-only"
  expect_one_line_err "$what: ingest"
  run -d "$db" import "$SRC/tests/interchange/sample.json"
  expect_rc 1 "$what: import fails"
  expect_err "read-only" "$what: import says read-only"
  run -d "$db" merge "$ENT1" "$ENT2"
  expect_rc 1 "$what: merge fails"
  expect_err "read-only" "$what: merge says read-only"
  expect_same "$T/ro.copy" "$db" "$what: the database file is unchanged"
}
ENT1=$(sed -n 's/.*"name": "\([^"]*\)".*/\1/p' "$T/ref.json" | sed -n 1p)
ENT2=$(sed -n 's/.*"name": "\([^"]*\)".*/\1/p' "$T/ref.json" | sed -n 2p)
mkdir -p "$T/rofile" "$T/rodir"
cp "$REF" "$T/rofile/g.db"
cp "$REF" "$T/rodir/g.db"
if [ "$(id -u)" = 0 ]; then
  if chattr +i "$T/rofile/g.db" 2>/dev/null; then
    ro_cmds_check "$T/rofile/g.db" "immutable file"
    chattr -i "$T/rofile/g.db"
  else
    skip "read-only file as root: chattr +i is not supported here"
  fi
  if chattr +i "$T/rodir" 2>/dev/null; then
    ro_cmds_check "$T/rodir/g.db" "immutable folder"
    chattr -i "$T/rodir"
  else
    skip "read-only folder as root: chattr +i is not supported here"
  fi
else
  chmod 444 "$T/rofile/g.db"
  ro_cmds_check "$T/rofile/g.db" "read-only file"
  chmod 555 "$T/rodir"
  ro_cmds_check "$T/rodir/g.db" "read-only folder"
  chmod 755 "$T/rodir"
fi

# ---- readers while an ingest writes --------------------------------------
# (the writer below waits for the readers, so the corpus need not be large)
$PY "$SRC/bench/gen_ingest_corpus.py" "$LEX" "$T/big" 1.2 2 >/dev/null
run -d "$T/bigref.db" ingest --quiet "$T/big"
run -d "$T/bigref.db" export -o "$T/bigref.json"
CDB=$T/conc.db
first=$(ls "$T/big" | head -1)
run -d "$CDB" ingest --quiet "$T/big/$first"
expect_rc 0 "concurrency: the first document"
$RELGRAPH -d "$CDB" export -o "$T/first.json" >/dev/null 2>&1
ent=$(sed -n 's/.*"name": "\([^"]*\)".*/\1/p' "$T/first.json" | head -1)
# The writer ingests the corpus in four runs, and waits for the readers'
# second round before the last: a faster ingest must not end before the
# readers have read twice (1.2 MB took 0.3 s once the store got cheaper).
ls "$T/big" | sed "s|^|$T/big/|" >"$T/big.list"
split -n l/4 "$T/big.list" "$T/big.part."
(
  rc=0
  for part in "$T"/big.part.*; do
    if [ "$part" = "$(ls "$T"/big.part.* | tail -1)" ]; then
      waited=0
      while [ ! -e "$T/readers2" ] && [ "$waited" -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
    fi
    # shellcheck disable=SC2046
    $RELGRAPH -d "$CDB" ingest --quiet $(cat "$part") || rc=$?
  done
  exit $rc
) >"$T/conc.out" 2>"$T/conc.err" &
writer=$!
rounds=0 readfail=0 snapfail=0 docs_seen=""
while kill -0 "$writer" 2>/dev/null && [ "$rounds" -lt 40 ]; do
  rounds=$((rounds + 1))
  [ "$rounds" -eq 3 ] && touch "$T/readers2"
  for cmd in "stats" "show" "analyze --top 3" "timeline" "render --max-nodes 30 --layout dot -o $T/conc.svg" \
             "export -o $T/conc$rounds.json"; do
    if [ "$cmd" = show ]; then set -- show "$ent"; else set -- $cmd; fi
    if ! $RELGRAPH -d "$CDB" "$@" >"$T/r.out" 2>"$T/r.err"; then
      readfail=$((readfail + 1)); echo "  reader '$cmd' failed: $(head -1 "$T/r.err")"
    fi
  done
  if n=$(pycheck snapshot "$T/conc$rounds.json" "$T/bigref.json" 2>&1); then docs_seen="$docs_seen $n"
  else snapfail=$((snapfail + 1)); echo "  export $rounds: $n"; fi
done
wait "$writer"
wrc=$?
[ "$wrc" -eq 0 ] && pass || { fail "concurrency: the ingest failed beside readers (exit $wrc)"; head -3 "$T/conc.err"; }
[ "$rounds" -ge 2 ] && pass || fail "concurrency: readers ran only $rounds rounds during the ingest"
[ "$readfail" -eq 0 ] && pass || fail "concurrency: $readfail reader commands failed"
[ "$snapfail" -eq 0 ] && pass || fail "concurrency: $snapfail exports were not consistent snapshots"
echo "concurrency: $rounds rounds of 6 readers during the ingest; documents seen by the exports:$docs_seen"
run -d "$CDB" export -o "$T/conc.json"
expect_same "$T/bigref.json" "$T/conc.json" "concurrency: the ingest beside readers stores what it stores alone"

# ---- ingest limits ------------------------------------------------------------
L=$T/lim.db
mkdir -p "$T/lim"
printf 'Năm 2015, TP. Đà Nẵng ký kết thỏa thuận hợp tác với TP. Yokohama (Nhật Bản).\n' >"$T/lim/ok.txt"
cp "$T/corpus/$(ls "$T/corpus" | head -1)" "$T/lim/doc.txt"
# a 100 KB sentence: words and commas, no full stop
$PY -c "import sys; sys.stdout.write('Hà Nội hợp tác với ' + ', '.join(['đối tác số %d' % i for i in range(8000)]) + '\n')" >"$T/lim/long.txt"
run -d "$L" ingest --quiet "$T/lim/long.txt" "$T/lim/ok.txt"
expect_rc 1 "a 100 KB sentence is refused by default"
expect_err "long.txt: sentence too long" "long sentence: named"
expect_err "--max-sentence" "long sentence: names the option"
expect_one_line_err "long sentence"
run -d "$L" entities
expect_out "Yokohama" "long sentence: the other document is still stored"
run -d "$L" ingest --quiet --max-sentence 256K "$T/lim/long.txt"
expect_rc 0 "--max-sentence 256K admits it"

run -d "$L" ingest --quiet --max-doc-size 1K "$T/lim/doc.txt"
expect_rc 1 "--max-doc-size 1K refuses a 2 KB document"
expect_err "--max-doc-size" "document size: names the option"
expect_one_line_err "document size"
run -d "$L" ingest --quiet --max-doc-size 1K - <"$T/lim/doc.txt"
expect_rc 1 "--max-doc-size 1K refuses 2 KB on stdin"
expect_err "--max-doc-size" "document size on stdin: names the option"

run -d "$L" ingest --quiet --max-name 8 "$T/lim/doc.txt"
expect_rc 1 "--max-name 8 refuses a document with longer names"
expect_err "name too long" "name length: said"
expect_err "--max-name" "name length: names the option"
run -d "$L" ingest --quiet --max-links-per-sentence 1 "$T/lim/doc.txt"
expect_rc 1 "--max-links-per-sentence 1 refuses a sentence with two links"
expect_err "--max-links-per-sentence" "links per sentence: names the option"
run -d "$L" ingest --quiet "$T/lim/doc.txt"
expect_rc 0 "the default limits admit an ordinary document"
# hundreds of partners in one sentence
$PY - "$LEX" >"$T/lim/partners.txt" <<'EOF'
import json, sys
names = sorted({e["name"] for e in json.load(open(sys.argv[1], encoding="utf-8")) if e["type"] in ("city", "country")})
print("Thành phố Đà Nẵng đã kết nghĩa với các thành phố " + ", ".join(names[:700]) + " về giáo dục.")
EOF
run -d "$L" ingest --print --max-links-per-sentence 100 --max-sentence 1M "$T/lim/partners.txt"
expect_rc 1 "600 partners in one sentence are over --max-links-per-sentence 100"
expect_err "too many links" "link limit: said"
run -d "$L" ingest --print "$T/lim/partners.txt"
expect_rc 0 "the default link limit (1000) admits them"
n=$($PY -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['links']))" "$T/out" 2>/dev/null || echo 0)
if [ "$n" -gt 100 ]; then pass; else fail "the partners sentence gives over 100 links (gave $n)"; fi
# a name of thousands of capitalised words
$PY -c "import sys; sys.stdout.write('Năm 2020, Sở ' + ' '.join(['Ngoại'] * 2000) + ' ký kết với TP. Yokohama.\n')" >"$T/lim/name.txt"
run -d "$L" ingest --print "$T/lim/name.txt"
if [ "$RC" -eq 1 ] && grep -q -- "--max-name" "$T/err"; then pass
elif [ "$RC" -eq 0 ] && $PY -c "import json,sys; sys.exit(max(len(e['name'].encode()) for e in json.load(open(sys.argv[1]))['entities']) > 1024)" "$T/out"; then pass
else fail "a 12 KB capitalised run: neither refused by --max-name nor cut short (exit $RC)"; head -2 "$T/err"; fi
run -d "$L" ingest --max-name 0 x
expect_rc 2 "--max-name 0 is a usage error"
run -d "$L" ingest --max-sentence 12Q x
expect_rc 2 "--max-sentence 12Q is a usage error"
expect_err "is not a positive number" "bad limit value: said"
finish
