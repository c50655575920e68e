/*
 * clipped_value.c: user values quoted in messages, cut to a bounded length.
 *
 * A category name, a jsonb value or an argument name can be megabytes long;
 * quoted in full, one bad value makes a message of megabytes, for the client
 * and for the server log. Messages quote at most KLD_QUOTED_CHARS characters
 * of it, cut on a character boundary, and only that much is ever rendered.
 */
#include "clipped_value.h"

#include <limits.h>

#include "mb/pg_wchar.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"

/* U+2026 where the database encoding has it, else three dots. */
static const char *
ellipsis(void)
{
	return GetDatabaseEncoding() == PG_UTF8 ? "\xe2\x80\xa6" : "...";
}

char *
kld_clip_text(const char *text, size_t length)
{
	int			len = (int) Min(length, (size_t) INT_MAX);
	int			keep = pg_mbcharcliplen(text, len, KLD_QUOTED_CHARS);
	char	   *shown = pnstrdup(text, keep);

	if ((size_t) keep == length)
		return shown;
	return psprintf("%s%s", shown, ellipsis());
}

/*
 * Bytes past which a rendering surely holds more characters than a message
 * shows, so rendering can stop.
 */
static int
enough_bytes(void)
{
	return KLD_QUOTED_CHARS * pg_database_encoding_max_length();
}

/*
 * A JSON string, escaped as jsonb writes it, but of no more than one
 * character past the cut: enough for the cut to show, and a huge string
 * costs no more than a short one. Whatever follows a shortened string is
 * past the cut and never shown.
 */
static void
append_string(StringInfo out, const char *text, int length)
{
	int			keep = pg_mbcharcliplen(text, length, KLD_QUOTED_CHARS + 1);

	escape_json(out, pnstrdup(text, keep));
}

static void
append_scalar(StringInfo out, const JsonbValue *value)
{
	switch (value->type)
	{
		case jbvNull:
			appendStringInfoString(out, "null");
			break;
		case jbvBool:
			appendStringInfoString(out, value->val.boolean ? "true" : "false");
			break;
		case jbvNumeric:
			appendStringInfoString(out, DatumGetCString(DirectFunctionCall1(numeric_out,
																		NumericGetDatum(value->val.numeric))));
			break;
		case jbvString:
			append_string(out, value->val.string.val, value->val.string.len);
			break;
		default:
			elog(ERROR, "unexpected jsonb value type %d", (int) value->type);
	}
}

/* Tokens that begin an element or a key-value pair, and those that end one. */
static bool
begins_item(JsonbIteratorToken token)
{
	return token == WJB_KEY || token == WJB_ELEM ||
		token == WJB_BEGIN_ARRAY || token == WJB_BEGIN_OBJECT;
}

static bool
ends_item(JsonbIteratorToken token)
{
	return token == WJB_VALUE || token == WJB_ELEM ||
		token == WJB_END_ARRAY || token == WJB_END_OBJECT;
}

/*
 * An array or object (never a raw scalar: it is nested in a map), written
 * token by token as JsonbToCString writes it, until the text is longer than
 * a message shows.
 */
static void
append_container(StringInfo out, JsonbContainer *container)
{
	JsonbIterator *it = JsonbIteratorInit(container);
	JsonbIteratorToken token;
	JsonbIteratorToken previous = WJB_DONE;
	JsonbValue	v;

	while (out->len <= enough_bytes() &&
		   (token = JsonbIteratorNext(&it, &v, false)) != WJB_DONE)
	{
		if (begins_item(token) && ends_item(previous))
			appendStringInfoString(out, ", ");
		if (token == WJB_BEGIN_ARRAY || token == WJB_END_ARRAY)
			appendStringInfoChar(out, token == WJB_BEGIN_ARRAY ? '[' : ']');
		else if (token == WJB_BEGIN_OBJECT || token == WJB_END_OBJECT)
			appendStringInfoChar(out, token == WJB_BEGIN_OBJECT ? '{' : '}');
		else
			append_scalar(out, &v);
		if (token == WJB_KEY)
			appendStringInfoString(out, ": ");
		previous = token;
	}
}

char *
kld_clip_jsonb(const JsonbValue *value)
{
	StringInfoData out;

	initStringInfo(&out);
	if (value->type == jbvBinary)
		append_container(&out, value->val.binary.data);
	else
		append_scalar(&out, value);
	return kld_clip_text(out.data, out.len);
}
