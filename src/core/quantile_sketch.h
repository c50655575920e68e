/*
 * quantile_sketch.h: the bounded, mergeable summary behind quantile_edges().
 *
 * A Greenwald-Khanna summary with counts. The state is a plain array of
 * doubles (a float8[] in SQL, so it can be shipped between servers as text):
 *
 *   [KLD_STATE_QUANTILE, nbins, sorted, used, exact,
 *    v_0, g_0, d_0, .., v_{slots-1}, g_{slots-1}, d_{slots-1}]
 *
 * The first `sorted` entries are the summary, by strictly ascending v; the
 * entries up to `used` are rows appended since, (v, count, 0), unsorted.
 * Every v is a value of the data. In the summary, rmin_i = g_0 + .. + g_i is
 * at most, and rmin_i + d_i at least, the number of rows <= v_i; while
 * `exact` is 1 (no entry was ever merged away) rmin_i is that number. When
 * the appended rows fill the slots they are sorted and merged into the
 * summary; the state doubles (from KLD_QS_MIN_SLOTS) up to KLD_QS_MAX_SLOTS,
 * and only then, and only beyond KLD_QS_CAPACITY distinct values, are
 * entries merged into their successors (keeping the larger value) while
 * g_i + g_{i+1} + d_{i+1} stays within a limit that bounds the rank error.
 */
#ifndef KLD_QUANTILE_SKETCH_H
#define KLD_QUANTILE_SKETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "kld.h"

#define KLD_STATE_QUANTILE 3.0
#define KLD_QS_HEADER 5				/* tag, nbins, sorted, used, exact */
#define KLD_QS_ENTRY 3				/* v, g, d */
#define KLD_MAX_QUANTILE_BINS 1000

/*
 * Distinct values kept exactly. The slots go up to a third more, so at
 * least 2048 rows are appended between two sorts.
 */
#define KLD_QS_CAPACITY 6144
#define KLD_QS_MIN_SLOTS 16
#define KLD_QS_MAX_SLOTS 8192

/* Counts are exact in a double up to 2^53 rows per group. */
#define KLD_QS_MAX_TOTAL 9007199254740992.0

/* A decoded state; entries point into it. */
typedef struct kld_qs
{
	double	   *state;
	int			nbins;
	size_t		slots;			/* entries the state has room for */
	size_t		sorted;			/* entries in the summary */
	size_t		used;			/* entries in use, summary first */
	bool		exact;
	double	   *entries;		/* KLD_QS_ENTRY * slots doubles */
	double		total;			/* sum of the g (full decode only) */
} kld_qs;

/* A sorted summary built in a work area: n entries at entries. */
typedef struct kld_qs_summary
{
	double	   *entries;
	size_t		n;
	bool		exact;
	double		total;
} kld_qs_summary;

/* Doubles in a state of slots entries. */
size_t		kld_qs_length(size_t slots);

/* An empty state of slots entries for nbins bins; state has kld_qs_length(slots). */
void		kld_qs_init(double *state, size_t slots, int nbins);

/* nbins in [1, KLD_MAX_QUANTILE_BINS]. */
kld_status	kld_qs_check_nbins(int nbins, kld_fault *fault);

/*
 * Decodes a state of length doubles. Always checks the header against the
 * length, so no access can leave the array; with full, also every entry
 * (finite values and no -0, the summary's ascending; whole g >= 1 and
 * d >= 0, 0 for appended rows; total at most 2^53) and fills total, for
 * states from outside.
 */
kld_status	kld_qs_decode(double *state, size_t length, bool full, kld_qs *qs,
						  kld_fault *fault);

/*
 * Reads a state's header without checking it, for a state that only
 * kld_qs_init, kld_qs_store and kld_qs_append have written (the caller
 * knows it: its own aggregate's state, never one from outside).
 */
void		kld_qs_view(double *state, size_t length, kld_qs *qs);

/* Sets qs->total, the rows of its entries, for a state kld_qs_view read. */
void		kld_qs_count_total(kld_qs *qs);

/*
 * A row for the group: nbins must be valid and the group's, value not NaN.
 * Sets *counted: false for +/-Infinity, which the summary skips.
 */
kld_status	kld_qs_check_row(const kld_qs *qs, int nbins, double value,
							 bool *counted, kld_fault *fault);

/* Appends one row of the finite value; needs used < slots. */
void		kld_qs_append(kld_qs *qs, double value);

/* Doubles of work area that kld_qs_flush needs for a and b (b may be NULL). */
size_t		kld_qs_work_length(const kld_qs *a, const kld_qs *b);

/*
 * The summary of all rows of a (and of b, if not NULL), in work: appended
 * rows sorted and merged in, equal values coalesced, and entries merged
 * away if more than KLD_QS_CAPACITY distinct values remain. a and b must
 * come from full decodes (check nbins and totals with kld_qs_merge_check
 * first) and are left untouched.
 */
void		kld_qs_flush(const kld_qs *a, const kld_qs *b, double *work,
						 kld_qs_summary *out);

/* Before a flush of two states: same nbins, and the totals still exact together. */
kld_status	kld_qs_merge_check(const kld_qs *a, const kld_qs *b, kld_fault *fault);

/*
 * The slots a state needs to hold summary with at least half its slots (or
 * the slots above KLD_QS_CAPACITY) free; never fewer than current.
 */
size_t		kld_qs_slots_for(const kld_qs_summary *summary, size_t current);

/* Writes summary into state (of kld_qs_length(slots) doubles) as a fresh state. */
void		kld_qs_store(double *state, size_t slots, int nbins,
						 const kld_qs_summary *summary);

/*
 * The nbins + 1 quantiles of a summary with n > 0, ascending but with
 * repeats: min, the cuts, and the value just above max (the smallest double
 * above it that is 0 or normal; max itself if it is the largest double).
 * Cut k is the value of rank floor(k total / nbins) (0-based, rows sorted),
 * exactly while the summary is exact. If rank_error is not NULL, it gets
 * the largest rank error the summary allows for a cut.
 */
void		kld_qs_quantiles(const kld_qs_summary *summary, int nbins, double *q,
							 double *rank_error);

/* The quantiles without repeats, into edges (room for nbins + 1); their number. */
size_t		kld_qs_edges(const kld_qs_summary *summary, int nbins, double *edges);

#endif							/* KLD_QUANTILE_SKETCH_H */
