/*
 * drift_report_columns_sql.c: the SQL function drift_report_columns(query,
 * argument): the columns a query returns, without running it.
 *
 * drift_report() is written in PL/pgSQL, which cannot ask what columns a
 * query given as text returns. This function parses and analyzes the query
 * through SPI (with the caller's privileges, like any other statement of
 * the caller's) and reads its result descriptor; no row is read.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/plancache.h"

#include "clipped_value.h"
#include "fault_report.h"
#include "interrupts.h"

PG_FUNCTION_INFO_V1(drift_report_columns);
Datum
drift_report_columns(PG_FUNCTION_ARGS)
{
	char	   *query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *argument = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SPIPlanPtr	plan;
	List	   *sources;
	TupleDesc	columns;

	InitMaterializedSRF(fcinfo, 0);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = SPI_prepare(query, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for %s: %s",
			 kld_clip_text(argument, strlen(argument)),
			 SPI_result_code_string(SPI_result));
	sources = SPI_plan_get_plan_sources(plan);
	if (list_length(sources) != 1)
		kld_raise_not_one_query(argument, list_length(sources));
	columns = ((CachedPlanSource *) linitial(sources))->resultDesc;
	if (columns == NULL || ((CachedPlanSource *) linitial(sources))->commandTag != CMDTAG_SELECT)
		kld_raise_not_a_select(argument);

	for (int i = 0; i < columns->natts; i++)
	{
		Form_pg_attribute column = TupleDescAttr(columns, i);
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		kld_check_for_interrupts(i);
		if (column->attisdropped)
			continue;
		values[0] = Int32GetDatum(i + 1);
		values[1] = CStringGetTextDatum(NameStr(column->attname));
		values[2] = ObjectIdGetDatum(column->atttypid);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_finish();
	return (Datum) 0;
}
