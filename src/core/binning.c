/*
 * binning.c: which bin a value falls in (by edges; the equal-width rule is
 * inline in histogram.h), and what makes bins valid.
 */
#include <float.h>
#include <math.h>

#include "fault.h"
#include "histogram.h"
#include "kernels.h"

size_t
kld_bucket_edges(double value, const double *edges, size_t nedges)
{
	const double *base = edges;
	size_t		n = nedges;

	if (n == 0)
		return 0;

	/*
	 * Upper bound (ties go to the right, as width_bucket's do), without a
	 * branch on the data: the edges before base are <= value (or value is
	 * NaN), those from base + n on are above it. Stays in range even over
	 * edges that are not sorted.
	 */
	while (n > 1)
	{
		size_t		half = n / 2;

		base = (value < base[half]) ? base : base + half;
		n -= half;
	}
	return (size_t) (base - edges) + !(value < *base);
}

/* Fewer edges than this: a plain binary search is as fast as a guide. */
#define GUIDE_MIN_EDGES 16

/* The cell of value, e0 <= value: monotonic in value, whatever the rounding. */
static inline size_t
guide_cell(const kld_edge_guide *guide, double value)
{
	double		position = (value - guide->edges[0]) * guide->scale;

	return position < (double) (guide->ncells - 1) ? (size_t) position : guide->ncells - 1;
}

size_t
kld_edge_guide_cells(const double *edges, size_t nedges)
{
	double		span;

	if (nedges < GUIDE_MIN_EDGES)
		return 0;
	span = edges[nedges - 1] - edges[0];
	if (!(span > 0.0 && span < INFINITY && (double) nedges / span < INFINITY))
		return 0;
	return nedges;
}

void
kld_edge_guide_init(kld_edge_guide *guide, const double *edges, size_t nedges,
					uint32_t *start, size_t ncells)
{
	guide->edges = edges;
	guide->nedges = nedges;
	guide->ncells = ncells;
	guide->start = start;
	guide->scale = 0.0;
	if (ncells == 0)
		return;
	guide->scale = (double) ncells / (edges[nedges - 1] - edges[0]);
	for (size_t c = 0; c <= ncells; c++)
		start[c] = 0;
	/* start[c + 1] counts the edges of cell c, then the prefix sums. */
	for (size_t i = 0; i < nedges; i++)
	{
		kld_check_interrupts(i);
		start[guide_cell(guide, edges[i]) + 1]++;
	}
	for (size_t c = 0; c < ncells; c++)
		start[c + 1] += start[c];
}

size_t
kld_bucket_guided(const kld_edge_guide *guide, double value)
{
	size_t		n = guide->nedges;
	size_t		cell,
				first,
				last;

	if (guide->ncells == 0)
		return kld_bucket_edges(value, guide->edges, n);
	if (value < guide->edges[0])
		return 0;
	if (!(value < guide->edges[n - 1]))
		return n;				/* also NaN, as kld_bucket_edges */

	/*
	 * An edge in an earlier cell than value's is below it, one in a later
	 * cell above it (the cell is monotonic in the value), so the answer is
	 * among the edges of value's own cell.
	 */
	cell = guide_cell(guide, value);
	first = guide->start[cell];
	last = guide->start[cell + 1];
	return first + kld_bucket_edges(value, guide->edges + first, last - first);
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

double
kld_bins_scale(const kld_bins *bins)
{
	double		span;
	double		scale;

	if (bins->by_edges || !(isfinite(bins->lo) && isfinite(bins->hi) && bins->lo < bins->hi) ||
		bins->nbins < 1 || bins->nbins > KLD_MAX_BINS)
		return 0.0;
	span = bins->hi - bins->lo;
	scale = (double) bins->nbins / span;
	if (!(isfinite(span) && scale >= DBL_MIN && scale < INFINITY))
		return 0.0;
	return scale;
}
