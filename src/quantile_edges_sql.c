/*
 * quantile_edges_sql.c: the SQL aggregate quantile_edges(value, nbins).
 *
 * The state is a float8[] (layout in core/quantile_sketch.h), a real type
 * so that parallel workers and other servers can hand partial states
 * around, as text if need be. Rows are appended in place; when the state's
 * slots are full they are sorted into its summary, in place too unless the
 * state must grow. A grown (or new) state is built in the per-call memory
 * context and returned: nodeAgg copies a state returned under a new pointer
 * into the aggregate's context and frees the old one, so nothing leaks and
 * the old state is never reallocated under nodeAgg's feet.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "aggregate_call.h"
#include "array_arg.h"
#include "core/quantile_sketch.h"
#include "fault_report.h"

/* Decodes a state: header only for our own, fully for one from outside. */
static void
decode_state(ArrayType *state, bool full, kld_qs *qs)
{
	kld_array	array;
	kld_fault	fault;

	kld_read_array(state, KLD_ARG_STATE, &array);
	if (kld_qs_decode((double *) array.values, array.length, full, qs, &fault) != KLD_OK)
		kld_raise_fault(&fault, NULL, NULL);
}

/*
 * Writes summary into state, of state_slots entries, if it has the slots
 * wanted; else into a new state, which it returns.
 */
static ArrayType *
store(ArrayType *state, size_t state_slots, size_t slots, int nbins,
	  const kld_qs_summary *summary)
{
	if (state == NULL || slots != state_slots)
		state = kld_new_float8_array(kld_qs_length(slots), 1);
	kld_qs_store((double *) ARR_DATA_PTR(state), slots, nbins, summary);
	return state;
}

/*
 * Whether this call site's states are all its own (kld_states_are_own),
 * asked once and kept in fn_extra: then a row reads the state's header
 * without checking it, which is most of a row's cost otherwise.
 */
static bool
states_trusted(FunctionCallInfo fcinfo)
{
	bool	   *own = fcinfo->flinfo->fn_extra;

	if (unlikely(own == NULL))
	{
		own = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(bool));
		*own = kld_states_are_own(fcinfo);
		fcinfo->flinfo->fn_extra = own;
	}
	return *own;
}

/*
 * Sorts the appended rows into the summary; the state may grow. trusted:
 * the state is this function's own (states_trusted).
 */
static ArrayType *
make_room(ArrayType *state, kld_qs *qs, bool trusted)
{
	kld_qs_summary summary;
	double	   *work;

	/*
	 * Else checked in full here, once per few thousand rows, so that a
	 * hand-made state (an INITCOND, say) is never sorted or summed
	 * unchecked.
	 */
	if (trusted)
		kld_qs_count_total(qs);
	else
		decode_state(state, true, qs);
	work = palloc(kld_qs_work_length(qs, NULL) * sizeof(double));
	kld_qs_flush(qs, NULL, work, &summary);
	state = store(state, qs->slots, kld_qs_slots_for(&summary, qs->slots), qs->nbins,
				  &summary);
	pfree(work);
	decode_state(state, false, qs);
	return state;
}


/*
 * quantile_edges(value, nbins): one row. NULL values are skipped; the first
 * other row makes the state, even if its value is infinite, so that nbins is
 * checked on every row.
 */
PG_FUNCTION_INFO_V1(quantile_edges_transition);
Datum
quantile_edges_transition(PG_FUNCTION_ARGS)
{
	ArrayType  *state;
	kld_qs		qs;
	kld_fault	fault;
	double		value;
	int			nbins;
	bool		counted;

	kld_check_aggregate(fcinfo, "quantile_edges_transition");
	if (kld_row_is_skipped(fcinfo, KLD_NO_ARGUMENT))
		return kld_state_unchanged(fcinfo);
	if (PG_ARGISNULL(2))
		kld_raise_null_quantile_nbins();
	value = PG_GETARG_FLOAT8(1);
	nbins = PG_GETARG_INT32(2);

	if (states_trusted(fcinfo))
	{
		/* Made by this function: plain, one dimension, its own layout. */
		state = PG_ARGISNULL(0) ? NULL : kld_array_argument(fcinfo, 0);
		if (state != NULL)
			kld_qs_view((double *) ARR_DATA_PTR(state), (size_t) ARR_DIMS(state)[0], &qs);
	}
	else
	{
		state = kld_state_argument(fcinfo, 0);
		if (state != NULL)
			decode_state(state, false, &qs);
	}
	if (state == NULL)
	{
		if (kld_qs_check_nbins(nbins, &fault) != KLD_OK)
			kld_raise_fault(&fault, NULL, NULL);
		state = kld_new_float8_array(kld_qs_length(KLD_QS_MIN_SLOTS), 1);
		kld_qs_init((double *) ARR_DATA_PTR(state), KLD_QS_MIN_SLOTS, nbins);
		decode_state(state, false, &qs);
	}
	if (kld_qs_check_row(&qs, nbins, value, &counted, &fault) != KLD_OK)
		kld_raise_fault(&fault, NULL, NULL);
	if (counted)
	{
		if (qs.used == qs.slots)
			state = make_room(state, &qs, states_trusted(fcinfo));
		kld_qs_append(&qs, value);
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

/* Merges two partial states, from parallel workers or other servers. */
PG_FUNCTION_INFO_V1(quantile_edges_combine);
Datum
quantile_edges_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *into = kld_state_argument(fcinfo, 0);
	ArrayType  *from = kld_state_argument(fcinfo, 1);
	kld_qs		a,
				b;
	kld_qs_summary summary;
	kld_fault	fault;
	double	   *work;

	(void) kld_aggregate_context(fcinfo, "quantile_edges_combine");
	if (from == NULL)
		return kld_state_unchanged(fcinfo);
	decode_state(from, true, &b);
	if (into == NULL)
	{
		/* A copy of from, whose memory belongs to the caller. */
		work = palloc(kld_qs_work_length(&b, NULL) * sizeof(double));
		kld_qs_flush(&b, NULL, work, &summary);
	}
	else
	{
		decode_state(into, true, &a);
		if (kld_qs_merge_check(&a, &b, &fault) != KLD_OK)
			kld_raise_fault(&fault, NULL, NULL);
		work = palloc(kld_qs_work_length(&a, &b) * sizeof(double));
		kld_qs_flush(&a, &b, work, &summary);
	}
	into = store(NULL, 0, kld_qs_slots_for(&summary, KLD_QS_MIN_SLOTS), b.nbins, &summary);
	pfree(work);
	PG_RETURN_ARRAYTYPE_P(into);
}

/* The edges, or NULL when no finite value was counted. Leaves the state untouched. */
PG_FUNCTION_INFO_V1(quantile_edges_final);
Datum
quantile_edges_final(PG_FUNCTION_ARGS)
{
	ArrayType  *state = kld_state_argument(fcinfo, 0);
	ArrayType  *result;
	kld_qs		qs;
	kld_qs_summary summary;
	double	   *work;
	double	   *edges;
	size_t		nedges;

	if (state == NULL)
		PG_RETURN_NULL();
	decode_state(state, true, &qs);
	if (qs.used == 0)
		PG_RETURN_NULL();
	work = palloc(kld_qs_work_length(&qs, NULL) * sizeof(double));
	kld_qs_flush(&qs, NULL, work, &summary);
	edges = palloc((qs.nbins + 1) * sizeof(double));
	nedges = kld_qs_edges(&summary, qs.nbins, edges);
	result = kld_new_float8_array(nedges, 1);
	memcpy(ARR_DATA_PTR(result), edges, nedges * sizeof(double));
	PG_RETURN_ARRAYTYPE_P(result);
}

/* quantile_edges_max_bins(): the largest nbins quantile_edges() accepts. */
PG_FUNCTION_INFO_V1(quantile_edges_max_bins);
Datum
quantile_edges_max_bins(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(KLD_MAX_QUANTILE_BINS);
}
