/*
 * terms_sql.c: the SQL functions kl_div_terms() and psi_terms(): the
 * per-bin terms of kl_div() and psi(), one per bin of p, as a float8[]
 * with p's subscripts (the terms themselves are core/per_bin_terms.c's).
 *
 * Arguments and NULLs are handled as by kl_div() and psi().
 */
#include "postgres.h"

#include "fmgr.h"

#include "array_arg.h"
#include "core/kld.h"
#include "fault_report.h"

typedef kld_status (*terms_fn) (const double *p, const double *q, size_t np, size_t nq,
								const kld_options *opt, double *terms, kld_fault *fault);

/*
 * f(p, q [, base], epsilon) returning one term per bin, as an array with
 * p's subscripts. base_arg is the argument number of base, or KLD_NO_ARGUMENT.
 */
static Datum
call_terms(FunctionCallInfo fcinfo, terms_fn fn, int base_arg, int epsilon_arg)
{
	kld_array	p,
				q;
	kld_options opt;
	kld_fault	fault;
	double		base;
	ArrayType  *result;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(epsilon_arg))
		PG_RETURN_NULL();
	opt = kld_read_options(fcinfo, base_arg, epsilon_arg, &base);

	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, &p);
	kld_read_array(PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_Q, &q);
	result = kld_new_float8_array(p.length, p.lower_bound);
	if (fn(p.values, q.values, p.length, q.length, &opt,
		   (double *) ARR_DATA_PTR(result), &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, &q);
	PG_RETURN_ARRAYTYPE_P(result);
}

PG_FUNCTION_INFO_V1(kl_div_terms_float8arr);
Datum
kl_div_terms_float8arr(PG_FUNCTION_ARGS)
{
	return call_terms(fcinfo, kld_kl_div_terms, 2, 3);
}

PG_FUNCTION_INFO_V1(psi_terms_float8arr);
Datum
psi_terms_float8arr(PG_FUNCTION_ARGS)
{
	return call_terms(fcinfo, kld_psi_terms, KLD_NO_ARGUMENT, 2);
}
