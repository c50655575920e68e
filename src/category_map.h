/*
 * category_map.h: reading jsonb category maps {"category": weight, ...} as
 * histograms over the union of their categories.
 */
#ifndef KLD_CATEGORY_MAP_H
#define KLD_CATEGORY_MAP_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "array_arg.h"

/*
 * One map as a histogram: its weights in the map's own key order, with the
 * keys as labels for messages. Raises the error for anything that is not an
 * object of numbers.
 */
void		kld_read_category_map(Jsonb *map, kld_arg arg, kld_array *out);

/*
 * Two maps aligned on the union of their keys: a key missing on one side
 * has weight 0 there. Both outputs share one label array.
 */
void		kld_read_category_pair(Jsonb *p, Jsonb *q, kld_array *p_out,
								   kld_array *q_out);

/*
 * A jsonb number as a float8 weight, the value of key in argument arg (for
 * errors). Out-of-range numbers are an error rather than Infinity or 0.
 */
double		kld_numeric_weight(Numeric number, kld_arg arg, const kld_label *key);

#endif							/* KLD_CATEGORY_MAP_H */
