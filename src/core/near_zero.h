/*
 * near_zero.h: functions whose plain formulas cancel to nothing near zero,
 * evaluated from their Taylor series there and from logarithms elsewhere,
 * so that nearly equal distributions keep full relative accuracy.
 *
 * The series are cut where the next term is below 1e-17 of the first at the
 * largest argument that takes the series path.
 */
#ifndef KLD_NEAR_ZERO_H
#define KLD_NEAR_ZERO_H

#include <math.h>

#define KLD_LN2 0.693147180559945309417232121458176568

/*
 * (1+r) ln(1+r) - r for r > -1, KL's term divided by q with r = (p-q)/q:
 * sum over k >= 2 of (-r)^k / (k (k-1)) for |r| < 1/8 (17 terms).
 */
static inline double
kld_kl_gap(double r)
{
	if (fabs(r) < 0.125)
	{
		double		sum = 0.0;

		for (int j = 16; j >= 0; j--)
			sum = sum * -r + 1.0 / ((j + 1.0) * (j + 2.0));
		return sum * r * r;
	}
	return (1.0 + r) * log1p(r) - r;
}

/*
 * (1+x) ln(1+x) + (1-x) ln(1-x) for |x| <= 1: the Jensen-Shannon term of a
 * bin divided by the midpoint m = (p+q)/2, with x = (p-q)/(p+q):
 * sum over k >= 1 of x^2k / (k (2k-1)) for |x| < 1/4 (14 terms).
 */
static inline double
kld_jensen_gap(double x)
{
	double		ax = fabs(x);

	if (ax < 0.25)
	{
		double		y = x * x;
		double		sum = 0.0;

		for (int k = 14; k >= 1; k--)
			sum = sum * y + 1.0 / (k * (2.0 * k - 1.0));
		return sum * y;
	}
	if (ax == 1.0)
		return 2.0 * KLD_LN2;
	return (1.0 + ax) * log1p(ax) + (1.0 - ax) * log1p(-ax);
}

/*
 * u - ln(1+u) for u > -1, the variance part of KL between normals:
 * sum over k >= 2 of -(-u)^k / k for |u| < 1/8 (17 terms).
 */
static inline double
kld_log1p_gap(double u)
{
	if (fabs(u) < 0.125)
	{
		double		sum = 0.0;

		for (int j = 16; j >= 0; j--)
			sum = sum * -u + 1.0 / (j + 2.0);
		return sum * u * u;
	}
	return u - log1p(u);
}

#endif							/* KLD_NEAR_ZERO_H */
