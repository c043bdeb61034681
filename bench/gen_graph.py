#!/usr/bin/python3
"""gen_graph.py - writes the benchmark graph: N entities and M distinct links
with community structure (groups of 100 entities, 90% of links inside a
group), as relgraph JSON (for `relgraph import`) and as an edge list (for
networkx and bench/bare_igraph.c).

usage: gen_graph.py N M OUT.json OUT.edges

The edge list's first line is N; then one "u v" line per link, u and v
being 0-based entity indices (entity e(i+1) in the JSON).  Deterministic
(seeded), so every run benchmarks the same graph.
"""
import json
import random
import sys


def main():
    n, m = int(sys.argv[1]), int(sys.argv[2])
    out_json, out_edges = sys.argv[3], sys.argv[4]
    rng = random.Random(20261124)
    group = 100
    seen = set()
    edges = []
    while len(edges) < m:
        u = rng.randrange(n)
        if rng.random() < 0.9:
            base = u - u % group
            v = base + rng.randrange(min(group, n - base))
        else:
            v = rng.randrange(n)
        if u == v:
            continue
        key = (u, v) if u < v else (v, u)
        if key in seen:
            continue
        seen.add(key)
        edges.append(key)
    with open(out_edges, "w") as f:
        f.write(f"{n}\n")
        f.write("".join(f"{u} {v}\n" for u, v in edges))
    with open(out_json, "w") as f:
        f.write('{"format": "relgraph", "version": 1,\n"entities": [\n')
        f.write(",\n".join(
            json.dumps({"id": f"e{i + 1}", "type": "city", "name": f"City {i + 1}",
                        "aliases": [], "attrs": {}})
            for i in range(n)))
        f.write('\n],\n"links": [\n')
        f.write(",\n".join(
            json.dumps({"id": f"l{k + 1}", "type": "cooperates_with",
                        "source": f"e{u + 1}", "target": f"e{v + 1}",
                        "date": str(1990 + k % 35), "topics": [], "attrs": {},
                        "evidence": []})
            for k, (u, v) in enumerate(edges)))
        f.write('\n],\n"documents": []}\n')


if __name__ == "__main__":
    main()
