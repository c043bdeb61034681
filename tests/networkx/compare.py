#!/usr/bin/python3
"""compare.py - checks relgraph's analysis against networkx, an independent
implementation, on the same graph.

usage: compare.py DIR

DIR holds what relgraph wrote (tests/unit/check_graphs.c, or
tests/e2e/test_networkx.sh through the CLI):
  links.tsv         n_vertices on the first line, then one line per link:
                    source target evidence symmetric(0/1)
  undirected.tsv    vertex pagerank betweenness closeness harmonic coreness component
  directed.tsv      vertex pagerank betweenness closeness harmonic   (optional)
  communities.tsv   one line per algorithm: name modularity m0 m1 ... (membership)

The graph is rebuilt here from the raw links, by relgraph's documented
definitions (graphs/net.h), not from relgraph's collapsed edges:
  - multi-links collapse to one edge; its weight sums max(1, evidence);
  - undirected: one edge per pair; directed: stored direction, and both
    directions for symmetric link types;
  - pagerank: alpha 0.85, unweighted; betweenness: raw counts
    (normalized=False); closeness: (r-1)/sum of distances over the r-1
    reachable vertices (wf_improved=False), 0 when isolated; harmonic: sum of
    1/d; closeness and harmonic follow out-links, and networkx measures
    in-distances on digraphs, so it is given the reversed graph;
  - coreness: core_number; components: connected components as a partition;
  - modularity: networkx modularity of relgraph's partition, weighted.
Values must agree within 1e-6 (relative to max(1, |value|): betweenness
counts run into the millions).  Exit 0 when all agree, 1 with the first
disagreements listed otherwise.
"""
import sys

import networkx as nx

TOL = 1e-6


def read_links(path):
    with open(path) as f:
        n = int(f.readline())
        links = [tuple(int(x) for x in line.split()) for line in f if line.strip()]
    return n, links


def build(n, links, directed):
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    for s, t, ev, sym in links:
        w = max(1, ev)
        pairs = [(s, t)]
        if directed and sym:
            pairs.append((t, s))
        for a, b in pairs:
            if G.has_edge(a, b):
                G[a][b]["weight"] += w
            else:
                G.add_edge(a, b, weight=w)
    return G


def read_table(path):
    rows = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            rows[int(parts[0])] = [float(x) for x in parts[1:]]
    return rows


class Checker:
    def __init__(self):
        self.bad = []
        self.checked = 0

    def close(self, what, v, got, want):
        self.checked += 1
        if abs(got - want) > TOL * max(1.0, abs(want)):
            self.bad.append(f"{what} of vertex {v}: relgraph {got!r}, networkx {want!r}")


def partition(membership):
    groups = {}
    for v, c in membership.items():
        groups.setdefault(c, set()).add(v)
    return sorted(sorted(g) for g in groups.values())


def main():
    d = sys.argv[1]
    n, links = read_links(f"{d}/links.tsv")
    ck = Checker()

    G = build(n, links, False)
    mine = read_table(f"{d}/undirected.tsv")
    pr = nx.pagerank(G, alpha=0.85, weight=None, tol=1e-14, max_iter=100000)
    bc = nx.betweenness_centrality(G, normalized=False)
    cl = nx.closeness_centrality(G, wf_improved=False)
    hc = nx.harmonic_centrality(G)
    core = nx.core_number(G)
    for v in range(n):
        p, b, c, h, k, comp = mine[v]
        ck.close("undirected pagerank", v, p, pr[v])
        ck.close("undirected betweenness", v, b, bc[v])
        ck.close("undirected closeness", v, c, cl[v])
        ck.close("undirected harmonic", v, h, hc[v])
        ck.close("coreness", v, k, core[v])
    comps = partition({v: mine[v][5] for v in range(n)})
    want = sorted(sorted(c) for c in nx.connected_components(G))
    ck.checked += 1
    if comps != want:
        ck.bad.append(f"components: relgraph {len(comps)}, networkx {len(want)} (or members differ)")

    try:
        dmine = read_table(f"{d}/directed.tsv")
    except FileNotFoundError:
        dmine = None
    if dmine is not None:
        D = build(n, links, True)
        R = D.reverse(copy=True)
        pr = nx.pagerank(D, alpha=0.85, weight=None, tol=1e-14, max_iter=100000)
        bc = nx.betweenness_centrality(D, normalized=False)
        cl = nx.closeness_centrality(R, wf_improved=False)
        hc = nx.harmonic_centrality(R)
        for v in range(n):
            p, b, c, h = dmine[v]
            ck.close("directed pagerank", v, p, pr[v])
            ck.close("directed betweenness", v, b, bc[v])
            ck.close("directed closeness", v, c, cl[v])
            ck.close("directed harmonic", v, h, hc[v])

    with open(f"{d}/communities.tsv") as f:
        for line in f:
            parts = line.split()
            name, q = parts[0], float(parts[1])
            memb = {v: int(x) for v, x in enumerate(parts[2:])}
            want = nx.community.modularity(G, [set(g) for g in partition(memb)], weight="weight")
            ck.close(f"{name} modularity", "-", q, want)

    if ck.bad:
        print(f"networkx disagrees on {len(ck.bad)} of {ck.checked} values:")
        for b in ck.bad[:20]:
            print("  " + b)
        return 1
    print(f"networkx agrees on all {ck.checked} values (n={n}, links={len(links)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
