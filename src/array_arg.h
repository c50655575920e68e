/*
 * array_arg.h: reading a float8[] argument as a plain C array of doubles.
 */
#ifndef KLD_ARRAY_ARG_H
#define KLD_ARRAY_ARG_H

#include "postgres.h"

#include "utils/array.h"

#include "core/kld.h"

typedef struct kld_array
{
	kld_arg		arg;			/* which argument, for messages */
	const double *values;		/* points into the detoasted array */
	size_t		length;
	int			lower_bound;	/* the SQL subscript of values[0] */
} kld_array;

/* The SQL name of an argument, as messages use it. */
const char *kld_arg_name(kld_arg arg);

/*
 * Checks that the array is one-dimensional float8[] without NULL elements
 * (an empty array passes, with length 0) and points out at its data.
 */
void		kld_read_array(ArrayType *array, kld_arg arg, kld_array *out);

#endif							/* KLD_ARRAY_ARG_H */
