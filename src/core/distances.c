/*
 * distances.c: total variation, Hellinger and L-infinity distances between
 * two normalized histograms, from the kernel set in use.
 */
#include <math.h>

#include "distribution.h"
#include "kernels.h"
#include "kld.h"

static double
total_variation(const kld_dist *P, const kld_dist *Q)
{
	return fmin(0.5 * kld_kernels->tv(P, Q), 1.0);
}

/* The kernel takes sqrt(p) - sqrt(q) as (p - q) / (sqrt(p) + sqrt(q)). */
static double
hellinger(const kld_dist *P, const kld_dist *Q)
{
	return fmin(sqrt(0.5 * kld_kernels->hellinger(P, Q)), 1.0);
}

static double
largest_difference(const kld_dist *P, const kld_dist *Q)
{
	return kld_kernels->linf(P, Q);
}

kld_status
kld_tv_distance(const double *p, const double *q, size_t np, size_t nq,
				double *result, kld_fault *fault)
{
	return kld_measure_pair(p, q, np, nq, total_variation, result, fault);
}

kld_status
kld_hellinger(const double *p, const double *q, size_t np, size_t nq,
			  double *result, kld_fault *fault)
{
	return kld_measure_pair(p, q, np, nq, hellinger, result, fault);
}

kld_status
kld_linf_distance(const double *p, const double *q, size_t np, size_t nq,
				  double *result, kld_fault *fault)
{
	return kld_measure_pair(p, q, np, nq, largest_difference, result, fault);
}
