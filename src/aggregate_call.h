/*
 * aggregate_call.h: what every aggregate support function of the
 * extension does first: make sure it runs inside an aggregate, skip a row
 * or a partial state with nothing to add, and read its float8[] state.
 */
#ifndef KLD_AGGREGATE_CALL_H
#define KLD_AGGREGATE_CALL_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/nodes.h"
#include "utils/array.h"

#include "array_arg.h"
#include "fault_report.h"

/*
 * The aggregate's memory context, where a state lives across rows; an
 * error (0A000) naming function if it was called outside an aggregate.
 */
static inline MemoryContext
kld_aggregate_context(FunctionCallInfo fcinfo, const char *function)
{
	MemoryContext context;

	if (!AggCheckCallContext(fcinfo, &context))
		kld_raise_outside_aggregate(function);
	return context;
}

/*
 * kld_aggregate_context's check alone, inline for the transition functions'
 * rows, which need the context only to make a new state: the same error
 * outside an aggregate.
 */
static inline void
kld_check_aggregate(FunctionCallInfo fcinfo, const char *function)
{
	if (likely(fcinfo->context != NULL &&
			   (IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState))))
		return;
	(void) kld_aggregate_context(fcinfo, function);
}

/*
 * Argument arg, a non-NULL array, detoasted as PG_GETARG_ARRAYTYPE_P does;
 * inline, for a state that a transition function made and gets back on
 * every row, in plain form.
 */
static inline ArrayType *
kld_array_argument(FunctionCallInfo fcinfo, int arg)
{
	struct varlena *datum = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(arg));

	return (ArrayType *) (likely(!VARATT_IS_EXTENDED(datum)) ? datum : pg_detoast_datum(datum));
}

/*
 * Whether every state this call site's transition function gets is one it
 * made itself: a plain aggregate (not a window one) without INITCOND, so
 * that each group's state starts NULL. Such a state needs no check of its
 * layout on later rows. Reads the catalog: once per call site (fn_extra).
 */
bool		kld_states_are_own(FunctionCallInfo fcinfo);

/*
 * Argument arg as a float8[] state, detoasted once, or NULL for SQL NULL
 * and for an empty array, which stands for "no rows yet" as NULL does.
 */
ArrayType  *kld_state_argument(FunctionCallInfo fcinfo, int arg);

/*
 * Whether a row adds nothing: its value (argument 1) is NULL, or its weight
 * (argument weight_arg, or KLD_NO_ARGUMENT for none) is. Such a row is
 * skipped, whatever its other arguments.
 */
bool		kld_row_is_skipped(FunctionCallInfo fcinfo, int weight_arg);

/*
 * The state (argument 0) passed on unchanged, NULL or not, for a row that
 * is skipped or a partial state with nothing in it:
 * return kld_state_unchanged(fcinfo);
 */
Datum		kld_state_unchanged(FunctionCallInfo fcinfo);

#endif							/* KLD_AGGREGATE_CALL_H */
