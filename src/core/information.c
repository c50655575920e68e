/*
 * information.c: entropy, cross-entropy and the log-ratio divergences
 * (KL, Jensen-Shannon, PSI) plus Pearson's chi-squared divergence.
 *
 * Every term is written so that it is non-negative on its own (KL's terms as
 * p ln(p/q) - p + q, whose extra parts sum to zero), so a long sum has no
 * cancellation, and sums are compensated. A term that is infinite in exact
 * arithmetic (q = 0 < p) makes the result +Infinity in nats, as in scipy.
 *
 * Zero is decided on the raw weights: a probability that underflows to 0
 * (weights 1e300 and 1e-300 in one array) still has mass. The logarithm of a
 * probability below DBL_MIN, which is 0 or has lost bits as a subnormal, is
 * taken from the raw weight instead.
 */
#include <float.h>
#include <math.h>

#include "distribution.h"
#include "fault.h"
#include "kld.h"
#include "near_zero.h"
#include "options.h"

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

static kld_status
prepare_pair(const double *p, const double *q, size_t np, size_t nq,
			 const kld_options *opt, kld_dist *P, kld_dist *Q,
			 double *log_base, kld_fault *fault)
{
	kld_status	status = kld_check_options(opt, log_base, fault);

	if (status != KLD_OK)
		return status;
	return kld_dist_init_pair(P, Q, p, q, np, nq, opt->epsilon, fault);
}

/* A sum of non-negative terms, in the requested base. */
static double
finish(const kld_sum *acc, double log_base)
{
	return fmax(kld_sum_value(acc), 0.0) / log_base;
}

kld_status
kld_entropy(const double *p, size_t n, const kld_options *opt,
			double *result, kld_fault *fault)
{
	kld_dist	P;
	kld_sum		acc = {0.0, 0.0};
	double		log_base;
	kld_status	status = kld_check_options(opt, &log_base, fault);

	if (status == KLD_OK)
		status = kld_dist_init(&P, p, n, opt->epsilon, KLD_ARG_P, fault);
	if (status != KLD_OK)
		return status;

	for (size_t i = 0; i < n; i++)
	{
		double		pi = kld_dist_prob(&P, i);

		/* An underflowed p contributes -p ln p < 1e-320: nothing. */
		if (pi > 0.0)
			kld_sum_add(&acc, -pi * log(pi));
	}
	*result = finish(&acc, log_base);
	return KLD_OK;
}

/*
 * The divergences of two distributions are sums of per-bin terms, each >= 0
 * or +Infinity (q = 0 < p), which ends the sum. A term function gets the
 * bin's probabilities and the distributions, for its rare cases.
 */
typedef double (*bin_term) (const kld_dist *P, const kld_dist *Q, size_t i,
							double pi, double qi);

static inline kld_status
sum_terms(const double *p, const double *q, size_t np, size_t nq,
		  const kld_options *opt, bin_term term, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_sum		acc = {0.0, 0.0};
	double		log_base;
	kld_status	status = prepare_pair(p, q, np, nq, opt, &P, &Q, &log_base, fault);

	if (status != KLD_OK)
		return status;

	for (size_t i = 0; i < np; i++)
	{
		double		t = term(&P, &Q, i, kld_dist_prob(&P, i), kld_dist_prob(&Q, i));

		if (t == INFINITY)
		{
			/* +Infinity nats; in a base below 1 that is -Infinity. */
			*result = INFINITY / log_base;
			return KLD_OK;
		}
		kld_sum_add(&acc, t);
	}
	*result = finish(&acc, log_base);
	return KLD_OK;
}

/* -p ln q */
static double
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
static double
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

/* (p - q) ln(p/q): the two factors share a sign, so the term is >= 0. */
static double
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
static double
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

kld_status
kld_cross_entropy(const double *p, const double *q, size_t np, size_t nq,
				  const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, cross_entropy_term, result, fault);
}

kld_status
kld_kl_div(const double *p, const double *q, size_t np, size_t nq,
		   const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, kl_div_term, result, fault);
}

kld_status
kld_psi(const double *p, const double *q, size_t np, size_t nq,
		const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, psi_term, result, fault);
}

kld_status
kld_chi2_div(const double *p, const double *q, size_t np, size_t nq,
			 const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, chi2_term, result, fault);
}

/* JSD in nats: the sum of m f(x) over the bins, halved. */
static double
jsd_nats(const kld_dist *P, const kld_dist *Q)
{
	kld_sum		acc = {0.0, 0.0};

	for (size_t i = 0; i < P->n; i++)
	{
		double		pi = kld_dist_prob(P, i);
		double		qi = kld_dist_prob(Q, i);
		double		s = pi + qi;

		if (s > 0.0)
			kld_sum_add(&acc, 0.5 * s * kld_jensen_gap((pi - qi) / s));
	}
	/* Bounded by ln 2 in exact arithmetic; keep rounding from crossing it. */
	return fmin(0.5 * fmax(kld_sum_value(&acc), 0.0), KLD_LN2);
}

kld_status
kld_jsd(const double *p, const double *q, size_t np, size_t nq,
		const kld_options *opt, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	double		log_base;
	kld_status	status = prepare_pair(p, q, np, nq, opt, &P, &Q, &log_base, fault);

	if (status != KLD_OK)
		return status;
	*result = jsd_nats(&P, &Q) / log_base;
	return KLD_OK;
}

kld_status
kld_js_distance(const double *p, const double *q, size_t np, size_t nq,
				const kld_options *opt, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	double		log_base;
	kld_status	status = kld_check_options(opt, &log_base, fault);

	/* In a base below 1 the divergence is negative: no real square root. */
	if (status == KLD_OK && log_base < 0.0)
		return kld_fail(fault, KLD_BAD_BASE, KLD_ARG_BASE, 0, *opt->base);
	if (status == KLD_OK)
		status = kld_dist_init_pair(&P, &Q, p, q, np, nq, opt->epsilon, fault);
	if (status != KLD_OK)
		return status;
	*result = sqrt(jsd_nats(&P, &Q) / log_base);
	return KLD_OK;
}
