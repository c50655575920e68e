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
#include "fault.h"
#include "histogram.h"
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

/*
 * The area between two CDFs that are linear within each inner bin: where
 * the gap goes from d0 to d1 across a bin of width w, w (|d0| + |d1|) / 2,
 * or, where it changes sign, the two triangles w (d0^2 + d1^2) /
 * (2 (|d0| + |d1|)). Widths are halved so that edges near +/-1.8e308 do not
 * overflow; the sum is doubled at the end.
 */
static double
bin_area(double half_width, double d0, double d1)
{
	double		a0 = fabs(d0),
				a1 = fabs(d1);

	if (a0 + a1 == 0.0)
		return 0.0;
	if ((d0 <= 0.0 && d1 <= 0.0) || (d0 >= 0.0 && d1 >= 0.0))
		return half_width * (a0 + a1) * 0.5;
	return half_width * (a0 * a0 + a1 * a1) / (2.0 * (a0 + a1));
}

static kld_status
check_edges_layout(const double *edges, size_t nedges, size_t np, size_t nq,
				   kld_fault *fault)
{
	kld_status	status = kld_edges_check(edges, nedges, KLD_ARG_EDGES, fault);

	if (status != KLD_OK || np == 0 || nq == 0 || np != nq || np == nedges + 1)
		return status;			/* lengths and weights: kld_dist_init_pair */
	kld_fail(fault, KLD_EDGES_MISMATCH, KLD_ARG_P, 0, 0.0);
	fault->length_p = np;
	fault->length_q = nedges;
	return KLD_EDGES_MISMATCH;
}

kld_status
kld_wasserstein_edges(const double *p, const double *q, size_t np, size_t nq,
					  const double *edges, size_t nedges,
					  double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_dd		gap = {0.0, 0.0};
	kld_sum		area = {0.0, 0.0};
	kld_status	status = check_edges_layout(edges, nedges, np, nq, fault);

	if (status == KLD_OK)
		status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);
	if (status != KLD_OK)
		return status;
	/* Bin 0 (the underflow) sits at edges[0]; bin j spans edges[j-1 .. j]. */
	for (size_t j = 0; j + 1 < np; j++)
	{
		kld_dd		a = kld_dist_prob_dd(&P, j);
		kld_dd		b = kld_dist_prob_dd(&Q, j);
		double		before = gap.hi;

		kld_check_interrupts(j);
		b.hi = -b.hi;
		b.lo = -b.lo;
		gap = kld_dd_add(gap, kld_dd_add(a, b));
		if (j > 0)
			kld_sum_add(&area, bin_area(edges[j] * 0.5 - edges[j - 1] * 0.5, before, gap.hi));
	}
	/* The overflow at the last edge closes the gap: nothing beyond it. */
	*result = 2.0 * kld_sum_value(&area);
	return KLD_OK;
}
