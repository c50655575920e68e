/*
 * drift_report_query_sql.c: the SQL functions drift_report_query() and
 * drift_report_statement(): the query texts drift_report() runs, read by
 * the server's own parser.
 *
 * drift_report() wraps the caller's queries in SQL of its own and runs the
 * result with EXECUTE. Two functions keep that to exactly one SELECT:
 *
 * drift_report_query(query, argument) takes one SELECT's text out of a
 * query, dropping a trailing semicolon and whatever follows it, as the
 * parser sees them (quotes, comments and the lexing settings included), so
 * that it can go in parentheses.
 *
 * drift_report_statement(sql, argument) returns sql if it is one SELECT,
 * and raises an error otherwise. drift_report() passes every text it runs
 * through it right before the EXECUTE, with nothing in between that could
 * change how the text is lexed: the check reads exactly what runs, even if
 * an earlier read changed a setting such as standard_conforming_strings.
 */
#include "postgres.h"

#include "fmgr.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/builtins.h"

#include "fault_report.h"

/* The one statement of sql, which must be a SELECT; argument names sql. */
static RawStmt *
one_select(const char *sql, const char *argument)
{
	List	   *statements = raw_parser(sql, RAW_PARSE_DEFAULT);
	RawStmt    *statement;

	if (list_length(statements) != 1)
		kld_raise_not_one_query(argument, list_length(statements));
	statement = linitial_node(RawStmt, statements);
	if (!IsA(statement->stmt, SelectStmt))
		kld_raise_not_a_select(argument);
	return statement;
}

PG_FUNCTION_INFO_V1(drift_report_query);
Datum
drift_report_query(PG_FUNCTION_ARGS)
{
	char	   *query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	RawStmt    *statement = one_select(query, text_to_cstring(PG_GETARG_TEXT_PP(1)));
	int			length = statement->stmt_len;

	/* A length of 0 means the rest of the text: no semicolon ended it. */
	if (length == 0)
		length = (int) strlen(query) - statement->stmt_location;
	PG_RETURN_TEXT_P(cstring_to_text_with_len(query + statement->stmt_location, length));
}

PG_FUNCTION_INFO_V1(drift_report_statement);
Datum
drift_report_statement(PG_FUNCTION_ARGS)
{
	(void) one_select(text_to_cstring(PG_GETARG_TEXT_PP(0)),
					  text_to_cstring(PG_GETARG_TEXT_PP(1)));
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}
