/*
 * block_chars.c: sparkline and bar characters (see block_chars.h).
 */
#include "block_chars.h"

#include "mb/pg_wchar.h"

#include "core/kld.h"

/*
 * Level 0 is an empty bin: a space in UTF8, a '0' among ASCII digits. The
 * blocks U+2581 .. U+2588 are spelled as UTF-8 bytes, whatever the
 * compiler's execution character set.
 */
static const char *const utf8_levels[KLD_SPARK_LEVELS + 1] = {
	" ", "\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};
static const char *const ascii_levels[KLD_SPARK_LEVELS + 1] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8"
};

#define UTF8_FULL_BLOCK "\xe2\x96\x88"	/* U+2588 */
#define ASCII_BLOCK "#"

static bool
blocks_representable(void)
{
	return GetDatabaseEncoding() == PG_UTF8;
}

void
kld_append_spark_level(StringInfo out, int level)
{
	Assert(level >= 0 && level <= KLD_SPARK_LEVELS);
	appendStringInfoString(out, blocks_representable() ?
						   utf8_levels[level] : ascii_levels[level]);
}

static void
append_blocks(StringInfo out, int count)
{
	const char *block = blocks_representable() ? UTF8_FULL_BLOCK : ASCII_BLOCK;

	for (int i = 0; i < count; i++)
		appendStringInfoString(out, block);
}

void
kld_append_bar(StringInfo out, int bar)
{
	int			left = bar < 0 ? -bar : 0;
	int			right = bar > 0 ? bar : 0;

	Assert(left <= KLD_BAR_WIDTH && right <= KLD_BAR_WIDTH);
	appendStringInfoSpaces(out, KLD_BAR_WIDTH - left);
	append_blocks(out, left);
	appendStringInfoChar(out, '|');
	append_blocks(out, right);
	/* Every bar the same width, for clients that align text on the right. */
	appendStringInfoSpaces(out, KLD_BAR_WIDTH - right);
}
