/*
 * histogram_sql.c: the SQL aggregates histogram() (all four forms) and
 * histogram_sum(), over the binning and state of core/histogram.h.
 *
 * The state is a float8[] (layout in core/histogram.h), a real type so
 * that parallel workers and other servers (postgres_fdw, Citus) can hand
 * partial states around, as text if need be. Transition functions update
 * it in place inside the aggregate's memory context, so a group costs
 * O(bins) memory whatever its row count.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"

#include "aggregate_call.h"
#include "array_arg.h"
#include "cached_arg.h"
#include "core/histogram.h"
#include "fault_report.h"

/*
 * The server's own width_bucket(value, lo, hi, nbins), for the values whose
 * bucket depends on how its arithmetic rounds (see kld_bucket_equal_width).
 */
static int
server_width_bucket(double value, double lo, double hi, int nbins)
{
	return DatumGetInt32(DirectFunctionCall4(width_bucket_float8, Float8GetDatum(value),
											 Float8GetDatum(lo), Float8GetDatum(hi),
											 Int32GetDatum(nbins)));
}

/*
 * The equal-width bins of the previous row and their scale
 * (kld_bins_scale), in fn_extra, and the states checked against them: a
 * row on the same bins into such a state costs three comparisons and a
 * multiplication, instead of a division and the checks of the bins and of
 * the state (equal_width_common_row).
 */
#define TRUSTED_SLOTS 256

typedef struct equal_width_cache
{
	kld_bins	bins;			/* with their scale */
	uint64		generation;		/* of bins: one more at each change */
	bool		trust_states;	/* kld_states_are_own() */
	struct
	{
		Pointer		state;		/* checked against bins of generation */
		uint64		generation;
	}			trusted[TRUSTED_SLOTS];
} equal_width_cache;

static inline size_t
trusted_slot(Pointer state)
{
	return (size_t) ((((uint64) (uintptr_t) state >> 3) * UINT64CONST(0x9E3779B97F4A7C15)) >> 56)
		% TRUSTED_SLOTS;
}

/* Argument number arg, which gives the bins as argument bins_arg: not NULL. */
static Datum
not_null_bins(FunctionCallInfo fcinfo, int arg, kld_arg bins_arg)
{
	if (PG_ARGISNULL(arg))
		kld_raise_null_bins(bins_arg);
	return PG_GETARG_DATUM(arg);
}

/* A new float8[] of length doubles in context, not yet filled in. */
static ArrayType *
new_float8_array(MemoryContext context, size_t length)
{
	MemoryContext old = MemoryContextSwitchTo(context);
	ArrayType  *array = kld_new_float8_array(length, 1);

	MemoryContextSwitchTo(old);
	return array;
}

/* A state from outside this aggregate call: checked in full before use. */
static void
decode_state(ArrayType *state, kld_hist *hist)
{
	kld_array	array;
	kld_fault	fault;

	kld_read_array(state, KLD_ARG_STATE, &array);
	if (kld_hist_decode((double *) array.values, array.length, true, hist, &fault) != KLD_OK)
		kld_raise_fault(&fault, NULL, NULL);
}

/*
 * A row with a NULL value (or weight) is skipped, whatever its bins: the
 * state, possibly still NULL, goes on unchanged.
 */
static Datum
skip_row(FunctionCallInfo fcinfo)
{
	kld_aggregate_context(fcinfo, "histogram_transition");
	return kld_state_unchanged(fcinfo);
}

/*
 * One row: value (and weight) into the bins given on the row. The first
 * non-NULL row makes the state; rows with a NULL value or weight are skipped.
 */
static Datum
histogram_transition(FunctionCallInfo fcinfo, int weight_arg, const kld_bins *row,
					 const kld_array *edges)
{
	ArrayType  *state;
	kld_array	array;
	kld_fault	fault;
	double		weight = 1.0;

	if (weight_arg != KLD_NO_ARGUMENT)
		weight = PG_GETARG_FLOAT8(weight_arg);

	if (PG_ARGISNULL(0))
	{
		MemoryContext context = kld_aggregate_context(fcinfo, "histogram_transition");

		if (kld_bins_check(row, &fault) != KLD_OK)
			kld_raise_fault(&fault, edges, NULL);
		state = new_float8_array(context, kld_hist_state_length(row));
		kld_hist_state_init((double *) ARR_DATA_PTR(state), row);
	}
	else
	{
		kld_check_aggregate(fcinfo, "histogram_transition");
		state = kld_array_argument(fcinfo, 0);
	}

	kld_read_array(state, KLD_ARG_STATE, &array);
	if (kld_hist_add_equal_width((double *) array.values, array.length, row,
								 PG_GETARG_FLOAT8(1), weight))
	{
		equal_width_cache *cache = fcinfo->flinfo->fn_extra;

		/*
		 * Checked against the cached bins (those of the row, which has their
		 * scale): trusted from the next row on, if it is the argument itself.
		 */
		if (row->scale > 0.0 && cache->trust_states && !PG_ARGISNULL(0) &&
			(Pointer) state == DatumGetPointer(PG_GETARG_DATUM(0)))
		{
			size_t		slot = trusted_slot((Pointer) state);

			cache->trusted[slot].state = (Pointer) state;
			cache->trusted[slot].generation = cache->generation;
		}
	}
	else if (kld_hist_add_row((double *) array.values, array.length, row,
							  PG_GETARG_FLOAT8(1), weight, &fault) != KLD_OK)
		kld_raise_fault(&fault, edges, NULL);
	PG_RETURN_ARRAYTYPE_P(state);
}

static void
read_equal_width(FunctionCallInfo fcinfo, int first_arg, kld_bins *bins)
{
	equal_width_cache *cache = fcinfo->flinfo->fn_extra;

	bins->by_edges = false;
	bins->server_bucket = server_width_bucket;
	bins->lo = DatumGetFloat8(not_null_bins(fcinfo, first_arg, KLD_ARG_LO));
	bins->hi = DatumGetFloat8(not_null_bins(fcinfo, first_arg + 1, KLD_ARG_HI));
	bins->nbins = DatumGetInt32(not_null_bins(fcinfo, first_arg + 2, KLD_ARG_NBINS));
	bins->edges = NULL;
	bins->nedges = 0;

	/*
	 * Bounds equal by == have the same scale (0 and -0 alike); NaN bounds
	 * never match and get a scale of 0, as do invalid bins.
	 */
	if (unlikely(cache == NULL))
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(equal_width_cache));
		cache->trust_states = kld_states_are_own(fcinfo);
		fcinfo->flinfo->fn_extra = cache;
	}
	if (unlikely(!(bins->lo == cache->bins.lo && bins->hi == cache->bins.hi &&
				   bins->nbins == cache->bins.nbins)))
	{
		cache->bins = *bins;
		cache->bins.scale = kld_bins_scale(bins);
		cache->generation++;
	}
	bins->scale = cache->bins.scale;
}

/*
 * The common row of histogram(value [, weight], lo, hi, nbins), whole in
 * one inline function without calls: the value (and weight) and the bins
 * not NULL, the bins those of the previous row (so valid, with their
 * scale), the state the one the previous row checked against them (see
 * below), the bucket decided by the scale and the count staying finite.
 * Returns the state it has added to, or NULL, having changed nothing, for
 * any other row, which the general path then takes from the start.
 *
 * As with the edges (below), a state is trusted by its address only where
 * every state the function sees was made by it (no INITCOND, not a window
 * aggregate), and only while the bins keep their generation: a new state
 * at a trusted address was then made by the general path, from these bins.
 * Up to TRUSTED_SLOTS states are remembered, so groups interleaved by a
 * hash aggregate keep to this path too.
 */
static pg_attribute_always_inline ArrayType *
equal_width_common_row(FunctionCallInfo fcinfo, int weight_arg, int first_arg)
{
	equal_width_cache *cache = fcinfo->flinfo->fn_extra;
	Pointer		state;
	size_t		slot;
	double		weight;
	double	   *count;
	int			bucket;

	if (!(cache != NULL && cache->trust_states && !PG_ARGISNULL(0) && !PG_ARGISNULL(1)))
		return NULL;
	state = DatumGetPointer(PG_GETARG_DATUM(0));
	slot = trusted_slot(state);
	if (!(cache->trusted[slot].state == state &&
		  cache->trusted[slot].generation == cache->generation &&
		  (weight_arg == KLD_NO_ARGUMENT || !PG_ARGISNULL(weight_arg)) &&
		  !PG_ARGISNULL(first_arg) && !PG_ARGISNULL(first_arg + 1) &&
		  !PG_ARGISNULL(first_arg + 2) &&
		  PG_GETARG_FLOAT8(first_arg) == cache->bins.lo &&
		  PG_GETARG_FLOAT8(first_arg + 1) == cache->bins.hi &&
		  PG_GETARG_INT32(first_arg + 2) == cache->bins.nbins &&
		  fcinfo->context != NULL && IsA(fcinfo->context, AggState)))
		return NULL;
	weight = weight_arg == KLD_NO_ARGUMENT ? 1.0 : PG_GETARG_FLOAT8(weight_arg);
	bucket = kld_bucket_scaled_or_not(PG_GETARG_FLOAT8(1), cache->bins.lo, cache->bins.hi,
									  cache->bins.nbins, cache->bins.scale);
	if (bucket < 0 || !(weight >= 0.0 && weight < INFINITY))
		return NULL;
	/* A trusted state has one dimension and no NULL bitmap. */
	count = (double *) (state + ARR_OVERHEAD_NONULLS(1)) + KLD_EQUAL_WIDTH_HEADER + bucket;
	if (!(*count >= 0.0 && *count + weight < INFINITY))
		return NULL;
	*count += weight;
	return (ArrayType *) state;
}

/*
 * The edges form keeps its edges argument in fn_extra (cached_arg.h), so a
 * row neither detoasts nor checks the edges again, and remembers which
 * states it has compared with them: after the first row of a group, a row
 * costs a binary search, whatever the number of edges or where they come
 * from.
 *
 * A state is trusted by its address only while the cached edges keep their
 * generation, and only where every state the function sees was made by it
 * (no INITCOND, not a window aggregate). Then an address can come to hold
 * another state (a new group in memory that was reset) only if this
 * function made that state, from the cached edges of the moment: if they
 * were the same edges, the entry is still true; if not, the generation has
 * changed since and the entry no longer counts.
 */
#define VERIFIED_SLOTS 256

typedef struct edges_cache
{
	kld_cached_array edges;
	uint64		checked_generation; /* the generation read into array, check */
	kld_array	array;			/* edges.value, read */
	kld_status	check;			/* kld_edges_check of array */
	kld_fault	check_fault;
	kld_edge_guide guide;		/* to array's edges, once they pass the check */
	uint32_t   *guide_start;
	bool		trust_states;
	struct
	{
		Pointer		state;
		uint64		generation;
	}			verified[VERIFIED_SLOTS];
} edges_cache;

static edges_cache *
get_edges_cache(FunctionCallInfo fcinfo)
{
	edges_cache *cache = fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(edges_cache));
		cache->trust_states = kld_states_are_own(fcinfo);
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

static size_t
verified_slot(Pointer state)
{
	return (size_t) ((((uint64) (uintptr_t) state >> 3) * UINT64CONST(0x9E3779B97F4A7C15)) >> 56)
		% VERIFIED_SLOTS;
}

/* The guide to the cached edges, if they are valid (no guide otherwise). */
static void
build_guide(FunctionCallInfo fcinfo, edges_cache *cache)
{
	size_t		ncells = 0;

	if (cache->guide_start != NULL)
		pfree(cache->guide_start);
	cache->guide_start = NULL;
	if (cache->check == KLD_OK)
		ncells = kld_edge_guide_cells(cache->array.values, cache->array.length);
	if (ncells > 0)
		cache->guide_start = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
												(ncells + 1) * sizeof(uint32_t));
	kld_edge_guide_init(&cache->guide, cache->array.values, cache->array.length,
						cache->guide_start, ncells);
}

/* One row of histogram(value [, weight], edges), edges argument edges_arg. */
static Datum
histogram_edges_row(FunctionCallInfo fcinfo, int weight_arg, int edges_arg)
{
	MemoryContext context;
	int			call_context = AggCheckCallContext(fcinfo, &context);
	edges_cache *cache;
	ArrayType  *state;
	kld_array	array;
	kld_hist	hist;
	kld_fault	fault;
	size_t		slot;
	double		weight = 1.0;

	if (call_context == 0)
		kld_raise_outside_aggregate("histogram_transition");
	cache = get_edges_cache(fcinfo);
	if (weight_arg != KLD_NO_ARGUMENT)
		weight = PG_GETARG_FLOAT8(weight_arg);
	if (PG_ARGISNULL(edges_arg))
		kld_raise_null_bins(KLD_ARG_EDGES);

	kld_cached_array_get(fcinfo, edges_arg,
						 call_context == AGG_CONTEXT_AGGREGATE ? context : NULL,
						 &cache->edges);
	if (cache->checked_generation != cache->edges.generation)
	{
		kld_read_array(cache->edges.value, KLD_ARG_EDGES, &cache->array);
		cache->check = kld_edges_check(cache->array.values, cache->array.length,
									   KLD_ARG_EDGES, &cache->check_fault);
		build_guide(fcinfo, cache);
		cache->checked_generation = cache->edges.generation;
	}

	if (PG_ARGISNULL(0))
	{
		kld_bins	bins = {.by_edges = true, .server_bucket = server_width_bucket,
		.edges = cache->array.values, .nedges = cache->array.length};

		if (cache->check != KLD_OK)
			kld_raise_fault(&cache->check_fault, &cache->array, NULL);
		state = new_float8_array(context, kld_hist_state_length(&bins));
		kld_hist_state_init((double *) ARR_DATA_PTR(state), &bins);
	}
	else
		state = PG_GETARG_ARRAYTYPE_P(0);

	kld_read_array(state, KLD_ARG_STATE, &array);
	if (kld_hist_decode((double *) array.values, array.length, false, &hist, &fault) != KLD_OK)
		kld_raise_fault(&fault, &cache->array, NULL);
	slot = verified_slot((Pointer) state);
	if (!(cache->trust_states && cache->verified[slot].state == (Pointer) state &&
		  cache->verified[slot].generation == cache->edges.generation))
	{
		if (kld_hist_same_edges(&hist, cache->array.values, cache->array.length,
								&fault) != KLD_OK)
			kld_raise_fault(&fault, &cache->array, NULL);
		cache->verified[slot].state = (Pointer) state;
		cache->verified[slot].generation = cache->edges.generation;
	}
	if (kld_hist_add_same_edges(&hist, &cache->guide, PG_GETARG_FLOAT8(1), weight,
								&fault) != KLD_OK)
		kld_raise_fault(&fault, &cache->array, NULL);
	PG_RETURN_ARRAYTYPE_P(state);
}

/* Any row of histogram(value [, weight], lo, hi, nbins). */
static pg_noinline Datum
equal_width_row(FunctionCallInfo fcinfo, int weight_arg, int first_arg)
{
	kld_bins	bins;

	if (kld_row_is_skipped(fcinfo, weight_arg))
		return skip_row(fcinfo);

	read_equal_width(fcinfo, first_arg, &bins);
	return histogram_transition(fcinfo, weight_arg, &bins, NULL);
}

/* histogram(value, lo, hi, nbins) */
PG_FUNCTION_INFO_V1(histogram_equal_width_transition);
Datum
histogram_equal_width_transition(PG_FUNCTION_ARGS)
{
	ArrayType  *state = equal_width_common_row(fcinfo, KLD_NO_ARGUMENT, 2);

	if (likely(state != NULL))
		PG_RETURN_ARRAYTYPE_P(state);
	return equal_width_row(fcinfo, KLD_NO_ARGUMENT, 2);
}

/* histogram(value, weight, lo, hi, nbins) */
PG_FUNCTION_INFO_V1(histogram_equal_width_weighted_transition);
Datum
histogram_equal_width_weighted_transition(PG_FUNCTION_ARGS)
{
	ArrayType  *state = equal_width_common_row(fcinfo, 2, 3);

	if (likely(state != NULL))
		PG_RETURN_ARRAYTYPE_P(state);
	return equal_width_row(fcinfo, 2, 3);
}

/* histogram(value, edges) */
PG_FUNCTION_INFO_V1(histogram_edges_transition);
Datum
histogram_edges_transition(PG_FUNCTION_ARGS)
{
	if (kld_row_is_skipped(fcinfo, KLD_NO_ARGUMENT))
		return skip_row(fcinfo);
	return histogram_edges_row(fcinfo, KLD_NO_ARGUMENT, 2);
}

/* histogram(value, weight, edges) */
PG_FUNCTION_INFO_V1(histogram_edges_weighted_transition);
Datum
histogram_edges_weighted_transition(PG_FUNCTION_ARGS)
{
	if (kld_row_is_skipped(fcinfo, 2))
		return skip_row(fcinfo);
	return histogram_edges_row(fcinfo, 2, 3);
}

static ArrayType *
copy_array(MemoryContext context, ArrayType *array)
{
	ArrayType  *copy = new_float8_array(context, ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array)));

	memcpy(ARR_DATA_PTR(copy), ARR_DATA_PTR(array),
		   ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array)) * sizeof(double));
	return copy;
}

/* Merges two partial states, from parallel workers or other servers. */
PG_FUNCTION_INFO_V1(histogram_combine);
Datum
histogram_combine(PG_FUNCTION_ARGS)
{
	MemoryContext context = kld_aggregate_context(fcinfo, "histogram_combine");
	ArrayType  *from = kld_state_argument(fcinfo, 1);
	ArrayType  *into;
	kld_hist	into_hist,
				from_hist;
	kld_fault	fault;

	if (from == NULL)
		return kld_state_unchanged(fcinfo);
	decode_state(from, &from_hist);
	into = kld_state_argument(fcinfo, 0);
	if (into == NULL)
		PG_RETURN_ARRAYTYPE_P(copy_array(context, from));
	decode_state(into, &into_hist);
	if (kld_hist_merge(&into_hist, &from_hist, &fault) != KLD_OK)
		kld_raise_fault(&fault, NULL, NULL);
	PG_RETURN_ARRAYTYPE_P(into);
}

/* The counts: underflow, the bins, overflow. Leaves the state untouched. */
PG_FUNCTION_INFO_V1(histogram_final);
Datum
histogram_final(PG_FUNCTION_ARGS)
{
	ArrayType  *state = kld_state_argument(fcinfo, 0);
	ArrayType  *result;
	kld_hist	hist;

	if (state == NULL)
		PG_RETURN_NULL();
	decode_state(state, &hist);
	result = new_float8_array(CurrentMemoryContext, hist.ncounts);
	memcpy(ARR_DATA_PTR(result), hist.counts, hist.ncounts * sizeof(double));
	PG_RETURN_ARRAYTYPE_P(result);
}

/*
 * histogram_sum's transition and combine function: element-wise sum of
 * histograms of one length. NULL and empty histograms are skipped.
 */
PG_FUNCTION_INFO_V1(histogram_sum_transition);
Datum
histogram_sum_transition(PG_FUNCTION_ARGS)
{
	MemoryContext context = kld_aggregate_context(fcinfo, "histogram_sum_transition");
	ArrayType  *added = kld_state_argument(fcinfo, 1);
	ArrayType  *state;
	kld_array	sum,
				h;
	kld_fault	fault;

	if (added == NULL)
		return kld_state_unchanged(fcinfo);
	kld_read_array(added, KLD_ARG_H, &h);
	state = kld_state_argument(fcinfo, 0);
	if (state == NULL)
	{
		state = new_float8_array(context, h.length);
		kld_read_array(state, KLD_ARG_STATE, &sum);
	}
	else
	{
		kld_read_array(state, KLD_ARG_STATE, &sum);
		if (sum.length != h.length)
			kld_raise_sum_length_mismatch(h.length, sum.length);
	}
	if (kld_counts_add((double *) sum.values, h.values, h.length, &fault) != KLD_OK)
		kld_raise_fault(&fault, &h, NULL);
	PG_RETURN_ARRAYTYPE_P(state);
}
