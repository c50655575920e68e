/*
 * array_arg.h: reading a function's arguments: a float8[] argument as a
 * plain C array of doubles, the optional base and epsilon, and the SQL
 * names of arguments for messages.
 */
#ifndef KLD_ARRAY_ARG_H
#define KLD_ARRAY_ARG_H

#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"

#include "core/kld.h"

/* The argument number of an optional parameter that a function lacks. */
#define KLD_NO_ARGUMENT (-1)

/* A category's name, as it appears in a jsonb category map (not terminated). */
typedef struct kld_label
{
	const char *text;
	int			length;
} kld_label;

typedef struct kld_array
{
	kld_arg		arg;			/* which argument, for messages */
	const double *values;		/* points into the detoasted array */
	size_t		length;
	int			lower_bound;	/* the SQL subscript of values[0] */
	const kld_label *labels;	/* category names of a jsonb map, else NULL */
} kld_array;

/* The SQL name of an argument, as messages use it. */
const char *kld_arg_name(kld_arg arg);

/* The general case of kld_read_array, which also raises its errors. */
void		kld_read_array_slow(ArrayType *array, kld_arg arg, kld_array *out);

/*
 * Checks that the array is one-dimensional float8[] without NULL elements
 * (an empty array passes, with length 0) and points out at its data. The
 * common case is inline, because the aggregates read their state per row.
 */
static inline void
kld_read_array(ArrayType *array, kld_arg arg, kld_array *out)
{
	if (likely(ARR_NDIM(array) == 1 && !ARR_HASNULL(array) &&
			   ARR_ELEMTYPE(array) == FLOAT8OID))
	{
		out->arg = arg;
		out->lower_bound = ARR_LBOUND(array)[0];
		out->values = (const double *) ARR_DATA_PTR(array);
		out->length = (size_t) ARR_DIMS(array)[0];
		out->labels = NULL;
		return;
	}
	kld_read_array_slow(array, arg, out);
}

/*
 * A new one-dimensional float8[] of length elements, subscripts from
 * lower_bound, in the current memory context, its data not yet written
 * (fill it through ARR_DATA_PTR).
 */
ArrayType  *kld_new_float8_array(size_t length, int lower_bound);

/*
 * The options of f(p, q [, base] [, epsilon]): base_arg and epsilon_arg are
 * the argument numbers of those parameters, or KLD_NO_ARGUMENT. A NULL base
 * means natural logarithms; the caller has returned NULL for a NULL
 * epsilon already. The options point at *base, which must outlive them.
 */
kld_options kld_read_options(FunctionCallInfo fcinfo, int base_arg, int epsilon_arg,
							 double *base);

#endif							/* KLD_ARRAY_ARG_H */
