/*
 * gaussian_sql.c: multivariate normals: kl_div_normal(mu1, cov1, mu2, cov2,
 * ridge), frechet_distance(mu1, cov1, mu2, cov2), the same over two
 * gaussian fits, mean_cosine_distance(fit1, fit2), and the aggregates
 * gaussian_fit(x) and gaussian_fit_diagonal(x) (float8[] or real[] rows)
 * that make the fits.
 *
 * The maths is in core/gaussian.c; this file reads arrays and composites,
 * allocates the core's work space and reports its faults. The aggregates'
 * state is a float8[] (layout in core/gaussian.h), updated in place in the
 * aggregate's memory context: O(k^2) memory per group (O(k) diagonal),
 * whatever the number of rows.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "aggregate_call.h"
#include "array_arg.h"
#include "core/gaussian.h"
#include "fault_report.h"

/* One normal's parameters as read, with how messages name them. */
typedef struct normal_arg
{
	kld_gauss	gauss;
	kld_gauss_param mean_param;
	kld_gauss_param cov_param;
} normal_arg;

/* The 0-based position of the first NULL element of an array that has one. */
static int
first_null(ArrayType *array, int count)
{
	bits8	   *bitmap = ARR_NULLBITMAP(array);

	for (int i = 0; i < count; i++)
		if (!(bitmap[i / 8] & (1 << (i % 8))))
			return i;
	return count;
}

/*
 * Reads a float8[] mean (one dimension) or covariance (one or two): its
 * data, shape and the names messages use.
 */
static const double *
read_param(ArrayType *array, kld_gauss_param *param, bool is_covariance,
		   size_t *rows, size_t *cols)
{
	int			ndim = ARR_NDIM(array);
	int			count;

	if (ARR_ELEMTYPE(array) != FLOAT8OID)
		elog(ERROR, "%s must be a float8[] array", param->name);
	if (ndim > (is_covariance ? 2 : 1))
		kld_raise_gauss_array(param->name, ndim, is_covariance);
	param->ndim = ndim == 0 ? 1 : ndim;
	param->lower[0] = ndim >= 1 ? ARR_LBOUND(array)[0] : 1;
	param->lower[1] = ndim == 2 ? ARR_LBOUND(array)[1] : 1;
	param->is_covariance = is_covariance;
	count = ArrayGetNItems(ndim, ARR_DIMS(array));
	if (ARR_HASNULL(array) && array_contains_nulls(array))
	{
		int			i = first_null(array, count);

		if (ndim == 2)
			kld_raise_gauss_null(psprintf("%s[%d][%d]", param->name,
										  param->lower[0] + i / ARR_DIMS(array)[1],
										  param->lower[1] + i % ARR_DIMS(array)[1]), false);
		kld_raise_gauss_null(psprintf("%s[%d]", param->name, param->lower[0] + i), false);
	}
	*rows = ndim >= 1 ? (size_t) ARR_DIMS(array)[0] : 0;
	*cols = ndim == 2 ? (size_t) ARR_DIMS(array)[1] : 0;
	return (const double *) ARR_DATA_PTR(array);
}

static void
read_normal(ArrayType *mean, ArrayType *cov, kld_arg mean_arg, kld_arg cov_arg,
			const char *mean_name, const char *cov_name, normal_arg *out)
{
	size_t		cols;

	out->mean_param.arg = mean_arg;
	out->mean_param.name = mean_name;
	out->cov_param.arg = cov_arg;
	out->cov_param.name = cov_name;
	out->gauss.mean_arg = mean_arg;
	out->gauss.cov_arg = cov_arg;
	out->gauss.mean = read_param(mean, &out->mean_param, false, &out->gauss.mean_length, &cols);
	out->gauss.cov = read_param(cov, &out->cov_param, true, &out->gauss.cov_rows,
								&out->gauss.cov_cols);
}

typedef enum measure
{
	MEASURE_KL,
	MEASURE_FRECHET
} measure;

static double
compute(measure which, normal_arg *a, normal_arg *b, double ridge)
{
	kld_gauss_param params[4] = {a->mean_param, a->cov_param, b->mean_param, b->cov_param};
	kld_fault	fault;
	kld_status	status;
	size_t		work_length;
	double	   *work = NULL;
	double		result;

	work_length = which == MEASURE_KL ? kld_gauss_kl_work(&a->gauss, &b->gauss)
		: kld_gauss_frechet_work(&a->gauss, &b->gauss);
	if (work_length > 0)
	{
		if (!AllocSizeIsValid(work_length * sizeof(double)))
			kld_raise_array_too_large(work_length);
		work = palloc(work_length * sizeof(double));
	}
	if (which == MEASURE_KL)
		status = kld_gauss_kl(&a->gauss, &b->gauss, ridge, work, &result, &fault);
	else
		status = kld_gauss_frechet(&a->gauss, &b->gauss, work, &result, &fault);
	if (status != KLD_OK)
		kld_raise_gauss_fault(&fault, params, 4);
	if (work != NULL)
		pfree(work);
	return result;
}

/* kl_div_normal(mu1 float8[], cov1 float8[], mu2 float8[], cov2 float8[], ridge float8) */
PG_FUNCTION_INFO_V1(kl_div_normal_mvn);
Datum
kl_div_normal_mvn(PG_FUNCTION_ARGS)
{
	normal_arg	a,
				b;

	read_normal(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_MU1, KLD_ARG_COV1,
				"mu1", "cov1", &a);
	read_normal(PG_GETARG_ARRAYTYPE_P(2), PG_GETARG_ARRAYTYPE_P(3), KLD_ARG_MU2, KLD_ARG_COV2,
				"mu2", "cov2", &b);
	PG_RETURN_FLOAT8(compute(MEASURE_KL, &a, &b, PG_GETARG_FLOAT8(4)));
}

/* frechet_distance(mu1 float8[], cov1 float8[], mu2 float8[], cov2 float8[]) */
PG_FUNCTION_INFO_V1(frechet_distance_mvn);
Datum
frechet_distance_mvn(PG_FUNCTION_ARGS)
{
	normal_arg	a,
				b;

	read_normal(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_MU1, KLD_ARG_COV1,
				"mu1", "cov1", &a);
	read_normal(PG_GETARG_ARRAYTYPE_P(2), PG_GETARG_ARRAYTYPE_P(3), KLD_ARG_MU2, KLD_ARG_COV2,
				"mu2", "cov2", &b);
	PG_RETURN_FLOAT8(compute(MEASURE_FRECHET, &a, &b, 0.0));
}

/*
 * A gaussian composite (n, mean, cov); false if its mean or cov is NULL
 * (a fit of fewer than two rows has no covariance).
 */
static bool
read_fit(HeapTupleHeader fit, kld_arg mean_arg, kld_arg cov_arg, const char *mean_name,
		 const char *cov_name, normal_arg *out)
{
	bool		mean_null,
				cov_null;
	Datum		mean = GetAttributeByNum(fit, 2, &mean_null);
	Datum		cov = GetAttributeByNum(fit, 3, &cov_null);

	if (mean_null || cov_null)
		return false;
	read_normal(DatumGetArrayTypeP(mean), DatumGetArrayTypeP(cov), mean_arg, cov_arg,
				mean_name, cov_name, out);
	return true;
}

static Datum
compute_fits(FunctionCallInfo fcinfo, measure which, double ridge)
{
	normal_arg	a,
				b;

	if (!read_fit(PG_GETARG_HEAPTUPLEHEADER(0), KLD_ARG_MU1, KLD_ARG_COV1,
				  "fit1.mean", "fit1.cov", &a) ||
		!read_fit(PG_GETARG_HEAPTUPLEHEADER(1), KLD_ARG_MU2, KLD_ARG_COV2,
				  "fit2.mean", "fit2.cov", &b))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(compute(which, &a, &b, ridge));
}

/* kl_div_normal(fit1 gaussian, fit2 gaussian, ridge float8) */
PG_FUNCTION_INFO_V1(kl_div_normal_fit);
Datum
kl_div_normal_fit(PG_FUNCTION_ARGS)
{
	return compute_fits(fcinfo, MEASURE_KL, PG_GETARG_FLOAT8(2));
}

/* frechet_distance(fit1 gaussian, fit2 gaussian) */
PG_FUNCTION_INFO_V1(frechet_distance_fit);
Datum
frechet_distance_fit(PG_FUNCTION_ARGS)
{
	return compute_fits(fcinfo, MEASURE_FRECHET, 0.0);
}

/* A fit's mean alone, named fitN.mean; false if the mean is NULL. */
static bool
read_fit_mean(HeapTupleHeader fit, kld_arg mean_arg, const char *mean_name, normal_arg *out)
{
	bool		mean_null;
	Datum		mean = GetAttributeByNum(fit, 2, &mean_null);
	size_t		cols;

	if (mean_null)
		return false;
	out->mean_param.arg = mean_arg;
	out->mean_param.name = mean_name;
	out->gauss.mean_arg = mean_arg;
	out->gauss.mean = read_param(DatumGetArrayTypeP(mean), &out->mean_param, false,
								 &out->gauss.mean_length, &cols);
	return true;
}

/* mean_cosine_distance(fit1 gaussian, fit2 gaussian): NULL for a zero mean */
PG_FUNCTION_INFO_V1(mean_cosine_distance);
Datum
mean_cosine_distance(PG_FUNCTION_ARGS)
{
	normal_arg	a,
				b;
	kld_fault	fault;
	double		result = 0.0;
	bool		defined;

	if (!read_fit_mean(PG_GETARG_HEAPTUPLEHEADER(0), KLD_ARG_MU1, "fit1.mean", &a) ||
		!read_fit_mean(PG_GETARG_HEAPTUPLEHEADER(1), KLD_ARG_MU2, "fit2.mean", &b))
		PG_RETURN_NULL();
	if (kld_gauss_mean_cosine(&a.gauss, &b.gauss, &result, &defined, &fault) != KLD_OK)
	{
		kld_gauss_param params[2] = {a.mean_param, b.mean_param};

		kld_raise_gauss_fault(&fault, params, 2);
	}
	if (!defined)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(result);
}

/* ---------------------------------------------------------------------- */
/* gaussian_fit */

static ArrayType *
new_state(MemoryContext context, size_t length)
{
	MemoryContext old = MemoryContextSwitchTo(context);
	ArrayType  *array = kld_new_float8_array(length, 1);

	MemoryContextSwitchTo(old);
	return array;
}

/* A state from outside this aggregate call: checked in full. */
static void
decode_state(ArrayType *state, bool full, kld_fit *fit)
{
	kld_array	array;
	kld_fault	fault;

	kld_read_array(state, KLD_ARG_STATE, &array);
	if (kld_fit_decode((double *) array.values, array.length, full, fit, &fault) != KLD_OK)
		kld_raise_gauss_fault(&fault, NULL, 0);
}

static Datum
fit_transition(FunctionCallInfo fcinfo, bool diagonal, const char *function)
{
	MemoryContext context = kld_aggregate_context(fcinfo, function);
	ArrayType  *x,
			   *state;
	kld_gauss_param param = {KLD_ARG_X, "x", 1, {1, 1}, false};
	kld_fit		fit;
	kld_fault	fault;
	size_t		k;
	bool		is_float4;
	kld_status	status;

	if (PG_ARGISNULL(1))
		return kld_state_unchanged(fcinfo);
	x = PG_GETARG_ARRAYTYPE_P(1);
	is_float4 = ARR_ELEMTYPE(x) == FLOAT4OID;
	if (ARR_ELEMTYPE(x) != FLOAT8OID && !is_float4)
		elog(ERROR, "x must be a float8[] or real[] array");
	if (ARR_NDIM(x) > 1)
		kld_raise_gauss_array("x", ARR_NDIM(x), false);
	k = ARR_NDIM(x) == 1 ? (size_t) ARR_DIMS(x)[0] : 0;
	param.lower[0] = ARR_NDIM(x) == 1 ? ARR_LBOUND(x)[0] : 1;
	if (ARR_HASNULL(x) && array_contains_nulls(x))
		kld_raise_gauss_null(psprintf("x[%d]", param.lower[0] + first_null(x, (int) k)), true);

	if (PG_ARGISNULL(0))
	{
		if (kld_fit_check_length(k, diagonal, &fault) != KLD_OK)
			kld_raise_gauss_fault(&fault, &param, 1);
		state = new_state(context, kld_fit_state_length(k, diagonal));
		kld_fit_init((double *) ARR_DATA_PTR(state), k, diagonal, &fit);
	}
	else
	{
		state = PG_GETARG_ARRAYTYPE_P(0);
		decode_state(state, false, &fit);
		if (fit.diagonal != diagonal)
			elog(ERROR, "%s was given a state of the other kind of gaussian_fit", function);
	}
	if (is_float4)
		status = kld_fit_add_float4(&fit, (const float *) ARR_DATA_PTR(x), k, &fault);
	else
		status = kld_fit_add(&fit, (const double *) ARR_DATA_PTR(x), k, &fault);
	if (status != KLD_OK)
		kld_raise_gauss_fault(&fault, &param, 1);
	PG_RETURN_ARRAYTYPE_P(state);
}

PG_FUNCTION_INFO_V1(gaussian_fit_transition);
Datum
gaussian_fit_transition(PG_FUNCTION_ARGS)
{
	return fit_transition(fcinfo, false, "gaussian_fit_transition");
}

PG_FUNCTION_INFO_V1(gaussian_fit_diagonal_transition);
Datum
gaussian_fit_diagonal_transition(PG_FUNCTION_ARGS)
{
	return fit_transition(fcinfo, true, "gaussian_fit_diagonal_transition");
}

/* Merges two partial states, from parallel workers or other servers. */
PG_FUNCTION_INFO_V1(gaussian_fit_combine);
Datum
gaussian_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext context = kld_aggregate_context(fcinfo, "gaussian_fit_combine");
	ArrayType  *from = kld_state_argument(fcinfo, 1);
	ArrayType  *into;
	kld_fit		into_fit,
				from_fit;
	kld_fault	fault;

	if (from == NULL)
		return kld_state_unchanged(fcinfo);
	decode_state(from, true, &from_fit);
	into = kld_state_argument(fcinfo, 0);
	if (into == NULL)
	{
		ArrayType  *copy = new_state(context, ArrayGetNItems(1, ARR_DIMS(from)));

		memcpy(ARR_DATA_PTR(copy), ARR_DATA_PTR(from),
			   ArrayGetNItems(1, ARR_DIMS(from)) * sizeof(double));
		PG_RETURN_ARRAYTYPE_P(copy);
	}
	decode_state(into, true, &into_fit);
	if (kld_fit_merge(&into_fit, &from_fit, &fault) != KLD_OK)
		kld_raise_gauss_fault(&fault, NULL, 0);
	PG_RETURN_ARRAYTYPE_P(into);
}

/* A float8[] of k x k (or k), subscripts from 1, data not yet written. */
static ArrayType *
new_matrix(size_t k, bool square)
{
	ArrayType  *array;
	int			ndim = square ? 2 : 1;
	size_t		count = square ? k * k : k;
	Size		bytes = ARR_OVERHEAD_NONULLS(ndim) + count * sizeof(double);

	if (!AllocSizeIsValid(bytes))
		kld_raise_array_too_large(count);
	array = (ArrayType *) palloc0(bytes);
	SET_VARSIZE(array, bytes);
	array->ndim = ndim;
	array->dataoffset = 0;
	array->elemtype = FLOAT8OID;
	for (int d = 0; d < ndim; d++)
	{
		ARR_DIMS(array)[d] = (int) k;
		ARR_LBOUND(array)[d] = 1;
	}
	return array;
}

/*
 * The fit: (n, mean, sample covariance), cov NULL for a single row. Reads
 * the state without changing it (a final function may run more than once).
 */
PG_FUNCTION_INFO_V1(gaussian_fit_final);
Datum
gaussian_fit_final(PG_FUNCTION_ARGS)
{
	ArrayType  *state = kld_state_argument(fcinfo, 0);
	ArrayType  *mean;
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	kld_fit		fit;

	if (state == NULL)
		PG_RETURN_NULL();
	decode_state(state, true, &fit);
	if (*fit.n == 0.0)
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "gaussian_fit_final must return a composite type");
	desc = BlessTupleDesc(desc);

	mean = new_matrix(fit.k, false);
	memcpy(ARR_DATA_PTR(mean), fit.mean, fit.k * sizeof(double));
	values[0] = Int64GetDatum((int64) *fit.n);
	values[1] = PointerGetDatum(mean);
	if (*fit.n >= 2.0)
	{
		ArrayType  *cov = new_matrix(fit.k, !fit.diagonal);

		kld_fit_covariance(&fit, (double *) ARR_DATA_PTR(cov));
		values[2] = PointerGetDatum(cov);
	}
	else
	{
		values[2] = (Datum) 0;
		nulls[2] = true;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
