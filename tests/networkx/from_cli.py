#!/usr/bin/python3
"""from_cli.py - turns what the relgraph CLI printed into the files
compare.py reads, so the networkx comparison can run end to end.

usage: from_cli.py GRAPH.json ANALYZE.csv COMMUNITIES.json... OUTDIR

GRAPH.json is the relgraph JSON export of the graph analysed; ANALYZE.csv
is `relgraph analyze --csv --top 0 --metric
pagerank,betweenness,closeness,harmonic,coreness,component`; each
COMMUNITIES.json is `relgraph analyze --json --communities ALG`.  Vertices
are numbered in entity id order, as relgraph numbers them.
"""
import csv
import json
import sys


def main():
    graph, table, comms, out = sys.argv[1], sys.argv[2], sys.argv[3:-1], sys.argv[-1]
    with open(graph) as f:
        g = json.load(f)
    ids = sorted((int(e["id"][1:]) for e in g["entities"]))
    index = {f"e{i}": k for k, i in enumerate(ids)}
    symmetric = {"sister_city", "cooperates_with", "signed_with"}
    with open(f"{out}/links.tsv", "w") as f:
        f.write(f"{len(ids)}\n")
        for link in g["links"]:
            f.write(f"{index[link['source']]} {index[link['target']]} "
                    f"{len(link.get('evidence') or [])} {int(link['type'] in symmetric)}\n")
    with open(table) as f, open(f"{out}/undirected.tsv", "w") as o:
        for row in csv.DictReader(f):
            o.write(" ".join([str(index[row["id"]])] + [row[k] for k in (
                "pagerank", "betweenness", "closeness", "harmonic", "coreness", "component")]) + "\n")
    with open(f"{out}/communities.tsv", "w") as o:
        for path in comms:
            with open(path) as f:
                c = json.load(f)["communities"]
            if c["modularity"] is None:     # no links: modularity undefined
                continue
            memb = [0] * len(ids)
            for k, group in enumerate(c["communities"]):
                for e in group["members"]:
                    memb[index[e]] = k
            o.write(f"{c['algorithm']} {c['modularity']!r} " + " ".join(map(str, memb)) + "\n")


if __name__ == "__main__":
    main()
