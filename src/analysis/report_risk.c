/* report_risk.c — `gvi analyze risk`: who is at risk of being shot, from network exposure.
 *
 * The model is risk.h's (after Green, Horel & Papachristos 2017).  This file turns the
 * repository into its input — periods of --period-days days from the first incident to
 * today; a victimisation is an involvement as victim in an incident of the chosen types
 * (default the lethal-weapon ones: shooting, murder, attempted_murder); suspect involvements
 * of any type are the second covariate; the person network of network.h — then:
 *   1. evaluates honestly out of sample: both models fitted on the periods before --split
 *      (default: two thirds of the way), each ranks every person over the rest, and the
 *      precision and recall of the two top-k lists are reported side by side with what a
 *      random list achieves, good or bad;
 *   2. fits the contagion model on all periods and lists the persons with the highest
 *      probability of being victimised in the next --horizon periods, each with the terms
 *      that make up the score (--explain CODE shows them all). */
#include "analysis/analyze.h"
#include "analysis/network.h"
#include "analysis/risk.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct risk_input {
	struct dataset ds;
	struct network net;
	struct risk_events ev;
	char first_day[DATE_LEN];
	int period_days, periods;
};

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
	if (!access_may_read(ctx->a, model_entity("person")) || !access_may_read(ctx->a, model_entity("involvement")))
		return err_set(e, "refused: user %s (role %s) may not read persons and involvements, which "
			       "the risk model needs", access_actor(ctx->a)->name, access_actor(ctx->a)->role);
	if (dataset_load(ctx->a, &ctx->filter, &in->ds, e))
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
		if (x->role == DS_VICTIM && type_listed(types, inc->type) &&
		    risk_events_add(&in->ev, RISK_VICTIM, x->person, t, e))
			return -1;
		if (x->role == DS_SUSPECT && risk_events_add(&in->ev, RISK_SUSPECT, x->person, t, e))
			return -1;
	}
	return risk_events_finish(&in->ev, e);
}

static void release_input(struct risk_input *in)
{
	risk_events_release(&in->ev);
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

static int explain_json(const struct risk_input *in, const struct risk_fit *fit, int person, int t,
			json_t **out, struct err *e)
{
	struct risk_explanation x;
	if (risk_explain(&in->net.g, &in->ev, fit, person, t, &x, e))
		return -1;
	json_t *terms = json_array();
	for (size_t i = 0; i < x.nterms; i++) {
		char day[DATE_LEN];
		period_start(in, x.terms[i].period, day);
		json_array_append_new(terms, json_pack("{s:s, s:s, s:i, s:f, s:f, s:f}", "neighbour",
			in->ds.persons[x.terms[i].neighbour].code, "victimised_in_period_from", day,
			"count", x.terms[i].count, "tie_weight", x.terms[i].weight, "decay", x.terms[i].decay,
			"contribution", x.terms[i].contribution));
	}
	*out = json_pack("{s:s, s:f, s:f, s:f, s:i, s:f, s:i, s:f, s:f, s:o}", "code", in->ds.persons[person].code,
			 "probability_next_period", x.probability, "intensity", x.intensity, "baseline", x.baseline,
			 "prior_victimisations", x.x1, "factor_prior_victimisations", x.factor1,
			 "prior_suspect", x.x2, "factor_prior_suspect", x.factor2, "exposure", x.exposure,
			 "terms", terms);
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
		else if ((v = cli_opt(n, ctx->argv, &i, "period-days")) && (period_days = strtol(v, &end, 10)) > 0 && !*end)
			;
		else if ((v = cli_opt(n, ctx->argv, &i, "k")) && (k = strtol(v, &end, 10)) > 0 && !*end)
			;
		else if ((v = cli_opt(n, ctx->argv, &i, "horizon")) && (horizon = strtol(v, &end, 10)) > 0 && !*end)
			;
		else
			return analyze_usage(ctx, "gvi analyze risk [--types T1,T2] [--period-days N] [--split DATE] [--k N] "
					 "[--horizon PERIODS] [--explain CODE] [--top N]");
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
		rc = risk_evaluate(&net_before.g, &in.ev, 0, t_split, in.periods, (int)k, &ev, &e);
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
	int fitted = !risk_fit(&in.net.g, &in.ev, 0, in.periods, 1, &fit, &e) &&
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
			printf("  top %ld, baseline model:  %d hits, precision %.3f, recall %.3f\n", k,
			       ev.baseline_rank.hits, ev.baseline_rank.precision, ev.baseline_rank.recall);
			printf("  a random list: precision %.3f\n", ev.random_precision);
			printf("  likelihood ratio on the training periods: %.2f (approximate p %.3g)\n", ev.lr_stat, ev.lr_p);
		}
		if (fitted) {
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
