/*
 * rebin.c: a histogram on one set of edges moved onto another.
 *
 * The layout is histogram(value, edges)'s: with m edges, m + 1 bins, bin 0
 * the underflow (below edges[0]), bin j the interval [edges[j-1], edges[j]),
 * bin m the overflow (at or above edges[m-1]). Mass moves as follows:
 *
 *   - an inner bin's mass is spread uniformly over its interval and goes to
 *     the new bins in proportion to their overlap with it;
 *   - the underflow is a point mass just below edges[0], and the overflow a
 *     point mass at edges[m-1], so they land in the new bin holding those
 *     points and total mass is preserved;
 *   - a bin of zero width (equal neighbouring edges) is a point mass at its
 *     edge e. If new_edges also has zero-width bins at e, the s-th old one
 *     goes to the s-th new one (the last, if there are fewer), so rebinning
 *     onto the same edges is the identity; otherwise it goes where
 *     histogram() would put the value e, the new bin starting at e.
 *
 * Walking the old bins in order visits the new bins in ascending order, so
 * one compensated running sum per new bin, flushed when the walk moves on,
 * adds up the pieces without scratch memory.
 */
#include <math.h>

#include "compensated_sum.h"
#include "distribution.h"
#include "fault.h"
#include "histogram.h"
#include "kernels.h"

/* The new bins being filled, in ascending order. */
typedef struct bin_filler
{
	double	   *result;
	size_t		bin;			/* the bin the running sum belongs to */
	kld_sum		sum;
} bin_filler;

static void
filler_flush(bin_filler *f)
{
	f->result[f->bin] += kld_sum_value(&f->sum);
	f->sum.sum = 0.0;
	f->sum.err = 0.0;
}

static void
filler_add(bin_filler *f, size_t bin, double mass)
{
	if (bin != f->bin)
	{
		filler_flush(f);
		f->bin = bin;
	}
	kld_sum_add(&f->sum, mass);
}

/* The number of edges below value (kld_bucket_edges counts those <= it). */
static size_t
edges_below(double value, const double *edges, size_t nedges)
{
	size_t		left = 0,
				right = nedges;

	while (left < right)
	{
		size_t		mid = left + (right - left) / 2;

		if (edges[mid] < value)
			left = mid + 1;
		else
			right = mid;
	}
	return left;
}

/*
 * The share of [a, b) that [lo, hi) covers, a <= lo <= hi <= b and a < b.
 * The whole interval gives exactly 1. Halved operands where b - a
 * overflows (edges near +/-1.8e308); halving is exact there.
 */
static double
overlap_fraction(double lo, double hi, double a, double b)
{
	double		width = b - a;

	if (isfinite(width))
		return (hi - lo) / width;
	return (hi * 0.5 - lo * 0.5) / (b * 0.5 - a * 0.5);
}

/* An inner bin [a, b), a < b, with mass w, in proportion to overlap. */
static void
spread_interval(bin_filler *f, double w, double a, double b,
				const double *new_edges, size_t nnew)
{
	size_t		bin = kld_bucket_edges(a, new_edges, nnew);
	double		from = a;

	for (; bin < nnew && new_edges[bin] < b; bin++)
	{
		kld_check_interrupts(bin);
		filler_add(f, bin, w * overlap_fraction(from, new_edges[bin], a, b));
		from = new_edges[bin];
	}
	filler_add(f, bin, w * overlap_fraction(from, b, a, b));
}

/*
 * The new bin of the s-th zero-width old bin at edge e (s >= 1): see the
 * head of the file.
 */
static size_t
zero_width_bin(double e, size_t s, const double *new_edges, size_t nnew)
{
	size_t		below = edges_below(e, new_edges, nnew);
	size_t		at_or_below = kld_bucket_edges(e, new_edges, nnew);

	/* New zero-width bins at e: below + 1 .. at_or_below - 1. */
	if (at_or_below - below < 2)
		return at_or_below;
	return below + s < at_or_below - 1 ? below + s : at_or_below - 1;
}

static kld_status
check_input(const double *h, size_t nh, const double *edges, size_t nedges,
			const double *new_edges, size_t nnew, kld_fault *fault)
{
	kld_status	status = kld_edges_check(edges, nedges, KLD_ARG_EDGES, fault);

	if (status == KLD_OK)
		status = kld_edges_check(new_edges, nnew, KLD_ARG_NEW_EDGES, fault);
	if (status != KLD_OK)
		return status;
	if (nh != nedges + 1)
	{
		kld_fail(fault, KLD_EDGES_MISMATCH, KLD_ARG_H, 0, 0.0);
		fault->length_p = nh;
		fault->length_q = nedges;
		return KLD_EDGES_MISMATCH;
	}
	/* A zero total is fine: an empty histogram rebins to an empty one. */
	for (size_t i = 0; i < nh; i++)
	{
		kld_check_interrupts(i);
		if (kld_check_weight(h[i], KLD_ARG_H, i, fault) != KLD_OK)
			return fault->status;
	}
	return KLD_OK;
}

kld_status
kld_rebin(const double *h, size_t nh, const double *edges, size_t nedges,
		  const double *new_edges, size_t nnew, double *result, kld_fault *fault)
{
	kld_status	status = check_input(h, nh, edges, nedges, new_edges, nnew, fault);
	bin_filler	f = {result, 0, {0.0, 0.0}};
	size_t		run_start = 0;	/* first index of the edges equal to edges[j-1] */

	if (status != KLD_OK)
		return status;
	for (size_t i = 0; i <= nnew; i++)
	{
		kld_check_interrupts(i);
		result[i] = 0.0;
	}

	filler_add(&f, edges_below(edges[0], new_edges, nnew), h[0]);
	for (size_t j = 1; j < nedges; j++)
	{
		double		a = edges[j - 1],
					b = edges[j];

		kld_check_interrupts(j);
		if (a != edges[run_start])
			run_start = j - 1;
		if (h[j] == 0.0)
			continue;
		if (a == b)
			filler_add(&f, zero_width_bin(a, j - run_start, new_edges, nnew), h[j]);
		else
			spread_interval(&f, h[j], a, b, new_edges, nnew);
	}
	filler_add(&f, kld_bucket_edges(edges[nedges - 1], new_edges, nnew), h[nedges]);
	filler_flush(&f);

	for (size_t i = 0; i <= nnew; i++)
	{
		kld_check_interrupts(i);
		if (isinf(result[i]))
			return kld_fail(fault, KLD_OVERFLOW, KLD_ARG_H, i, result[i]);
	}
	return KLD_OK;
}
