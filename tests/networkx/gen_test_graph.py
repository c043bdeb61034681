#!/usr/bin/python3
"""gen_test_graph.py - a generated relgraph JSON graph for the end-to-end
networkx comparison: N entities in groups of 200 (most links inside a group),
some isolated entities and separate pairs, mixed symmetric and directed link
types, 0 to 3 evidence sentences per link, dates over 30 years.  Seeded.

usage: gen_test_graph.py N OUT.json
"""
import json
import random
import sys


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(7)
    core = n - n // 20
    types = ["sister_city", "cooperates_with", "signed_with", "supports"]
    seen = set()
    links = []

    def add(t, a, b, ev):
        key = (t, min(a, b), max(a, b)) if t != "supports" else (t, a, b)
        if a == b or key in seen:
            return
        seen.add(key)
        if t != "supports" and a > b:
            a, b = b, a
        links.append({"id": f"l{len(links) + 1}", "type": t, "source": f"e{a}", "target": f"e{b}",
                      "date": str(1995 + rng.randrange(30)) if rng.random() < 0.8 else None,
                      "topics": [], "attrs": {},
                      "evidence": [{"doc": "d1", "start": 10 * k, "end": 10 * k + 9,
                                    "text": f"generated evidence {len(links)}.{k}"}
                                   for k in range(ev)]})

    for v in range(1, core + 1):
        for _ in range(3):
            base = (v - 1) // 200 * 200
            u = base + 1 + rng.randrange(min(200, core - base))
            add(rng.choice(types), v, u, rng.randrange(4))
    for _ in range(n // 15):
        add(rng.choice(types), rng.randrange(1, core + 1), rng.randrange(1, core + 1), 1)
    for k in range(core + 1, n, 4):   # pairs, with isolated entities between
        add("sister_city", k, k + 1, 2)
    doc = {"format": "relgraph", "version": 1,
           "entities": [{"id": f"e{i}", "type": "city", "name": f"Generated City {i}",
                         "aliases": [], "attrs": {}} for i in range(1, n + 1)],
           "links": links,
           "documents": [{"id": "d1", "name": "generated.txt", "hash": "sha256:" + "ab" * 32,
                          "title": None, "date": None}]}
    with open(out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    main()
