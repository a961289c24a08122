/* priority.c — custom-notification status for the priority lists (see priority.h).
 *
 * Read through access_list as the acting user, like everything in the analyses; a person's
 * reference in a notification record is the person's code, looked up in the dataset. */
#include "analysis/priority.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct loader {
	const struct dataset *ds;
	struct priority_notifications *pn;
	char (*date)[DATE_LEN];     /* per person: the date of the kept notification */
	int64_t *id;                /* per person: its id */
	int *order;                 /* persons sorted by code, for the lookup */
};

static const struct dataset *sort_ds;

static int cmp_code(const void *a, const void *b)
{
	return strcmp(sort_ds->persons[*(const int *)a].code, sort_ds->persons[*(const int *)b].code);
}

static int find(const struct loader *l, const char *code)
{
	size_t lo = 0, hi = (size_t)l->ds->npersons;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->ds->persons[l->order[mid]].code, code);
		if (!c)
			return l->order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int on_notification(void *p, const struct record *r)
{
	struct loader *l = p;
	const char *code = record_get(r, "person");
	int v = code ? find(l, code) : -1;
	if (v < 0)
		return 0;
	const char *held = record_get(r, "held"), *planned = record_get(r, "planned");
	const char *status = record_get(r, "status");
	const char *date = held && *held ? held : planned && *planned ? planned : "";
	int later = strcmp(date, l->date[v]);
	if (*l->pn->status[v] && (later < 0 || (later == 0 && r->id < l->id[v])))
		return 0;
	snprintf(l->date[v], sizeof l->date[v], "%s", date);
	l->id[v] = r->id;
	snprintf(l->pn->status[v], sizeof l->pn->status[v], "%s%s%s", status && *status ? status : "planned",
		 *date ? " " : "", date);
	return 0;
}

int priority_notifications_load(struct access *a, const struct dataset *ds,
				struct priority_notifications *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->npersons = ds->npersons;
	out->status = calloc((size_t)ds->npersons + 1, sizeof *out->status);
	if (!out->status)
		abort();
	const struct entity *en = model_entity("notification");
	if (!access_may_read(a, en))
		return 0;
	out->visible = 1;
	struct loader l = { ds, out, calloc((size_t)ds->npersons + 1, sizeof *l.date),
			    calloc((size_t)ds->npersons + 1, sizeof *l.id),
			    malloc(((size_t)ds->npersons + 1) * sizeof *l.order) };
	if (!l.date || !l.id || !l.order)
		abort();
	for (int i = 0; i < ds->npersons; i++)
		l.order[i] = i;
	sort_ds = ds;
	qsort(l.order, (size_t)ds->npersons, sizeof *l.order, cmp_code);
	struct store_query q = { 0 };
	int rc = access_list(a, en, &q, on_notification, &l, e);
	free(l.date);
	free(l.id);
	free(l.order);
	if (rc) {
		priority_notifications_release(out);
		return -1;
	}
	return 0;
}

void priority_notifications_release(struct priority_notifications *pn)
{
	if (!pn)
		return;
	free(pn->status);
	memset(pn, 0, sizeof *pn);
}

const char *priority_notification_status(const struct priority_notifications *pn, int person)
{
	if (!pn->visible)
		return "not visible";
	if (person < 0 || person >= pn->npersons || !*pn->status[person])
		return "none";
	return pn->status[person];
}
