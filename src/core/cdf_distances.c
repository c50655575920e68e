/*
 * cdf_distances.c: Wasserstein-1 and Kolmogorov-Smirnov distances over
 * ordered bins, both read off the running difference of the two CDFs.
 *
 * The running difference is carried as a double-double built from
 * double-double probabilities: in plain doubles, the rounding of each
 * normalized weight would accumulate along the CDF and swamp the distance
 * between two nearly equal histograms.
 */
#include <math.h>

#include "distribution.h"
#include "kernels.h"
#include "kld.h"

typedef struct cdf_gap
{
	double		area;			/* sum of |CDF_p - CDF_q| over bins 1 .. n-1 */
	double		largest;		/* max |CDF_p - CDF_q| */
} cdf_gap;

static cdf_gap
measure_cdf_gap(const kld_dist *P, const kld_dist *Q)
{
	kld_dd		gap = {0.0, 0.0};
	kld_sum		area = {0.0, 0.0};
	double		largest = 0.0;
	cdf_gap		result;

	/* The gap after the last bin is 1 - 1 = 0 exactly, so it is left out. */
	for (size_t i = 0; i + 1 < P->n; i++)
	{
		kld_dd		p = kld_dist_prob_dd(P, i);
		kld_dd		q = kld_dist_prob_dd(Q, i);
		double		here;

		kld_check_interrupts(i);
		q.hi = -q.hi;
		q.lo = -q.lo;
		gap = kld_dd_add(gap, kld_dd_add(p, q));
		here = fabs(gap.hi);
		kld_sum_add(&area, here);
		largest = fmax(largest, here);
	}
	result.area = kld_sum_value(&area);
	result.largest = fmin(largest, 1.0);
	return result;
}

static double
cdf_area(const kld_dist *P, const kld_dist *Q)
{
	return measure_cdf_gap(P, Q).area;
}

static double
cdf_largest_gap(const kld_dist *P, const kld_dist *Q)
{
	return measure_cdf_gap(P, Q).largest;
}

kld_status
kld_wasserstein(const double *p, const double *q, size_t np, size_t nq,
				double *result, kld_fault *fault)
{
	return kld_measure_pair(p, q, np, nq, cdf_area, result, fault);
}

kld_status
kld_ks_distance(const double *p, const double *q, size_t np, size_t nq,
				double *result, kld_fault *fault)
{
	return kld_measure_pair(p, q, np, nq, cdf_largest_gap, result, fault);
}
