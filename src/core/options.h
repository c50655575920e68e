/*
 * options.h: checking the optional parameters (base, epsilon).
 */
#ifndef KLD_OPTIONS_H
#define KLD_OPTIONS_H

#include "kld.h"

/*
 * Checks opt and sets *log_base to the divisor that converts nats to the
 * requested base (1 for natural logarithms).
 */
kld_status	kld_check_options(const kld_options *opt, double *log_base,
							  kld_fault *fault);

#endif							/* KLD_OPTIONS_H */
