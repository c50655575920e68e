/*
 * homogeneity_sql.c: the SQL tests of homogeneity, each returning a record
 * (statistic, [dof,] p_value): chi2_test, g_test and psi_test over float8[]
 * histograms of counts and jsonb category maps, ks_test over ordered bins;
 * and p_adjust, which corrects p-values for testing many hypotheses.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "array_arg.h"
#include "category_map.h"
#include "clipped_value.h"
#include "core/kld.h"
#include "fault_report.h"

typedef kld_status (*test_fn) (const double *p, const double *q, size_t np, size_t nq,
							   kld_test_result *result, kld_fault *fault);

/* Which of a kld_test_result's fields a function returns, in order. */
typedef enum test_field
{
	FIELD_PSI,
	FIELD_STATISTIC,
	FIELD_DOF,
	FIELD_P_VALUE,
	FIELD_END
} test_field;

/* The record of the fields listed (ending with FIELD_END). */
static Datum
test_record(FunctionCallInfo fcinfo, const kld_test_result *r, const test_field *fields)
{
	TupleDesc	tupdesc;
	Datum		values[FIELD_END];
	bool		nulls[FIELD_END] = {false};
	int			count = 0;

	/* The row type, worked out and blessed once per call site. */
	tupdesc = (TupleDesc) fcinfo->flinfo->fn_extra;
	if (tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		tupdesc = BlessTupleDesc(tupdesc);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = tupdesc;
	}
	for (; fields[count] != FIELD_END; count++)
	{
		switch (fields[count])
		{
			case FIELD_PSI:
				values[count] = Float8GetDatum(r->psi);
				break;
			case FIELD_STATISTIC:
				values[count] = Float8GetDatum(r->statistic);
				break;
			case FIELD_DOF:
				/* bins - 1: an array has fewer than 2^31 elements */
				values[count] = Int32GetDatum((int32) r->dof);
				break;
			case FIELD_P_VALUE:
				values[count] = Float8GetDatum(r->p_value);
				break;
			case FIELD_END:
				break;
		}
	}
	if (tupdesc->natts != count)
		elog(ERROR, "return type has %d columns, expected %d", tupdesc->natts, count);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

static const test_field chi2_fields[] = {FIELD_STATISTIC, FIELD_DOF, FIELD_P_VALUE, FIELD_END};
static const test_field ks_fields[] = {FIELD_STATISTIC, FIELD_P_VALUE, FIELD_END};
static const test_field psi_fields[] = {FIELD_PSI, FIELD_STATISTIC, FIELD_DOF, FIELD_P_VALUE, FIELD_END};

static void
read_pair(FunctionCallInfo fcinfo, bool category_maps, kld_array *p, kld_array *q)
{
	if (category_maps)
		kld_read_category_pair(PG_GETARG_JSONB_P(0), PG_GETARG_JSONB_P(1), p, q);
	else
	{
		kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, p);
		kld_read_array(PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_Q, q);
	}
}

static Datum
call_test(FunctionCallInfo fcinfo, bool category_maps, test_fn fn, const test_field *fields)
{
	kld_array	p,
				q;
	kld_test_result result;
	kld_fault	fault;

	read_pair(fcinfo, category_maps, &p, &q);
	if (fn(p.values, q.values, p.length, q.length, &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, &q);
	return test_record(fcinfo, &result, fields);
}

static Datum
call_psi_test(FunctionCallInfo fcinfo, bool category_maps)
{
	kld_array	p,
				q;
	kld_test_result result;
	kld_fault	fault;

	read_pair(fcinfo, category_maps, &p, &q);
	if (kld_psi_test(p.values, q.values, p.length, q.length, PG_GETARG_FLOAT8(2),
					 &result, &fault) != KLD_OK)
		kld_raise_fault(&fault, &p, &q);
	return test_record(fcinfo, &result, psi_fields);
}

PG_FUNCTION_INFO_V1(chi2_test_float8arr);
Datum
chi2_test_float8arr(PG_FUNCTION_ARGS)
{
	return call_test(fcinfo, false, kld_chi2_test, chi2_fields);
}

PG_FUNCTION_INFO_V1(chi2_test_jsonb);
Datum
chi2_test_jsonb(PG_FUNCTION_ARGS)
{
	return call_test(fcinfo, true, kld_chi2_test, chi2_fields);
}

PG_FUNCTION_INFO_V1(g_test_float8arr);
Datum
g_test_float8arr(PG_FUNCTION_ARGS)
{
	return call_test(fcinfo, false, kld_g_test, chi2_fields);
}

PG_FUNCTION_INFO_V1(g_test_jsonb);
Datum
g_test_jsonb(PG_FUNCTION_ARGS)
{
	return call_test(fcinfo, true, kld_g_test, chi2_fields);
}

PG_FUNCTION_INFO_V1(ks_test_float8arr);
Datum
ks_test_float8arr(PG_FUNCTION_ARGS)
{
	return call_test(fcinfo, false, kld_ks_test, ks_fields);
}

PG_FUNCTION_INFO_V1(psi_test_float8arr);
Datum
psi_test_float8arr(PG_FUNCTION_ARGS)
{
	return call_psi_test(fcinfo, false);
}

PG_FUNCTION_INFO_V1(psi_test_jsonb);
Datum
psi_test_jsonb(PG_FUNCTION_ARGS)
{
	return call_psi_test(fcinfo, true);
}

/* The correction a method's name asks for, or an error naming it. */
static kld_correction
read_correction(text *method)
{
	static const struct
	{
		const char *name;
		kld_correction correction;
	}			names[] = {
		{"none", KLD_CORRECTION_NONE},
		{"bonferroni", KLD_CORRECTION_BONFERRONI},
		{"holm", KLD_CORRECTION_HOLM},
		{"bh", KLD_CORRECTION_BH},
	};
	const char *name = VARDATA_ANY(method);
	size_t		length = VARSIZE_ANY_EXHDR(method);

	for (size_t i = 0; i < lengthof(names); i++)
		if (strlen(names[i].name) == length && memcmp(names[i].name, name, length) == 0)
			return names[i].correction;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid method: %s", quote_literal_cstr(kld_clip_text(name, length))),
			 errhint("Use 'none', 'bonferroni', 'holm' or 'bh' (Benjamini-Hochberg).")));
}

/*
 * p_adjust(p_values, method): NULL elements (tests that were not run) stay
 * NULL and do not count among the hypotheses.
 */
PG_FUNCTION_INFO_V1(p_adjust);
Datum
p_adjust(PG_FUNCTION_ARGS)
{
	ArrayType  *array = PG_GETARG_ARRAYTYPE_P(0);
	kld_correction correction = read_correction(PG_GETARG_TEXT_PP(1));
	Datum	   *elements;
	bool	   *nulls;
	int			count,
				present = 0;
	double	   *p;
	double	   *adjusted;
	int		   *position;
	kld_ranked_p *rank;
	kld_fault	fault;
	int			dims[1];
	int			lbs[1];

	if (ARR_NDIM(array) > 1)
		kld_raise_too_many_dimensions(KLD_ARG_P_VALUES, ARR_NDIM(array));
	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elements, &nulls, &count);
	p = palloc(sizeof(double) * (count + 1));
	adjusted = palloc(sizeof(double) * (count + 1));
	position = palloc(sizeof(int) * (count + 1));
	rank = palloc(sizeof(kld_ranked_p) * (count + 1));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			continue;
		position[present] = i;
		p[present++] = DatumGetFloat8(elements[i]);
	}
	if (kld_p_adjust(p, (size_t) present, correction, rank, adjusted, &fault) != KLD_OK)
	{
		fault.index = (size_t) position[fault.index];
		kld_raise_fault(&fault, NULL, NULL);
	}
	for (int i = 0; i < present; i++)
		elements[position[i]] = Float8GetDatum(adjusted[i]);
	dims[0] = count;
	lbs[0] = ARR_NDIM(array) == 1 ? ARR_LBOUND(array)[0] : 1;
	if (count == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(FLOAT8OID));
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elements, nulls, 1, dims, lbs, FLOAT8OID,
											 sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
