/*
 * fault.h: filling in a kld_fault, shared by the core's entry points.
 */
#ifndef KLD_FAULT_H
#define KLD_FAULT_H

#include "kld.h"

kld_status	kld_fail(kld_fault *fault, kld_status status, kld_arg arg,
					 size_t index, double value);

#endif							/* KLD_FAULT_H */
