# summary.py FORMAT FILE — reads a gvi network export with networkx and prints it canonically,
# one line per node and per edge, so t40-graph.sh can compare GraphML and GEXF against one
# hand-computed expectation.  Run with /usr/bin/python3 (Debian's python3-networkx).
#
#   node ID {attributes}          sorted by id; attributes as JSON with sorted keys
#   edge U V {attributes}         U < V as strings; the reader's "id" dropped
#   count nodes N / count edges N
#   order ok|BAD                  co-involvement edges in the file: smaller person id first,
#                                 each pair once
import json
import sys
import xml.etree.ElementTree as ET

import networkx as nx
from networkx.readwrite import gexf

fmt, path = sys.argv[1], sys.argv[2]
if fmt == "gexf":
    # networkx before 3.0 knows GEXF only up to 1.2draft; register 1.3 as networkx 3 does.
    if "1.3" not in gexf.GEXF.versions:
        gexf.GEXF.versions["1.3"] = {
            "NS_GEXF": "http://gexf.net/1.3",
            "NS_VIZ": "http://gexf.net/1.3/viz",
            "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
            "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            "VERSION": "1.3",
        }
    G = nx.read_gexf(path, version="1.3")
    ns = "{http://gexf.net/1.3}"
else:
    G = nx.read_graphml(path)
    ns = "{http://graphml.graphdrawing.org/xmlns}"

print(f"count nodes {G.number_of_nodes()}")
print(f"count edges {G.number_of_edges()}")
for n in sorted(G.nodes):
    print(f"node {n} {json.dumps(dict(G.nodes[n]), sort_keys=True)}")
lines = []
for u, v, d in G.edges(data=True):
    d = {k: x for k, x in d.items() if k != "id"}
    a, b = sorted((u, v))
    lines.append(f"edge {a} {b} {json.dumps(d, sort_keys=True)}")
for line in sorted(lines):
    print(line)

# The file itself: co-involvement edges with the smaller person id as source, once per pair.
root = ET.parse(path).getroot()
seen, ok = set(), True
for e in root.iter(ns + "edge"):
    if "co-involvement" not in ET.tostring(e, encoding="unicode"):
        continue
    s, t = e.get("source"), e.get("target")
    if not (s[0] == t[0] == "p" and int(s[1:]) < int(t[1:])) or (s, t) in seen:
        ok = False
    seen.add((s, t))
print("order ok" if ok else "order BAD")
