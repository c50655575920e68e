/*
 * distribution.h: a checked, normalizable view of one weight array.
 *
 * kld_dist_init validates the weights in one pass (finite, non-negative,
 * some positive) while summing them, so kernels can read probabilities
 * without checking anything again.
 */
#ifndef KLD_DISTRIBUTION_H
#define KLD_DISTRIBUTION_H

#include <stdbool.h>

#include "compensated_sum.h"
#include "fault.h"
#include "kld.h"

/* A weight must be finite and non-negative; index is for the fault only. */
static inline kld_status
kld_check_weight(double x, kld_arg arg, size_t index, kld_fault *fault)
{
	if (isnan(x))
		return kld_fail(fault, KLD_NOT_A_NUMBER, arg, index, x);
	if (isinf(x))
		return kld_fail(fault, KLD_INFINITE, arg, index, x);
	if (x < 0.0)
		return kld_fail(fault, KLD_NEGATIVE, arg, index, x);
	return KLD_OK;
}

typedef struct kld_dist
{
	const double *w;			/* raw weights */
	size_t		n;
	double		scale;			/* 1, or a power of two that keeps the sum finite */
	kld_dd		total;			/* sum of w[i] * scale, as a double-double */
	double		inv_total;		/* 1 / total.hi rounded, or 0 where it is not normal */
	double		epsilon;		/* additive smoothing, 0 for none */
	double		smoothed_total; /* 1 + n * epsilon, or 1/epsilon + n if epsilon > 1 */
	double		prob_scale;		/* probability = fma(w * scale / total, */
	double		prob_shift;		/* prob_scale, prob_shift): 1, 0 unsmoothed */
} kld_dist;

kld_status	kld_dist_init(kld_dist *d, const double *w, size_t n, double epsilon,
						  kld_arg arg, kld_fault *fault);

/*
 * Checks a pair for the functions of two distributions: lengths first, then
 * p's weights, then q's.
 */
kld_status	kld_dist_init_pair(kld_dist *p, kld_dist *q,
							   const double *pw, const double *qw,
							   size_t np, size_t nq, double epsilon,
							   kld_fault *fault);

/*
 * A kld_dist from acc, the sum of w as the kernels' weights_sum (scale 1)
 * gives it, with no weight negative: what kld_dist_init would make. False,
 * with d unusable, where kld_dist_init would scale the weights or fail (a
 * total that is not finite, from an overflow or a NaN or infinite weight,
 * or that is tiny or 0): call it then.
 */
bool		kld_dist_from_sum(kld_dist *d, const double *w, size_t n, const kld_sum *acc,
							  double epsilon);

/* The same, with q checked already if q_checked is not NULL (kld.h). */
kld_status	kld_dist_init_pair_checked(kld_dist *p, kld_dist *q,
									   const double *pw, const double *qw,
									   size_t np, size_t nq, double epsilon,
									   const kld_checked_weights *q_checked,
									   kld_fault *fault);

/* A measure of two checked distributions, without options. */
typedef double (*kld_pair_measure) (const kld_dist *P, const kld_dist *Q);

/* Checks p and q (unsmoothed) and applies measure to them. */
kld_status	kld_measure_pair(const double *p, const double *q, size_t np, size_t nq,
							 kld_pair_measure measure, double *result, kld_fault *fault);

/*
 * The normalized (and, with epsilon > 0, smoothed) probability of bin i,
 * (w / total + epsilon) / (1 + n epsilon). The division is kept (rather than
 * a multiplication by 1 / total, which is faster) so that a one-bin or two
 * proportional histograms give exactly equal probabilities, and so exact
 * zeros; the smoothing is one multiply-add with factors worked out once,
 * exact (x * 1 + 0) without smoothing. The kernels compute the same
 * operations, so the same bits.
 */
static inline double
kld_dist_prob(const kld_dist *d, size_t i)
{
	return fma(d->w[i] * d->scale / d->total.hi, d->prob_scale, d->prob_shift);
}

/*
 * True when bin i has no mass at all, as opposed to a probability that
 * underflows to 0 because other weights are 1e308 times larger. prob is
 * kld_dist_prob(d, i).
 */
static inline bool
kld_dist_is_zero(const kld_dist *d, size_t i, double prob)
{
	return prob == 0.0 && d->w[i] == 0.0;
}

/*
 * ln of bin i's probability from its raw weight: finite and accurate where
 * the probability underflows or is subnormal (and so has lost precision).
 * With smoothing, ln((p + epsilon) / (1 + n epsilon)) as a log-sum-exp,
 * which only comes up for an epsilon below DBL_MIN.
 */
static inline double
kld_dist_log_prob(const kld_dist *d, size_t i)
{
	/* ln(total / scale), worked out here: only bins this small need it */
	double		log_total = log(d->total.hi) - log(d->scale);
	double		log_p = d->w[i] > 0.0 ? log(d->w[i]) - log_total : -INFINITY;
	double		log_eps,
				larger,
				smaller;

	if (d->epsilon == 0.0)
		return log_p;
	log_eps = log(d->epsilon);
	larger = fmax(log_p, log_eps);
	smaller = fmin(log_p, log_eps);
	return larger + log1p(exp(smaller - larger)) - log(d->smoothed_total);
}

/* The unsmoothed probability of bin i as a double-double. */
static inline kld_dd
kld_dist_prob_dd(const kld_dist *d, size_t i)
{
	return kld_dd_div(d->w[i] * d->scale, d->total);
}

#endif							/* KLD_DISTRIBUTION_H */
