/*
 * histogram_state.c: the histogram aggregates' state, a flat array of
 * doubles (layout in histogram.h), and the updates made to it.
 */
#include <math.h>
#include <string.h>

#include "distribution.h"
#include "fault.h"
#include "histogram.h"
#include "kernels.h"

#define EDGES_HEADER 2			/* tag, m */

size_t
kld_hist_state_length(const kld_bins *bins)
{
	if (bins->by_edges)
		return EDGES_HEADER + 2 * bins->nedges + 1;
	return KLD_EQUAL_WIDTH_HEADER + (size_t) bins->nbins + 2;
}

void
kld_hist_state_init(double *state, const kld_bins *bins)
{
	size_t		length = kld_hist_state_length(bins);
	size_t		header;

	if (bins->by_edges)
	{
		state[0] = KLD_STATE_EDGES;
		state[1] = (double) bins->nedges;
		memcpy(state + EDGES_HEADER, bins->edges, bins->nedges * sizeof(double));
		header = EDGES_HEADER + bins->nedges;
	}
	else
	{
		state[0] = KLD_STATE_EQUAL_WIDTH;
		state[1] = bins->lo;
		state[2] = bins->hi;
		state[3] = (double) bins->nbins;
		header = KLD_EQUAL_WIDTH_HEADER;
	}
	for (size_t i = header; i < length; i++)
		state[i] = 0.0;
}

/* A count stored as a double: a whole number in [1, KLD_MAX_BINS]? */
static bool
valid_count(double x)
{
	return x >= 1.0 && x <= KLD_MAX_BINS && x == floor(x);
}

static kld_status
bad_state(kld_fault *fault, size_t index, double value)
{
	kld_fail(fault, KLD_BAD_STATE, KLD_ARG_STATE, index, value);
	return KLD_BAD_STATE;
}

kld_status
kld_hist_decode(double *state, size_t length, bool full,
				kld_hist *hist, kld_fault *fault)
{
	size_t		header;

	if (length < 1)
		return bad_state(fault, 0, 0.0);
	if (state[0] == KLD_STATE_EQUAL_WIDTH && length >= KLD_EQUAL_WIDTH_HEADER)
	{
		if (!valid_count(state[3]))
			return bad_state(fault, 3, state[3]);
		hist->bins.by_edges = false;
		hist->bins.lo = state[1];
		hist->bins.hi = state[2];
		hist->bins.nbins = (int) state[3];
		hist->bins.edges = NULL;
		hist->bins.nedges = 0;
		hist->bins.scale = 0.0;
		header = KLD_EQUAL_WIDTH_HEADER;
	}
	else if (state[0] == KLD_STATE_EDGES && length >= EDGES_HEADER)
	{
		if (!valid_count(state[1]) || length < EDGES_HEADER + (size_t) state[1])
			return bad_state(fault, 1, state[1]);
		hist->bins.by_edges = true;
		hist->bins.nedges = (size_t) state[1];
		hist->bins.edges = state + EDGES_HEADER;
		hist->bins.scale = 0.0;
		header = EDGES_HEADER + hist->bins.nedges;
	}
	else
		return bad_state(fault, 0, state[0]);

	if (length != kld_hist_state_length(&hist->bins))
		return bad_state(fault, 0, state[0]);
	if (full && kld_bins_check(&hist->bins, fault) != KLD_OK)
		return bad_state(fault, 0, state[0]);

	hist->counts = state + header;
	hist->ncounts = length - header;
	if (full)
		for (size_t i = 0; i < hist->ncounts; i++)
			if (kld_check_weight(hist->counts[i], KLD_ARG_STATE, header + i, fault) != KLD_OK)
				return bad_state(fault, header + i, hist->counts[i]);
	return KLD_OK;
}

static kld_status
changed(kld_fault *fault, kld_arg arg, size_t index, double now, double before)
{
	kld_fail(fault, KLD_BINS_CHANGED, arg, index, now);
	fault->previous = before;
	return KLD_BINS_CHANGED;
}

/* The bins of a row (or of another state) must be the group's. */
static kld_status
same_bins(const kld_bins *group, const kld_bins *other, kld_fault *fault)
{
	if (group->by_edges != other->by_edges)
		return bad_state(fault, 0, other->by_edges ? KLD_STATE_EDGES : KLD_STATE_EQUAL_WIDTH);
	if (group->by_edges)
	{
		if (other->nedges != group->nedges)
		{
			changed(fault, KLD_ARG_EDGES, 0, 0.0, 0.0);
			fault->length_p = group->nedges;
			fault->length_q = other->nedges;
			return KLD_BINS_CHANGED;
		}
		for (size_t i = 0; i < group->nedges; i++)
			if (other->edges[i] != group->edges[i])
				return changed(fault, KLD_ARG_EDGES, i, other->edges[i], group->edges[i]);
		return KLD_OK;
	}
	if (other->lo != group->lo)
		return changed(fault, KLD_ARG_LO, 0, other->lo, group->lo);
	if (other->hi != group->hi)
		return changed(fault, KLD_ARG_HI, 0, other->hi, group->hi);
	if (other->nbins != group->nbins)
		return changed(fault, KLD_ARG_NBINS, 0, other->nbins, group->nbins);
	return KLD_OK;
}

/* value and weight checked, then weight added to value's bin; the bins are the row's */
static kld_status
add_to_bin(kld_hist *hist, kld_server_bucket_fn server_bucket, const kld_edge_guide *guide,
		   double value, double weight, kld_fault *fault)
{
	size_t		bucket;

	if (isnan(value))
		return kld_fail(fault, KLD_VALUE_NAN, KLD_ARG_VALUE, 0, value);
	if (kld_check_weight(weight, KLD_ARG_WEIGHT, 0, fault) != KLD_OK)
		return fault->status;

	if (guide != NULL)
		bucket = kld_bucket_guided(guide, value);
	else if (hist->bins.by_edges)
		bucket = kld_bucket_edges(value, hist->bins.edges, hist->bins.nedges);
	else
		bucket = (size_t) kld_bucket_equal_width(value, hist->bins.lo, hist->bins.hi,
												 hist->bins.nbins, server_bucket);
	if (!(hist->counts[bucket] >= 0.0 && hist->counts[bucket] < INFINITY))
		return bad_state(fault, kld_hist_state_length(&hist->bins) - hist->ncounts + bucket,
						 hist->counts[bucket]);
	if (isinf(hist->counts[bucket] + weight))
		return kld_fail(fault, KLD_OVERFLOW, KLD_ARG_STATE, bucket, hist->counts[bucket]);
	hist->counts[bucket] += weight;
	return KLD_OK;
}

kld_status
kld_hist_add(kld_hist *hist, const kld_bins *row, double value, double weight,
			 kld_fault *fault)
{
	/*
	 * Equal-width bounds are checked on every row, which is cheap and keeps
	 * the bucket arithmetic in range. Edges are compared with the state's,
	 * checked when the state was made; a binary search stays in range even
	 * over edges that are not sorted.
	 */
	if (!row->by_edges && kld_bins_check(row, fault) != KLD_OK)
		return fault->status;
	if (same_bins(&hist->bins, row, fault) != KLD_OK)
		return fault->status;
	return add_to_bin(hist, row->server_bucket, NULL, value, weight, fault);
}

kld_status
kld_hist_same_edges(const kld_hist *hist, const double *edges, size_t nedges,
					kld_fault *fault)
{
	kld_bins	row = {.by_edges = true, .edges = edges, .nedges = nedges};

	return same_bins(&hist->bins, &row, fault);
}

kld_status
kld_hist_add_same_edges(kld_hist *hist, const kld_edge_guide *guide, double value,
						double weight, kld_fault *fault)
{
	if (!hist->bins.by_edges)
		return bad_state(fault, 0, KLD_STATE_EQUAL_WIDTH);
	/* O(1) insurance: the guide's bins must be this state's bins. */
	if (hist->bins.nedges != guide->nedges)
		return bad_state(fault, 1, (double) hist->bins.nedges);
	return add_to_bin(hist, NULL, guide, value, weight, fault);
}

kld_status
kld_hist_add_row(double *state, size_t length, const kld_bins *row,
				 double value, double weight, kld_fault *fault)
{
	kld_hist	hist;

	if (kld_hist_add_equal_width(state, length, row, value, weight))
		return KLD_OK;
	if (kld_hist_decode(state, length, false, &hist, fault) != KLD_OK)
		return fault->status;
	return kld_hist_add(&hist, row, value, weight, fault);
}

kld_status
kld_hist_merge(kld_hist *into, const kld_hist *from, kld_fault *fault)
{
	if (same_bins(&into->bins, &from->bins, fault) != KLD_OK)
		return fault->status;
	return kld_counts_add(into->counts, from->counts, into->ncounts, fault);
}

kld_status
kld_count_add(double *count, double weight, kld_arg arg, size_t index,
			  kld_fault *fault)
{
	if (kld_check_weight(weight, arg, index, fault) != KLD_OK)
		return fault->status;
	if (isinf(*count + weight))
		return kld_fail(fault, KLD_OVERFLOW, arg, index, *count);
	*count += weight;
	return KLD_OK;
}

/*
 * The sum is checked in the same pass as the weights, at no extra pass
 * over memory: a state made elsewhere (an INITCOND, a hand-made partial
 * state) is refused at its first row, and nothing is added on a failure.
 */
kld_status
kld_counts_add(double *sum, const double *h, size_t n, kld_fault *fault)
{
	for (size_t i = 0; i < n; i++)
	{
		kld_check_interrupts(i);
		if (!(sum[i] >= 0.0 && sum[i] < INFINITY))
			return bad_state(fault, i, sum[i]);
		if (kld_check_weight(h[i], KLD_ARG_H, i, fault) != KLD_OK)
			return fault->status;
	}
	for (size_t i = 0; i < n; i++)
	{
		kld_check_interrupts(i);
		if (isinf(sum[i] + h[i]))
			return kld_fail(fault, KLD_OVERFLOW, KLD_ARG_H, i, sum[i]);
		sum[i] += h[i];
	}
	return KLD_OK;
}
