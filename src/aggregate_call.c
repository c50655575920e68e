/*
 * aggregate_call.c: the checks every aggregate support function starts with.
 */
#include "aggregate_call.h"

#include "catalog/pg_aggregate.h"
#include "utils/syscache.h"

#include "array_arg.h"
#include "fault_report.h"

bool
kld_states_are_own(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref;
	HeapTuple	tuple;
	bool		no_initcond = false;

	if (AggCheckCallContext(fcinfo, NULL) != AGG_CONTEXT_AGGREGATE ||
		(aggref = AggGetAggref(fcinfo)) == NULL)
		return false;
	tuple = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggref->aggfnoid));
	if (HeapTupleIsValid(tuple))
	{
		(void) SysCacheGetAttr(AGGFNOID, tuple, Anum_pg_aggregate_agginitval, &no_initcond);
		ReleaseSysCache(tuple);
	}
	return no_initcond;
}

ArrayType *
kld_state_argument(FunctionCallInfo fcinfo, int arg)
{
	ArrayType  *array;

	if (PG_ARGISNULL(arg))
		return NULL;
	array = PG_GETARG_ARRAYTYPE_P(arg);
	return ARR_NDIM(array) == 0 ? NULL : array;
}

bool
kld_row_is_skipped(FunctionCallInfo fcinfo, int weight_arg)
{
	return PG_ARGISNULL(1) || (weight_arg != KLD_NO_ARGUMENT && PG_ARGISNULL(weight_arg));
}

Datum
kld_state_unchanged(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}
