/*
 * aggregate_call.c: the checks every aggregate support function starts with.
 */
#include "aggregate_call.h"

#include "fault_report.h"

MemoryContext
kld_aggregate_context(FunctionCallInfo fcinfo, const char *function)
{
	MemoryContext context;

	if (!AggCheckCallContext(fcinfo, &context))
		kld_raise_outside_aggregate(function);
	return context;
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
