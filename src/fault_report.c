/*
 * fault_report.c: the one place that words every error about bad input:
 * its SQLSTATE, message, detail and hint.
 */
#include "fault_report.h"

#include "utils/float.h"

#include "core/histogram.h"
#include "core/quantile_sketch.h"

#define WEIGHT_RULE "Weights must be finite and non-negative: counts or probabilities."
#define BINS_RULE "Every row of a group must bin on the same lo, hi and nbins, or the same edges."
#define BINS_HINT "Compute the bins once, for example in a CTE or a joined reference table."

/* "p[3]" for an element of an array argument, "weight" for a scalar one. */
static char *
element_name(const kld_fault *fault, const kld_array *array)
{
	const char *name = kld_arg_name(fault->arg);

	if (array == NULL)
		return pstrdup(name);
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
					 fault->arg == KLD_ARG_EDGES ?
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
					 fault->arg == KLD_ARG_EDGES ?
					 errmsg("edges has too many elements: %s", value) :
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

void
kld_raise_null_argument(const char *name, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s is null", name),
			 errdetail("%s", detail)));
}

void
kld_raise_outside_aggregate(const char *function)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s can only be called as part of an aggregate", function)));
}
