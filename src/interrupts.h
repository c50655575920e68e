/*
 * interrupts.h: cancel checks in the glue's loops over bins and keys.
 *
 * The core's loops check every KLD_INTERRUPT_STRIDE bins through a hook
 * (core/kernels.h). The glue's loops call into PostgreSQL on each iteration
 * (a tuple stored, a number converted, a key hashed), tens to hundreds of
 * times the cost of a core iteration, so they check more often; still only
 * one test of a counter per iteration, which even the cheapest of them
 * (appending a sparkline character) does not notice.
 */
#ifndef KLD_INTERRUPTS_H
#define KLD_INTERRUPTS_H

#include "postgres.h"

#include "miscadmin.h"

#define KLD_GLUE_INTERRUPT_STRIDE 1024

/* For the i-th iteration of a loop: CHECK_FOR_INTERRUPTS every stride. */
static inline void
kld_check_for_interrupts(size_t i)
{
	if ((i & (KLD_GLUE_INTERRUPT_STRIDE - 1)) == 0)
		CHECK_FOR_INTERRUPTS();
}

#endif							/* KLD_INTERRUPTS_H */
