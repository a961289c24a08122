/* network.h — the person network and the group network of a dataset, with their evidence.
 *
 * Person network: vertices are all the dataset's persons; an edge joins two persons who
 *   - were involved in the same incident (weight 1 per incident, any roles),
 *   - are members of the same group at some time in the analysed period (weight 1 per group),
 *   - have a recorded tie (the tie's weight).
 * Group network: vertices are groups; an edge joins two groups with incidents between them
 *   (one perpetrating, the other victimised; weight = the sum over incidents of the product
 *   of the two attributions' confidence) or a recorded relation (conflict/alliance).
 * Every edge keeps the records that made it (evidence), so any score built on the network
 * can say where it came from. */
#ifndef GVI_ANALYSIS_NETWORK_H
#define GVI_ANALYSIS_NETWORK_H
#include "analysis/dataset.h"
#include "analysis/graph.h"

enum net_reason { NET_CO_INVOLVEMENT, NET_SHARED_GROUP, NET_TIE, NET_INCIDENT_BETWEEN, NET_RELATION };

struct net_evidence {
	int u, v;                 /* u < v */
	enum net_reason reason;
	int64_t ref;              /* incident, group, tie or relation id */
	double weight;
};

struct network {
	struct graph g;
	struct net_evidence *evidence;   /* sorted by (u, v, reason, ref) */
	size_t nevidence;
	int *relation_kind;              /* group network: per CSR half-edge, enum ds_relation_kind or -1 */
};

int network_persons(const struct dataset *ds, const char *from, const char *to, struct network *out,
		    struct err *e);
int network_groups(const struct dataset *ds, struct network *out, struct err *e);
void network_release(struct network *n);
/* The evidence of edge u–v: a pointer into n->evidence and the count. */
const struct net_evidence *network_edge_evidence(const struct network *n, int u, int v, size_t *count);
const char *network_reason_name(enum net_reason r);

#endif
