/*
 * array_arg.c: argument intake: float8[] histograms, base and epsilon.
 *
 * The data is read in place (ARR_DATA_PTR) rather than deconstructed: for a
 * float8[] without NULLs the elements are a packed array of doubles.
 */
#include "array_arg.h"

#include "utils/memutils.h"

#include "fault_report.h"
#include "interrupts.h"

/* The 0-based position of the first NULL element; the array has one. */
static int
first_null(ArrayType *array, int count)
{
	bits8	   *bitmap = ARR_NULLBITMAP(array);

	for (int i = 0; i < count; i++)
	{
		kld_check_for_interrupts(i);
		if (!(bitmap[i / 8] & (1 << (i % 8))))
			return i;
	}
	return count;
}

static const char *const argument_names[] = {
	[KLD_ARG_P] = "p",
	[KLD_ARG_Q] = "q",
	[KLD_ARG_BASE] = "base",
	[KLD_ARG_EPSILON] = "epsilon",
	[KLD_ARG_MU1] = "mu1",
	[KLD_ARG_SIGMA1] = "sigma1",
	[KLD_ARG_MU2] = "mu2",
	[KLD_ARG_SIGMA2] = "sigma2",
	[KLD_ARG_VALUE] = "value",
	[KLD_ARG_WEIGHT] = "weight",
	[KLD_ARG_LO] = "lo",
	[KLD_ARG_HI] = "hi",
	[KLD_ARG_NBINS] = "nbins",
	[KLD_ARG_EDGES] = "edges",
	[KLD_ARG_H] = "h",
	[KLD_ARG_STATE] = "state",
	[KLD_ARG_NEW_EDGES] = "new_edges",
	[KLD_ARG_MIN_EFFECT] = "min_effect",
	[KLD_ARG_P_VALUES] = "p_values",
	[KLD_ARG_ALPHA] = "alpha",
	[KLD_ARG_COV1] = "cov1",
	[KLD_ARG_COV2] = "cov2",
	[KLD_ARG_RIDGE] = "ridge",
	[KLD_ARG_X] = "x",
};

const char *
kld_arg_name(kld_arg arg)
{
	return argument_names[arg];
}

void
kld_read_array_slow(ArrayType *array, kld_arg arg, kld_array *out)
{
	int			ndim = ARR_NDIM(array);
	int			count;

	if (ARR_ELEMTYPE(array) != FLOAT8OID)
		elog(ERROR, "%s must be a float8[] array", kld_arg_name(arg));
	if (ndim > 1)
		kld_raise_too_many_dimensions(arg, ndim);

	out->arg = arg;
	out->lower_bound = ndim == 1 ? ARR_LBOUND(array)[0] : 1;
	count = ndim == 1 ? ARR_DIMS(array)[0] : 0;
	if (ARR_HASNULL(array) && array_contains_nulls(array))
		kld_raise_null_element(arg, out->lower_bound + first_null(array, count));
	out->values = (const double *) ARR_DATA_PTR(array);
	out->length = (size_t) count;
	out->labels = NULL;
}

kld_options
kld_read_options(FunctionCallInfo fcinfo, int base_arg, int epsilon_arg, double *base)
{
	kld_options opt = KLD_OPTIONS_DEFAULT;

	if (base_arg != KLD_NO_ARGUMENT && !PG_ARGISNULL(base_arg))
	{
		*base = PG_GETARG_FLOAT8(base_arg);
		opt.base = base;
	}
	if (epsilon_arg != KLD_NO_ARGUMENT)
		opt.epsilon = PG_GETARG_FLOAT8(epsilon_arg);
	return opt;
}

ArrayType *
kld_new_float8_array(size_t length, int lower_bound)
{
	ArrayType  *array;
	Size		bytes = ARR_OVERHEAD_NONULLS(1) + length * sizeof(double);

	if (!AllocSizeIsValid(bytes))
		kld_raise_array_too_large(length);
	array = (ArrayType *) palloc0(bytes);
	SET_VARSIZE(array, bytes);
	array->ndim = 1;
	array->dataoffset = 0;
	array->elemtype = FLOAT8OID;
	ARR_DIMS(array)[0] = (int) length;
	ARR_LBOUND(array)[0] = lower_bound;
	return array;
}
