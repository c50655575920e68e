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

/* An argument that must not be NULL is; detail says why, as a sentence. */
pg_noreturn void kld_raise_null_argument(const char *name, const char *detail);

/* A support function called outside an aggregate. */
pg_noreturn void kld_raise_outside_aggregate(const char *function);

#endif							/* KLD_FAULT_REPORT_H */
