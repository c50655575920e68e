/*
 * kld.h: the numeric core of kl_divergence: its statuses and faults, and
 * the functions over distributions (divergences, distances, per-bin views,
 * rebin).
 *
 * The core's interface, all that the glue (src/, outside src/core/) may
 * include, is this file and four more: histogram.h (binning values; the
 * histogram aggregates' state), quantile_sketch.h (quantile_edges' state),
 * gaussian.h (multivariate normals, gaussian_fit's state) and kernels.h
 * (choosing the SIMD kernels; the interrupt hook). The core's other headers
 * are its own.
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
	KLD_EDGES_MISMATCH,			/* a histogram's length does not fit its edges */
	KLD_BAD_QUANTILE_BINS,		/* quantile_edges nbins < 1 or above 1000 */
	KLD_QUANTILE_BINS_CHANGED,	/* quantile_edges nbins differs within a group */
	KLD_BAD_SKETCH,				/* a quantile_edges state that is not one of ours */
	KLD_BAD_MIN_EFFECT,			/* psi_test's min_effect not finite or < 0 */
	KLD_BAD_P_VALUE,			/* a p-value to adjust outside [0, 1] or NaN */
	KLD_BAD_ALPHA,				/* a Renyi order that is NaN or < 0 */
	KLD_NOT_FINITE,				/* a mean or covariance element NaN or infinite */
	KLD_DIM_MISMATCH,			/* a mean or covariance of the wrong size */
	KLD_NOT_SYMMETRIC,			/* cov[i][j] and cov[j][i] differ */
	KLD_NOT_POSITIVE_DEFINITE,	/* a Cholesky pivot <= 0 */
	KLD_BAD_RIDGE,				/* ridge not finite or < 0 */
	KLD_TOO_MANY_DIMENSIONS,	/* k above the limit of its kind */
	KLD_DIM_CHANGED,			/* gaussian_fit rows of different lengths */
	KLD_BAD_FIT_STATE,			/* a gaussian_fit state that is not one of ours */
	KLD_NO_CONVERGENCE			/* the eigenvalue iteration did not converge */
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
	KLD_ARG_STATE,
	KLD_ARG_NEW_EDGES,
	KLD_ARG_MIN_EFFECT,
	KLD_ARG_P_VALUES,
	KLD_ARG_ALPHA,
	KLD_ARG_COV1,
	KLD_ARG_COV2,
	KLD_ARG_RIDGE,
	KLD_ARG_X
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
 * A weight array checked (finite, non-negative, some positive) and summed
 * once by kld_check_weights, for a caller that passes the same array on
 * many calls (a constant reference histogram q): the functions below then
 * neither check nor sum it again. Only valid for the same w and n, unchanged.
 */
typedef struct kld_checked_weights
{
	const double *w;
	size_t		n;
	double		scale;			/* as kld_dist's (distribution.h) */
	double		total_hi;
	double		total_lo;
} kld_checked_weights;

/* Checks and sums w as the functions below do; a fault names it as arg. */
kld_status	kld_check_weights(const double *w, size_t n, kld_arg arg,
							  kld_checked_weights *checked, kld_fault *fault);

/*
 * Optional parameters. base == NULL means natural logarithm (nats); epsilon
 * is additive smoothing applied to both normalized inputs (0 = none);
 * q_checked, if not NULL, is q checked already (kld_check_weights on the
 * very q passed).
 */
typedef struct kld_options
{
	const double *base;
	double		epsilon;
	const kld_checked_weights *q_checked;
} kld_options;

#define KLD_OPTIONS_DEFAULT ((kld_options) {NULL, 0.0, NULL})

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

/*
 * wasserstein in the data's units (cdf_distances.c): p and q laid out as
 * histogram(value, edges) returns them (np = nedges + 1), mass uniform within
 * each inner bin, the underflow at edges[0] and the overflow at the last edge.
 */
kld_status	kld_wasserstein_edges(const double *p, const double *q, size_t np, size_t nq,
								  const double *edges, size_t nedges,
								  double *result, kld_fault *fault);

/*
 * Tests of homogeneity (homogeneity.c) on two histograms of counts: their
 * sums are the sample sizes. dof is NaN for ks_test, psi NaN except for
 * psi_test (the unsmoothed PSI).
 */
typedef struct kld_test_result
{
	double		statistic;
	double		dof;
	double		p_value;
	double		psi;
} kld_test_result;

kld_status	kld_chi2_test(const double *p, const double *q, size_t np, size_t nq,
						  kld_test_result *result, kld_fault *fault);
kld_status	kld_g_test(const double *p, const double *q, size_t np, size_t nq,
					   kld_test_result *result, kld_fault *fault);
kld_status	kld_ks_test(const double *p, const double *q, size_t np, size_t nq,
						kld_test_result *result, kld_fault *fault);
kld_status	kld_psi_test(const double *p, const double *q, size_t np, size_t nq,
						 double min_effect, kld_test_result *result, kld_fault *fault);

/* Corrections of p-values for testing many hypotheses (p_adjust.c). */
typedef enum kld_correction
{
	KLD_CORRECTION_NONE,
	KLD_CORRECTION_BONFERRONI,
	KLD_CORRECTION_HOLM,
	KLD_CORRECTION_BH			/* Benjamini-Hochberg false discovery rate */
} kld_correction;

/* Scratch space for kld_p_adjust: one per p-value. */
typedef struct kld_ranked_p
{
	double		p;
	size_t		index;
} kld_ranked_p;

/* adjusted[i] for each p[i] in [0, 1]; rank has room for n entries. */
kld_status	kld_p_adjust(const double *p, size_t n, kld_correction correction,
						 kld_ranked_p *rank, double *adjusted, kld_fault *fault);

/* Closed-form KL(N(mu1, sigma1^2) || N(mu2, sigma2^2)), in nats. */
kld_status	kld_kl_div_normal(double mu1, double sigma1, double mu2, double sigma2,
							  double *result, kld_fault *fault);

/*
 * Renyi divergence of order alpha (renyi.c), in nats: alpha = 1 is exactly
 * kld_kl_div; alpha = 0 is -ln Q(support of P); alpha = +Infinity is
 * ln max p/q. Checks and smoothing (opt->epsilon) as kld_kl_div; opt->base
 * must be NULL.
 */
kld_status	kld_renyi_div(const double *p, const double *q, size_t np, size_t nq,
						  double alpha, const kld_options *opt, double *result,
						  kld_fault *fault);

/* exp(H(P)) with H in nats: the effective number of bins, in [1, n]. */
kld_status	kld_perplexity(const double *p, size_t n, double *result, kld_fault *fault);

/*
 * Per-bin views (per_bin_terms.c, comparison.c, sparkline.c). The terms are
 * those of kl_div and psi on the same normalized, smoothed inputs, checked
 * the same way; terms has room for np doubles.
 */

/* p_i ln(p_i / q_i) in nats or opt->base: sums to kld_kl_div; may be < 0. */
kld_status	kld_kl_div_terms(const double *p, const double *q, size_t np, size_t nq,
							 const kld_options *opt, double *terms, kld_fault *fault);

/* (p_i - q_i) ln(p_i / q_i): sums to kld_psi (opt->base is not used). */
kld_status	kld_psi_terms(const double *p, const double *q, size_t np, size_t nq,
						  const kld_options *opt, double *terms, kld_fault *fault);

/* Blocks in each half of compare_histograms' bar. */
#define KLD_BAR_WIDTH 10

/* One row of compare_histograms. */
typedef struct kld_bin_comparison
{
	double		p_share;		/* normalized, unsmoothed probabilities */
	double		q_share;
	double		kl_div_term;	/* the terms, smoothed with epsilon */
	double		psi_term;
	int			bar;			/* signed blocks, |bar| <= KLD_BAR_WIDTH: */
								/* < 0 where q is above p, > 0 where p is */
} kld_bin_comparison;

/* Fills np rows; checks as kld_psi does (epsilon, lengths, weights). */
kld_status	kld_compare_bins(const double *p, const double *q, size_t np, size_t nq,
							 double epsilon, kld_bin_comparison *rows, kld_fault *fault);

/* Levels of a sparkline: 0 for a zero bin, 1 .. KLD_SPARK_LEVELS otherwise. */
#define KLD_SPARK_LEVELS 8

/* One level per bin of h (n may be 0); weights checked as for kl_div. */
kld_status	kld_sparkline_levels(const double *h, size_t n, int *levels, kld_fault *fault);

/*
 * rebin (rebin.c): h laid out as histogram(value, edges) returns it (nh =
 * nedges + 1: underflow, the inner bins, overflow), spread onto new_edges;
 * result has room for nnew + 1 doubles.
 */
kld_status	kld_rebin(const double *h, size_t nh, const double *edges, size_t nedges,
					  const double *new_edges, size_t nnew, double *result,
					  kld_fault *fault);

/* A short English name for a status, for tests and logs. */
const char *kld_status_name(kld_status status);

#endif							/* KLD_H */
