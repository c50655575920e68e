/*
 * sparkline_sql.c: the SQL function sparkline(h): a histogram as a line of
 * block characters, one per bin. The core (core/sparkline.c) works out
 * each bin's level; block_chars.c spells the levels in the database's
 * encoding.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "array_arg.h"
#include "block_chars.h"
#include "core/kld.h"
#include "fault_report.h"
#include "interrupts.h"

PG_FUNCTION_INFO_V1(sparkline_float8arr);
Datum
sparkline_float8arr(PG_FUNCTION_ARGS)
{
	kld_array	h;
	kld_fault	fault;
	int		   *levels;
	StringInfoData out;
	text	   *result;

	kld_read_array(PG_GETARG_ARRAYTYPE_P(0), KLD_ARG_H, &h);
	levels = palloc(Max(h.length, 1) * sizeof(int));
	if (kld_sparkline_levels(h.values, h.length, levels, &fault) != KLD_OK)
		kld_raise_fault(&fault, &h, NULL);

	initStringInfo(&out);
	for (size_t i = 0; i < h.length; i++)
	{
		kld_check_for_interrupts(i);
		kld_append_spark_level(&out, levels[i]);
	}
	pfree(levels);
	result = cstring_to_text_with_len(out.data, out.len);
	pfree(out.data);
	PG_RETURN_TEXT_P(result);
}
