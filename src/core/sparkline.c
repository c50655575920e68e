/*
 * sparkline.c: the level of each bin of a sparkline, relative to the
 * largest bin.
 */
#include "distribution.h"
#include "kernels.h"
#include "kld.h"

/*
 * ceil(KLD_SPARK_LEVELS w / max): the largest bin gets the top level, and
 * levels round up so that any positive bin shows, even one whose ratio to
 * the largest underflows to 0.
 */
static int
spark_level(double w, double largest)
{
	double		level;

	if (w == 0.0)
		return 0;
	level = ceil(KLD_SPARK_LEVELS * (w / largest));
	return level < 1.0 ? 1 : (int) level;
}

kld_status
kld_sparkline_levels(const double *h, size_t n, int *levels, kld_fault *fault)
{
	double		largest = 0.0;

	for (size_t i = 0; i < n; i++)
	{
		kld_check_interrupts(i);
		if (kld_check_weight(h[i], KLD_ARG_H, i, fault) != KLD_OK)
			return fault->status;
		largest = fmax(largest, h[i]);
	}
	for (size_t i = 0; i < n; i++)
	{
		kld_check_interrupts(i);
		levels[i] = spark_level(h[i], largest);
	}
	return KLD_OK;
}
