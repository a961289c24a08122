"""betweenness_peers.py — the Python half of bench/analyze: times graph-tool's or networkx's
betweenness once on the edge list that bench/analyze wrote, and writes the values converted
to igraph's convention (undirected, each unordered pair counted once, not normalised).

Usage: /usr/bin/python3 bench/betweenness_peers.py graph-tool|networkx EDGES OUTDIR
Prints "<tool> <seconds>", and "<tool>-factor <f>": what the tool's unnormalised values had
to be multiplied by, found on a path of four vertices where igraph's answer is (0, 2, 2, 0).
graph-tool runs OpenMP on every online core ("graph-tool-threads <n>")."""
import os
import sys
import time

import graph_tool.all as gt
import networkx as nx
import numpy as np


def convention_factor(values):
    """Multiplier that turns a tool's values on the path 0-1-2-3 into igraph's (0, 2, 2, 0)."""
    got = [float(x) for x in values]
    if got[0] != 0 or got[3] != 0 or got[1] <= 0 or got[1] != got[2]:
        sys.exit(f"betweenness_peers: unexpected values on a path of four: {got}")
    return 2.0 / got[1]


def gt_graph(n, edges):
    g = gt.Graph(directed=False)
    g.add_vertex(n)
    g.add_edge_list(edges)
    return g


def run_graph_tool(n, edges, path4, outdir):
    # betweenness() is normalised unless norm=False; check how it counts pairs.
    threads = os.cpu_count() or 1
    gt.openmp_set_num_threads(threads)
    g4 = gt_graph(4, path4)
    factor = convention_factor(gt.betweenness(g4, norm=False)[0].a)
    g = gt_graph(n, edges)
    t0 = time.perf_counter()
    vb, _ = gt.betweenness(g, norm=False)
    t = time.perf_counter() - t0
    np.savetxt(f"{outdir}/graph-tool.txt", vb.a * factor, fmt="%.17g")
    print("graph-tool", f"{t:.6f}")
    print("graph-tool-threads", threads)
    print("graph-tool-factor", factor)


def run_networkx(n, edges, path4, outdir):
    # normalized=False already halves undirected pairs; check it all the same.
    p4 = nx.Graph()
    p4.add_edges_from(map(tuple, path4.tolist()))
    b4 = nx.betweenness_centrality(p4, normalized=False)
    factor = convention_factor([b4[v] for v in range(4)])
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(map(tuple, edges.tolist()))
    t0 = time.perf_counter()
    b = nx.betweenness_centrality(G, normalized=False)
    t = time.perf_counter() - t0
    np.savetxt(f"{outdir}/networkx.txt", np.array([b[v] for v in range(n)]) * factor, fmt="%.17g")
    print("networkx", f"{t:.6f}")
    print("networkx-factor", factor)


def main():
    tool, path, outdir = sys.argv[1:4]
    with open(path) as f:
        n, m = map(int, f.readline().split())
        edges = np.loadtxt(f, dtype=np.int64, usecols=(0, 1), ndmin=2)
    assert edges.shape == (m, 2), edges.shape
    path4 = np.array([(0, 1), (1, 2), (2, 3)])
    {"graph-tool": run_graph_tool, "networkx": run_networkx}[tool](n, edges, path4, outdir)


if __name__ == "__main__":
    main()
