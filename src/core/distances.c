/*
 * distances.c: total variation, Hellinger and L-infinity distances between
 * two normalized histograms.
 */
#include <math.h>

#include "distribution.h"
#include "kld.h"

kld_status
kld_tv_distance(const double *p, const double *q, size_t np, size_t nq,
				double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_sum		acc = {0.0, 0.0};
	kld_status	status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	if (status != KLD_OK)
		return status;

	for (size_t i = 0; i < np; i++)
		kld_sum_add(&acc, fabs(kld_dist_prob(&P, i) - kld_dist_prob(&Q, i)));
	*result = fmin(0.5 * kld_sum_value(&acc), 1.0);
	return KLD_OK;
}

kld_status
kld_hellinger(const double *p, const double *q, size_t np, size_t nq,
			  double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_sum		acc = {0.0, 0.0};
	kld_status	status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	if (status != KLD_OK)
		return status;

	for (size_t i = 0; i < np; i++)
	{
		double		pi = kld_dist_prob(&P, i);
		double		qi = kld_dist_prob(&Q, i);
		double		root_sum = sqrt(pi) + sqrt(qi);
		double		root_diff;

		if (root_sum == 0.0)
			continue;
		/* sqrt(p) - sqrt(q) without cancellation when p is close to q. */
		root_diff = (pi - qi) / root_sum;
		kld_sum_add(&acc, root_diff * root_diff);
	}
	*result = fmin(sqrt(0.5 * kld_sum_value(&acc)), 1.0);
	return KLD_OK;
}

kld_status
kld_linf_distance(const double *p, const double *q, size_t np, size_t nq,
				  double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	double		largest = 0.0;
	kld_status	status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	if (status != KLD_OK)
		return status;

	for (size_t i = 0; i < np; i++)
		largest = fmax(largest, fabs(kld_dist_prob(&P, i) - kld_dist_prob(&Q, i)));
	*result = largest;
	return KLD_OK;
}
