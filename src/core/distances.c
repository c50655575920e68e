/*
 * distances.c: total variation, Hellinger and L-infinity distances between
 * two normalized histograms.
 */
#include <math.h>

#include "distribution.h"
#include "kernels.h"
#include "kld.h"

kld_status
kld_tv_distance(const double *p, const double *q, size_t np, size_t nq,
				double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_status	status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	if (status != KLD_OK)
		return status;
	*result = fmin(0.5 * kld_kernels->tv(&P, &Q), 1.0);
	return KLD_OK;
}

kld_status
kld_hellinger(const double *p, const double *q, size_t np, size_t nq,
			  double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_status	status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	if (status != KLD_OK)
		return status;
	/* The kernel takes sqrt(p) - sqrt(q) as (p - q) / (sqrt(p) + sqrt(q)). */
	*result = fmin(sqrt(0.5 * kld_kernels->hellinger(&P, &Q)), 1.0);
	return KLD_OK;
}

kld_status
kld_linf_distance(const double *p, const double *q, size_t np, size_t nq,
				  double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_status	status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	if (status != KLD_OK)
		return status;
	*result = kld_kernels->linf(&P, &Q);
	return KLD_OK;
}
