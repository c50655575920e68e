/*
 * quantile_sketch.c: the summary behind quantile_edges() (layout and
 * invariants in quantile_sketch.h): appending rows, merging summaries,
 * merging entries away, and the quantiles.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "kernels.h"
#include "quantile_sketch.h"

#define TAG 0
#define NBINS 1
#define SORTED 2
#define USED 3
#define EXACT 4

/*
 * Fields of entry i of an array of entries, the (v, g, d) of
 * quantile_sketch.h: its value; its gap, the rows it adds to rmin (rmin_i =
 * g_0 + .. + g_i); its delta, how far rmax may be above rmin.
 */
#define ENTRY_VALUE(e, i) ((e)[(size_t) KLD_QS_ENTRY * (i)])
#define ENTRY_GAP(e, i) ((e)[(size_t) KLD_QS_ENTRY * (i) + 1])
#define ENTRY_DELTA(e, i) ((e)[(size_t) KLD_QS_ENTRY * (i) + 2])

static kld_status
bad_state(kld_fault *fault, size_t index, double value)
{
	return kld_fail(fault, KLD_BAD_SKETCH, KLD_ARG_STATE, index, value);
}

size_t
kld_qs_length(size_t slots)
{
	return KLD_QS_HEADER + KLD_QS_ENTRY * slots;
}

void
kld_qs_init(double *state, size_t slots, int nbins)
{
	state[TAG] = KLD_STATE_QUANTILE;
	state[NBINS] = (double) nbins;
	state[SORTED] = 0.0;
	state[USED] = 0.0;
	state[EXACT] = 1.0;
	memset(state + KLD_QS_HEADER, 0, KLD_QS_ENTRY * slots * sizeof(double));
}

kld_status
kld_qs_check_nbins(int nbins, kld_fault *fault)
{
	if (nbins < 1 || nbins > KLD_MAX_QUANTILE_BINS)
		return kld_fail(fault, KLD_BAD_QUANTILE_BINS, KLD_ARG_NBINS, 0, (double) nbins);
	return KLD_OK;
}

/*
 * A whole number in [lo, hi]? (NaN is not.) Every caller's range lies in
 * [0, 2^53], where a conversion to int64_t is exact and, unlike floor (a
 * library call on x86-64), one instruction: this runs several times a row.
 */
static inline bool
whole_in(double x, double lo, double hi)
{
	return x >= lo && x <= hi && x == (double) (int64_t) x;
}

/*
 * A value the summary can hold: finite, and not -0, which rows are stored
 * as +0 (so a state holding -0 was made by hand).
 */
static bool
value_ok(double v)
{
	return isfinite(v) && !(v == 0.0 && signbit(v));
}

/*
 * Every entry in use: values as value_ok says, ascending in the summary;
 * whole g >= 1 and d >= 0 (0 for appended rows); the total exact in a double.
 */
static kld_status
check_entries(kld_qs *qs, kld_fault *fault)
{
	double	   *e = qs->entries;
	double		total = 0.0;

	for (size_t i = 0; i < qs->used; i++)
	{
		size_t		at = KLD_QS_HEADER + KLD_QS_ENTRY * i;

		kld_check_interrupts(i);
		if (!value_ok(ENTRY_VALUE(e, i)) ||
			(i > 0 && i < qs->sorted && !(ENTRY_VALUE(e, i) > ENTRY_VALUE(e, i - 1))))
			return bad_state(fault, at, ENTRY_VALUE(e, i));
		if (!whole_in(ENTRY_GAP(e, i), 1.0, KLD_QS_MAX_TOTAL - total))
			return bad_state(fault, at + 1, ENTRY_GAP(e, i));
		if (!whole_in(ENTRY_DELTA(e, i), 0.0, i < qs->sorted ? KLD_QS_MAX_TOTAL : 0.0))
			return bad_state(fault, at + 2, ENTRY_DELTA(e, i));
		total += ENTRY_GAP(e, i);
	}
	qs->total = total;
	return KLD_OK;
}

kld_status
kld_qs_decode(double *state, size_t length, bool full, kld_qs *qs, kld_fault *fault)
{
	size_t		slots;

	if (length < KLD_QS_HEADER || state[TAG] != KLD_STATE_QUANTILE)
		return bad_state(fault, TAG, length < 1 ? 0.0 : state[TAG]);
	if (!whole_in(state[NBINS], 1.0, KLD_MAX_QUANTILE_BINS))
		return bad_state(fault, NBINS, state[NBINS]);
	slots = (length - KLD_QS_HEADER) / KLD_QS_ENTRY;
	if ((length - KLD_QS_HEADER) % KLD_QS_ENTRY != 0 || slots < 1 || slots > KLD_QS_MAX_SLOTS)
		return bad_state(fault, TAG, state[TAG]);
	if (!whole_in(state[USED], 0.0, (double) slots))
		return bad_state(fault, USED, state[USED]);
	if (!whole_in(state[SORTED], 0.0, state[USED]))
		return bad_state(fault, SORTED, state[SORTED]);
	if (!whole_in(state[EXACT], 0.0, 1.0))
		return bad_state(fault, EXACT, state[EXACT]);

	kld_qs_view(state, length, qs);
	if (full)
		return check_entries(qs, fault);
	return KLD_OK;
}

void
kld_qs_count_total(kld_qs *qs)
{
	double		total = 0.0;

	for (size_t i = 0; i < qs->used; i++)
		total += ENTRY_GAP(qs->entries, i);
	qs->total = total;
}

void
kld_qs_view(double *state, size_t length, kld_qs *qs)
{
	qs->state = state;
	qs->nbins = (int) state[NBINS];
	qs->slots = (length - KLD_QS_HEADER) / KLD_QS_ENTRY;
	qs->sorted = (size_t) state[SORTED];
	qs->used = (size_t) state[USED];
	qs->exact = state[EXACT] == 1.0;
	qs->entries = state + KLD_QS_HEADER;
	qs->total = NAN;
}

kld_status
kld_qs_check_row(const kld_qs *qs, int nbins, double value, bool *counted,
				 kld_fault *fault)
{
	if (kld_qs_check_nbins(nbins, fault) != KLD_OK)
		return fault->status;
	if (nbins != qs->nbins)
	{
		kld_fail(fault, KLD_QUANTILE_BINS_CHANGED, KLD_ARG_NBINS, 0, (double) nbins);
		fault->previous = (double) qs->nbins;
		return fault->status;
	}
	if (isnan(value))
		return kld_fail(fault, KLD_VALUE_NAN, KLD_ARG_VALUE, 0, value);
	*counted = isfinite(value);
	return KLD_OK;
}

void
kld_qs_append(kld_qs *qs, double value)
{
	double	   *e = qs->entries;

	/* -0 and 0 are one value: store +0, so coalescing never picks between them. */
	ENTRY_VALUE(e, qs->used) = value + 0.0;
	ENTRY_GAP(e, qs->used) = 1.0;
	ENTRY_DELTA(e, qs->used) = 0.0;
	qs->used++;
	qs->state[USED] = (double) qs->used;
}

kld_status
kld_qs_merge_check(const kld_qs *a, const kld_qs *b, kld_fault *fault)
{
	if (b->nbins != a->nbins)
	{
		kld_fail(fault, KLD_QUANTILE_BINS_CHANGED, KLD_ARG_NBINS, 0, (double) b->nbins);
		fault->previous = (double) a->nbins;
		return fault->status;
	}
	if (a->total > KLD_QS_MAX_TOTAL - b->total)
		return kld_fail(fault, KLD_OVERFLOW, KLD_ARG_VALUE, 0, a->total + b->total);
	return KLD_OK;
}

static int
compare_entries(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/*
 * One side's share of the rows <= v, for an entry of the other side: at
 * least the rows up to its predecessor (below), at most the rows before its
 * successor, the next entry e at `next`: rmin + d of it, less the row v_next
 * itself. Exact when the side is, since then nothing lies between the two.
 */
static double
share_above(const double *e, size_t next, size_t n, double below, double total, bool exact)
{
	if (exact)
		return below;
	if (next >= n)
		return total;
	return below + ENTRY_GAP(e, next) + ENTRY_DELTA(e, next) - 1.0;
}

/*
 * Merges two summaries into out, each entry's bounds being the sums of its
 * own side's and the other side's share; equal values become one entry.
 * Returns the number of entries.
 */
static size_t
merge(const double *a, size_t na, bool exact_a, double total_a,
	  const double *b, size_t nb, bool exact_b, double total_b, double *out)
{
	size_t		i = 0,
				j = 0,
				n = 0;
	double		below_a = 0.0,	/* rmin of the last entry taken from a */
				below_b = 0.0,
				rmin_prev = 0.0;

	while (i < na || j < nb)
	{
		double		v,
					rmin,
					rmax;

		kld_check_interrupts(n);
		if (j >= nb || (i < na && ENTRY_VALUE(a, i) < ENTRY_VALUE(b, j)))
		{
			v = ENTRY_VALUE(a, i);
			below_a += ENTRY_GAP(a, i);
			rmin = below_a + below_b;
			rmax = below_a + ENTRY_DELTA(a, i) +
				share_above(b, j, nb, below_b, total_b, exact_b);
			i++;
		}
		else if (i >= na || ENTRY_VALUE(b, j) < ENTRY_VALUE(a, i))
		{
			v = ENTRY_VALUE(b, j);
			below_b += ENTRY_GAP(b, j);
			rmin = below_a + below_b;
			rmax = below_b + ENTRY_DELTA(b, j) +
				share_above(a, i, na, below_a, total_a, exact_a);
			j++;
		}
		else
		{
			v = ENTRY_VALUE(a, i);
			below_a += ENTRY_GAP(a, i);
			below_b += ENTRY_GAP(b, j);
			rmin = below_a + below_b;
			rmax = rmin + ENTRY_DELTA(a, i) + ENTRY_DELTA(b, j);
			i++;
			j++;
		}
		ENTRY_VALUE(out, n) = v;
		ENTRY_GAP(out, n) = rmin - rmin_prev;
		ENTRY_DELTA(out, n) = rmax - rmin;
		rmin_prev = rmin;
		n++;
	}
	return n;
}

/*
 * Merges entries into their successors while g_i + g_{i+1} + d_{i+1} stays
 * within limit. That leaves every rmin and rmax as it was, so the bounds
 * stay true; it only widens the gaps between entries. The first entry, the
 * minimum, is kept.
 */
static size_t
merge_away(double *e, size_t n, double limit)
{
	size_t		out = n > 0 ? 1 : 0;

	for (size_t i = 1; i < n; i++)
	{
		double		v = ENTRY_VALUE(e, i),
					g = ENTRY_GAP(e, i),
					d = ENTRY_DELTA(e, i);

		while (out > 1 && ENTRY_GAP(e, out - 1) + g + d <= limit)
			g += ENTRY_GAP(e, --out);
		ENTRY_VALUE(e, out) = v;
		ENTRY_GAP(e, out) = g;
		ENTRY_DELTA(e, out) = d;
		out++;
	}
	return out;
}

/*
 * The smallest limit, doubling from about 2 total / KLD_QS_CAPACITY, that
 * leaves at most KLD_QS_CAPACITY entries: gaps (g + d) of that size bound
 * the rank error of every cut.
 */
static size_t
compress(double *e, size_t n, double total)
{
	double		limit = floor(2.0 * total / KLD_QS_CAPACITY) + 1.0;

	n = merge_away(e, n, limit);
	while (n > KLD_QS_CAPACITY)
	{
		limit = floor(limit * 1.25) + 1.0;
		n = merge_away(e, n, limit);
	}
	return n;
}

/*
 * Copies the values of the rows appended to qs into values, if each is one
 * row (gap 1, as kld_qs_add makes them; a state from elsewhere may hold
 * other gaps): true if so.
 */
static bool
tail_of_single_rows(const kld_qs *qs, double *values)
{
	const double *e = qs->entries;

	for (size_t i = qs->sorted, j = 0; i < qs->used; i++, j++)
	{
		if (ENTRY_GAP(e, i) != 1.0)
			return false;
		values[j] = ENTRY_VALUE(e, i);
	}
	return true;
}

/*
 * A finite double as an unsigned key in the same order: the sign bit set
 * on positives, every bit flipped on negatives (-0 never occurs: rows are
 * stored as +0).
 */
static inline uint64_t
order_key(double v)
{
	uint64_t	u;

	memcpy(&u, &v, sizeof(u));
	return (u >> 63) ? ~u : u | UINT64_C(0x8000000000000000);
}

static inline double
key_value(uint64_t key)
{
	uint64_t	u = (key >> 63) ? key & ~UINT64_C(0x8000000000000000) : ~key;
	double		v;

	memcpy(&v, &u, sizeof(u));
	return v;
}

/*
 * Ascending sort of n finite doubles by their order keys: a radix sort,
 * least significant byte first, eight passes (a pass skipped where every
 * key has the same byte: the high bytes of values of one magnitude). No
 * comparison, so no mispredicted branch per element, which is what a
 * quicksort of random values spends most of its time on. Equal values have
 * equal bits, so the result is the one any correct sort gives. scratch has
 * room for n doubles.
 */
static void
sort_values(double *values, double *scratch, size_t n)
{
	uint32_t	count[8][256];
	double	   *from = values,
			   *to = scratch;

	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++)
	{
		uint64_t	key = order_key(values[i]);

		memcpy(&values[i], &key, sizeof(key));
		for (int b = 0; b < 8; b++)
			count[b][(key >> (8 * b)) & 0xff]++;
	}
	for (int b = 0; b < 8 && n > 1; b++)
	{
		uint32_t	start[256];
		uint32_t	sum = 0;
		uint64_t	first;

		memcpy(&first, &from[0], sizeof(first));
		if (count[b][(first >> (8 * b)) & 0xff] == n)
			continue;
		for (int d = 0; d < 256; d++)
		{
			start[d] = sum;
			sum += count[b][d];
		}
		for (size_t i = 0; i < n; i++)
		{
			uint64_t	key;

			memcpy(&key, &from[i], sizeof(key));
			memcpy(&to[start[(key >> (8 * b)) & 0xff]++], &key, sizeof(key));
		}
		from = to;
		to = (from == values) ? scratch : values;
	}
	for (size_t i = 0; i < n; i++)
	{
		uint64_t	key;

		memcpy(&key, &from[i], sizeof(key));
		values[i] = key_value(key);
	}
}

/* The rows appended to qs, sorted and coalesced in tmp, merged with its summary into out. */
static size_t
flush_one(const kld_qs *qs, double *tmp, double *out)
{
	size_t		tail = qs->used - qs->sorted;
	size_t		n = 0;
	double		tail_total = 0.0;
	double		summary_total = 0.0;

	if (tail_of_single_rows(qs, tmp + 2 * tail))
	{
		/* The common case: values alone, sorted, then coalesced into entries. */
		const double *values = tmp + 2 * tail;

		sort_values(tmp + 2 * tail, tmp, tail);
		tail_total = (double) tail;
		for (size_t i = 0; i < tail; i++)
		{
			/* Entry n <= i ends at or before value i, read first. */
			double		v = values[i];

			if (n > 0 && v == ENTRY_VALUE(tmp, n - 1))
				ENTRY_GAP(tmp, n - 1) += 1.0;
			else
			{
				ENTRY_VALUE(tmp, n) = v;
				ENTRY_GAP(tmp, n) = 1.0;
				ENTRY_DELTA(tmp, n) = 0.0;
				n++;
			}
		}
		for (size_t i = 0; i < qs->sorted; i++)
			summary_total += ENTRY_GAP(qs->entries, i);
		return merge(qs->entries, qs->sorted, qs->exact, summary_total,
					 tmp, n, true, tail_total, out);
	}
	memcpy(tmp, qs->entries + KLD_QS_ENTRY * qs->sorted, KLD_QS_ENTRY * tail * sizeof(double));
	qsort(tmp, tail, KLD_QS_ENTRY * sizeof(double), compare_entries);
	for (size_t i = 0; i < tail; i++)
	{
		tail_total += ENTRY_GAP(tmp, i);
		if (n > 0 && ENTRY_VALUE(tmp, i) == ENTRY_VALUE(tmp, n - 1))
			ENTRY_GAP(tmp, n - 1) += ENTRY_GAP(tmp, i);
		else
		{
			ENTRY_VALUE(tmp, n) = ENTRY_VALUE(tmp, i);
			ENTRY_GAP(tmp, n) = ENTRY_GAP(tmp, i);
			ENTRY_DELTA(tmp, n) = 0.0;
			n++;
		}
	}
	for (size_t i = 0; i < qs->sorted; i++)
		summary_total += ENTRY_GAP(qs->entries, i);
	return merge(qs->entries, qs->sorted, qs->exact, summary_total,
				 tmp, n, true, tail_total, out);
}

size_t
kld_qs_work_length(const kld_qs *a, const kld_qs *b)
{
	size_t		tail = a->used - a->sorted;
	size_t		both = a->used;

	if (b != NULL)
	{
		if (b->used - b->sorted > tail)
			tail = b->used - b->sorted;
		both += b->used;
	}
	return KLD_QS_ENTRY * (tail + 2 * both + 1);
}

void
kld_qs_flush(const kld_qs *a, const kld_qs *b, double *work, kld_qs_summary *out)
{
	size_t		tail = a->used - a->sorted;
	double	   *tmp = work;
	double	   *fa,
			   *fb;
	size_t		na,
				nb;

	if (b != NULL && b->used - b->sorted > tail)
		tail = b->used - b->sorted;
	fa = tmp + KLD_QS_ENTRY * tail;
	na = flush_one(a, tmp, fa);
	out->entries = fa;
	out->n = na;
	out->exact = a->exact;
	out->total = a->total;
	if (b != NULL)
	{
		fb = fa + KLD_QS_ENTRY * a->used;
		nb = flush_one(b, tmp, fb);
		out->entries = fb + KLD_QS_ENTRY * b->used;
		out->n = merge(fa, na, a->exact, a->total, fb, nb, b->exact, b->total, out->entries);
		out->exact = a->exact && b->exact;
		out->total = a->total + b->total;
	}
	if (out->n > KLD_QS_CAPACITY)
	{
		out->n = compress(out->entries, out->n, out->total);
		out->exact = false;
	}
}

size_t
kld_qs_slots_for(const kld_qs_summary *summary, size_t current)
{
	size_t		slots = current;

	while (slots < KLD_QS_MAX_SLOTS && summary->n > slots / 2)
		slots *= 2;
	return slots > KLD_QS_MAX_SLOTS ? KLD_QS_MAX_SLOTS : slots;
}

void
kld_qs_store(double *state, size_t slots, int nbins, const kld_qs_summary *summary)
{
	kld_qs_init(state, slots, nbins);
	state[SORTED] = (double) summary->n;
	state[USED] = (double) summary->n;
	state[EXACT] = summary->exact ? 1.0 : 0.0;
	memcpy(state + KLD_QS_HEADER, summary->entries,
		   KLD_QS_ENTRY * summary->n * sizeof(double));
}

/*
 * The last edge: the smallest double above max that is 0 or normal, so max
 * falls inside the last bin. Never -0, nor a subnormal the data did not
 * have: nextafter(0) is 5e-324, which code that flushes subnormals to zero
 * reads as 0, an edge equal to max. The largest double has nothing finite
 * above it and is then the edge itself (its rows fall into the overflow
 * element).
 */
static double
edge_above(double max)
{
	if (max == DBL_MAX)
		return max;
	if (max >= DBL_MIN || max < -DBL_MIN)
		return nextafter(max, INFINITY);
	return max < 0.0 ? 0.0 : DBL_MIN;
}

void
kld_qs_quantiles(const kld_qs_summary *summary, int nbins, double *q, double *rank_error)
{
	const double *e = summary->entries;
	uint64_t	total = (uint64_t) summary->total;
	size_t		i = 0;
	double		rmin = ENTRY_GAP(e, 0);	/* rmin of entry i */
	double		worst = 0.0;

	q[0] = ENTRY_VALUE(e, 0);
	for (int k = 1; k < nbins; k++)
	{
		/* total <= 2^53 and k < 2^10, so the product fits in 64 bits. */
		uint64_t	rank = (uint64_t) k * total / (uint64_t) nbins;

		/*
		 * The first entry with rmin > rank has at least rank + 1 rows up to
		 * it, so it is not below the cut; rows below it number at most
		 * rmin + d - 1, which is how far above the cut it can be. While
		 * exact, those rows are the rmin of the entry before it (<= rank):
		 * it is the cut.
		 */
		while (i + 1 < summary->n && rmin <= (double) rank)
			rmin += ENTRY_GAP(e, ++i);
		q[k] = ENTRY_VALUE(e, i);
		if (!summary->exact && rmin + ENTRY_DELTA(e, i) - 1.0 - (double) rank > worst)
			worst = rmin + ENTRY_DELTA(e, i) - 1.0 - (double) rank;
	}

	q[nbins] = edge_above(ENTRY_VALUE(e, summary->n - 1));
	if (rank_error != NULL)
		*rank_error = worst;
}

size_t
kld_qs_edges(const kld_qs_summary *summary, int nbins, double *edges)
{
	size_t		count = 0;

	if (summary->n == 0)
		return 0;
	kld_qs_quantiles(summary, nbins, edges, NULL);
	for (int k = 1; k <= nbins; k++)
		if (edges[k] != edges[count])
			edges[++count] = edges[k];
	return count + 1;
}
