/*
 * clipped_value.h: user values quoted in messages, cut to a bounded length.
 */
#ifndef KLD_CLIPPED_VALUE_H
#define KLD_CLIPPED_VALUE_H

#include "postgres.h"

#include "utils/jsonb.h"

/*
 * Characters of a value that a message quotes; a longer value is cut there
 * and "…" appended ("..." in a database whose encoding is not UTF8).
 */
#define KLD_QUOTED_CHARS 64

/*
 * text (length bytes, valid in the database encoding, not necessarily
 * terminated), cut to KLD_QUOTED_CHARS characters: a new string. Reads at
 * most that many characters of it.
 */
char	   *kld_clip_text(const char *text, size_t length);

/*
 * A jsonb value as jsonb's text form writes it, cut as kld_clip_text cuts:
 * only about as much of a large array, object or string is read as the
 * message shows.
 */
char	   *kld_clip_jsonb(const JsonbValue *value);

#endif							/* KLD_CLIPPED_VALUE_H */
