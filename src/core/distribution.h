/*
 * distribution.h: a checked, normalizable view of one weight array.
 *
 * kld_dist_init validates the weights in one pass (finite, non-negative,
 * some positive) while summing them, so kernels can read probabilities
 * without checking anything again.
 */
#ifndef KLD_DISTRIBUTION_H
#define KLD_DISTRIBUTION_H

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
	double		epsilon;		/* additive smoothing, 0 for none */
	double		smoothed_total; /* 1 + n * epsilon */
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

/* The normalized (and, with epsilon > 0, smoothed) probability of bin i. */
static inline double
kld_dist_prob(const kld_dist *d, size_t i)
{
	return (d->w[i] * d->scale / d->total.hi + d->epsilon) / d->smoothed_total;
}

/* The unsmoothed probability of bin i as a double-double. */
static inline kld_dd
kld_dist_prob_dd(const kld_dist *d, size_t i)
{
	return kld_dd_div(d->w[i] * d->scale, d->total);
}

#endif							/* KLD_DISTRIBUTION_H */
