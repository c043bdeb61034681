#!/usr/bin/python3
"""nx_bench.py - the networkx baseline for bench_analyze.sh: reads the edge
list, then times each task end to end (reading included, as relgraph's
timings include loading its database).  Prints "task wall-seconds
cpu-seconds" lines.

usage: nx_bench.py EDGES FROM TO
"""
import sys
import time

import networkx as nx


def load(path):
    with open(path) as f:
        n = int(f.readline())
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(tuple(map(int, line.split())) for line in f)
    return G


def main():
    path, a, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    tasks = {
        "pagerank": lambda G: nx.pagerank(G, alpha=0.85, weight=None),
        "coreness": nx.core_number,
        "components": lambda G: sorted(nx.connected_components(G), key=len, reverse=True),
        "path": lambda G: nx.shortest_path(G, a, b),
    }
    t0, c0 = time.perf_counter(), time.process_time()
    G = load(path)
    read, cread = time.perf_counter() - t0, time.process_time() - c0
    print(f"read {read:.3f} {cread:.3f}")
    for name, fn in tasks.items():
        t, c = time.perf_counter(), time.process_time()
        fn(G)
        # each task is charged the read, as a separate networkx run would be
        print(f"{name} {read + time.perf_counter() - t:.3f} {cread + time.process_time() - c:.3f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
