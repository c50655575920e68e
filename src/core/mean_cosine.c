/*
 * mean_cosine.c: the cosine distance 1 - cos(angle) between the means of two
 * normals, the embedding-drift score that ignores scale and spread.
 *
 * 1 - a.b / (|a| |b|) rounds to 0 as soon as the angle is below about 1e-8
 * radians, where drift between embedding windows often lies. The same value
 * is |a/|a| - b/|b||^2 / 2 in exact arithmetic, and that form is a sum of
 * squares of small differences, each term accurate to a few ulps of the unit
 * vectors' elements: its absolute error is about k ulps of sqrt(distance)
 * instead of k ulps of 1. The norms are taken after scaling by the largest
 * element, so no square overflows or underflows.
 */
#include <math.h>

#include "fault.h"
#include "gaussian.h"
#include "kernels.h"

/* The largest |x_i|, or a fault for a value that is not finite. */
static kld_status
largest_element(const double *x, size_t k, kld_arg arg, double *largest, kld_fault *fault)
{
	double		m = 0.0;

	for (size_t i = 0; i < k; i++)
	{
		kld_check_interrupts(i);
		if (!isfinite(x[i]))
		{
			kld_fail(fault, KLD_NOT_FINITE, arg, i, x[i]);
			fault->length_p = k;
			fault->length_q = 1;
			return KLD_NOT_FINITE;
		}
		if (fabs(x[i]) > m)
			m = fabs(x[i]);
	}
	*largest = m;
	return KLD_OK;
}

/* |x / scale|, x with largest element scale > 0. */
static double
scaled_norm(const double *x, size_t k, double scale)
{
	double		sum = 0.0;

	for (size_t i = 0; i < k; i++)
	{
		double		y = x[i] / scale;

		sum += y * y;
	}
	return sqrt(sum);
}

kld_status
kld_gauss_mean_cosine(const kld_gauss *a, const kld_gauss *b, double *result, bool *defined,
					  kld_fault *fault)
{
	size_t		k = a->mean_length;
	double		scale_a,
				scale_b,
				norm_a,
				norm_b,
				sum = 0.0;
	kld_status	status;

	*defined = false;
	if (k == 0)
		return kld_fail(fault, KLD_EMPTY, a->mean_arg, 0, 0.0);
	if (b->mean_length != k)
	{
		kld_fail(fault, KLD_DIM_MISMATCH, b->mean_arg, 0, 0.0);
		fault->length_p = k;
		fault->length_q = b->mean_length;
		return KLD_DIM_MISMATCH;
	}
	if ((status = largest_element(a->mean, k, a->mean_arg, &scale_a, fault)) != KLD_OK ||
		(status = largest_element(b->mean, k, b->mean_arg, &scale_b, fault)) != KLD_OK)
		return status;
	/* A zero mean has no direction: no angle to measure. */
	if (scale_a == 0.0 || scale_b == 0.0)
		return KLD_OK;
	norm_a = scaled_norm(a->mean, k, scale_a);
	norm_b = scaled_norm(b->mean, k, scale_b);
	for (size_t i = 0; i < k; i++)
	{
		double		d = a->mean[i] / scale_a / norm_a - b->mean[i] / scale_b / norm_b;

		kld_check_interrupts(i);
		sum += d * d;
	}
	/* Two unit vectors are at most 2 apart: rounding cannot take it past 2. */
	*result = fmin(sum / 2.0, 2.0);
	*defined = true;
	return KLD_OK;
}
