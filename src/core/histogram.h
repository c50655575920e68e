/*
 * histogram.h: binning values into histograms, and the aggregate state.
 *
 * The state of the histogram aggregates is a plain array of doubles (a
 * float8[] in SQL, so it can be shipped between servers as text) that
 * carries the bins it was built on, then the counts:
 *
 *   equal width:  [KLD_STATE_EQUAL_WIDTH, lo, hi, nbins, count_0 .. count_{nbins+1}]
 *   edges:        [KLD_STATE_EDGES, m, edge_1 .. edge_m, count_0 .. count_m]
 *
 * count_0 is the underflow bin (value below lo or the first edge) and the
 * last count the overflow bin, so the counts are exactly what the aggregate
 * returns.
 */
#ifndef KLD_HISTOGRAM_H
#define KLD_HISTOGRAM_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "kld.h"

#define KLD_MAX_BINS 1000000	/* bins (or edges) per histogram */

#define KLD_STATE_EQUAL_WIDTH 1.0
#define KLD_STATE_EDGES 2.0

/*
 * The server's own width_bucket(value, lo, hi, nbins), asked for the rare
 * values whose bucket depends on how the arithmetic rounds: PostgreSQL 15
 * multiplies first and adds the 1 before truncating, 16 and later divide
 * first, and the compiler may fuse a multiply and an add (arm64, ppc64el,
 * s390x) or keep 80-bit intermediates (i386's x87). It may return a bucket
 * outside 0 .. nbins + 1 where its arithmetic overflows (15, bounds near
 * +/-1.8e308).
 */
typedef int (*kld_server_bucket_fn) (double value, double lo, double hi, int nbins);

typedef struct kld_bins
{
	bool		by_edges;		/* edges given, rather than lo, hi, nbins */
	kld_server_bucket_fn server_bucket;	/* NULL: 16's arithmetic (not stored) */
	double		lo;
	double		hi;
	int			nbins;
	const double *edges;
	size_t		nedges;
	double		scale;			/* kld_bins_scale(), or 0: not known (not stored) */
} kld_bins;

/* A decoded state: its bins (pointing into it) and its counts. */
typedef struct kld_hist
{
	kld_bins	bins;
	double	   *counts;
	size_t		ncounts;
} kld_hist;

/*
 * The bucket of value on 16's arithmetic, 0 .. nbins + 1; halved operands
 * where hi - lo overflows.
 */
static inline int
kld_bucket_divide_first(double value, double lo, double hi, int nbins)
{
	double		span = hi - lo;
	int			bucket;

	if (value < lo)
		return 0;
	if (value >= hi)
		return nbins + 1;
	if (isfinite(span))
		bucket = (int) ((double) nbins * ((value - lo) / span));
	else
		bucket = (int) ((double) nbins * ((value / 2 - lo / 2) / (hi / 2 - lo / 2)));
	if (bucket >= nbins)
		bucket = nbins - 1;
	return bucket + 1;
}

/*
 * How far a position must be from a whole number for every rounding of
 * width_bucket to truncate it alike: each computes nbins * (value - lo) /
 * (hi - lo) within a few units in the last place, so 64 of them is ample.
 */
#define KLD_BUCKET_MARGIN (64 * 2.220446049250313e-16)

/*
 * Same bucket as the server's width_bucket(value, lo, hi, nbins), 0 ..
 * nbins+1. Almost every value is far enough from a bin edge that any
 * rounding gives the same bucket, and that bucket is computed here; the
 * rest, and bounds so far apart that the arithmetic can overflow, are
 * asked of the server. Where the server overflows too (it answers outside
 * 0 .. nbins + 1), 16's arithmetic decides. value must not be NaN; lo < hi
 * finite and nbins in [1, KLD_MAX_BINS]. Inline: it runs once per row.
 */
static inline int
kld_bucket_equal_width(double value, double lo, double hi, int nbins,
					   kld_server_bucket_fn server_bucket)
{
	double		span = hi - lo;
	double		position;
	double		whole;
	int			bucket;

	if (value < lo)
		return 0;
	if (value >= hi)
		return nbins + 1;
	if (value == lo)
		return 1;
	position = (double) nbins * ((value - lo) / span);
	/*
	 * With the span and nbins (value - lo) finite, position is finite and in
	 * [0, nbins + 1), so the nearest whole number is the conversion of
	 * position + 0.5 to an integer: floor() is a library call on x86-64.
	 */
	if (isfinite(span) && isfinite((double) nbins * (value - lo)) &&
		value - lo >= 2.2250738585072014e-308 &&
		(whole = (double) (int64_t) (position + 0.5),
		 fabs(position - whole) > KLD_BUCKET_MARGIN * (whole + 1.0)))
	{
		bucket = (int) position;
		return (bucket >= nbins ? nbins - 1 : bucket) + 1;
	}
	if (server_bucket != NULL)
	{
		bucket = server_bucket(value, lo, hi, nbins);
		if (bucket >= 0 && bucket <= nbins + 1)
			return bucket;
	}
	return kld_bucket_divide_first(value, lo, hi, nbins);
}

/*
 * nbins / (hi - lo) for valid equal-width bins, where it is finite and a
 * normal number; else 0, and for edges. A caller that bins many rows on the
 * same bins computes it once and keeps it in kld_bins.scale, where it also
 * vouches that the bins are valid, so that a row costs a multiplication
 * rather than a division (kld_bucket_scaled).
 */
double		kld_bins_scale(const kld_bins *bins);

/*
 * kld_bucket_scaled_or_not: the bucket where the scale alone decides it,
 * else -1 (and for NaN), for a caller with a general path of its own.
 *
 * kld_bucket_scaled: kld_bucket_equal_width(value, lo, hi, nbins, server_bucket), for scale =
 * kld_bins_scale() of those bins (not 0). The position (value - lo) * scale
 * is within a few units in the last place of every width_bucket's, as
 * nbins * ((value - lo) / (hi - lo)) is, so the same margin decides which
 * values are far enough from a bin edge; the others take
 * kld_bucket_equal_width's path. The nearest whole number is found by
 * adding and subtracting 2^52 (position is in [0, nbins + 1), well below
 * 2^51): two additions, no conversions, no library call. Where intermediate
 * results keep more precision (i386's x87), that rounds to a finer grid that
 * includes the whole numbers, so a position near one still fails the test.
 */
static inline int
kld_bucket_scaled_or_not(double value, double lo, double hi, int nbins, double scale)
{
	double		position;
	double		whole;
	int			bucket;

	if (value < lo)
		return 0;
	if (value >= hi)
		return nbins + 1;
	position = (value - lo) * scale;
	whole = (position + 0x1p52) - 0x1p52;
	if (fabs(position - whole) > KLD_BUCKET_MARGIN * (whole + 1.0))
	{
		bucket = (int) position;
		return (bucket >= nbins ? nbins - 1 : bucket) + 1;
	}
	return -1;					/* near an edge, or NaN */
}

static inline int
kld_bucket_scaled(double value, double lo, double hi, int nbins, double scale,
				  kld_server_bucket_fn server_bucket)
{
	int			bucket = kld_bucket_scaled_or_not(value, lo, hi, nbins, scale);

	return bucket >= 0 ? bucket : kld_bucket_equal_width(value, lo, hi, nbins, server_bucket);
}

/* Same bucket as width_bucket(value, edges): the number of edges <= value. */
size_t		kld_bucket_edges(double value, const double *edges, size_t nedges);

/*
 * A guide to checked edges (finite, ascending) for many searches: the span
 * from the first edge to the last cut into equal cells, each knowing the
 * edges it holds, so a value is searched for among the edges of its cell
 * only: one or two for edges spread evenly, O(log nedges) at worst.
 */
typedef struct kld_edge_guide
{
	const double *edges;
	size_t		nedges;
	double		scale;			/* cells per unit of value */
	size_t		ncells;			/* 0: no guide, a plain binary search */
	const uint32_t *start;		/* ncells + 1: the edges in cells before cell c */
} kld_edge_guide;

/* Cells of a guide to these edges: 0 where a guide would not help. */
size_t		kld_edge_guide_cells(const double *edges, size_t nedges);

/* Builds a guide; start has room for ncells + 1 (kld_edge_guide_cells). */
void		kld_edge_guide_init(kld_edge_guide *guide, const double *edges, size_t nedges,
								uint32_t *start, size_t ncells);

/* kld_bucket_edges(value, guide->edges, guide->nedges), through the guide. */
size_t		kld_bucket_guided(const kld_edge_guide *guide, double value);

/*
 * Edges non-empty, at most KLD_MAX_BINS, finite and ascending (equal
 * neighbours allowed); arg names them in a fault.
 */
kld_status	kld_edges_check(const double *edges, size_t nedges, kld_arg arg,
							kld_fault *fault);

/* lo < hi both finite and 1 <= nbins <= cap; or edges non-empty, finite, ascending. */
kld_status	kld_bins_check(const kld_bins *bins, kld_fault *fault);

/* Doubles needed for the state of these (checked) bins. */
size_t		kld_hist_state_length(const kld_bins *bins);

/* Writes the header and zero counts; state has kld_hist_state_length() doubles. */
void		kld_hist_state_init(double *state, const kld_bins *bins);

/*
 * Decodes a state that may come from outside (another server, a user). It
 * always checks the header against the length, so no access can leave the
 * array; with full, also the bins and the counts (finite, non-negative).
 */
kld_status	kld_hist_decode(double *state, size_t length, bool full,
							kld_hist *hist, kld_fault *fault);

/* Adds weight to the bin of value; row are the bins given with the row. */
kld_status	kld_hist_add(kld_hist *hist, const kld_bins *row, double value,
						 double weight, kld_fault *fault);

/*
 * The two halves of kld_hist_add for edges, for a caller that compares the
 * row's edges with the state's once and then trusts them (histogram_sql.c's
 * cache of the edges argument): kld_hist_same_edges compares (a fault
 * KLD_BINS_CHANGED names the first difference, as kld_hist_add's does);
 * kld_hist_add_same_edges adds to a state of edges without comparing,
 * finding the bin through guide (to the same edges), or by a binary search
 * if guide is NULL.
 */
kld_status	kld_hist_same_edges(const kld_hist *hist, const double *edges, size_t nedges,
								kld_fault *fault);
kld_status	kld_hist_add_same_edges(kld_hist *hist, const kld_edge_guide *guide,
									double value, double weight, kld_fault *fault);

/* The same, straight on a state of length doubles (decoding it as needed). */
kld_status	kld_hist_add_row(double *state, size_t length, const kld_bins *row,
							 double value, double weight, kld_fault *fault);

#define KLD_EQUAL_WIDTH_HEADER 4	/* tag, lo, hi, nbins */

/*
 * The common case of kld_hist_add_row, inline because it runs once per row:
 * an equal-width state whose header is exactly the row's valid bins, a
 * value that is not NaN and a valid weight. Returns false, having changed
 * nothing, for anything else; kld_hist_add_row then handles it or says
 * what is wrong. The row's scale, if not 0, must be kld_bins_scale(row).
 */
static inline bool
kld_hist_add_equal_width(double *state, size_t length, const kld_bins *row,
						 double value, double weight)
{
	/* A scale vouches for the bins (kld_bins_scale). */
	if (!(row->scale > 0.0 ||
		  (!row->by_edges && isfinite(row->lo) && isfinite(row->hi) && row->lo < row->hi &&
		   row->nbins >= 1 && row->nbins <= KLD_MAX_BINS)) ||
		length != KLD_EQUAL_WIDTH_HEADER + (size_t) row->nbins + 2 ||
		state[0] != KLD_STATE_EQUAL_WIDTH ||
		state[1] != row->lo || state[2] != row->hi ||
		state[3] != (double) row->nbins ||
		isnan(value) || !(weight >= 0.0 && weight < INFINITY))
		return false;
	{
		double	   *count = &state[KLD_EQUAL_WIDTH_HEADER +
								   (row->scale > 0.0
									? kld_bucket_scaled(value, row->lo, row->hi, row->nbins,
														row->scale, row->server_bucket)
									: kld_bucket_equal_width(value, row->lo, row->hi,
															 row->nbins, row->server_bucket))];

		/* A count that is not finite and >= 0 afterwards: the general path says why. */
		if (!(*count >= 0.0 && *count + weight < INFINITY))
			return false;
		*count += weight;
	}
	return true;
}

/* Adds from's counts into into's; both must have the same bins. */
kld_status	kld_hist_merge(kld_hist *into, const kld_hist *from, kld_fault *fault);

/*
 * Adds one weight to one count: the weight is checked (finite and not
 * negative; a fault names it as arg[index]) and the sum must stay finite.
 */
kld_status	kld_count_add(double *count, double weight, kld_arg arg, size_t index,
						  kld_fault *fault);

/* Checks h's weights (finite, non-negative) and sum's counts, then adds h into sum. */
kld_status	kld_counts_add(double *sum, const double *h, size_t n, kld_fault *fault);

#endif							/* KLD_HISTOGRAM_H */
