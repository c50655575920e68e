/*
 * fault.c: recording what was wrong with an input, and naming statuses.
 */
#include "fault.h"

kld_status
kld_fail(kld_fault *fault, kld_status status, kld_arg arg, size_t index, double value)
{
	fault->status = status;
	fault->arg = arg;
	fault->index = index;
	fault->value = value;
	fault->previous = 0.0;
	fault->length_p = 0;
	fault->length_q = 0;
	return status;
}

const char *
kld_status_name(kld_status status)
{
	switch (status)
	{
		case KLD_OK:
			return "ok";
		case KLD_EMPTY:
			return "empty array";
		case KLD_LENGTH_MISMATCH:
			return "length mismatch";
		case KLD_NEGATIVE:
			return "negative weight";
		case KLD_NOT_A_NUMBER:
			return "NaN";
		case KLD_INFINITE:
			return "infinite weight";
		case KLD_ALL_ZERO:
			return "all weights zero";
		case KLD_BAD_BASE:
			return "invalid base";
		case KLD_BAD_EPSILON:
			return "invalid epsilon";
		case KLD_BAD_SIGMA:
			return "invalid standard deviation";
		case KLD_BAD_MEAN:
			return "invalid mean";
		case KLD_VALUE_NAN:
			return "NaN value";
		case KLD_BAD_BOUNDS:
			return "invalid bounds";
		case KLD_BAD_NBINS:
			return "invalid number of bins";
		case KLD_BAD_EDGES:
			return "invalid edges";
		case KLD_BINS_CHANGED:
			return "bins changed within a group";
		case KLD_BAD_STATE:
			return "invalid aggregate state";
		case KLD_OVERFLOW:
			return "count overflow";
		case KLD_EDGES_MISMATCH:
			return "histogram length does not fit its edges";
		case KLD_BAD_QUANTILE_BINS:
			return "invalid number of quantile bins";
		case KLD_QUANTILE_BINS_CHANGED:
			return "quantile bins changed within a group";
		case KLD_BAD_SKETCH:
			return "invalid quantile state";
		case KLD_BAD_MIN_EFFECT:
			return "invalid minimum effect";
		case KLD_BAD_P_VALUE:
			return "invalid p-value";
		case KLD_BAD_ALPHA:
			return "invalid order alpha";
		case KLD_NOT_FINITE:
			return "element not finite";
		case KLD_DIM_MISMATCH:
			return "dimension mismatch";
		case KLD_NOT_SYMMETRIC:
			return "covariance not symmetric";
		case KLD_NOT_POSITIVE_DEFINITE:
			return "covariance not positive definite";
		case KLD_BAD_RIDGE:
			return "invalid ridge";
		case KLD_TOO_MANY_DIMENSIONS:
			return "too many dimensions";
		case KLD_DIM_CHANGED:
			return "vector length changed within a group";
		case KLD_BAD_FIT_STATE:
			return "invalid gaussian_fit state";
		case KLD_NO_CONVERGENCE:
			return "eigenvalues did not converge";
	}
	return "unknown status";
}
