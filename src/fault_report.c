/*
 * fault_report.c: the one place that words every error about bad input:
 * its SQLSTATE, message, detail and hint.
 *
 * A fault of the core is worded by its status's row in wordings (below,
 * before kld_raise_fault): a fixed SQLSTATE and text, or the function that
 * words it where the text depends on the fault. Every other error of the
 * glue has a kld_raise_* function of its own, declared in fault_report.h.
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

/* KLD_NEGATIVE, KLD_NOT_A_NUMBER, KLD_INFINITE: a weight. */
static void
raise_bad_weight(const kld_fault *fault, const kld_array *array)
{
	char	   *element = element_name(fault, array);
	char	   *value = float8out_internal(fault->value);

	if (fault->status == KLD_NOT_A_NUMBER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is NaN", element),
				 errdetail("%s", WEIGHT_RULE),
				 errhint("Leave NaN values out when building the histogram.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s is %s: %s", element,
					fault->status == KLD_NEGATIVE ? "negative" : "infinite", value),
			 errdetail("%s", WEIGHT_RULE)));
}

static void
raise_empty(const kld_fault *fault, const kld_array *array)
{
	(void) array;
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s is empty", kld_arg_name(fault->arg)),
			 is_edges(fault->arg) ?
			 errdetail("A histogram needs at least one edge.") :
			 errdetail("A distribution needs at least one bin.")));
}

static void
raise_all_zero(const kld_fault *fault, const kld_array *array)
{
	const char *name = kld_arg_name(fault->arg);

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s has no positive weight", name),
			 errdetail("All %zu weights are zero, so %s cannot be normalized to a distribution.",
					   array ? array->length : 0, name),
			 errhint("Leave out empty histograms, for example with a WHERE clause.")));
}

/* lo and hi of histogram(value, lo, hi, nbins). */
static void
raise_bad_bounds(const kld_fault *fault, const kld_array *array)
{
	char	   *value = float8out_internal(fault->value);

	(void) array;
	if (isfinite(fault->value) && fault->arg == KLD_ARG_HI)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
				 errmsg("lo %s is not less than hi %s",
						float8out_internal(fault->previous), value),
				 errdetail("The bins span [lo, hi), so lo must be less than hi.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
			 errmsg("invalid %s: %s", kld_arg_name(fault->arg), value),
			 errdetail("The bounds lo and hi must be finite.")));
}

/* nbins, or the number of edges, out of range. */
static void
raise_bad_nbins(const kld_fault *fault, const kld_array *array)
{
	char	   *value = float8out_internal(fault->value);

	(void) array;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION),
			 is_edges(fault->arg) ?
			 errmsg("%s has too many elements: %s", kld_arg_name(fault->arg), value) :
			 errmsg("invalid nbins: %s", value),
			 errdetail("A histogram has from 1 to %d bins or edges.", KLD_MAX_BINS)));
}

/* An edge that is not finite, or less than the one before it. */
static void
raise_bad_edges(const kld_fault *fault, const kld_array *array)
{
	char	   *value = float8out_internal(fault->value);

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
}

/* The bins of a row differ from the group's. */
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

/* A count of a category, a bin or quantile_edges' rows past its limit. */
static void
raise_overflow(const kld_fault *fault, const kld_array *array)
{
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
}

/* rebin: h's length does not fit its edges. */
static void
raise_edges_mismatch(const kld_fault *fault, const kld_array *array)
{
	const char *name = kld_arg_name(fault->arg);

	(void) array;
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s has %zu elements but edges has %zu, so %s needs %zu",
					name, fault->length_p, fault->length_q, name, fault->length_q + 1),
			 errdetail("A histogram on m edges has m + 1 bins: the underflow, the m - 1 bins between the edges, and the overflow."),
			 errhint("Pass the edges %s was built on, as histogram(value, edges) returns it.", name)));
}

/* What the message format of a fault_wording takes, in order. */
typedef enum message_args
{
	ARGS_NONE,
	ARGS_VALUE,					/* the value at fault */
	ARGS_NAME_VALUE,			/* the argument's name, the value */
	ARGS_VALUE_PREVIOUS,		/* the value, the group's value before it */
	ARGS_ELEMENT_VALUE,			/* the 1-based element (%zu), the value */
	ARGS_LENGTHS				/* the lengths of p and q (%zu, %zu) */
} message_args;

/*
 * How a status is worded: its SQLSTATE, the arguments its message format
 * takes, the format, detail and hint (NULL: none). Where the wording depends on the
 * fault (which argument, which of two checks failed) the row names the
 * function that words it instead.
 */
typedef struct fault_wording
{
	int			sqlstate;
	message_args args;
	const char *message;
	const char *detail;
	const char *hint;
	void		(*raise) (const kld_fault *fault, const kld_array *array);
} fault_wording;

static const fault_wording wordings[] = {
	[KLD_EMPTY] = {.raise = raise_empty},
	[KLD_LENGTH_MISMATCH] = {ERRCODE_ARRAY_SUBSCRIPT_ERROR, ARGS_LENGTHS,
		"p and q have different lengths %zu and %zu",
		"Both histograms must count the same bins, in the same order.",
		"Bin both sides on the same edges."},
	[KLD_NEGATIVE] = {.raise = raise_bad_weight},
	[KLD_NOT_A_NUMBER] = {.raise = raise_bad_weight},
	[KLD_INFINITE] = {.raise = raise_bad_weight},
	[KLD_ALL_ZERO] = {.raise = raise_all_zero},
	[KLD_BAD_BASE] = {ERRCODE_INVALID_ARGUMENT_FOR_LOG, ARGS_VALUE,
		"invalid base: %s",
		"The logarithm base must be finite, greater than 0 and not 1 (greater than 1 for js_distance, the square root of a divergence).",
		"Use base => 2 for bits, or leave base NULL for nats."},
	[KLD_BAD_EPSILON] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_VALUE,
		"invalid epsilon: %s",
		"The smoothing epsilon must be finite and at least 0.",
		"Use epsilon => 0 for no smoothing."},
	[KLD_BAD_SIGMA] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_NAME_VALUE,
		"invalid %s: %s",
		"A standard deviation must be finite and greater than 0.", NULL},
	[KLD_BAD_MEAN] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_NAME_VALUE,
		"invalid %s: %s",
		"A mean must be finite.", NULL},
	[KLD_VALUE_NAN] = {ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, ARGS_NONE,
		"value is NaN",
		"NaN has no place among ordered bins, as in width_bucket.",
		"Filter NaN out, for example with WHERE value <> 'NaN'."},
	[KLD_BAD_BOUNDS] = {.raise = raise_bad_bounds},
	[KLD_BAD_NBINS] = {.raise = raise_bad_nbins},
	[KLD_BAD_EDGES] = {.raise = raise_bad_edges},
	[KLD_BINS_CHANGED] = {.raise = raise_bins_changed},
	[KLD_BAD_STATE] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_ELEMENT_VALUE,
		"invalid histogram state at element %zu: %s",
		"The state does not have the layout of kl_divergence's histogram aggregates.", NULL},
	[KLD_OVERFLOW] = {.raise = raise_overflow},
	[KLD_EDGES_MISMATCH] = {.raise = raise_edges_mismatch},
	[KLD_BAD_QUANTILE_BINS] = {ERRCODE_INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, ARGS_VALUE,
		"invalid nbins: %s",
		"quantile_edges makes from 1 to " CppAsString2(KLD_MAX_QUANTILE_BINS) " bins.", NULL},
	[KLD_QUANTILE_BINS_CHANGED] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_VALUE_PREVIOUS,
		"nbins changed within a group: %s, was %s",
		"Every row of a group must ask quantile_edges for the same number of bins.",
		"Give nbins as a constant."},
	[KLD_BAD_SKETCH] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_ELEMENT_VALUE,
		"invalid quantile_edges state at element %zu: %s",
		"The state does not have the layout of the quantile_edges aggregate.", NULL},
	[KLD_BAD_MIN_EFFECT] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_VALUE,
		"invalid min_effect: %s",
		"The smallest drift that matters, min_effect, is a PSI: finite and at least 0.",
		"Use min_effect => 0 for the ordinary chi-squared test."},
	[KLD_BAD_P_VALUE] = {ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, ARGS_ELEMENT_VALUE,
		"p_values element %zu is not a p-value: %s",
		"A p-value is a number from 0 to 1.", NULL},
	[KLD_BAD_ALPHA] = {ERRCODE_INVALID_PARAMETER_VALUE, ARGS_VALUE,
		"invalid alpha: %s",
		"The order alpha of a Renyi divergence must be at least 0; Infinity is allowed.",
		"alpha => 1 gives kl_div; an alpha below 1 stays finite where q has no mass."},
};

/* errmsg() of a wording's message, given the arguments it takes. */
static int
worded_message(const fault_wording *wording, const kld_fault *fault)
{
	char	   *value = float8out_internal(fault->value);

	switch (wording->args)
	{
		case ARGS_NONE:
			return errmsg("%s", wording->message);
		case ARGS_VALUE:
			return errmsg(wording->message, value);
		case ARGS_NAME_VALUE:
			return errmsg(wording->message, kld_arg_name(fault->arg), value);
		case ARGS_VALUE_PREVIOUS:
			return errmsg(wording->message, value, float8out_internal(fault->previous));
		case ARGS_ELEMENT_VALUE:
			return errmsg(wording->message, fault->index + 1, value);
		case ARGS_LENGTHS:
			return errmsg(wording->message, fault->length_p, fault->length_q);
	}
	return 0;
}

void
kld_raise_fault(const kld_fault *fault, const kld_array *a, const kld_array *b)
{
	const kld_array *array = (a && a->arg == fault->arg) ? a : (b && b->arg == fault->arg) ? b : NULL;
	const fault_wording *wording = NULL;

	if (fault->status > KLD_OK && (size_t) fault->status < lengthof(wordings))
		wording = &wordings[fault->status];
	if (wording != NULL && wording->raise != NULL)
		wording->raise(fault, array);
	if (wording != NULL && wording->message != NULL)
		ereport(ERROR,
				(errcode(wording->sqlstate),
				 worded_message(wording, fault),
				 wording->detail ? errdetail("%s", wording->detail) : 0,
				 wording->hint ? errhint("%s", wording->hint) : 0));
	/* KLD_OK, or a status with no row in wordings. */
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
			 arg == KLD_ARG_P_VALUES ?
			 errdetail("p-values are a one-dimensional float8[] array.") :
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

/* ----------------------------------------------------------------------
 * Multivariate normals: kl_div_normal, frechet_distance, gaussian_fit.
 * ---------------------------------------------------------------------- */

#define GAUSS_RULE "A normal distribution is a mean of k elements and a covariance: a k x k matrix, or the k variances of a diagonal one as a one-dimensional array."

/* The parameter of a fault, from the caller's list. */
static const kld_gauss_param *
gauss_param(const kld_fault *fault, const kld_gauss_param *params, int nparams)
{
	for (int i = 0; i < nparams; i++)
		if (params[i].arg == fault->arg)
			return &params[i];
	return NULL;
}

/* "cov1[2][3]" or "mu1[2]": element index of a parameter, as SQL subscripts. */
static char *
gauss_element(const kld_gauss_param *param, size_t index, size_t k)
{
	if (param->ndim == 2 && k > 0)
		return psprintf("%s[%d][%d]", param->name, param->lower[0] + (int) (index / k),
						param->lower[1] + (int) (index % k));
	return psprintf("%s[%d]", param->name, param->lower[0] + (int) index);
}

void
kld_raise_gauss_fault(const kld_fault *fault, const kld_gauss_param *params, int nparams)
{
	const kld_gauss_param *param = gauss_param(fault, params, nparams);
	const char *name = param ? param->name : kld_arg_name(fault->arg);
	char	   *value = float8out_internal(fault->value);
	const kld_gauss_param *first = nparams > 0 ? &params[0] : NULL;

	switch (fault->status)
	{
		case KLD_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s is empty", name),
					 errdetail("A normal distribution needs at least one dimension.")));
			break;
		case KLD_DIM_MISMATCH:
			if (fault->value > 0)
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("%s is %zu x %.0f, but %s has %zu elements", name,
								fault->length_q, fault->value,
								first ? first->name : "the mean", fault->length_p),
						 errdetail("%s", GAUSS_RULE)));
			if (param && param->is_covariance)
				ereport(ERROR,
						(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						 errmsg("%s has %zu variances, but %s has %zu elements", name,
								fault->length_q, first ? first->name : "the mean", fault->length_p),
						 errdetail("%s", GAUSS_RULE)));
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s has %zu elements, but %s has %zu", name, fault->length_q,
							first ? first->name : "the mean", fault->length_p),
					 errdetail("Both normal distributions must have the same number of dimensions.")));
			break;
		case KLD_NOT_FINITE:
			if (fault->arg == KLD_ARG_X)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("x[%d] is not finite: %s",
								(param ? param->lower[0] : 1) + (int) fault->index, value),
						 errdetail("gaussian_fit estimates means and covariances, which need finite values."),
						 errhint("Leave such rows out, for example with WHERE NOT (x && ARRAY['NaN', 'Infinity', '-Infinity']::float8[]).")));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is not finite: %s",
							param ? gauss_element(param, fault->index, fault->length_p)
							: name, value),
					 errdetail("Means and covariances must be finite.")));
			break;
		case KLD_NOT_SYMMETRIC:
			{
				size_t		k = fault->length_p;
				size_t		i = fault->index / k,
							j = fault->index % k;

				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s is not symmetric: %s is %s but %s is %s", name,
								param ? gauss_element(param, i * k + j, k) : "",
								value,
								param ? gauss_element(param, j * k + i, k) : "",
								float8out_internal(fault->previous)),
						 errdetail("A covariance matrix must be symmetric: cov[i][j] and cov[j][i] may differ by at most 1e-10 * sqrt(|cov[i][i] cov[j][j]|)."),
						 errhint("Symmetrize it, or pass the matrix gaussian_fit returns.")));
			}
			break;
		case KLD_NOT_POSITIVE_DEFINITE:
			if (fault->index >= fault->length_p)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s is not positive semi-definite: it has the eigenvalue %s",
								name, value),
						 errdetail("frechet_distance needs covariances with no negative eigenvalue (beyond rounding, 1e-10 times the largest).")));
			if (fault->length_q == 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s is not positive: %s",
								param ? gauss_element(param, fault->index, 0) : name, value),
						 errdetail("The variances of a diagonal covariance must be greater than 0 (after adding ridge); frechet_distance allows 0."),
						 errhint("Add a ridge, for example ridge => 1e-9, or leave constant dimensions out.")));
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is not positive definite: its Cholesky factorization breaks at row %d with pivot %s",
							name, (param ? param->lower[0] : 1) + (int) fault->index, value),
					 errdetail("The pivot is what is left of the diagonal element of that row (plus ridge) after the rows above it; a covariance must be symmetric positive definite."),
					 errhint("Add a ridge, for example ridge => 1e-9, or fit on more rows than dimensions.")));
			break;
		case KLD_BAD_RIDGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid ridge: %s", value),
					 errdetail("ridge is added to every variance; it must be finite and at least 0.")));
			break;
		case KLD_TOO_MANY_DIMENSIONS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s has %.0f dimensions, more than %zu", name, fault->value,
							fault->length_p),
					 errdetail("A full covariance of k dimensions holds k^2 numbers and costs k^3 operations."),
					 errhint("Use a diagonal covariance (one-dimensional variances, gaussian_fit_diagonal) for wide vectors.")));
			break;
		case KLD_DIM_CHANGED:
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("x has %zu elements, but the rows before it have %zu",
							fault->length_q, fault->length_p),
					 errdetail("gaussian_fit estimates one normal distribution per group, so every row's vector must have the same length."),
					 errhint("Group by the vectors' length, or leave the odd rows out.")));
			break;
		case KLD_BAD_FIT_STATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid gaussian_fit state at element %zu: %s", fault->index + 1, value),
					 errdetail("The state does not have the layout of kl_divergence's gaussian_fit aggregates.")));
			break;
		case KLD_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("gaussian_fit counts more than 2^53 rows"),
					 errdetail("Row counts are exact only up to 9007199254740992 rows per group.")));
			break;
		case KLD_NO_CONVERGENCE:
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("the eigenvalues of %s did not converge", name)));
			break;
		default:
			break;
	}
	kld_raise_fault(fault, NULL, NULL);
}

void
kld_raise_gauss_array(const char *name, int ndim, bool is_covariance)
{
	ereport(ERROR,
			(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
			 errmsg("%s has %d dimensions", name, ndim),
			 is_covariance ?
			 errdetail("A covariance is a two-dimensional k x k float8[] array, or a one-dimensional array of the variances.") :
			 errdetail("%s is a one-dimensional float8[] array.", name)));
}

void
kld_raise_gauss_null(const char *element, bool is_row)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s is null", element),
			 is_row ?
			 errdetail("gaussian_fit needs every element of a vector; only a row whose whole array is NULL is skipped.") :
			 errdetail("A mean or covariance must not contain NULL elements.")));
}
