/*
 * information.c: entropy, cross-entropy and the log-ratio divergences
 * (KL, Jensen-Shannon, PSI) plus Pearson's chi-squared divergence.
 *
 * Every term is written so that it is non-negative on its own (KL's terms as
 * p ln(p/q) - p + q, whose extra parts sum to zero), so a long sum has no
 * cancellation, and sums are compensated. A term that is infinite in exact
 * arithmetic (q = 0 < p) makes the result +Infinity, as in scipy.
 */
#include <float.h>
#include <math.h>

#include "distribution.h"
#include "kld.h"
#include "options.h"

#define KLD_LN2 0.693147180559945309417232121458176568

/*
 * ln(a / b) for a, b > 0: one logarithm of the ratio is both faster and more
 * accurate than two, unless the ratio leaves the normal range.
 */
static inline double
log_ratio(double a, double b)
{
	double		r = a / b;

	if (r >= DBL_MIN && r <= DBL_MAX)
		return log(r);
	return log(a) - log(b);
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

		if (pi > 0.0)
			kld_sum_add(&acc, -pi * log(pi));
	}
	*result = finish(&acc, log_base);
	return KLD_OK;
}

kld_status
kld_cross_entropy(const double *p, const double *q, size_t np, size_t nq,
				  const kld_options *opt, double *result, kld_fault *fault)
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
		double		pi = kld_dist_prob(&P, i);
		double		qi = kld_dist_prob(&Q, i);

		if (pi == 0.0)
			continue;
		if (qi == 0.0)
		{
			*result = INFINITY;
			return KLD_OK;
		}
		kld_sum_add(&acc, -pi * log(qi));
	}
	*result = finish(&acc, log_base);
	return KLD_OK;
}

kld_status
kld_kl_div(const double *p, const double *q, size_t np, size_t nq,
		   const kld_options *opt, double *result, kld_fault *fault)
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
		double		pi = kld_dist_prob(&P, i);
		double		qi = kld_dist_prob(&Q, i);

		if (pi == 0.0)
		{
			kld_sum_add(&acc, qi);
			continue;
		}
		if (qi == 0.0)
		{
			*result = INFINITY;
			return KLD_OK;
		}
		kld_sum_add(&acc, fmax(pi * log_ratio(pi, qi) - pi + qi, 0.0));
	}
	*result = finish(&acc, log_base);
	return KLD_OK;
}

/* JSD in nats: per bin, p ln(p/m) + q ln(q/m) with m the midpoint, halved. */
static double
jsd_nats(const kld_dist *P, const kld_dist *Q)
{
	kld_sum		acc = {0.0, 0.0};

	for (size_t i = 0; i < P->n; i++)
	{
		double		pi = kld_dist_prob(P, i);
		double		qi = kld_dist_prob(Q, i);
		double		s = pi + qi;
		double		term = 0.0;

		if (pi > 0.0)
			term += pi * log_ratio(2.0 * pi, s);
		if (qi > 0.0)
			term += qi * log_ratio(2.0 * qi, s);
		kld_sum_add(&acc, fmax(term, 0.0));
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
	kld_status	status = prepare_pair(p, q, np, nq, opt, &P, &Q, &log_base, fault);

	if (status != KLD_OK)
		return status;
	*result = sqrt(jsd_nats(&P, &Q) / log_base);
	return KLD_OK;
}

kld_status
kld_psi(const double *p, const double *q, size_t np, size_t nq,
		const kld_options *opt, double *result, kld_fault *fault)
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
		double		pi = kld_dist_prob(&P, i);
		double		qi = kld_dist_prob(&Q, i);

		if (pi == 0.0 && qi == 0.0)
			continue;
		if (pi == 0.0 || qi == 0.0)
		{
			*result = INFINITY;
			return KLD_OK;
		}
		/* (p - q) and ln(p/q) share a sign, so every term is >= 0. */
		kld_sum_add(&acc, fmax((pi - qi) * log_ratio(pi, qi), 0.0));
	}
	*result = finish(&acc, log_base);
	return KLD_OK;
}

kld_status
kld_chi2_div(const double *p, const double *q, size_t np, size_t nq,
			 const kld_options *opt, double *result, kld_fault *fault)
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
		double		pi = kld_dist_prob(&P, i);
		double		qi = kld_dist_prob(&Q, i);
		double		d = pi - qi;
		double		ratio;

		if (qi == 0.0)
		{
			if (pi == 0.0)
				continue;
			*result = INFINITY;
			return KLD_OK;
		}
		/* d * (d / q) keeps tiny differences from underflowing in d * d. */
		ratio = d / qi;
		kld_sum_add(&acc, isfinite(ratio) ? ratio * d : (d * d) / qi);
	}
	*result = fmax(kld_sum_value(&acc), 0.0);
	return KLD_OK;
}
