# oracle.py — the reference side of t50-analyze-metrics.sh: the person metrics recomputed with
# python-igraph and networkx, the person network and the violence counts recomputed from gvi's
# record exports, and checks of `gvi analyze explain`.  Run with /usr/bin/python3 (Debian's
# python3-networkx and python3-igraph).
#
# Every subcommand prints one line per check, "ok DESCRIPTION" or "not ok DESCRIPTION: why",
# and comment lines "# ..." (the largest differences seen); the shell turns them into
# assertions.  A crash exits non-zero, which the shell counts as a failure too.
#
#   gang-import MATRIX OUTDIR
#       person.csv (code,name) and tie.csv (person_a,person_b,kind,weight) for `gvi import`,
#       from the London gang's valued adjacency matrix (upper triangle, non-zero cells).
#   metrics LABEL GRAPH GVI_PERSONS_JSON [MODULARITY_TEXT]
#       GRAPH is "matrix:FILE" (the graph straight from the published matrix, ids mapped to
#       P-LG0001…) or "edges:NETWORK_CSV:PERSONS_CSV" (gvi's person network edge list plus
#       every person code).  Compares degree, strength, betweenness, eigenvector, coreness and
#       the modularity of gvi's communities with both libraries.
#   network LABEL EXPORTDIR NETWORK_CSV [FROM TO]
#       the person network recomputed from the exports (involvement, incident, membership,
#       tie, group) against gvi's edge list: edge set, weights and evidence, exactly.
#   counts LABEL EXPORTDIR GVI_PERSONS_JSON [FROM TO]
#       suspect, victim, serious, severity and last recomputed from the exports.
#   explain LABEL EXPORTDIR GVI_PERSONS_JSON EXPLAIN_JSON
#       one person's explanation: neighbours, their evidence, and involvements.
#
# Conventions of the recomputation (gvi's documented ones, restated independently here):
#   - an incident with status "unfounded" counts for nothing, neither in counts nor network;
#   - an incident is in the period [FROM, TO] if the span of days its (possibly partial)
#     date may mean overlaps it ("2024-03" may be any day of March 2024);
#   - a membership counts for the period if [since, until] overlaps it (empty = open);
#   - co-involvement: 1 per incident a pair shares, whatever the roles, once per pair;
#   - shared group: 1 per group where both have a membership counting for the period;
#   - a tie: its weight, or by kind hang_out 1, co_offending 2, serious_co_offending 3,
#     kinship 4, other 1 when it has none.
import csv
import json
import math
import os
import random
import sys
from collections import defaultdict

import igraph as ig
import networkx as nx

REL, ABS = 1e-9, 1e-12
TIE_KINDS = {1: "hang_out", 2: "co_offending", 3: "serious_co_offending", 4: "kinship"}
TIE_DEFAULT = {"hang_out": 1.0, "co_offending": 2.0, "serious_co_offending": 3.0, "kinship": 4.0}

failures = 0


def check(cond, desc, why=""):
    global failures
    if cond:
        print(f"ok {desc}")
    else:
        failures += 1
        print(f"not ok {desc}: {why}")


def note(text):
    print(f"# {text}")


def close(a, b):
    return abs(a - b) <= max(REL * max(abs(a), abs(b)), ABS)


def reldiff(a, b):
    d = abs(a - b)
    if d == 0:
        return 0.0
    return d / max(abs(a), abs(b))


def compare(label, name, codes, want, got, what):
    """want, got: dicts code -> value.  One assertion; notes the largest relative difference
    among values of at least ABS/REL, where the relative tolerance applies, and the largest
    absolute difference among the smaller ones, where the absolute floor does."""
    bad = [c for c in codes if not close(want[c], got[c])]
    big = [c for c in codes if max(abs(want[c]), abs(got[c])) >= ABS / REL]
    small = [c for c in codes if c not in big]
    rd = max((reldiff(want[c], got[c]) for c in big), default=0.0)
    ad = max((abs(want[c] - got[c]) for c in small), default=0.0)
    note(f"{label}: {name}: {what}: max relative difference {rd:.3g} ({len(big)} values)"
         + (f", max absolute difference {ad:.3g} ({len(small)} values below {ABS / REL:g})" if small else ""))
    check(not bad, f"{label}: {name} equals {what} for all {len(codes)} persons",
          ", ".join(f"{c} {got[c]!r} vs {want[c]!r}" for c in bad[:5]) + (" …" if len(bad) > 5 else ""))


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def read_matrix(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if r]
    ids = [int(x) for x in rows[0][1:]]
    m = {}
    for r in rows[1:]:
        i = int(r[0])
        for j, cell in zip(ids, r[1:]):
            m[i, j] = int(cell)
    return ids, m


def gang_code(member):
    return f"P-LG{member:04d}"


# ---- gang-import ----

def gang_import(matrix, outdir):
    ids, m = read_matrix(matrix)
    with open(os.path.join(outdir, "person.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name"])
        for i in ids:
            w.writerow([gang_code(i), f"Medlem {i}"])
    n = 0
    with open(os.path.join(outdir, "tie.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person_a", "person_b", "kind", "weight"])
        for a in ids:
            for b in ids:
                if a < b and m[a, b]:
                    w.writerow([gang_code(a), gang_code(b), TIE_KINDS[m[a, b]], m[a, b]])
                    n += 1
    print(f"{len(ids)} {n}")


# ---- metrics ----

def load_graph(spec):
    """Returns (codes, weighted edges {(a, b): w} with a < b)."""
    kind, rest = spec.split(":", 1)
    edges = {}
    if kind == "matrix":
        ids, m = read_matrix(rest)
        for (a, b), v in m.items():
            assert m[b, a] == v, f"matrix not symmetric at {a},{b}"
            if a < b and v:
                edges[gang_code(a), gang_code(b)] = float(v)
        codes = [gang_code(i) for i in ids]
    else:
        net, persons = rest.split(":")
        codes = [r["code"] for r in read_csv(persons)]
        for r in read_csv(net):
            a, b = sorted((r["source"], r["target"]))
            assert (a, b) not in edges, f"edge {a}-{b} listed twice"
            edges[a, b] = float(r["weight"])
    return sorted(codes), edges


def metrics(label, spec, gvi_json, modularity_text=None):
    codes, edges = load_graph(spec)
    with open(gvi_json) as f:
        rows = json.load(f)
    gvi = {r["code"]: r for r in rows}
    check(sorted(gvi) == codes and len(rows) == len(codes),
          f"{label}: gvi lists every person once ({len(codes)})", f"{len(rows)} rows, {len(gvi)} codes")
    if sorted(gvi) != codes:
        return
    note(f"{label}: {len(codes)} persons, {len(edges)} edges")

    G = nx.Graph()
    G.add_nodes_from(codes)
    for (a, b), w in edges.items():
        G.add_edge(a, b, weight=w)
    index = {c: i for i, c in enumerate(codes)}
    H = ig.Graph(n=len(codes), edges=[(index[a], index[b]) for a, b in edges], directed=False)
    H.vs["name"] = codes
    H.es["weight"] = list(edges.values())
    comps = nx.number_connected_components(G)
    note(f"{label}: {comps} connected component(s), the largest of {max(len(c) for c in nx.connected_components(G))}")

    def by_code(values):
        return {c: float(values[index[c]]) for c in codes}

    def from_gvi(col):
        return {c: float(gvi[c][col]) for c in codes}

    # degree and strength
    ig_deg, nx_deg = by_code(H.degree()), {c: float(d) for c, d in G.degree()}
    check(ig_deg == nx_deg, f"{label}: igraph and networkx agree on degree")
    compare(label, "degree", codes, ig_deg, from_gvi("degree"), "igraph's Graph.degree()")
    compare(label, "degree", codes, nx_deg, from_gvi("degree"), "networkx's degree")
    ig_str = by_code(H.strength(weights="weight"))
    nx_str = {c: float(d) for c, d in G.degree(weight="weight")}
    compare(label, "strength", codes, ig_str, from_gvi("strength"), "igraph's Graph.strength(weights)")
    compare(label, "strength", codes, nx_str, from_gvi("strength"), "networkx's weighted degree")

    # betweenness: hop counts, unordered pairs, not normalised
    ig_btw = by_code(H.betweenness(directed=False))
    nx_btw = {c: float(v) for c, v in nx.betweenness_centrality(G, normalized=False, weight=None).items()}
    check(all(close(ig_btw[c], nx_btw[c]) for c in codes),
          f"{label}: igraph and networkx agree on betweenness")
    check(all(gvi[c]["betweenness_se"] is None for c in codes),
          f"{label}: betweenness is exact (no standard error)")
    compare(label, "betweenness", codes, ig_btw, from_gvi("betweenness"), "igraph's Graph.betweenness(directed=False)")
    compare(label, "betweenness", codes, nx_btw, from_gvi("betweenness"),
            "networkx's betweenness_centrality(normalized=False)")

    # eigenvector centrality, weighted, maximum 1
    ig_eig = by_code(H.eigenvector_centrality(directed=False, scale=True, weights="weight"))
    raw = nx.eigenvector_centrality_numpy(G, weight="weight")
    top = max(raw.values(), key=abs)
    nx_eig = {c: float(v / top) for c, v in raw.items()}
    agree = all(close(ig_eig[c], nx_eig[c]) for c in codes)
    if comps == 1:
        check(agree, f"{label}: igraph and networkx agree on eigenvector centrality")
        oracles = True
    else:
        oracles = agree
        note(f"{label}: the graph is disconnected; eigenvector centrality is compared only because "
             f"both oracles agree" if agree else
             f"{label}: the graph is disconnected and the oracles disagree on eigenvector centrality: "
             f"not compared")
    if oracles:
        compare(label, "eigenvector", codes, ig_eig, from_gvi("eigenvector"),
                "igraph's eigenvector_centrality(scale=True, weights)")
        compare(label, "eigenvector", codes, nx_eig, from_gvi("eigenvector"),
                "networkx's eigenvector_centrality_numpy(weight) / max")
    else:
        print(f"ok {label}: eigenvector centrality # SKIP the oracles disagree on a disconnected graph")

    # coreness
    ig_core = by_code(H.coreness())
    nx_core = {c: float(v) for c, v in nx.core_number(G).items()}
    check(ig_core == nx_core, f"{label}: igraph and networkx agree on coreness")
    compare(label, "coreness", codes, ig_core, from_gvi("coreness"), "igraph's Graph.coreness()")
    compare(label, "coreness", codes, nx_core, from_gvi("coreness"), "networkx's core_number")

    # community: the modularity of gvi's partition, against Leiden's own
    membership = [int(gvi[c]["community"]) for c in codes]
    parts = defaultdict(set)
    for c, k in zip(codes, membership):
        parts[k].add(c)
    check(sorted(parts) == list(range(len(parts))), f"{label}: communities are numbered 0..{len(parts) - 1}",
          f"{sorted(parts)[:10]}")
    q_nx = nx.community.modularity(G, list(parts.values()), weight="weight", resolution=1)
    remap = {k: i for i, k in enumerate(sorted(parts))}
    q_ig = H.modularity([remap[k] for k in membership], weights="weight", resolution=1, directed=False)
    note(f"{label}: modularity of gvi's {len(parts)} communities: networkx {q_nx!r}, igraph {q_ig!r}, "
         f"relative difference {reldiff(q_nx, q_ig):.3g}")
    check(close(q_nx, q_ig), f"{label}: networkx and igraph agree on the modularity of gvi's partition",
          f"{q_nx!r} vs {q_ig!r}")
    random.seed(20150301)
    leiden = H.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
    q_leiden = H.modularity(leiden.membership, weights="weight", resolution=1, directed=False)
    note(f"{label}: python-igraph's own Leiden: {len(set(leiden.membership))} communities, "
         f"modularity {q_leiden!r}; gvi's is {q_ig / q_leiden if q_leiden else float('nan'):.4f} of it")
    check(q_ig >= 0.95 * q_leiden, f"{label}: gvi's partition reaches 0.95 of Leiden's modularity",
          f"{q_ig!r} < 0.95 × {q_leiden!r}")
    if modularity_text is not None:
        with open(modularity_text) as f:
            text = f.read()
        import re
        m = re.search(r"(\d+) communities \(modularity (-?[0-9.]+)\)", text)
        check(m is not None and int(m.group(1)) == len(parts) and abs(float(m.group(2)) - q_ig) <= 0.0005 + 1e-12,
              f"{label}: the text summary states the communities and their modularity",
              m.group(0) if m else "no summary line")


# ---- exports ----

class Exports:
    def __init__(self, d, frm=None, to=None):
        self.types = {r["name"]: r for r in read_csv(os.path.join(d, "incident-type.csv"))}
        self.incidents = {int(r["id"]): r for r in read_csv(os.path.join(d, "incident.csv"))}
        self.involvements = read_csv(os.path.join(d, "involvement.csv"))
        self.memberships = read_csv(os.path.join(d, "membership.csv"))
        self.ties = read_csv(os.path.join(d, "tie.csv"))
        self.groups = {int(r["id"]): r["name"] for r in read_csv(os.path.join(d, "group.csv"))}
        self.group_id = {name: i for i, name in self.groups.items()}
        self.codes = sorted(r["code"] for r in read_csv(os.path.join(d, "person.csv")))
        self.frm, self.to = frm, to
        # incidents that count: founded, in the period
        self.counted = {i for i, r in self.incidents.items()
                        if r["status"] != "unfounded" and self.in_period(r["occurred"])}

    def in_period(self, occurred):
        day = occurred[:10]
        first = day + {4: "-01-01", 7: "-01"}.get(len(day), "")
        last = day + {4: "-12-31", 7: "-31"}.get(len(day), "")   # "-31" is enough for comparing
        return (not self.frm or last >= self.frm) and (not self.to or first <= self.to)

    def membership_counts(self, m):
        return ((not self.frm or not m["until"] or m["until"] >= self.frm) and
                (not self.to or not m["since"] or m["since"] <= self.to))

    def serious(self, incident):
        return self.types[self.incidents[incident]["type"]]["serious"] in ("1", "yes", "ja", "true")

    def severity(self, incident):
        return int(self.types[self.incidents[incident]["type"]]["severity"])

    def person_network(self):
        """{(a, b): [weight, set of evidence "reason:ref"]} with a < b."""
        net = defaultdict(lambda: [0.0, set()])

        def add(a, b, reason, ref, w):
            if a == b:
                return
            key = (min(a, b), max(a, b))
            ev = f"{reason}:{ref}"
            if ev not in net[key][1]:
                net[key][1].add(ev)
                net[key][0] += w
        by_incident = defaultdict(set)
        for v in self.involvements:
            if int(v["incident"]) in self.counted:
                by_incident[int(v["incident"])].add(v["person"])
        for inc, people in by_incident.items():
            for a in people:
                for b in people:
                    if a < b:
                        add(a, b, "co_involvement", inc, 1.0)
        by_group = defaultdict(set)
        for m in self.memberships:
            if self.membership_counts(m):
                by_group[self.group_id[m["group"]]].add(m["person"])
        for g, people in by_group.items():
            for a in people:
                for b in people:
                    if a < b:
                        add(a, b, "shared_group", g, 1.0)
        for t in self.ties:
            w = float(t["weight"]) if t["weight"] else TIE_DEFAULT.get(t["kind"], 1.0)
            add(t["person_a"], t["person_b"], "tie", t["id"], w)
        return net

    def violence(self):
        """code -> dict(suspect, victim, serious, severity, last)."""
        out = {c: {"suspect": set(), "victim": set(), "any": set()} for c in self.codes}
        for v in self.involvements:
            inc = int(v["incident"])
            if inc not in self.counted:
                continue
            p = out[v["person"]]
            p["any"].add(inc)
            if v["role"] in ("suspect", "victim"):
                p[v["role"]].add(inc)
        res = {}
        for c, p in out.items():
            res[c] = {"suspect": len(p["suspect"]), "victim": len(p["victim"]),
                      "serious": sum(1 for i in p["any"] if self.serious(i)),
                      "severity": float(sum(self.severity(i) for i in p["suspect"])),
                      "last": max((self.incidents[i]["occurred"] for i in p["any"]), default=None)}
        return res


def network(label, exportdir, net_csv, frm=None, to=None):
    ex = Exports(exportdir, frm, to)
    want = ex.person_network()
    got = {}
    dup = 0
    for r in read_csv(net_csv):
        key = tuple(sorted((r["source"], r["target"])))
        dup += key in got
        got[key] = [float(r["weight"]), set(r["evidence"].split(";")) if r["evidence"] else set(),
                    len(r["evidence"].split(";")) if r["evidence"] else 0]
    note(f"{label}: recomputed {len(want)} edges from the exports; gvi lists {len(got)}")
    check(dup == 0, f"{label}: each edge listed once", f"{dup} repeated")
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    check(not missing and not extra, f"{label}: gvi's edge set equals the recomputed one",
          f"missing {missing[:5]}, extra {extra[:5]}")
    both = sorted(set(want) & set(got))
    badw = [k for k in both if got[k][0] != want[k][0]]
    check(not badw, f"{label}: every edge weight equals the recomputed one exactly",
          ", ".join(f"{a}-{b} {got[a, b][0]} vs {want[a, b][0]}" for a, b in badw[:5]))
    bade = [k for k in both if got[k][1] != want[k][1] or got[k][2] != len(want[k][1])]
    check(not bade, f"{label}: every edge's evidence lists exactly the incidents, groups and ties behind it",
          ", ".join(f"{a}-{b} {sorted(got[a, b][1])} vs {sorted(want[a, b][1])}" for a, b in bade[:3]))
    reasons = defaultdict(int)
    for w, evs in want.values():
        for e in evs:
            reasons[e.split(":")[0]] += 1
    note(f"{label}: evidence by reason: {dict(sorted(reasons.items()))}")


def counts(label, exportdir, gvi_json, frm=None, to=None):
    ex = Exports(exportdir, frm, to)
    want = ex.violence()
    with open(gvi_json) as f:
        gvi = {r["code"]: r for r in json.load(f)}
    check(sorted(gvi) == ex.codes, f"{label}: gvi lists every exported person", f"{len(gvi)} vs {len(ex.codes)}")
    note(f"{label}: {len(ex.counted)} of {len(ex.incidents)} incidents count; "
         f"{sum(1 for c in want if want[c]['suspect'])} persons were suspects, "
         f"{sum(1 for c in want if want[c]['serious'])} were in serious incidents")
    for col in ("suspect", "victim", "serious", "severity", "last"):
        bad = [c for c in ex.codes if c in gvi and gvi[c][col] != want[c][col]]
        check(not bad, f"{label}: {col} equals the value recomputed from the exports for every person",
              ", ".join(f"{c} gvi {gvi[c][col]!r} vs {want[c][col]!r}" for c in bad[:5])
              + (f" … ({len(bad)} persons)" if len(bad) > 5 else ""))


def explain(label, exportdir, gvi_json, explain_json):
    ex = Exports(exportdir)
    with open(gvi_json) as f:
        row = {r["code"]: r for r in json.load(f)}
    with open(explain_json) as f:
        x = json.load(f)
    code = x["person"]["code"]
    me = row[code]
    note(f"{label}: {len(x['neighbours'])} neighbours, {len(x['involvements'])} involvements")
    # the person block says what analyze persons says (explain gives numbers as strings)
    diff = []
    for col, v in me.items():
        e = x["person"].get(col)
        if v is None or e is None:
            same = v is None and e is None
        elif isinstance(v, (int, float)):
            same = close(float(e), float(v))
        else:
            same = e == v
        if not same:
            diff.append(f"{col} {e!r} vs {v!r}")
    check(not diff, f"{label}: the person's scores are those of analyze persons", ", ".join(diff))
    types_ok = all(x["person"][c] is None or isinstance(x["person"][c], (int, float))
                   for c in ("suspect", "victim", "serious", "severity", "degree", "strength",
                             "betweenness", "eigenvector", "coreness", "community"))
    check(types_ok, f"{label}: the person's numeric scores are JSON numbers, as in analyze persons",
          f"suspect {x['person']['suspect']!r}, strength {x['person']['strength']!r}")
    nb = x["neighbours"]
    check(len(nb) == me["degree"] and len({n["code"] for n in nb}) == len(nb),
          f"{label}: one neighbour per edge, as many as the degree ({me['degree']})", f"{len(nb)}")
    s = sum(n["weight"] for n in nb)
    check(close(s, me["strength"]), f"{label}: the neighbours' weights sum to the strength",
          f"{s!r} vs {me['strength']!r}")
    check(all(close(sum(e["weight"] for e in n["evidence"]), n["weight"]) for n in nb),
          f"{label}: each neighbour's evidence weights sum to its weight")
    incidents_of = defaultdict(set)
    for v in ex.involvements:
        incidents_of[v["person"]].add(int(v["incident"]))
    groups_of = defaultdict(set)
    for m in ex.memberships:
        groups_of[m["person"]].add(m["group"])
    ties = {t["id"]: t for t in ex.ties}
    bad = []
    kinds = defaultdict(int)
    for n in nb:
        other = n["code"]
        for e in n["evidence"]:
            kinds[e["reason"]] += 1
            ref = e["record"]
            if e["reason"] == "co_involvement":
                ok = (ref in ex.counted and ref in incidents_of[code] and ref in incidents_of[other]
                      and e["weight"] == 1)
            elif e["reason"] == "shared_group":
                ok = (ex.groups.get(ref) == e.get("group") and e.get("group") in groups_of[code]
                      and e.get("group") in groups_of[other] and e["weight"] == 1)
            elif e["reason"] == "tie":
                t = ties.get(str(ref))
                ok = t is not None and {t["person_a"], t["person_b"]} == {code, other}
            else:
                ok = False
            if not ok:
                bad.append(f"{other} {e}")
    note(f"{label}: evidence by reason: {dict(sorted(kinds.items()))}")
    check(not bad, f"{label}: every piece of evidence is a record in the exports that joins the two persons",
          "; ".join(bad[:5]))
    inv = x["involvements"]
    mine = [v for v in ex.involvements if v["person"] == code and int(v["incident"]) in ex.counted]
    check(sorted((i["incident"], i["role"]) for i in inv) == sorted((int(v["incident"]), v["role"]) for v in mine),
          f"{label}: the involvements listed are the person's involvements in the exports",
          f"{len(inv)} vs {len(mine)}")
    check(all(ex.incidents[i["incident"]]["type"] == i["type"] and ex.incidents[i["incident"]]["occurred"] == i["occurred"]
              and ex.severity(i["incident"]) == i["severity"] and ex.serious(i["incident"]) == bool(i["serious"])
              for i in inv), f"{label}: each involvement's type, date, severity and seriousness match the exports")
    roles = defaultdict(int)
    for i in inv:
        roles[i["role"]] += 1
    check(roles["suspect"] == me["suspect"] and roles["victim"] == me["victim"],
          f"{label}: the involvements match the suspect and victim counts",
          f"{dict(roles)} vs suspect {me['suspect']}, victim {me['victim']}")
    serious = len({i["incident"] for i in inv if i["serious"]})
    check(serious == me["serious"], f"{label}: the serious incidents listed match the serious count",
          f"{serious} vs {me['serious']}")
    sev = sum(i["severity"] for i in inv if i["role"] == "suspect")
    check(sev == me["severity"], f"{label}: the severities as suspect sum to the severity score",
          f"{sev} vs {me['severity']}")


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "gang-import":
        gang_import(*args)
        return 0
    {"metrics": metrics, "network": network, "counts": counts, "explain": explain}[cmd](*args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
