/*
 * terms.h: the per-bin terms of the divergences, one bin at a time, with
 * every special case: zero bins (Infinity where q = 0 < p), probabilities
 * that underflowed or are subnormal (logarithms from the raw weights), and
 * series near p = q. The kernels compute ordinary bins with lane formulas
 * of their own and call these for the bins where p or q is below DBL_MIN.
 */
#ifndef KLD_TERMS_H
#define KLD_TERMS_H

#include <float.h>
#include <math.h>

#include "distribution.h"
#include "near_zero.h"

/*
 * ln(a / b) for a, b > 0: one logarithm of the ratio is both faster and more
 * accurate than two, unless the ratio leaves the normal range.
 */
static inline double
log_ratio(double a, double b)
{
	double		r;

	/* Close together, a - b is exact and log1p keeps its relative accuracy. */
	if (a > 0.5 * b && a < 2.0 * b)
		return log1p((a - b) / b);
	r = a / b;
	if (r >= DBL_MIN && r <= DBL_MAX)
		return log(r);
	return log(a) - log(b);
}

/* KL's term p ln(p/q) - p + q for p, q > 0, >= 0 and accurate near p = q. */
static inline double
kl_term(double p, double q)
{
	double		d = p - q;

	if (fabs(d) < 0.125 * q)
		return q * kld_kl_gap(d / q);
	return fmax(p * log_ratio(p, q) - p + q, 0.0);
}

/* ln of a bin's probability, also where it is subnormal or 0 (see above). */
static inline double
log_prob(const kld_dist *d, size_t i, double prob)
{
	return prob >= DBL_MIN ? log(prob) : kld_dist_log_prob(d, i);
}

/* -p ln q */
static inline double
cross_entropy_term(const kld_dist *P, const kld_dist *Q, size_t i, double pi, double qi)
{
	bool		q_zero = kld_dist_is_zero(Q, i, qi);

	if (pi == 0.0)
		/* Also an underflowed p: -p ln q < 1e-320, unless q has no mass. */
		return (q_zero && !kld_dist_is_zero(P, i, pi)) ? INFINITY : 0.0;
	if (q_zero)
		return INFINITY;
	return -pi * log_prob(Q, i, qi);
}

/* p ln(p/q) - p + q */
static inline double
kl_div_term(const kld_dist *P, const kld_dist *Q, size_t i, double pi, double qi)
{
	if (pi < DBL_MIN || qi < DBL_MIN)
	{
		/* 0, underflowed or subnormal: logarithms from the raw weights. */
		bool		p_zero = kld_dist_is_zero(P, i, pi);

		if (kld_dist_is_zero(Q, i, qi))
			return p_zero ? 0.0 : INFINITY;
		if (p_zero)
			return qi;
		return fmax(pi * (log_prob(P, i, pi) - log_prob(Q, i, qi)) - pi + qi, 0.0);
	}
	return kl_term(pi, qi);
}

/*
 * p ln(p/q) alone, the bin's share of KL as the per-bin views report it
 * (kl_div_term adds -p + q, which sums to zero, to keep every term >= 0).
 * Negative where p < q.
 */
static inline double
kl_log_ratio_term(const kld_dist *P, const kld_dist *Q, size_t i, double pi, double qi)
{
	if (pi < DBL_MIN || qi < DBL_MIN)
	{
		if (kld_dist_is_zero(Q, i, qi))
			return kld_dist_is_zero(P, i, pi) ? 0.0 : INFINITY;
		/* No mass, or underflowed: |p ln(p/q)| < 1e-320, as for entropy. */
		if (pi == 0.0)
			return 0.0;
		return pi * (log_prob(P, i, pi) - log_prob(Q, i, qi));
	}
	return pi * log_ratio(pi, qi);
}

/* (p - q) ln(p/q): the two factors share a sign, so the term is >= 0. */
static inline double
psi_term(const kld_dist *P, const kld_dist *Q, size_t i, double pi, double qi)
{
	double		log_pq;

	if (pi < DBL_MIN || qi < DBL_MIN)
	{
		bool		p_zero = kld_dist_is_zero(P, i, pi);
		bool		q_zero = kld_dist_is_zero(Q, i, qi);

		if (p_zero && q_zero)
			return 0.0;
		if (p_zero || q_zero)
			return INFINITY;
		log_pq = log_prob(P, i, pi) - log_prob(Q, i, qi);
	}
	else
		log_pq = log_ratio(pi, qi);
	return fmax((pi - qi) * log_pq, 0.0);
}

/* (p - q)^2 / q */
static inline double
chi2_term(const kld_dist *P, const kld_dist *Q, size_t i, double pi, double qi)
{
	double		d = pi - qi;
	double		ratio;

	if (qi < DBL_MIN)
	{
		bool		p_zero = kld_dist_is_zero(P, i, pi);

		if (kld_dist_is_zero(Q, i, qi))
			return p_zero ? 0.0 : INFINITY;
		if (p_zero)
			return qi;
		/* q underflowed or is subnormal: p^2 / q - 2p + q, from logarithms. */
		return fmax(exp(2.0 * log_prob(P, i, pi) - log_prob(Q, i, qi)) - 2.0 * pi + qi, 0.0);
	}
	/* d * (d / q) keeps tiny differences from underflowing in d * d. */
	ratio = d / qi;
	return isfinite(ratio) ? ratio * d : (d * d) / qi;
}

/* -p ln p */
static inline double
entropy_term(const kld_dist *P, size_t i, double pi)
{
	(void) P;
	(void) i;
	/* An underflowed p contributes -p ln p < 1e-320: nothing. */
	return pi > 0.0 ? -pi * log(pi) : 0.0;
}

/* p ln(p/m) + q ln(q/m), m = (p + q) / 2: twice the bin's share of JSD */
static inline double
jsd_term(const kld_dist *P, const kld_dist *Q, size_t i, double pi, double qi)
{
	double		s = pi + qi;

	(void) P;
	(void) Q;
	(void) i;
	return s > 0.0 ? 0.5 * s * kld_jensen_gap((pi - qi) / s) : 0.0;
}

#endif							/* KLD_TERMS_H */
