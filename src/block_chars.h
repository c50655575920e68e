/*
 * block_chars.h: the characters of sparklines and bars, in the database's
 * encoding.
 *
 * The block elements (U+2581..U+2588) exist in UTF8 only; in any other
 * database encoding (SQL_ASCII included, which would pass the bytes on
 * unconverted) the functions fall back to ASCII: digits for sparkline
 * levels and '#' for bar blocks.
 */
#ifndef KLD_BLOCK_CHARS_H
#define KLD_BLOCK_CHARS_H

#include "postgres.h"

#include "lib/stringinfo.h"

/* Appends the character of a sparkline level, 0 .. KLD_SPARK_LEVELS. */
void		kld_append_spark_level(StringInfo out, int level);

/*
 * Appends compare_histograms' bar for a signed length (core's
 * kld_bin_comparison.bar): KLD_BAR_WIDTH columns each side of '|', padded
 * with spaces so the centres line up: 2 KLD_BAR_WIDTH + 1 characters.
 */
void		kld_append_bar(StringInfo out, int bar);

#endif							/* KLD_BLOCK_CHARS_H */
