/*
 * aggregate_call.c: the checks every aggregate support function starts with.
 */
#include "aggregate_call.h"

#include "array_arg.h"
#include "fault_report.h"

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
