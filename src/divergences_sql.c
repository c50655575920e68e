/*
 * divergences_sql.c: the SQL functions that compare two distributions, or
 * measure one, over float8[] histograms and over jsonb category maps:
 * entropy, cross_entropy, kl_div, jsd, js_distance, psi, chi2_div,
 * tv_distance, hellinger, linf_distance, wasserstein (over bins, or in the
 * data's units given the edges), ks_distance, kl_div_normal (of two normal
 * distributions), renyi_div and perplexity.
 *
 * Each function reads its arguments, calls one core function and reports
 * the core's verdict. A NULL histogram gives NULL; a NULL base means natural
 * logarithms, which is why the functions that take a base are not STRICT.
 * The two forms differ only in how p and q are read.
 */
#include "postgres.h"

#include "fmgr.h"

#include "array_arg.h"
#include "cached_arg.h"
#include "category_map.h"
#include "core/kld.h"
#include "fault_report.h"

typedef kld_status (*pair_with_options_fn) (const double *p, const double *q,
											size_t np, size_t nq,
											const kld_options *opt,
											double *result, kld_fault *fault);
typedef kld_status (*pair_fn) (const double *p, const double *q,
							   size_t np, size_t nq,
							   double *result, kld_fault *fault);

typedef void (*pair_reader) (FunctionCallInfo fcinfo, kld_array *p, kld_array *q);

static void
read_histograms(FunctionCallInfo fcinfo, kld_array *p, kld_array *q)
{
	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, p);
	kld_read_array(PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_Q, q);
}

/*
 * q as the function read it last time, checked and summed: a constant
 * reference histogram is read, checked and summed once per query rather
 * than once per row (see cached_arg.c for how it is recognized).
 */
typedef struct q_cache
{
	kld_cached_array q;
	uint64		read_generation;	/* the generation read into array, checked */
	kld_array	array;
	bool		valid;			/* q's weights passed kld_check_weights */
	kld_checked_weights checked;
} q_cache;

/*
 * Reads q (argument 1, not NULL) through the cache, if caching pays: true,
 * with *checked its checked weights, or NULL if they failed the check (the
 * core checks them again, to report the fault in its order).
 */
static bool
read_cached_q(FunctionCallInfo fcinfo, kld_array *q, const kld_checked_weights **checked)
{
	q_cache    *cache = fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(q_cache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (!kld_cached_array_pays(fcinfo, 1, NULL, &cache->q))
		return false;
	kld_cached_array_get(fcinfo, 1, NULL, &cache->q);
	if (cache->read_generation != cache->q.generation)
	{
		kld_fault	fault;

		kld_read_array(cache->q.value, KLD_ARG_Q, &cache->array);
		cache->valid = kld_check_weights(cache->array.values, cache->array.length, KLD_ARG_Q,
										 &cache->checked, &fault) == KLD_OK;
		cache->read_generation = cache->q.generation;
	}
	*q = cache->array;
	*checked = cache->valid ? &cache->checked : NULL;
	return true;
}

static void
read_category_maps(FunctionCallInfo fcinfo, kld_array *p, kld_array *q)
{
	kld_read_category_pair(PG_GETARG_JSONB_P(0), PG_GETARG_JSONB_P(1), p, q);
}

/*
 * f(p, q [, base] [, epsilon]): base_arg and epsilon_arg are the argument
 * numbers of those parameters, or KLD_NO_ARGUMENT.
 */
static Datum
call_with_options(FunctionCallInfo fcinfo, pair_reader read_pair,
				  pair_with_options_fn fn, int base_arg, int epsilon_arg)
{
	kld_array	p,
				q;
	kld_options opt;
	kld_fault	fault;
	double		base,
				result;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) ||
		(epsilon_arg != KLD_NO_ARGUMENT && PG_ARGISNULL(epsilon_arg)))
		PG_RETURN_NULL();
	opt = kld_read_options(fcinfo, base_arg, epsilon_arg, &base);

	if (read_pair == read_histograms)
	{
		kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, &p);
		if (!read_cached_q(fcinfo, &q, &opt.q_checked))
			kld_read_array(PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_Q, &q);
	}
	else
		read_pair(fcinfo, &p, &q);
	if (fn(p.values, q.values, p.length, q.length, &opt, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, &q);
	PG_RETURN_FLOAT8(result);
}

static Datum
call_plain(FunctionCallInfo fcinfo, pair_reader read_pair, pair_fn fn)
{
	kld_array	p,
				q;
	kld_fault	fault;
	double		result;

	read_pair(fcinfo, &p, &q);
	if (fn(p.values, q.values, p.length, q.length, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, &q);
	PG_RETURN_FLOAT8(result);
}

/* entropy(p, base): reading p is up to the caller, after the NULL checks. */
static Datum
call_entropy(FunctionCallInfo fcinfo, kld_array *p)
{
	kld_fault	fault;
	double		base,
				result;
	kld_options opt = kld_read_options(fcinfo, 1, KLD_NO_ARGUMENT, &base);

	if (kld_entropy(p->values, p->length, &opt, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, p, NULL);
	PG_RETURN_FLOAT8(result);
}

PG_FUNCTION_INFO_V1(entropy_float8arr);
Datum
entropy_float8arr(PG_FUNCTION_ARGS)
{
	kld_array	p;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, &p);
	return call_entropy(fcinfo, &p);
}

PG_FUNCTION_INFO_V1(entropy_jsonb);
Datum
entropy_jsonb(PG_FUNCTION_ARGS)
{
	kld_array	p;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	kld_read_category_map(PG_GETARG_JSONB_P(0), KLD_ARG_P, &p);
	return call_entropy(fcinfo, &p);
}

PG_FUNCTION_INFO_V1(cross_entropy_float8arr);
Datum
cross_entropy_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_histograms, kld_cross_entropy, 2, KLD_NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(cross_entropy_jsonb);
Datum
cross_entropy_jsonb(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_category_maps, kld_cross_entropy, 2, KLD_NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(kl_div_float8arr);
Datum
kl_div_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_histograms, kld_kl_div, 2, 3);
}

PG_FUNCTION_INFO_V1(kl_div_jsonb);
Datum
kl_div_jsonb(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_category_maps, kld_kl_div, 2, 3);
}

PG_FUNCTION_INFO_V1(jsd_float8arr);
Datum
jsd_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_histograms, kld_jsd, 2, KLD_NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(jsd_jsonb);
Datum
jsd_jsonb(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_category_maps, kld_jsd, 2, KLD_NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(js_distance_float8arr);
Datum
js_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_histograms, kld_js_distance, 2, KLD_NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(js_distance_jsonb);
Datum
js_distance_jsonb(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_category_maps, kld_js_distance, 2, KLD_NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(psi_float8arr);
Datum
psi_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_histograms, kld_psi, KLD_NO_ARGUMENT, 2);
}

PG_FUNCTION_INFO_V1(psi_jsonb);
Datum
psi_jsonb(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_category_maps, kld_psi, KLD_NO_ARGUMENT, 2);
}

PG_FUNCTION_INFO_V1(chi2_div_float8arr);
Datum
chi2_div_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_histograms, kld_chi2_div, KLD_NO_ARGUMENT, 2);
}

PG_FUNCTION_INFO_V1(chi2_div_jsonb);
Datum
chi2_div_jsonb(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, read_category_maps, kld_chi2_div, KLD_NO_ARGUMENT, 2);
}

PG_FUNCTION_INFO_V1(tv_distance_float8arr);
Datum
tv_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_histograms, kld_tv_distance);
}

PG_FUNCTION_INFO_V1(tv_distance_jsonb);
Datum
tv_distance_jsonb(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_category_maps, kld_tv_distance);
}

PG_FUNCTION_INFO_V1(hellinger_float8arr);
Datum
hellinger_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_histograms, kld_hellinger);
}

PG_FUNCTION_INFO_V1(hellinger_jsonb);
Datum
hellinger_jsonb(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_category_maps, kld_hellinger);
}

PG_FUNCTION_INFO_V1(linf_distance_float8arr);
Datum
linf_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_histograms, kld_linf_distance);
}

PG_FUNCTION_INFO_V1(linf_distance_jsonb);
Datum
linf_distance_jsonb(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_category_maps, kld_linf_distance);
}

PG_FUNCTION_INFO_V1(wasserstein_float8arr);
Datum
wasserstein_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_histograms, kld_wasserstein);
}

PG_FUNCTION_INFO_V1(wasserstein_edges_float8arr);
Datum
wasserstein_edges_float8arr(PG_FUNCTION_ARGS)
{
	kld_array	p,
				q,
				edges;
	kld_fault	fault;
	double		result;

	read_histograms(fcinfo, &p, &q);
	kld_read_array(PG_GETARG_ARRAYTYPE_P(2), KLD_ARG_EDGES, &edges);
	if (kld_wasserstein_edges(p.values, q.values, p.length, q.length,
							  edges.values, edges.length, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, fault.arg == KLD_ARG_EDGES ? &edges : &p, &q);
	PG_RETURN_FLOAT8(result);
}

PG_FUNCTION_INFO_V1(ks_distance_float8arr);
Datum
ks_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, read_histograms, kld_ks_distance);
}

PG_FUNCTION_INFO_V1(kl_div_normal);
Datum
kl_div_normal(PG_FUNCTION_ARGS)
{
	kld_fault	fault;
	double		result;

	if (kld_kl_div_normal(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
						  PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3),
						  &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, NULL, NULL);
	PG_RETURN_FLOAT8(result);
}

/* renyi_div(p, q, alpha, epsilon): STRICT, in nats. */
static Datum
call_renyi(FunctionCallInfo fcinfo, pair_reader read_pair)
{
	kld_array	p,
				q;
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_fault	fault;
	double		result;

	opt.epsilon = PG_GETARG_FLOAT8(3);
	read_pair(fcinfo, &p, &q);
	if (kld_renyi_div(p.values, q.values, p.length, q.length, PG_GETARG_FLOAT8(2), &opt,
					  &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, &q);
	PG_RETURN_FLOAT8(result);
}

PG_FUNCTION_INFO_V1(renyi_div_float8arr);
Datum
renyi_div_float8arr(PG_FUNCTION_ARGS)
{
	return call_renyi(fcinfo, read_histograms);
}

PG_FUNCTION_INFO_V1(renyi_div_jsonb);
Datum
renyi_div_jsonb(PG_FUNCTION_ARGS)
{
	return call_renyi(fcinfo, read_category_maps);
}

static Datum
call_perplexity(kld_array *p)
{
	kld_fault	fault;
	double		result;

	if (kld_perplexity(p->values, p->length, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, p, NULL);
	PG_RETURN_FLOAT8(result);
}

PG_FUNCTION_INFO_V1(perplexity_float8arr);
Datum
perplexity_float8arr(PG_FUNCTION_ARGS)
{
	kld_array	p;

	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, &p);
	return call_perplexity(&p);
}

PG_FUNCTION_INFO_V1(perplexity_jsonb);
Datum
perplexity_jsonb(PG_FUNCTION_ARGS)
{
	kld_array	p;

	kld_read_category_map(PG_GETARG_JSONB_P(0), KLD_ARG_P, &p);
	return call_perplexity(&p);
}
