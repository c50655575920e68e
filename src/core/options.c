/*
 * options.c: the logarithm base and the smoothing epsilon.
 */
#include "options.h"

#include <math.h>

#include "fault.h"

kld_status
kld_check_options(const kld_options *opt, double *log_base, kld_fault *fault)
{
	*log_base = 1.0;
	if (opt->base != NULL)
	{
		double		base = *opt->base;

		if (!isfinite(base) || base <= 0.0 || base == 1.0)
			return kld_fail(fault, KLD_BAD_BASE, KLD_ARG_BASE, 0, base);
		*log_base = log(base);
	}
	if (!isfinite(opt->epsilon) || opt->epsilon < 0.0)
		return kld_fail(fault, KLD_BAD_EPSILON, KLD_ARG_EPSILON, 0, opt->epsilon);
	return KLD_OK;
}
