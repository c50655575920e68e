/*
 * kld.h: the numeric core of kl_divergence.
 *
 * Plain C99 with no PostgreSQL headers. Every entry point takes raw weight
 * arrays (counts or probabilities; each is normalized by its own sum), checks
 * them, and either stores the result and returns KLD_OK, or returns a status
 * and fills a kld_fault that says which argument was wrong, where and how.
 */
#ifndef KLD_H
#define KLD_H

#include <stddef.h>

typedef enum kld_status
{
	KLD_OK = 0,
	KLD_EMPTY,					/* an array has no elements */
	KLD_LENGTH_MISMATCH,		/* p and q differ in length */
	KLD_NEGATIVE,				/* a weight is below zero */
	KLD_NOT_A_NUMBER,			/* a weight or parameter is NaN */
	KLD_INFINITE,				/* a weight is +/-Infinity */
	KLD_ALL_ZERO,				/* an array has no positive weight */
	KLD_BAD_BASE,				/* base not finite, not > 0, or 1 */
	KLD_BAD_EPSILON,			/* epsilon not finite or < 0 */
	KLD_BAD_SIGMA,				/* a standard deviation not finite or <= 0 */
	KLD_BAD_MEAN,				/* a mean not finite */
	KLD_VALUE_NAN,				/* a value to bin is NaN */
	KLD_BAD_BOUNDS,				/* lo, hi not finite or lo >= hi */
	KLD_BAD_NBINS,				/* nbins < 1 or above KLD_MAX_BINS */
	KLD_BAD_EDGES,				/* edges empty, not finite or descending */
	KLD_BINS_CHANGED,			/* lo, hi, nbins or edges differ within a group */
	KLD_BAD_STATE,				/* an aggregate state that is not one of ours */
	KLD_OVERFLOW,				/* counts add up to more than a double holds */
	KLD_BAD_QUANTILE_BINS,		/* quantile_edges nbins < 1 or above 1000 */
	KLD_QUANTILE_BINS_CHANGED,	/* quantile_edges nbins differs within a group */
	KLD_BAD_SKETCH				/* a quantile_edges state that is not one of ours */
} kld_status;

/* Which argument a fault is about; the SQL layer maps these to names. */
typedef enum kld_arg
{
	KLD_ARG_P = 0,
	KLD_ARG_Q,
	KLD_ARG_BASE,
	KLD_ARG_EPSILON,
	KLD_ARG_MU1,
	KLD_ARG_SIGMA1,
	KLD_ARG_MU2,
	KLD_ARG_SIGMA2,
	KLD_ARG_VALUE,
	KLD_ARG_WEIGHT,
	KLD_ARG_LO,
	KLD_ARG_HI,
	KLD_ARG_NBINS,
	KLD_ARG_EDGES,
	KLD_ARG_H,
	KLD_ARG_STATE
} kld_arg;

typedef struct kld_fault
{
	kld_status	status;
	kld_arg		arg;
	size_t		index;			/* 0-based position in the array, if any */
	double		value;			/* the offending value, if any */
	double		previous;		/* the group's value, for KLD_BINS_CHANGED */
	size_t		length_p;		/* lengths, for KLD_LENGTH_MISMATCH (and the */
	size_t		length_q;		/* group's and the row's edge counts) */
} kld_fault;

/*
 * Optional parameters. base == NULL means natural logarithm (nats); epsilon
 * is additive smoothing applied to both normalized inputs (0 = none).
 */
typedef struct kld_options
{
	const double *base;
	double		epsilon;
} kld_options;

#define KLD_OPTIONS_DEFAULT ((kld_options) {NULL, 0.0})

/* Information-theoretic quantities (use options->base and ->epsilon). */
kld_status	kld_entropy(const double *p, size_t n, const kld_options *opt,
						double *result, kld_fault *fault);
kld_status	kld_cross_entropy(const double *p, const double *q, size_t np, size_t nq,
							  const kld_options *opt, double *result, kld_fault *fault);
kld_status	kld_kl_div(const double *p, const double *q, size_t np, size_t nq,
					   const kld_options *opt, double *result, kld_fault *fault);
kld_status	kld_jsd(const double *p, const double *q, size_t np, size_t nq,
					const kld_options *opt, double *result, kld_fault *fault);
kld_status	kld_js_distance(const double *p, const double *q, size_t np, size_t nq,
							const kld_options *opt, double *result, kld_fault *fault);
kld_status	kld_psi(const double *p, const double *q, size_t np, size_t nq,
					const kld_options *opt, double *result, kld_fault *fault);
kld_status	kld_chi2_div(const double *p, const double *q, size_t np, size_t nq,
						 const kld_options *opt, double *result, kld_fault *fault);

/* Distances between normalized histograms (no base, no smoothing). */
kld_status	kld_tv_distance(const double *p, const double *q, size_t np, size_t nq,
							double *result, kld_fault *fault);
kld_status	kld_hellinger(const double *p, const double *q, size_t np, size_t nq,
						  double *result, kld_fault *fault);
kld_status	kld_linf_distance(const double *p, const double *q, size_t np, size_t nq,
							  double *result, kld_fault *fault);

/* Distances between the cumulative distributions over ordered bins. */
kld_status	kld_wasserstein(const double *p, const double *q, size_t np, size_t nq,
							double *result, kld_fault *fault);
kld_status	kld_ks_distance(const double *p, const double *q, size_t np, size_t nq,
							double *result, kld_fault *fault);

/* Closed-form KL(N(mu1, sigma1^2) || N(mu2, sigma2^2)), in nats. */
kld_status	kld_kl_div_normal(double mu1, double sigma1, double mu2, double sigma2,
							  double *result, kld_fault *fault);

/* A short English name for a status, for tests and logs. */
const char *kld_status_name(kld_status status);

#endif							/* KLD_H */
