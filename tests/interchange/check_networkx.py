#!/usr/bin/python3
"""check_networkx.py - networkx, a real consumer, reads relgraph's GraphML and
GEXF exports; every node, edge and attribute value must match what relgraph
holds.

usage: /usr/bin/python3 check_networkx.py EXPECTED.json GRAPH.graphml GRAPH.gexf
       /usr/bin/python3 check_networkx.py --relgraph EXPORT.json SCHEMA.json GRAPH.graphml GRAPH.gexf

EXPECTED.json is {"nodes": {id: {type, name, aliases, attrs}},
                  "edges": {id: {source, target, type, date, topics,
                                 evidence_count, symmetric, attrs}}}
with lists joined by '|' and "" for absent.  With --relgraph the expectation
is derived from relgraph's own JSON export of the same database and the
pack's schema.json (which link types are symmetric).  Prints one line per mismatch
(at most 20) and exits 1 when there is any.

networkx 2.8 knows GEXF 1.1draft and 1.2draft only; GEXF 1.3 keeps the same
elements under the namespace http://gexf.net/1.3, so the 1.3 namespace is
registered with networkx's own reader (its parsing is untouched).
"""
import json
import math
import sys

import networkx as nx
from networkx.readwrite import gexf as nx_gexf

problems = []


def problem(msg):
    problems.append(msg)


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0)
        except (TypeError, ValueError):
            return False
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (type(a) is bool and type(b) is bool and a == b)
    return a == b and type(a) is type(b)


def attr_value(v):
    """What a relgraph attrs value becomes in GraphML/GEXF."""
    if isinstance(v, (dict, list)):
        return json.dumps(v, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return v


def compare(fmt, where, want, got):
    for k, v in want.items():
        g = got.get(k, "")
        if v == "" and g == "":
            continue
        if not same(v, g):
            problem(f"{fmt}: {where}: {k}: want {v!r}, networkx read {g!r}")


def check(fmt, G, expected, node_name_key):
    if G.number_of_nodes() != len(expected["nodes"]):
        problem(f"{fmt}: {G.number_of_nodes()} nodes, want {len(expected['nodes'])}")
    if G.number_of_edges() != len(expected["edges"]):
        problem(f"{fmt}: {G.number_of_edges()} edges, want {len(expected['edges'])}")
    if not G.is_directed():
        problem(f"{fmt}: graph is not directed")
    for nid, n in expected["nodes"].items():
        if nid not in G:
            problem(f"{fmt}: node {nid} missing")
            continue
        d = dict(G.nodes[nid])
        d["name"] = d.pop(node_name_key, "")
        want = {"type": n["type"], "name": n["name"], "aliases": n["aliases"]}
        want.update({k: attr_value(v) for k, v in n["attrs"].items()})
        compare(fmt, f"node {nid}", want, d)
        extra = set(d) - set(want) - {"id"}
        if extra:
            problem(f"{fmt}: node {nid}: unexpected attributes {sorted(extra)}")
    edges = {}
    if G.is_multigraph():
        for s, t, key, d in G.edges(keys=True, data=True):
            edges[d.get("id", key)] = (s, t, d)
    else:
        for s, t, d in G.edges(data=True):
            edges[d.get("id")] = (s, t, d)
    for eid, e in expected["edges"].items():
        if eid not in edges:
            problem(f"{fmt}: edge {eid} missing")
            continue
        s, t, d = edges[eid]
        if (s, t) != (e["source"], e["target"]):
            problem(f"{fmt}: edge {eid}: {s}->{t}, want {e['source']}->{e['target']}")
        d = dict(d)
        d.pop("id", None)
        if fmt == "gexf":
            label = d.pop("label", None)
            if label != e["type"]:
                problem(f"{fmt}: edge {eid}: label {label!r}, want {e['type']!r}")
            start = d.pop("start", None)
            date = e["date"]
            want_start = (date + ("-01-01" if len(date) == 4 else "-01" if len(date) == 7 else "")) if date else None
            if start != want_start:
                problem(f"{fmt}: edge {eid}: start {start!r}, want {want_start!r}")
        want = {k: e[k] for k in ("type", "date", "topics", "evidence_count", "symmetric")}
        want.update({k: attr_value(v) for k, v in e["attrs"].items()})
        compare(fmt, f"edge {eid}", want, d)
        extra = set(d) - set(want)
        if extra:
            problem(f"{fmt}: edge {eid}: unexpected attributes {sorted(extra)}")


def from_relgraph_json(export_path, schema_path):
    """The expectation from a relgraph JSON export and the pack schema."""
    with open(export_path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    symmetric = {t["name"]: bool(t.get("symmetric")) for t in schema["link_types"]}
    nodes = {e["id"]: {"type": e["type"], "name": e["name"],
                       "aliases": "|".join(e.get("aliases", [])),
                       "attrs": e.get("attrs", {})} for e in doc["entities"]}
    edges = {l["id"]: {"source": l["source"], "target": l["target"], "type": l["type"],
                       "date": l.get("date") or "", "topics": "|".join(l.get("topics", [])),
                       "evidence_count": len(l.get("evidence", [])),
                       "symmetric": symmetric[l["type"]], "attrs": l.get("attrs", {})}
             for l in doc["links"]}
    return {"nodes": nodes, "edges": edges}


def main():
    if sys.argv[1] == "--relgraph":
        expected = from_relgraph_json(sys.argv[2], sys.argv[3])
        graphml_path, gexf_path = sys.argv[4:6]
    else:
        expected_path, graphml_path, gexf_path = sys.argv[1:4]
        with open(expected_path, encoding="utf-8") as f:
            expected = json.load(f)
    G = nx.read_graphml(graphml_path, force_multigraph=True)
    check("graphml", G, expected, "name")
    nx_gexf.GEXF.versions["1.3"] = {
        "NS_GEXF": "http://gexf.net/1.3",
        "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        "VERSION": "1.3",
    }
    G = nx.read_gexf(gexf_path, version="1.3")
    check("gexf", G, expected, "label")
    for p in problems[:20]:
        print("networkx:", p)
    if problems:
        print(f"networkx: {len(problems)} mismatches")
        return 1
    print(f"networkx: graphml and gexf match ({len(expected['nodes'])} nodes, "
          f"{len(expected['edges'])} edges, every attribute)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
