/*
 * fault_report.c: the one place that words every error about bad input:
 * its SQLSTATE, message, detail and hint.
 */
#include "fault_report.h"

#include "utils/builtins.h"
#include "utils/float.h"

#include "clipped_value.h"
#include "core/histogram.h"
#include "core/quantile_sketch.h"

#define WEIGHT_RULE "Weights must be finite and non-negative: counts or probabilities."
#define BINS_RULE "Every row of a group must bin on the same lo, hi and nbins, or the same edges."
#define BINS_HINT "Compute the bins once, for example in a CTE or a joined reference table."

/* Edges of a histogram, as opposed to its weights. */
static bool
is_edges(kld_arg arg)
{
	return arg == KLD_ARG_EDGES || arg == KLD_ARG_NEW_EDGES;
}

/* A category's name as an SQL literal, 'red', cut if long: 'red…'. */
static char *
category_name(const kld_label *label)
{
	return quote_literal_cstr(kld_clip_text(label->text, label->length));
}

/* "p->'red'": an element of a category map, as the SQL that reads it. */
static char *
category_element(kld_arg arg, const kld_label *key)
{
	return psprintf("%s->%s", kld_arg_name(arg), category_name(key));
}

/*
 * "p[3]" for an element of an array argument, "p->'red'" for a category of
 * a jsonb map (written as the SQL that reads it), "weight" for a scalar one.
 */
static char *
element_name(const kld_fault *fault, const kld_array *array)
{
	const char *name = kld_arg_name(fault->arg);

	if (array == NULL)
		return pstrdup(name);
	if (array->labels != NULL)
		return category_element(fault->arg, &array->labels[fault->index]);
	return psprintf("%s[%d]", name, array->lower_bound + (int) fault->index);
}

static void
raise_bad_weight(const kld_fault *fault, const kld_array *array, const char *what)
{
	char	   *element = element_name(fault, array);
	char	   *value = float8out_internal(fault->value);

	if (fault->status == KLD_NOT_A_NUMBER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is NaN", element),
				 errdetail("%s", what),
				 errhint("Leave NaN values out when building the histogram.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s is %s: %s", element,
					fault->status == KLD_NEGATIVE ? "negative" : "infinite", value),
			 errdetail("%s", what)));
}

static void
raise_bins_changed(const kld_fault *fault, const kld_array *array)
{
	char	   *now = float8out_internal(fault->value);
	char	   *before = float8out_internal(fault->previous);

	if (fault->length_p != fault->length_q)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("edges changed within a group: %zu edges, was %zu",
						fault->length_q, fault->length_p),
				 errdetail(BINS_RULE),
				 errhint(BINS_HINT)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s changed within a group: %s, was %s",
					element_name(fault, array), now, before),
			 errdetail(BINS_RULE),
			 errhint(BINS_HINT)));
}

void
kld_raise_fault(const kld_fault *fault, const kld_array *a, const kld_array *b)
{
	const kld_array *array = (a && a->arg == fault->arg) ? a : (b && b->arg == fault->arg) ? b : NULL;
	const char *name = kld_arg_name(fault->arg);
	char	   *value = float8out_internal(fault->value);

	switch (fault->status)
	{
		case KLD_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s is empty", name),
					 is_edges(fault->arg) ?
					 errdetail("A histogram needs at least one edge.") :
					 errdetail("A distribution needs at least one bin.")));
			break;
		case KLD_LENGTH_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("p and q have different lengths %zu and %zu",
							fault->length_p, fault->length_q),
					 errdetail("Both histograms must count the same bins, in the same order."),
					 errhint("Bin both sides on the same edges.")));
			break;
		case KLD_NEGATIVE:
		case KLD_NOT_A_NUMBER:
		case KLD_INFINITE:
			raise_bad_weight(fault, array, WEIGHT_RULE);
			break;
		case KLD_ALL_ZERO:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s has no positive weight", name),
					 errdetail("All %zu weights are zero, so %s cannot be normalized to a distribution.",
							   array ? array->length : 0, name),
					 errhint("Leave out empty histograms, for example with a WHERE clause.")));
			break;
		case KLD_BAD_BASE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
					 errmsg("invalid base: %s", value),
					 errdetail("The logarithm base must be finite, greater than 0 and not 1 (greater than 1 for js_distance, the square root of a divergence)."),
					 errhint("Use base => 2 for bits, or leave base NULL for nats.")));
			break;
		case KLD_BAD_EPSILON:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid epsilon: %s", value),
					 errdetail("The smoothing epsilon must be finite and at least 0."),
					 errhint("Use epsilon => 0 for no smoothing.")));
			break;
		case KLD_BAD_SIGMA:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s: %s", name, value),
					 errdetail("A standard deviation must be finite and greater than 0.")));
			break;
		case KLD_BAD_MEAN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s: %s", name, value),
					 errdetail("A mean must be finite.")));
			break;
		case KLD_VALUE_NAN:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
					 errmsg("value is NaN"),
					 errdetail("NaN has no place among ordered bins, as in width_bucket."),
					 errhint("Filter NaN out, for example with WHERE value <> 'NaN'.")));
			break;
		case KLD_BAD_BOUNDS:
			if (isfinite(fault->value) && fault->arg == KLD_ARG_HI)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
						 errmsg("lo %s is not less than hi %s",
								float8out_internal(fault->previous), value),
						 errdetail("The bins span [lo, hi), so lo must be less than hi.")));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
					 errmsg("invalid %s: %s", name, value),
					 errdetail("The bounds lo and hi must be finite.")));
			break;
		case KLD_BAD_NBINS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
					 is_edges(fault->arg) ?
					 errmsg("%s has too many elements: %s", name, value) :
					 errmsg("invalid nbins: %s", value),
					 errdetail("A histogram has from 1 to %d bins or edges.", KLD_MAX_BINS)));
			break;
		case KLD_BAD_EDGES:
			if (isfinite(fault->value))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
						 errmsg("%s is less than the edge before it: %s < %s",
								element_name(fault, array), value,
								float8out_internal(fault->previous)),
						 errdetail("Edges must be finite and ascending; equal neighbours are allowed."),
						 errhint("Sort the edges, for example with ORDER BY in array_agg.")));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
					 errmsg("%s is not finite: %s", element_name(fault, array), value),
					 errdetail("Edges must be finite and ascending; equal neighbours are allowed.")));
			break;
		case KLD_BINS_CHANGED:
			raise_bins_changed(fault, array);
			break;
		case KLD_BAD_STATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid histogram state at element %zu: %s", fault->index + 1, value),
					 errdetail("The state does not have the layout of kl_divergence's histogram aggregates.")));
			break;
		case KLD_OVERFLOW:
			if (array != NULL && array->labels != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("the count of category %s overflows float8",
								category_name(&array->labels[fault->index])),
						 errdetail("Its weights add up to more than 1.8e308.")));
			if (fault->arg == KLD_ARG_VALUE)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("quantile_edges counts more than 2^53 values"),
						 errdetail("Row counts are exact only up to 9007199254740992 values per group.")));
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("histogram element %zu overflows float8", fault->index + 1),
					 errdetail("Its weights add up to more than 1.8e308.")));
			break;
		case KLD_EDGES_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("h has %zu elements but edges has %zu, so h needs %zu",
							fault->length_p, fault->length_q, fault->length_q + 1),
					 errdetail("A histogram on m edges has m + 1 bins: the underflow, the m - 1 bins between the edges, and the overflow."),
					 errhint("Pass the edges h was built on, as histogram(value, edges) returns it.")));
			break;
		case KLD_BAD_QUANTILE_BINS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
					 errmsg("invalid nbins: %s", value),
					 errdetail("quantile_edges makes from 1 to %d bins.", KLD_MAX_QUANTILE_BINS)));
			break;
		case KLD_QUANTILE_BINS_CHANGED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("nbins changed within a group: %s, was %s",
							value, float8out_internal(fault->previous)),
					 errdetail("Every row of a group must ask quantile_edges for the same number of bins."),
					 errhint("Give nbins as a constant.")));
			break;
		case KLD_BAD_SKETCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid quantile_edges state at element %zu: %s", fault->index + 1, value),
					 errdetail("The state does not have the layout of the quantile_edges aggregate.")));
			break;
		case KLD_OK:
			break;
	}
	elog(ERROR, "unexpected kl_divergence status %d", (int) fault->status);
}

#define CATEGORY_MAP_RULE "A category map is a jsonb object of category names and weights, such as {\"red\": 3, \"blue\": 1}."

/* jsonb's name for the kind of a value: "string", "array", ... */
static const char *
json_kind(Jsonb *value)
{
	return JsonbTypeName(&(JsonbValue) {.type = jbvBinary,
		.val.binary = {.data = &value->root, .len = VARSIZE(value)}});
}

void
kld_raise_not_a_category_map(kld_arg arg, Jsonb *value)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s is a jsonb %s, not an object", kld_arg_name(arg),
					json_kind(value)),
			 errdetail(CATEGORY_MAP_RULE),
			 errhint("Build the map with category_counts(value) or jsonb_object_agg(category, weight).")));
}

void
kld_raise_category_not_a_number(kld_arg arg, const kld_label *key, const JsonbValue *value)
{
	char	   *element = category_element(arg, key);

	if (value->type == jbvNull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s is null", element),
				 errdetail("A category map must not contain null weights."),
				 errhint("Use 0 for a category with no weight, or leave the key out.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s is not a number: %s", element, kld_clip_jsonb(value)),
			 errdetail(CATEGORY_MAP_RULE)));
}

void
kld_raise_weight_out_of_range(kld_arg arg, const kld_label *key, const char *number)
{
	char	   *element = category_element(arg, key);

	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s is out of range for float8: %s", element,
					kld_clip_text(number, strlen(number))),
			 errdetail("Weights are computed in float8, which holds magnitudes from about 4.9e-324 to 1.8e308.")));
}

void
kld_raise_too_many_dimensions(kld_arg arg, int ndim)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s has %d dimensions", kld_arg_name(arg), ndim),
			 is_edges(arg) ?
			 errdetail("Edges are a one-dimensional float8[] array.") :
			 errdetail("A histogram is a one-dimensional float8[] array.")));
}

void
kld_raise_null_element(kld_arg arg, int subscript)
{
	const char *name = kld_arg_name(arg);

	if (is_edges(arg) || arg == KLD_ARG_STATE)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s[%d] is null", name, subscript),
				 errdetail("%s must not contain NULL elements.",
						   is_edges(arg) ? "Edges" : "A histogram state")));
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s[%d] is null", name, subscript),
			 errdetail("A histogram must not contain NULL bins."),
			 errhint("Replace missing bins with 0, for example with array_replace(%s, NULL, 0).",
					 name)));
}

void
kld_raise_array_too_large(size_t length)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("array of %zu elements is too large", length)));
}

void
kld_raise_null_bins(kld_arg arg)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s is null", kld_arg_name(arg)),
			 errdetail("The bins of a histogram must be given on every row.")));
}

void
kld_raise_null_quantile_nbins(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("nbins is null"),
			 errdetail("quantile_edges needs the number of bins on every row.")));
}

void
kld_raise_sum_length_mismatch(size_t length, size_t length_before)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("h has %zu bins, but the histograms before it have %zu",
					length, length_before),
			 errdetail("histogram_sum adds histograms bin by bin, so they must all have the same length."),
			 errhint("Sum only histograms built on the same bins, for example by grouping on the edges.")));
}

void
kld_raise_outside_aggregate(const char *function)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s can only be called as part of an aggregate", function)));
}

void
kld_raise_value_type_unknown(const char *function)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("could not determine the type of %s' value", function),
			 errdetail("The caller gave no call expression to read the type from, as Citus does when it runs an aggregate on the shards."),
			 errhint("Count value::text: %s(value::text) needs no type from the caller and gives the same keys.", function)));
}

void
kld_raise_too_many_categories(int limit)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("category_counts has more than %d categories", limit),
			 errdetail("category_counts is meant for categorical columns, with a bounded number of distinct values."),
			 errhint("Bin a numeric column with histogram(), or group rare values before counting them.")));
}

void
kld_raise_category_too_long(int length)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("category of %d bytes is too long for a jsonb key", length),
			 errdetail("A jsonb key holds at most %d bytes.", JENTRY_OFFLENMASK)));
}

void
kld_raise_not_one_query(const char *argument, int statements)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s holds %d statements",
					kld_clip_text(argument, strlen(argument)), statements),
			 errdetail("A drift report reads one query for each side."),
			 errhint("Combine the statements into one SELECT, for example with a CTE.")));
}

void
kld_raise_not_a_select(const char *argument)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s is not a SELECT", kld_clip_text(argument, strlen(argument))),
			 errdetail("A drift report reads the rows of a query: SELECT, TABLE, VALUES or WITH ... SELECT.")));
}
