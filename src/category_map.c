/*
 * category_map.c: jsonb category maps as histograms.
 *
 * A map {"red": 3, "blue": 1} is a histogram whose bins are named. Two maps
 * are compared over the union of their keys, a missing key counting 0, so
 * the core sees two aligned double arrays as it does for float8[] input.
 * jsonb keeps an object's keys sorted (shorter first, then bytewise) and
 * unique, so aligning two maps is one merge of two sorted lists.
 */
#include "category_map.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

#include "fault_report.h"
#include "interrupts.h"

typedef struct category_list
{
	int			count;
	kld_label  *keys;
	double	   *weights;
} category_list;

/* jsonb's own order of object keys. */
static int
compare_keys(const kld_label *a, const kld_label *b)
{
	if (a->length != b->length)
		return a->length < b->length ? -1 : 1;
	return memcmp(a->text, b->text, a->length);
}

double
kld_numeric_weight(Numeric number, kld_arg arg, const kld_label *key)
{
	char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out,
														   NumericGetDatum(number)));
	char	   *end;
	double		weight;

	errno = 0;
	weight = strtod(text, &end);
	/* A subnormal result also sets ERANGE, but it is the right value. */
	if (errno == ERANGE && (weight == 0 || isinf(weight)))
		kld_raise_weight_out_of_range(arg, key, numeric_out_sci(number, 6));
	pfree(text);
	return weight;
}

static double
weight_of(kld_arg arg, const kld_label *key, const JsonbValue *value)
{
	if (value->type == jbvNumeric)
		return kld_numeric_weight(value->val.numeric, arg, key);
	kld_raise_category_not_a_number(arg, key, value);
}

/*
 * A map's keys and weights, in its key order. An empty map is reported as
 * such, rather than as a side with no positive weight once aligned with
 * the other map's keys.
 */
static void
read_categories(Jsonb *map, kld_arg arg, category_list *out)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken token;
	int			n = 0;

	if (!JB_ROOT_IS_OBJECT(map))
		kld_raise_not_a_category_map(arg, map);
	out->count = JB_ROOT_COUNT(map);
	if (out->count == 0)
	{
		kld_fault	fault = {.status = KLD_EMPTY, .arg = arg};

		kld_raise_fault(&fault, NULL, NULL);
	}

	out->keys = palloc(sizeof(kld_label) * out->count);
	out->weights = palloc(sizeof(double) * out->count);
	it = JsonbIteratorInit(&map->root);
	while ((token = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (token == WJB_KEY)
		{
			out->keys[n].text = v.val.string.val;
			out->keys[n].length = v.val.string.len;
		}
		else if (token == WJB_VALUE)
		{
			kld_check_for_interrupts(n);
			out->weights[n] = weight_of(arg, &out->keys[n], &v);
			n++;
		}
	}
	Assert(n == out->count);
}

void
kld_read_category_map(Jsonb *map, kld_arg arg, kld_array *out)
{
	category_list list;

	read_categories(map, arg, &list);
	*out = (kld_array) {arg, list.weights, list.count, 1, list.keys};
}

void
kld_read_category_pair(Jsonb *p, Jsonb *q, kld_array *p_out, kld_array *q_out)
{
	category_list pl,
				ql;
	double	   *pv,
			   *qv,
			   *pw,
			   *qw;
	kld_label  *keys;
	int			i = 0,
				j = 0,
				n = 0;

	read_categories(p, KLD_ARG_P, &pl);
	read_categories(q, KLD_ARG_Q, &ql);
	pv = pl.weights;
	qv = ql.weights;

	keys = palloc(sizeof(kld_label) * (pl.count + ql.count));
	pw = palloc(sizeof(double) * (pl.count + ql.count));
	qw = palloc(sizeof(double) * (pl.count + ql.count));
	while (i < pl.count || j < ql.count)
	{
		int			order = i == pl.count ? 1 : j == ql.count ? -1 :
			compare_keys(&pl.keys[i], &ql.keys[j]);

		kld_check_for_interrupts(n);
		keys[n] = order <= 0 ? pl.keys[i] : ql.keys[j];
		pw[n] = order <= 0 ? pv[i++] : 0.0;
		qw[n] = order >= 0 ? qv[j++] : 0.0;
		n++;
	}

	*p_out = (kld_array) {KLD_ARG_P, pw, n, 1, keys};
	*q_out = (kld_array) {KLD_ARG_Q, qw, n, 1, keys};
}
