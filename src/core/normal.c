/*
 * normal.c: KL divergence between two univariate normal distributions,
 *
 *   KL = ln(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2
 *      = ((r^2 - 1 - 2 ln r) + t^2) / 2,  r = s1/s2,  t = (m1 - m2)/s2.
 *
 * When r is near 1, r^2 - 1 - 2 ln r = u - ln(1 + u) with u = r^2 - 1 taken
 * as (s1 - s2)(s1 + s2)/s2^2, and u - ln(1 + u) comes from its series near
 * u = 0, where the logarithm and the ratio of variances cancel.
 */
#include <float.h>
#include <math.h>

#include "fault.h"
#include "kld.h"
#include "near_zero.h"

kld_status
kld_kl_div_normal(double mu1, double sigma1, double mu2, double sigma2,
				  double *result, kld_fault *fault)
{
	double		r,
				u,
				t,
				mean_gap,
				half_variance_part;

	if (!isfinite(mu1))
		return kld_fail(fault, KLD_BAD_MEAN, KLD_ARG_MU1, 0, mu1);
	if (!isfinite(sigma1) || !(sigma1 > 0.0))
		return kld_fail(fault, KLD_BAD_SIGMA, KLD_ARG_SIGMA1, 0, sigma1);
	if (!isfinite(mu2))
		return kld_fail(fault, KLD_BAD_MEAN, KLD_ARG_MU2, 0, mu2);
	if (!isfinite(sigma2) || !(sigma2 > 0.0))
		return kld_fail(fault, KLD_BAD_SIGMA, KLD_ARG_SIGMA2, 0, sigma2);

	mean_gap = mu1 - mu2;
	t = isfinite(mean_gap) ? mean_gap / sigma2 : mu1 / sigma2 - mu2 / sigma2;
	r = sigma1 / sigma2;
	/* Halves taken before squaring, so a result just below DBL_MAX stays finite. */
	if (r >= 0.5 && r <= 2.0)
	{
		/*
		 * Each factor divided first, so huge sigmas do not overflow; only
		 * the first carries the cancellation, so the second may be r + 1.
		 */
		u = ((sigma1 - sigma2) / sigma2) * (r + 1.0);
		half_variance_part = 0.5 * kld_log1p_gap(u);
	}
	else
	{
		double		log_r = (r >= DBL_MIN && r <= DBL_MAX) ? log(r)
			: log(sigma1) - log(sigma2);

		half_variance_part = (0.5 * r) * r - 0.5 - log_r;
	}
	*result = fmax(half_variance_part, 0.0) + (0.5 * t) * t;
	return KLD_OK;
}
