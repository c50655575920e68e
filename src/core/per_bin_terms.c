/*
 * per_bin_terms.c: the terms of KL and PSI one bin at a time, for
 * kl_div_terms() and psi_terms().
 *
 * Same checks, normalization and smoothing as kld_kl_div and kld_psi, and
 * the same special cases (terms.h), so the terms add up to those functions'
 * values within rounding.
 */
#include "distribution.h"
#include "kernels.h"
#include "kld.h"
#include "options.h"
#include "terms.h"

typedef double (*bin_term_fn) (const kld_dist *P, const kld_dist *Q, size_t i,
							   double pi, double qi);

static kld_status
fill_terms(const double *p, const double *q, size_t np, size_t nq,
		   const kld_options *opt, bin_term_fn term, double *terms, kld_fault *fault)
{
	kld_dist	P,
				Q;
	double		log_base;
	kld_status	status = kld_check_options(opt, &log_base, fault);

	if (status == KLD_OK)
		status = kld_dist_init_pair(&P, &Q, p, q, np, nq, opt->epsilon, fault);
	if (status != KLD_OK)
		return status;
	for (size_t i = 0; i < np; i++)
	{
		kld_check_interrupts(i);
		/* + 0.0 as kld_kl_div does: no -0 from a base below 1 */
		terms[i] = term(&P, &Q, i, kld_dist_prob(&P, i), kld_dist_prob(&Q, i))
			/ log_base + 0.0;
	}
	return KLD_OK;
}

kld_status
kld_kl_div_terms(const double *p, const double *q, size_t np, size_t nq,
				 const kld_options *opt, double *terms, kld_fault *fault)
{
	return fill_terms(p, q, np, nq, opt, kl_log_ratio_term, terms, fault);
}

kld_status
kld_psi_terms(const double *p, const double *q, size_t np, size_t nq,
			  const kld_options *opt, double *terms, kld_fault *fault)
{
	/* PSI has no base: kld_psi ignores it, and so do its terms. */
	kld_options natural = {NULL, opt->epsilon, opt->q_checked};

	return fill_terms(p, q, np, nq, &natural, psi_term, terms, fault);
}
