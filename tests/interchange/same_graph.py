#!/usr/bin/python3
"""same_graph.py - do two relgraph JSON exports hold the same graph?

usage: /usr/bin/python3 same_graph.py A.json B.json

Compares every entity (id, type, name, aliases, attrs) and every link (id,
type, source, target, date, topics, attrs); evidence and documents are left
out because GraphML and CSV carry only the evidence count.  Prints the
differences (at most 20) and exits 1 when there are any.
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    ents = {e["id"]: (e["type"], e["name"], sorted(e.get("aliases", [])), e.get("attrs", {}))
            for e in doc["entities"]}
    links = {l["id"]: (l["type"], l["source"], l["target"], l.get("date"),
                       sorted(l.get("topics", [])), l.get("attrs", {}))
             for l in doc["links"]}
    return ents, links


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    diffs = []
    for what, x, y in (("entity", a[0], b[0]), ("link", a[1], b[1])):
        for k in sorted(set(x) | set(y)):
            if x.get(k) != y.get(k):
                diffs.append(f"{what} {k}: {x.get(k)!r} != {y.get(k)!r}")
    for d in diffs[:20]:
        print("same_graph:", d)
    if diffs:
        print(f"same_graph: {len(diffs)} differences between {sys.argv[1]} and {sys.argv[2]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
