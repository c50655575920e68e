/*
 * compare_histograms_sql.c: the SQL function compare_histograms(p, q,
 * epsilon), of histograms or of category maps: one row per bin with both
 * shares, the kl_div and psi terms and a bar (core/comparison.c works out
 * every number; block_chars.c draws the bar).
 *
 * Arguments are read as by kl_div() and psi(); this file only turns the
 * core's rows into SQL values and characters.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "array_arg.h"
#include "block_chars.h"
#include "category_map.h"
#include "core/kld.h"
#include "fault_report.h"
#include "interrupts.h"

/* compare_histograms' columns, in order. */
enum
{
	COLUMN_BIN,
	COLUMN_P_SHARE,
	COLUMN_Q_SHARE,
	COLUMN_KL_DIV_TERM,
	COLUMN_PSI_TERM,
	COLUMN_BAR,
	N_COLUMNS
};

/*
 * compare_histograms' rows for p and q as read: the first column is the
 * bin's subscript in p, or for category maps the category.
 */
static Datum
compare(FunctionCallInfo fcinfo, const kld_array *p, const kld_array *q)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	kld_fault	fault;
	kld_bin_comparison *rows;
	StringInfoData bar;

	/* At most p's length, which an array already holds in memory. */
	rows = palloc(Max(p->length, 1) * sizeof(kld_bin_comparison));
	if (kld_compare_bins(p->values, q->values, p->length, q->length,
						 PG_GETARG_FLOAT8(2), rows, &fault) != KLD_OK)
		kld_raise_fault(&fault, p, q);

	InitMaterializedSRF(fcinfo, 0);
	initStringInfo(&bar);
	for (size_t i = 0; i < p->length; i++)
	{
		Datum		values[N_COLUMNS];
		bool		nulls[N_COLUMNS] = {false};

		kld_check_for_interrupts(i);
		resetStringInfo(&bar);
		kld_append_bar(&bar, rows[i].bar);
		values[COLUMN_BIN] = p->labels != NULL ?
			PointerGetDatum(cstring_to_text_with_len(p->labels[i].text, p->labels[i].length)) :
			Int32GetDatum(p->lower_bound + (int) i);
		values[COLUMN_P_SHARE] = Float8GetDatum(rows[i].p_share);
		values[COLUMN_Q_SHARE] = Float8GetDatum(rows[i].q_share);
		values[COLUMN_KL_DIV_TERM] = Float8GetDatum(rows[i].kl_div_term);
		values[COLUMN_PSI_TERM] = Float8GetDatum(rows[i].psi_term);
		values[COLUMN_BAR] = PointerGetDatum(cstring_to_text_with_len(bar.data, bar.len));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(compare_histograms_float8arr);
Datum
compare_histograms_float8arr(PG_FUNCTION_ARGS)
{
	kld_array	p,
				q;

	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_P, &p);
	kld_read_array(PG_GETARG_ARRAYTYPE_P(1), KLD_ARG_Q, &q);
	return compare(fcinfo, &p, &q);
}

PG_FUNCTION_INFO_V1(compare_histograms_jsonb);
Datum
compare_histograms_jsonb(PG_FUNCTION_ARGS)
{
	kld_array	p,
				q;

	kld_read_category_pair(PG_GETARG_JSONB_P(0), PG_GETARG_JSONB_P(1), &p, &q);
	return compare(fcinfo, &p, &q);
}
