/*
 * binning.c: which bin a value falls in (by edges; the equal-width rule is
 * inline in histogram.h), and what makes bins valid.
 */
#include <math.h>

#include "fault.h"
#include "histogram.h"

size_t
kld_bucket_edges(double value, const double *edges, size_t nedges)
{
	size_t		left = 0,
				right = nedges;

	/* Upper bound: ties go to the right, as width_bucket's do. */
	while (left < right)
	{
		size_t		mid = left + (right - left) / 2;

		if (value < edges[mid])
			right = mid;
		else
			left = mid + 1;
	}
	return left;
}

kld_status
kld_edges_check(const double *edges, size_t nedges, kld_arg arg, kld_fault *fault)
{
	if (nedges == 0)
		return kld_fail(fault, KLD_EMPTY, arg, 0, 0.0);
	if (nedges > KLD_MAX_BINS)
		return kld_fail(fault, KLD_BAD_NBINS, arg, 0, (double) nedges);
	for (size_t i = 0; i < nedges; i++)
	{
		if (!isfinite(edges[i]))
			return kld_fail(fault, KLD_BAD_EDGES, arg, i, edges[i]);
		if (i > 0 && edges[i] < edges[i - 1])
		{
			kld_fail(fault, KLD_BAD_EDGES, arg, i, edges[i]);
			fault->previous = edges[i - 1];
			return KLD_BAD_EDGES;
		}
	}
	return KLD_OK;
}

kld_status
kld_bins_check(const kld_bins *bins, kld_fault *fault)
{
	if (bins->by_edges)
		return kld_edges_check(bins->edges, bins->nedges, KLD_ARG_EDGES, fault);
	if (!isfinite(bins->lo))
		return kld_fail(fault, KLD_BAD_BOUNDS, KLD_ARG_LO, 0, bins->lo);
	if (!isfinite(bins->hi))
		return kld_fail(fault, KLD_BAD_BOUNDS, KLD_ARG_HI, 0, bins->hi);
	if (!(bins->lo < bins->hi))
	{
		kld_fail(fault, KLD_BAD_BOUNDS, KLD_ARG_HI, 0, bins->hi);
		fault->previous = bins->lo;
		return KLD_BAD_BOUNDS;
	}
	if (bins->nbins < 1 || bins->nbins > KLD_MAX_BINS)
		return kld_fail(fault, KLD_BAD_NBINS, KLD_ARG_NBINS, 0, (double) bins->nbins);
	return KLD_OK;
}
