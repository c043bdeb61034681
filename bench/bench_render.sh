#!/bin/sh
# bench_render.sh - how long `relgraph render` takes on three diagrams:
#   ego    depth 1 around the most connected entity of a database of
#          $BENCH_LINKS links (default 1,000,000) to SVG      target < 1 s
#   whole  a whole ~200-entity graph to SVG                    target < 2 s
#   big    a 5,000-entity diagram (--max-nodes 5000) to SVG    target < 5 s
# Databases are made by `relgraph import` of generated JSON.  The baseline,
# measured in the same run, is Graphviz alone laying out and writing the
# same diagram (`dot -K<layout> -Tsvg` on the DOT relgraph writes), so the
# ratio is relgraph's whole cost (loading, selection, SVG clean-up) over
# the layout's.  Wall-clock times on a shared machine vary with its load;
# the CPU time of the relgraph process is printed beside them.
set -u
RELGRAPH=${RELGRAPH:-relgraph}
LINKS=${BENCH_LINKS:-1000000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l | awk '{printf "%.2f", $1}'; }

# gen ENTITIES LINKS HUB_LINKS FILE: random graph; e1 is the hub
gen() {
  /usr/bin/python3 - "$@" <<'PY'
import json, random, sys
n, m, hub, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(7)
types = ["city"] * 6 + ["agency"] * 3 + ["forum", "person"]
ltypes = [("sister_city", "city", "city"), ("cooperates_with", None, None),
          ("signed_with", None, None), ("supports", None, None)]
with open(path, "w") as f:
    f.write('{"format": "relgraph", "version": 1, "entities": [\n')
    for i in range(1, n + 1):
        t = "city" if i == 1 else types[i % len(types)]
        f.write('%s{"id": "e%d", "type": "%s", "name": "Thành phố %d", "aliases": [], "attrs": {}}\n'
                % ("," if i > 1 else "", i, t, i))
    f.write('], "links": [\n')
    seen = set()
    k = 0
    while k < m:
        a = 1 if k < hub else random.randint(1, n)
        b = random.randint(1, n)
        ta, tb = ("city" if a == 1 else types[a % len(types)]), ("city" if b == 1 else types[b % len(types)])
        if a == b:
            continue
        lt = "sister_city" if ta == tb == "city" else random.choice(["cooperates_with", "signed_with", "supports"])
        if lt != "supports" and a > b:
            a, b = b, a
        key = (lt, a, b)
        if key in seen:
            continue
        seen.add(key)
        k += 1
        date = '"%d-%02d"' % (1990 + k % 30, 1 + k % 12) if k % 3 else "null"
        f.write('%s{"id": "l%d", "type": "%s", "source": "e%d", "target": "e%d", "date": %s, '
                '"topics": [], "attrs": {}, "evidence": []}\n' % ("," if k > 1 else "", k, lt, a, b, date))
    f.write('], "documents": []}\n')
PY
}

make_db() { # NAME ENTITIES LINKS HUB
  gen "$2" "$3" "$4" "$W/$1.json" || return 1
  RELGRAPH_DB="$W/$1.db" $RELGRAPH init >/dev/null 2>&1 &&
    RELGRAPH_DB="$W/$1.db" $RELGRAPH import "$W/$1.json" >/dev/null 2>&1
}

# case NAME DB TARGET LAYOUT ARGS...: times relgraph and the Graphviz baseline
case_() {
  name=$1 db=$2 target=$3 layout=$4
  shift 4
  t0=$(now)
  if ! RELGRAPH_DB="$W/$db.db" /usr/bin/time -f "%U %S" -o "$W/$name.cpu" \
       $RELGRAPH render "$@" -o "$W/$name.svg" 2>"$W/$name.err"; then
    echo "$name: relgraph render failed: $(head -1 "$W/$name.err")"; return 1
  fi
  t1=$(now)
  cpu=$(awk '{printf "%.2f", $1 + $2}' "$W/$name.cpu")
  RELGRAPH_DB="$W/$db.db" $RELGRAPH render "$@" -o "$W/$name.dot" 2>/dev/null
  t2=$(now)
  dot -K"$layout" -Tsvg "$W/$name.dot" >/dev/null 2>&1
  t3=$(now)
  rel=$(elapsed "$t0" "$t1")
  base=$(elapsed "$t2" "$t3")
  ok=$(echo "$rel < $target" | bc -l)
  printf '%-6s relgraph %6.2f s (cpu %5.2f s)  graphviz alone %6.2f s  ratio %5.2f  target < %s s  %s  (%s)\n' \
    "$name" "$rel" "$cpu" "$base" "$(echo "$rel / ($base + 0.001)" | bc -l)" "$target" \
    "$([ "$ok" = 1 ] && echo ok || echo SLOW)" "$(grep -c 'class="node"' "$W/$name.svg") nodes drawn"
}

command -v bc >/dev/null && [ -x /usr/bin/time ] ||
  { echo "bench_render: SKIP: needs bc and /usr/bin/time"; exit 0; }
echo "generating databases ($LINKS links for the ego case) ..."
t0=$(now)
if ! make_db small 200 400 20 || ! make_db big 5000 10000 50 || ! make_db huge $((LINKS / 5)) "$LINKS" 60; then
  echo "bench_render: SKIP: 'relgraph init' / 'relgraph import' not available yet"
  exit 0
fi
echo "generated and imported in $(elapsed "$t0" "$(now)") s"

status=0
case_ ego huge 1 dot --ego e1 --depth 1 || status=1
case_ whole small 2 sfdp --title "200 entities" || status=1
case_ big big 5 sfdp --max-nodes 5000 --edge-labels none || status=1
exit $status
