/*
 * fault_report.h: turning a core kld_fault into a PostgreSQL error.
 */
#ifndef KLD_FAULT_REPORT_H
#define KLD_FAULT_REPORT_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "pg_compat.h"

#include "array_arg.h"
#include "core/kld.h"

/*
 * Raises the ERROR that describes fault. a and b are arrays the core was
 * given (either may be NULL); the one the fault is about supplies the
 * subscript of the element at fault.
 */
pg_noreturn void kld_raise_fault(const kld_fault *fault, const kld_array *a,
								 const kld_array *b);

/* Category maps (jsonb): input that is not a map of numbers. */
pg_noreturn void kld_raise_not_a_category_map(kld_arg arg, Jsonb *value);
pg_noreturn void kld_raise_category_not_a_number(kld_arg arg, const kld_label *key,
												 const JsonbValue *value);
pg_noreturn void kld_raise_weight_out_of_range(kld_arg arg, const kld_label *key,
											   const char *number);

/* category_counts: too many categories, or a category too long for a key. */
pg_noreturn void kld_raise_too_many_categories(int limit);
pg_noreturn void kld_raise_category_too_long(int length);
pg_noreturn void kld_raise_value_type_unknown(const char *function);

/* drift_report_columns: a query text that is not one SELECT. */
pg_noreturn void kld_raise_not_one_query(const char *argument, int statements);
pg_noreturn void kld_raise_not_a_select(const char *argument);

/* float8[] arguments: more than one dimension, a NULL element. */
pg_noreturn void kld_raise_too_many_dimensions(kld_arg arg, int ndim);
pg_noreturn void kld_raise_null_element(kld_arg arg, int subscript);

/* A float8[] result of length elements would be larger than a palloc. */
pg_noreturn void kld_raise_array_too_large(size_t length);

/* histogram(): a NULL lo, hi, nbins or edges on a row that is not skipped. */
pg_noreturn void kld_raise_null_bins(kld_arg arg);

/* quantile_edges(): a NULL nbins on a row that is not skipped. */
pg_noreturn void kld_raise_null_quantile_nbins(void);

/* histogram_sum(): h differs in length from the histograms summed before it. */
pg_noreturn void kld_raise_sum_length_mismatch(size_t length, size_t length_before);

/*
 * Multivariate normals: a parameter (mean, covariance or gaussian_fit's x)
 * as messages name it, with its SQL lower bounds.
 */
typedef struct kld_gauss_param
{
	kld_arg		arg;
	const char *name;			/* "mu1", "cov1", "fit1.cov", "x" */
	int			ndim;
	int			lower[2];
	bool		is_covariance;
} kld_gauss_param;

/* A fault of core/gaussian.h; params[0] is the first mean (the k of reference). */
pg_noreturn void kld_raise_gauss_fault(const kld_fault *fault, const kld_gauss_param *params,
									   int nparams);
/* An array argument of the wrong number of dimensions, or with a NULL element. */
pg_noreturn void kld_raise_gauss_array(const char *name, int ndim, bool is_covariance);
pg_noreturn void kld_raise_gauss_null(const char *element, bool is_row);

/* A support function called outside an aggregate. */
pg_noreturn void kld_raise_outside_aggregate(const char *function);

#endif							/* KLD_FAULT_REPORT_H */
