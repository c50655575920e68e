/*
 * kl_divergence.c: the module's entry point.
 */
#include "postgres.h"

#include "fmgr.h"

#include "histogram_agg.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	kld_histogram_init();
}
