/* graph_export.h — the GVI network as GraphML or GEXF, for Gephi and Cytoscape.
 *
 * Nodes: persons (id "p<ID>", labelled by their pseudonymous code, never their name) and
 * groups (id "g<ID>", labelled by name).  Edges: membership (person → group, with level),
 * group relations (conflict / alliance / neutral, with intensity) and co-involvement
 * (person — person, weight = number of incidents both were involved in).  Read through the
 * access layer, so a role sees only what it may read. */
#ifndef GVI_GRAPH_EXPORT_H
#define GVI_GRAPH_EXPORT_H
#include <stdio.h>
#include "access.h"

/* format: "graphml" or "gexf". */
int graph_export(struct access *a, FILE *out, const char *format, struct err *e);

#endif
