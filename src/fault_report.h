/*
 * fault_report.h: turning a core kld_fault into a PostgreSQL error.
 */
#ifndef KLD_FAULT_REPORT_H
#define KLD_FAULT_REPORT_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "array_arg.h"
#include "core/kld.h"

/*
 * Raises the ERROR that describes fault. a and b are arrays the core was
 * given (either may be NULL); the one the fault is about supplies the
 * subscript of the element at fault.
 */
void		kld_raise_fault(const kld_fault *fault, const kld_array *a,
							const kld_array *b) pg_attribute_noreturn();

/* Category maps (jsonb): input that is not a map of numbers. */
void		kld_raise_not_a_category_map(kld_arg arg, Jsonb *value) pg_attribute_noreturn();
void		kld_raise_category_not_a_number(kld_arg arg, const kld_label *key,
											const JsonbValue *value) pg_attribute_noreturn();
void		kld_raise_weight_out_of_range(kld_arg arg, const kld_label *key,
										  const char *number) pg_attribute_noreturn();

/* category_counts: too many categories, or a category too long for a key. */
void		kld_raise_too_many_categories(int limit) pg_attribute_noreturn();
void		kld_raise_category_too_long(int length) pg_attribute_noreturn();

/* drift_report_columns: a query text that is not one SELECT. */
void		kld_raise_not_one_query(const char *argument, int statements) pg_attribute_noreturn();
void		kld_raise_not_a_select(const char *argument) pg_attribute_noreturn();

/* An argument that must not be NULL is; detail says why, as a sentence. */
void		kld_raise_null_argument(const char *name, const char *detail)
			pg_attribute_noreturn();

/* A support function called outside an aggregate. */
void		kld_raise_outside_aggregate(const char *function) pg_attribute_noreturn();

#endif							/* KLD_FAULT_REPORT_H */
