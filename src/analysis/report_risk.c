/* report_risk.c — `gvi analyze risk`: who is at risk of being shot, from network exposure.
 *
 * The model is risk.h's (after Green, Horel & Papachristos 2017).  This file turns the
 * repository into its input — periods of --period-days days from the first incident to
 * today; a victimisation is an involvement as victim in an incident of the chosen types
 * (default the lethal-weapon ones: shooting, murder, attempted_murder); suspect involvements
 * of any type are the second covariate; the person network of network.h — then:
 *   1. evaluates honestly out of sample: the baseline, the contagion model over direct ties
 *      and (unless --distance off) the one that also counts distance 2, each fitted on the
 *      periods before --split (default: two thirds of the way), each ranking every person
 *      over the rest; the precision and recall of the top-k lists are reported side by side
 *      with what a random list achieves, good or bad;
 *   2. fits the contagion model (with distance 2 unless --distance off) on all periods and
 *      lists the persons with the highest probability of being victimised in the next
 *      --horizon periods, each with the terms that make up the score: every neighbour's
 *      victimisation with its incidents and the records of the ties it travelled (--explain
 *      CODE shows one person's).  A term resting on records the role may not read (the
 *      policy lets analyses count them, policy_counts_unreadable) is counted, not shown. */
#include "analysis/analyze.h"
#include "analysis/network.h"
#include "analysis/risk.h"
#include "policy.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A victimisation of the model: person, period and the incident (sorted in that order). */
struct victimisation {
	int person, t;
	int64_t incident;
};

struct risk_input {
	struct dataset ds;
	struct network net;
	struct risk_events ev;
	char first_day[DATE_LEN];
	int period_days, periods;
	struct victimisation *vict;
	size_t nvict;
};

static int cmp_victimisation(const void *a, const void *b)
{
	const struct victimisation *x = a, *y = b;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->incident < y->incident ? -1 : x->incident > y->incident;
}

static int type_listed(const char *types, const char *type)
{
	size_t n = strlen(type);
	for (const char *p = types; (p = strstr(p, type)); p += n)
		if ((p == types || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static void period_start(const struct risk_input *in, int t, char out[DATE_LEN])
{
	date_add_days(in->first_day, t * in->period_days, out);
}

static int build_input(struct analyze_ctx *ctx, const char *types, int period_days, struct risk_input *in,
		       struct err *e)
{
	memset(in, 0, sizeof *in);
	in->period_days = period_days;
	const char *role = access_actor(ctx->a)->role;
	const struct entity *inv = model_entity("involvement");
	if (!access_may_read(ctx->a, model_entity("person")) ||
	    !(access_may_read(ctx->a, inv) || policy_counts_unreadable(role, inv)))
		return err_set(e, "refused: user %s (role %s) may not read persons and involvements, which "
			       "the risk model needs", access_actor(ctx->a)->name, role);
	struct ds_filter f = ctx->filter;
	f.count_unreadable = 1;
	if (dataset_load(ctx->a, &f, &in->ds, e))
		return -1;
	if (in->ds.nincidents == 0) {
		dataset_release(&in->ds);
		return err_set(e, "no incidents in the period: nothing to fit the risk model on");
	}
	snprintf(in->first_day, sizeof in->first_day, "%s", in->ds.incidents[0].day);
	long days = date_diff_days(in->first_day, in->ds.today) + 1;
	in->periods = (int)((days + period_days - 1) / period_days);
	if (in->periods < 4) {
		dataset_release(&in->ds);
		return err_set(e, "only %d periods of %d days between the first incident and today; "
			       "choose shorter periods (--period-days)", in->periods, period_days);
	}
	if (network_persons(&in->ds, ctx->filter.from, ctx->filter.to, &in->net, e)) {
		dataset_release(&in->ds);
		return -1;
	}
	risk_events_init(&in->ev, in->ds.npersons, in->periods, period_days);
	for (size_t i = 0; i < in->ds.ninvolvements; i++) {
		const struct ds_involvement *x = &in->ds.involvements[i];
		const struct ds_incident *inc = &in->ds.incidents[x->incident];
		long d = date_diff_days(in->first_day, inc->day);
		if (d < 0 || d / period_days >= in->periods)
			continue;
		int t = (int)(d / period_days);
		if (x->role == DS_VICTIM && type_listed(types, inc->type)) {
			if (risk_events_add(&in->ev, RISK_VICTIM, x->person, t, e))
				return -1;
			if (!(in->nvict & (in->nvict + 1))) {   /* grow at 2^k − 1 */
				void *p = realloc(in->vict, (2 * in->nvict + 2) * sizeof *in->vict);
				if (!p)
					return err_set(e, "out of memory");
				in->vict = p;
			}
			in->vict[in->nvict++] = (struct victimisation){ x->person, t, inc->id };
		}
		if (x->role == DS_SUSPECT && risk_events_add(&in->ev, RISK_SUSPECT, x->person, t, e))
			return -1;
	}
	if (in->nvict)
		qsort(in->vict, in->nvict, sizeof *in->vict, cmp_victimisation);
	return risk_events_finish(&in->ev, e);
}

static void release_input(struct risk_input *in)
{
	risk_events_release(&in->ev);
	free(in->vict);
	network_release(&in->net);
	dataset_release(&in->ds);
}

static json_t *fit_json(const struct risk_fit *f, int period_days)
{
	json_t *o = json_pack("{s:b, s:f, s:f, s:f, s:f, s:f, s:f, s:b, s:b, s:b, s:b}", "contagion", f->contagion,
			      "b0", f->p.b0, "b1", f->p.b1, "b2", f->p.b2, "alpha", f->p.alpha,
			      "tau_days", f->p.tau * period_days, "loglik", f->loglik,
			      "converged", f->converged, "alpha_at_bound", f->alpha_at_bound,
			      "tau_at_bound", f->tau_at_bound, "se_ok", f->se_ok);
	json_object_set_new(o, "model", json_string(f->contagion == RISK_DISTANCE2 ? "distance2"
						     : f->contagion ? "direct" : "baseline"));
	if (f->contagion == RISK_DISTANCE2) {
		json_object_set_new(o, "distance2_factor", json_real(f->p.theta));
		json_object_set_new(o, "distance2_factor_at_bound", json_boolean(f->theta_at_bound));
		if (f->se_ok && !f->theta_at_bound)
			json_object_set_new(o, "se_distance2_factor", json_real(f->se_theta));
	}
	if (f->contagion) {
		/* When alpha and tau are not separately identified these two still say what the
		 * contagion term amounts to. */
		json_object_set_new(o, "share_attributable_to_contagion", json_real(f->attributable));
		json_object_set_new(o, "spread", json_real(f->spread));
	}
	if (f->se_ok) {
		json_object_set_new(o, "se_b0", json_real(f->se[RISK_B0]));
		json_object_set_new(o, "se_b1", isnan(f->se[RISK_B1]) ? json_null() : json_real(f->se[RISK_B1]));
		json_object_set_new(o, "se_b2", isnan(f->se[RISK_B2]) ? json_null() : json_real(f->se[RISK_B2]));
		if (f->contagion) {
			json_object_set_new(o, "se_alpha", json_real(f->se_alpha));
			json_object_set_new(o, "se_tau_days", json_real(f->se_tau * period_days));
		}
	}
	return o;
}

static json_t *rank_json(const struct risk_rank *r)
{
	return json_pack("{s:i, s:f, s:o, s:i, s:f}", "hits", r->hits, "precision", r->precision,
			 "recall", isnan(r->recall) ? json_null() : json_real(r->recall), "tied", r->tied,
			 "precision_if_ties_random", r->precision_ties);
}

/* The records of edge u–v of the person network the viewer may see, appended to arr;
 * returns how many there were in all (0: no such edge). *hidden counts those not shown. */
static size_t edge_evidence(const struct risk_input *in, int u, int v, json_t *arr, long *hidden)
{
	size_t n;
	const struct net_evidence *ev = network_edge_evidence(&in->net, u, v, &n);
	for (size_t k = 0; k < n; k++) {
		if (dataset_reason_unseen(&in->ds, (int)ev[k].reason)) {
			++*hidden;
			continue;
		}
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I}", "from", in->ds.persons[u].code,
			"to", in->ds.persons[v].code, "reason", network_reason_name(ev[k].reason),
			"record", (json_int_t)ev[k].ref));
	}
	return n;
}

/* One term of an explanation with the records behind it: the neighbour's victimisations
 * (incidents) in that period and the ties it travelled.  NULL when the viewer may not see
 * one of them: the term is then counted, not shown (*hidden gets its records). */
static json_t *term_json(const struct risk_input *in, int person, const struct risk_term *t, long *hidden)
{
	long unseen = 0;
	json_t *incidents = json_array(), *evidence = json_array();
	struct victimisation key = { t->neighbour, t->period, INT64_MIN };
	size_t lo = 0, hi = in->nvict;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_victimisation(&in->vict[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int victimisations_unseen = (in->ds.unseen & (DS_UNSEEN_INCIDENT | DS_UNSEEN_INVOLVEMENT)) != 0;
	for (size_t k = lo; k < in->nvict && in->vict[k].person == t->neighbour && in->vict[k].t == t->period; k++) {
		if (victimisations_unseen)
			unseen++;
		else
			json_array_append_new(incidents, json_integer(in->vict[k].incident));
	}
	size_t shown_before = 0;
	if (t->distance == 1) {
		edge_evidence(in, person, t->neighbour, evidence, &unseen);
	} else {
		edge_evidence(in, person, t->via, evidence, &unseen);
		shown_before = json_array_size(evidence);
		edge_evidence(in, t->via, t->neighbour, evidence, &unseen);
	}
	/* every step of the path must have a record the viewer may see, and the victimisation */
	int path_seen = t->distance == 1 ? json_array_size(evidence) > 0
		: shown_before > 0 && json_array_size(evidence) > shown_before;
	if (victimisations_unseen || !path_seen) {
		json_decref(incidents);
		json_decref(evidence);
		*hidden += unseen ? unseen : 1;
		return NULL;
	}
	char day[DATE_LEN];
	period_start(in, t->period, day);
	json_t *o = json_pack("{s:s, s:i, s:o, s:s, s:i, s:f, s:f, s:f, s:o, s:o}", "neighbour",
		in->ds.persons[t->neighbour].code, "distance", t->distance,
		"via", t->via >= 0 ? json_string(in->ds.persons[t->via].code) : json_null(),
		"victimised_in_period_from", day, "count", t->count, "tie_weight", t->weight,
		"decay", t->decay, "contribution", t->contribution, "incidents", incidents,
		"evidence", evidence);
	return o;
}

static int explain_json(const struct risk_input *in, const struct risk_fit *fit, int person, int t,
			json_t **out, struct err *e)
{
	struct risk_explanation x;
	if (risk_explain(&in->net.g, &in->ev, fit, person, t, &x, e))
		return -1;
	json_t *terms = json_array();
	long hidden_records = 0, hidden_terms = 0;
	double hidden_contribution = 0;
	for (size_t i = 0; i < x.nterms; i++) {
		json_t *term = term_json(in, person, &x.terms[i], &hidden_records);
		if (term) {
			json_array_append_new(terms, term);
		} else {
			hidden_terms++;
			hidden_contribution += x.terms[i].contribution;
		}
	}
	*out = json_pack("{s:s, s:f, s:f, s:f, s:i, s:f, s:i, s:f, s:f, s:o}", "code", in->ds.persons[person].code,
			 "probability_next_period", x.probability, "intensity", x.intensity, "baseline", x.baseline,
			 "prior_victimisations", x.x1, "factor_prior_victimisations", x.factor1,
			 "prior_suspect", x.x2, "factor_prior_suspect", x.factor2, "exposure", x.exposure,
			 "terms", terms);
	/* Terms resting on records the viewer may not read: how many, on how many records, and
	 * what they add, so the terms shown plus these still sum to the exposure. */
	json_object_set_new(*out, "hidden_terms", json_integer(hidden_terms));
	json_object_set_new(*out, "hidden_records", json_integer(hidden_records));
	json_object_set_new(*out, "hidden_contribution", json_real(hidden_contribution));
	risk_explanation_release(&x);
	return 0;
}

struct ranked {
	int person;
	double p;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->p != y->p)
		return x->p > y->p ? -1 : 1;
	return x->person - y->person;
}

int analyze_risk(struct analyze_ctx *ctx)
{
	const char *types = "shooting,murder,attempted_murder", *split = NULL, *explain = NULL;
	long period_days = 7, k = 20, horizon = 4;
	int distance2 = 1;
	int n = ctx->argc;
	for (int i = 0; i < n; i++) {
		const char *v;
		char *end = NULL;
		if ((v = cli_opt(n, ctx->argv, &i, "types")))
			types = v;
		else if ((v = cli_opt(n, ctx->argv, &i, "split")))
			split = v;
		else if ((v = cli_opt(n, ctx->argv, &i, "explain")))
			explain = v;
		else if ((v = cli_opt(n, ctx->argv, &i, "distance")) && (!strcmp(v, "fit") || !strcmp(v, "off")))
			distance2 = !strcmp(v, "fit");
		else if ((v = cli_opt(n, ctx->argv, &i, "period-days")) && (period_days = strtol(v, &end, 10)) > 0 && !*end)
			;
		else if ((v = cli_opt(n, ctx->argv, &i, "k")) && (k = strtol(v, &end, 10)) > 0 && !*end)
			;
		else if ((v = cli_opt(n, ctx->argv, &i, "horizon")) && (horizon = strtol(v, &end, 10)) > 0 && !*end)
			;
		else
			return analyze_usage(ctx, "gvi analyze risk [--types T1,T2] [--period-days N] [--split DATE] [--k N] "
					 "[--horizon PERIODS] [--distance fit|off] [--explain CODE] [--top N]");
	}
	struct err e = { 0 };
	struct risk_input in;
	if (build_input(ctx, types, (int)period_days, &in, &e))
		return analyze_fail(ctx, &e);
	int t_split = in.periods * 2 / 3;
	if (split) {
		char norm[DATE_LEN];
		if (date_parse(split, norm, &e)) {
			release_input(&in);
			return analyze_usage(ctx, "--split: %s", e.msg);
		}
		t_split = (int)(date_diff_days(in.first_day, norm) / period_days);
	}
	if (t_split < 1 || t_split >= in.periods) {
		release_input(&in);
		err_set(&e, "--split must fall between the first incident (%s) and today", in.first_day);
		return analyze_fail(ctx, &e);
	}
	if (k > in.ds.npersons)
		k = in.ds.npersons;
	json_t *out = json_object();
	char day[DATE_LEN];
	json_object_set_new(out, "model", json_pack("{s:s, s:s, s:i, s:i, s:s}", "victimisation_types", types,
		"first_period_starts", in.first_day, "period_days", (int)period_days, "periods", in.periods,
		"reference", "Green, Horel & Papachristos, JAMA Internal Medicine 2017;177(3):326-333"));

	/* 1. Out-of-sample evaluation, on the network as it was known before the split (ties
	 * made by incidents in the test window must not help predict them). */
	struct risk_eval ev;
	struct dataset before;
	struct network net_before;
	struct ds_filter fb = ctx->filter;
	fb.count_unreadable = 1;
	char last_day[DATE_LEN];
	period_start(&in, t_split, day);
	date_add_days(day, -1, last_day);
	fb.to = last_day;
	int rc = dataset_load(ctx->a, &fb, &before, &e);
	if (!rc && (rc = network_persons(&before, fb.from, fb.to, &net_before, &e)))
		dataset_release(&before);
	if (!rc && before.npersons != in.ds.npersons)
		rc = err_set(&e, "the register changed while reading it; run the analysis again");
	if (!rc) {
		rc = (distance2 ? risk_evaluate_distance2 : risk_evaluate)(&net_before.g, &in.ev, 0, t_split,
									    in.periods, (int)k, &ev, &e);
		network_release(&net_before);
		dataset_release(&before);
	}
	if (!rc) {
		period_start(&in, t_split, day);
		json_object_set_new(out, "evaluation", json_pack("{s:s, s:i, s:i, s:i, s:f, s:o, s:o, s:o, s:o, s:f, s:f}",
			"test_from", day, "k", (int)k, "test_victimisations", ev.test_victimisations,
			"test_victims", ev.test_victims, "random_precision", ev.random_precision,
			"contagion_fit", fit_json(&ev.contagion, (int)period_days),
			"baseline_fit", fit_json(&ev.baseline, (int)period_days),
			"contagion", rank_json(&ev.contagion_rank), "baseline", rank_json(&ev.baseline_rank),
			"lr_stat", ev.lr_stat, "lr_p", ev.lr_p));
		if (distance2) {
			json_t *x = json_object_get(out, "evaluation");
			json_object_set_new(x, "distance2_fit", fit_json(&ev.distance2, (int)period_days));
			json_object_set_new(x, "distance2", rank_json(&ev.distance2_rank));
			json_object_set_new(x, "lr_distance2_stat", json_real(ev.lr2_stat));
			json_object_set_new(x, "lr_distance2_p", json_real(ev.lr2_p));
		}
	} else {
		json_object_set_new(out, "evaluation", json_pack("{s:s}", "not_possible", e.msg));
		err_clear(&e);
	}

	/* 2. The current list, from the contagion model fitted on everything. */
	struct risk_fit fit;
	double *prob = calloc((size_t)in.ds.npersons + 1, sizeof *prob);
	struct ranked *order = calloc((size_t)in.ds.npersons + 1, sizeof *order);
	if (!prob || !order)
		abort();
	int fitted = !risk_fit(&in.net.g, &in.ev, 0, in.periods, distance2 ? RISK_DISTANCE2 : RISK_DIRECT, &fit, &e) &&
		     !risk_forecast(&in.net.g, &in.ev, &fit, in.periods, in.periods + (int)horizon, prob, &e);
	if (!fitted) {
		json_object_set_new(out, "current", json_pack("{s:s}", "not_possible", e.msg));
		err_clear(&e);
	} else {
		json_t *list = json_array();
		for (int v = 0; v < in.ds.npersons; v++)
			order[v] = (struct ranked){ v, prob[v] };
		qsort(order, (size_t)in.ds.npersons, sizeof *order, cmp_ranked);
		long top = ctx->top && ctx->top < in.ds.npersons ? ctx->top : in.ds.npersons;
		for (long i = 0; i < top && !rc; i++) {
			json_t *x;
			if ((rc = explain_json(&in, &fit, order[i].person, in.periods, &x, &e)))
				break;
			json_object_set_new(x, "probability_horizon", json_real(order[i].p));
			json_array_append_new(list, x);
		}
		json_object_set_new(out, "current", json_pack("{s:o, s:i, s:o}", "fit", fit_json(&fit, (int)period_days),
			"horizon_periods", (int)horizon, "persons", list));
		if (explain) {
			int v = dataset_person(&in.ds, explain);
			json_t *x = NULL;
			if (v < 0)
				rc = err_set(&e, "no person with code %s that your role may read", explain);
			else if (!(rc = explain_json(&in, &fit, v, in.periods, &x, &e)))
				json_object_set_new(out, "explain", x);
		}
	}
	if (!rc && ctx->cli->fmt == TABLE_JSON) {
		json_dumpf(out, ctx->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		fputc('\n', ctx->out);
	} else if (!rc) {
		json_t *evj = json_object_get(out, "evaluation"), *cur = json_object_get(out, "current");
		printf("Victimisation risk (network exposure, after Green, Horel & Papachristos 2017)\n"
		       "Victimisations: %s; periods of %ld days from %s (%d periods).\n\n", types, period_days,
		       in.first_day, in.periods);
		if (json_object_get(evj, "not_possible")) {
			printf("Out-of-sample evaluation not possible: %s\n",
			       json_string_value(json_object_get(evj, "not_possible")));
		} else {
			printf("Out-of-sample evaluation: fitted before %s, tested after (%d victimisations of %d persons).\n",
			       json_string_value(json_object_get(evj, "test_from")), ev.test_victimisations, ev.test_victims);
			printf("  top %ld, contagion model: %d hits, precision %.3f, recall %.3f\n", k,
			       ev.contagion_rank.hits, ev.contagion_rank.precision, ev.contagion_rank.recall);
			if (distance2)
				printf("  top %ld, with distance 2: %d hits, precision %.3f, recall %.3f\n", k,
				       ev.distance2_rank.hits, ev.distance2_rank.precision, ev.distance2_rank.recall);
			printf("  top %ld, baseline model:  %d hits, precision %.3f, recall %.3f\n", k,
			       ev.baseline_rank.hits, ev.baseline_rank.precision, ev.baseline_rank.recall);
			printf("  a random list: precision %.3f\n", ev.random_precision);
			printf("  likelihood ratio on the training periods: %.2f (approximate p %.3g)\n", ev.lr_stat, ev.lr_p);
			if (distance2)
				printf("  distance 2 against direct ties only: likelihood ratio %.2f (approximate p %.3g)\n",
				       ev.lr2_stat, ev.lr2_p);
		}
		if (fitted) {
			if (distance2)
				printf("\nDistance decay theta %.3g: a victimisation two steps away counts %.3g of one next door.",
				       fit.p.theta, fit.p.theta);
			printf("\nContagion model on all periods: alpha %.4g, decay %.1f days, b0 %.3f, b1 %.3f, b2 %.3f%s\n"
			       "  share of victimisations the network term accounts for: %.1f %%%s\n",
			       fit.p.alpha, fit.p.tau * period_days, fit.p.b0, fit.p.b1, fit.p.b2,
			       fit.alpha_at_bound ? " (no evidence of contagion in these data)" : "",
			       100 * fit.attributable,
			       fit.se_ok ? "" : " (alpha and decay are not separately identified in these data)");
			printf("\nHighest risk in the next %ld periods (probability; what makes it up):\n", horizon);
			size_t i;
			json_t *x;
			json_array_foreach(json_object_get(cur, "persons"), i, x) {
				json_t *terms = json_object_get(x, "terms");
				json_t *t0 = json_array_size(terms) ? json_array_get(terms, 0) : NULL;
				printf("  %-10s %.4f  baseline %.2g; exposure %.2g from %zu neighbour victimisations%s%s%s\n",
				       json_string_value(json_object_get(x, "code")),
				       json_real_value(json_object_get(x, "probability_horizon")),
				       json_real_value(json_object_get(x, "baseline")),
				       json_real_value(json_object_get(x, "exposure")), json_array_size(terms),
				       t0 ? " (largest: " : "", t0 ? json_string_value(json_object_get(t0, "neighbour")) : "",
				       t0 ? ")" : "");
			}
		} else {
			printf("\nCurrent list not possible: %s\n",
			       json_string_value(json_object_get(cur, "not_possible")));
		}
		if (explain)
			printf("\nUse --json to see every term of %s's score.\n", explain);
	}
	json_decref(out);
	free(prob);
	free(order);
	release_input(&in);
	return rc ? analyze_fail(ctx, &e) : 0;
}
