/*
 * fault_report.h: turning a core kld_fault into a PostgreSQL error.
 */
#ifndef KLD_FAULT_REPORT_H
#define KLD_FAULT_REPORT_H

#include "array_arg.h"
#include "core/kld.h"

/*
 * Raises the ERROR that describes fault. p and q are the arrays the core was
 * given (either may be NULL), used to name arguments and subscripts.
 */
void		kld_raise_fault(const kld_fault *fault, const kld_array *p,
							const kld_array *q) pg_attribute_noreturn();

#endif							/* KLD_FAULT_REPORT_H */
