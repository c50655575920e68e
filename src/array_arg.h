/*
 * array_arg.h: reading a float8[] argument as a plain C array of doubles.
 */
#ifndef KLD_ARRAY_ARG_H
#define KLD_ARRAY_ARG_H

#include "postgres.h"

#include "utils/array.h"

typedef struct kld_array
{
	const char *name;			/* the SQL argument name, for messages */
	const double *values;		/* points into the detoasted array */
	size_t		length;
	int			lower_bound;	/* the SQL subscript of values[0] */
} kld_array;

/*
 * Checks that the array is one-dimensional float8[] without NULL elements
 * (an empty array passes, with length 0) and points out at its data.
 */
void		kld_read_array(ArrayType *array, const char *name, kld_array *out);

#endif							/* KLD_ARRAY_ARG_H */
