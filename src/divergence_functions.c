/*
 * divergence_functions.c: the SQL functions over float8[] histograms.
 *
 * Each function reads its arguments, calls one core function and reports
 * the core's verdict. A NULL histogram gives NULL; a NULL base means natural
 * logarithms, which is why the functions that take a base are not STRICT.
 */
#include "postgres.h"

#include "fmgr.h"

#include "array_arg.h"
#include "core/kld.h"
#include "fault_report.h"

typedef kld_status (*pair_with_options_fn) (const double *p, const double *q,
											size_t np, size_t nq,
											const kld_options *opt,
											double *result, kld_fault *fault);
typedef kld_status (*pair_fn) (const double *p, const double *q,
							   size_t np, size_t nq,
							   double *result, kld_fault *fault);

#define NO_ARGUMENT (-1)

static void
read_pair(FunctionCallInfo fcinfo, kld_array *p, kld_array *q)
{
	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, p);
	kld_read_array(PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_Q, q);
}

/*
 * f(p, q [, base] [, epsilon]): base_arg and epsilon_arg are the argument
 * numbers of those parameters, or NO_ARGUMENT.
 */
static Datum
call_with_options(FunctionCallInfo fcinfo, pair_with_options_fn fn,
				  int base_arg, int epsilon_arg)
{
	kld_array	p,
				q;
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_fault	fault;
	double		base,
				result;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) ||
		(epsilon_arg != NO_ARGUMENT && PG_ARGISNULL(epsilon_arg)))
		PG_RETURN_NULL();
	if (base_arg != NO_ARGUMENT && !PG_ARGISNULL(base_arg))
	{
		base = PG_GETARG_FLOAT8(base_arg);
		opt.base = &base;
	}
	if (epsilon_arg != NO_ARGUMENT)
		opt.epsilon = PG_GETARG_FLOAT8(epsilon_arg);

	read_pair(fcinfo, &p, &q);
	if (fn(p.values, q.values, p.length, q.length, &opt, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, &q);
	PG_RETURN_FLOAT8(result);
}

static Datum
call_plain(FunctionCallInfo fcinfo, pair_fn fn)
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

PG_FUNCTION_INFO_V1(entropy_float8arr);
Datum
entropy_float8arr(PG_FUNCTION_ARGS)
{
	kld_array	p;
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_fault	fault;
	double		base,
				result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(1))
	{
		base = PG_GETARG_FLOAT8(1);
		opt.base = &base;
	}
	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, &p);
	if (kld_entropy(p.values, p.length, &opt, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, NULL);
	PG_RETURN_FLOAT8(result);
}

PG_FUNCTION_INFO_V1(cross_entropy_float8arr);
Datum
cross_entropy_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, kld_cross_entropy, 2, NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(kl_div_float8arr);
Datum
kl_div_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, kld_kl_div, 2, 3);
}

PG_FUNCTION_INFO_V1(jsd_float8arr);
Datum
jsd_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, kld_jsd, 2, NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(js_distance_float8arr);
Datum
js_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, kld_js_distance, 2, NO_ARGUMENT);
}

PG_FUNCTION_INFO_V1(psi_float8arr);
Datum
psi_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, kld_psi, NO_ARGUMENT, 2);
}

PG_FUNCTION_INFO_V1(chi2_div_float8arr);
Datum
chi2_div_float8arr(PG_FUNCTION_ARGS)
{
	return call_with_options(fcinfo, kld_chi2_div, NO_ARGUMENT, 2);
}

PG_FUNCTION_INFO_V1(tv_distance_float8arr);
Datum
tv_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, kld_tv_distance);
}

PG_FUNCTION_INFO_V1(hellinger_float8arr);
Datum
hellinger_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, kld_hellinger);
}

PG_FUNCTION_INFO_V1(linf_distance_float8arr);
Datum
linf_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, kld_linf_distance);
}

PG_FUNCTION_INFO_V1(wasserstein_float8arr);
Datum
wasserstein_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, kld_wasserstein);
}

PG_FUNCTION_INFO_V1(ks_distance_float8arr);
Datum
ks_distance_float8arr(PG_FUNCTION_ARGS)
{
	return call_plain(fcinfo, kld_ks_distance);
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
