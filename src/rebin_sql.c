/*
 * rebin_sql.c: the SQL function rebin(h, edges, new_edges), a histogram
 * moved onto other edges (the rules are in src/core/rebin.c).
 */
#include "postgres.h"

#include "fmgr.h"

#include "array_arg.h"
#include "core/kld.h"
#include "fault_report.h"

PG_FUNCTION_INFO_V1(rebin_float8arr);
Datum
rebin_float8arr(PG_FUNCTION_ARGS)
{
	kld_array	h,
				edges,
				new_edges;
	kld_fault	fault;
	ArrayType  *result;

	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_H, &h);
	kld_read_array(PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_EDGES, &edges);
	kld_read_array(PG_GETARG_ARRAYTYPE_P(2), KLD_ARG_NEW_EDGES, &new_edges);
	result = kld_new_float8_array(new_edges.length + 1, 1);
	if (kld_rebin(h.values, h.length, edges.values, edges.length,
				  new_edges.values, new_edges.length,
				  (double *) ARR_DATA_PTR(result), &fault) != KLD_OK)
	{
		/* The fault names one array; a fault about h or edges finds it here. */
		kld_raise_fault(&fault, fault.arg == KLD_ARG_NEW_EDGES ? &new_edges : &edges, &h);
	}
	PG_RETURN_ARRAYTYPE_P(result);
}
