/*
 * renyi.c: Renyi divergence of order alpha and perplexity.
 *
 *   D_alpha(P || Q) = ln(S) / t,  S = sum p^alpha q^(1 - alpha) = sum p e^(t l),
 *   t = alpha - 1,  l = ln(p / q).
 *
 * Near alpha = 1 both ln S and t vanish, so S - 1 is summed directly, and
 * as terms that vanish where p = q: since sum p = sum q = 1,
 *   (S - 1) / t = sum p phi(l) + [bins with p = 0 or q = 0],
 *   phi(l) = expm1(t l) / t + expm1(-l) = sum_{j>=2} (t^(j-1) + (-1)^j) l^j / j!,
 * and D = log1p(t B) / t with B that sum; phi comes from its series where
 * l and t l are small. Where e^(t l) would overflow the sum is taken as a
 * log-sum-exp instead. The limits: alpha = 1 is kld_kl_div itself;
 * alpha = 0 is -ln Q(p > 0); alpha = Infinity is ln max p / q.
 */
#include <float.h>
#include <math.h>

#include "distribution.h"
#include "fault.h"
#include "kernels.h"
#include "kld.h"
#include "options.h"

/* ln(p_i / q_i), both > 0; from log1p where they are close. */
static double
log_ratio(const kld_dist *P, const kld_dist *Q, size_t i, double p, double q)
{
	if (p >= DBL_MIN && q >= DBL_MIN)
	{
		double		r = p / q;

		if (r >= 0.5 && r <= 2.0)
			return log1p((p - q) / q);
		return log(r);
	}
	return kld_dist_log_prob(P, i) - kld_dist_log_prob(Q, i);
}

/* expm1(t l) / t + expm1(-l), >= 0 for t > 0. */
static double
phi(double t, double l)
{
	if (fabs(l) < 0.1 && fabs(t * l) < 0.1)
	{
		double		u = l,
					w = -l,
					sum = 0.0;

		for (int j = 2; j <= 18; j++)
		{
			u *= t * l / j;
			w *= -l / j;
			sum += u + w;
		}
		return sum;
	}
	return expm1(t * l) / t + expm1(-l);
}

kld_status
kld_renyi_div(const double *p, const double *q, size_t np, size_t nq,
			  double alpha, const kld_options *opt, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_sum		sum = {0.0, 0.0};
	double		log_base,
				t = alpha - 1.0,
				largest = -INFINITY;
	kld_status	status;

	if (isnan(alpha) || alpha < 0.0)
		return kld_fail(fault, KLD_BAD_ALPHA, KLD_ARG_ALPHA, 0, alpha);
	if (alpha == 1.0)
		return kld_kl_div(p, q, np, nq, opt, result, fault);
	if ((status = kld_check_options(opt, &log_base, fault)) != KLD_OK ||
		(status = kld_dist_init_pair(&P, &Q, p, q, np, nq, opt->epsilon, fault)) != KLD_OK)
		return status;

	/* Bins where p > 0: the largest t l (and whether q = 0 there). */
	for (size_t i = 0; i < np; i++)
	{
		double		pi = kld_dist_prob(&P, i),
					qi = kld_dist_prob(&Q, i);

		kld_check_interrupts(i);
		if (kld_dist_is_zero(&P, i, pi))
			continue;
		if (kld_dist_is_zero(&Q, i, qi))
		{
			if (t > 0.0)
			{
				*result = INFINITY;
				return KLD_OK;
			}
			continue;
		}
		largest = fmax(largest, isinf(alpha) ? log_ratio(&P, &Q, i, pi, qi)
					   : t * log_ratio(&P, &Q, i, pi, qi));
	}
	if (isinf(alpha))
	{
		*result = fmax(largest, 0.0) / log_base;
		return KLD_OK;
	}
	if (largest == -INFINITY)
	{
		/* No bin where both have mass: S = 0 (only for alpha < 1). */
		*result = INFINITY;
		return KLD_OK;
	}

	if (largest <= 600.0)
	{
		double		b;

		for (size_t i = 0; i < np; i++)
		{
			double		pi = kld_dist_prob(&P, i),
						qi = kld_dist_prob(&Q, i);
			bool		p_zero = kld_dist_is_zero(&P, i, pi),
						q_zero = kld_dist_is_zero(&Q, i, qi);

			kld_check_interrupts(i);
			if (p_zero && q_zero)
				continue;
			if (p_zero)
				kld_sum_add(&sum, qi);
			else if (q_zero)
				kld_sum_add(&sum, -alpha * pi / t);	/* t < 0 here */
			else
				kld_sum_add(&sum, pi * phi(t, log_ratio(&P, &Q, i, pi, qi)));
		}
		b = kld_sum_value(&sum);
		if (isfinite(b))
		{
			double		tb = t * b;

			*result = (tb <= -1.0 ? INFINITY : fmax(log1p(tb) / t, 0.0));
			return KLD_OK;
		}
	}

	/* ln S as a log-sum-exp over the bins where both have mass. */
	{
		double		top = -INFINITY;
		kld_sum		scaled = {0.0, 0.0};

		for (size_t i = 0; i < np; i++)
		{
			double		pi = kld_dist_prob(&P, i),
						qi = kld_dist_prob(&Q, i);

			if (kld_dist_is_zero(&P, i, pi) || kld_dist_is_zero(&Q, i, qi))
				continue;
			top = fmax(top, kld_dist_log_prob(&P, i) + t * log_ratio(&P, &Q, i, pi, qi));
		}
		for (size_t i = 0; i < np; i++)
		{
			double		pi = kld_dist_prob(&P, i),
						qi = kld_dist_prob(&Q, i);

			kld_check_interrupts(i);
			if (kld_dist_is_zero(&P, i, pi) || kld_dist_is_zero(&Q, i, qi))
				continue;
			kld_sum_add(&scaled, exp(kld_dist_log_prob(&P, i) +
									 t * log_ratio(&P, &Q, i, pi, qi) - top));
		}
		*result = fmax((top + log(kld_sum_value(&scaled))) / t, 0.0);
	}
	return KLD_OK;
}

kld_status
kld_perplexity(const double *p, size_t n, double *result, kld_fault *fault)
{
	kld_options opt = KLD_OPTIONS_DEFAULT;
	double		h;
	kld_status	status = kld_entropy(p, n, &opt, &h, fault);

	if (status != KLD_OK)
		return status;
	*result = fmax(exp(h), 1.0);
	return KLD_OK;
}
