/*
 * histogram_agg.h: set-up of the histogram aggregates.
 */
#ifndef KLD_HISTOGRAM_AGG_H
#define KLD_HISTOGRAM_AGG_H

/* Called once at load, from _PG_init. */
void		kld_histogram_init(void);

#endif							/* KLD_HISTOGRAM_AGG_H */
