/*
 * fault_report.c: one place that decides every error message, SQLSTATE,
 * detail and hint for bad input to the core.
 */
#include "fault_report.h"

#include "utils/float.h"

static const char *const argument_names[] = {
	[KLD_ARG_P] = "p",
	[KLD_ARG_Q] = "q",
	[KLD_ARG_BASE] = "base",
	[KLD_ARG_EPSILON] = "epsilon",
	[KLD_ARG_MU1] = "mu1",
	[KLD_ARG_SIGMA1] = "sigma1",
	[KLD_ARG_MU2] = "mu2",
	[KLD_ARG_SIGMA2] = "sigma2",
};

#define WEIGHT_RULE "Weights must be finite and non-negative: counts or probabilities."

void
kld_raise_fault(const kld_fault *fault, const kld_array *p, const kld_array *q)
{
	const kld_array *array = fault->arg == KLD_ARG_P ? p : fault->arg == KLD_ARG_Q ? q : NULL;
	const char *name = array ? array->name : argument_names[fault->arg];
	int			subscript = array ? array->lower_bound + (int) fault->index : 0;
	char	   *value = float8out_internal(fault->value);

	switch (fault->status)
	{
		case KLD_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s is empty", name),
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
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s[%d] is negative: %s", name, subscript, value),
					 errdetail(WEIGHT_RULE)));
			break;
		case KLD_NOT_A_NUMBER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s[%d] is NaN", name, subscript),
					 errdetail(WEIGHT_RULE),
					 errhint("Leave NaN values out when building the histogram.")));
			break;
		case KLD_INFINITE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s[%d] is infinite: %s", name, subscript, value),
					 errdetail(WEIGHT_RULE)));
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
					 errdetail("The logarithm base must be finite, greater than 0 and not 1."),
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
		case KLD_OK:
			break;
	}
	elog(ERROR, "unexpected kl_divergence status %d", (int) fault->status);
}
