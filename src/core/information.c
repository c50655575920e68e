/*
 * information.c: entropy, cross-entropy and the log-ratio divergences
 * (KL, Jensen-Shannon, PSI) plus Pearson's chi-squared divergence.
 *
 * The checks happen here; the sums of per-bin terms (terms.h) in the kernel
 * set in use (kernels.h). Every term is non-negative on its own (KL's terms
 * as p ln(p/q) - p + q, whose extra parts sum to zero), so a long sum has no
 * cancellation, and sums are compensated. A term that is infinite in exact
 * arithmetic (q = 0 < p) makes the result +Infinity in nats, as in scipy.
 */
#include <float.h>
#include <math.h>

#include "distribution.h"
#include "fault.h"
#include "kernels.h"
#include "kld.h"
#include "near_zero.h"
#include "options.h"

static kld_status
prepare_pair(const double *p, const double *q, size_t np, size_t nq,
			 const kld_options *opt, kld_dist *P, kld_dist *Q,
			 double *log_base, kld_fault *fault)
{
	kld_status	status = kld_check_options(opt, log_base, fault);

	if (status != KLD_OK)
		return status;
	return kld_dist_init_pair_checked(P, Q, p, q, np, nq, opt->epsilon, opt->q_checked, fault);
}

kld_status
kld_entropy(const double *p, size_t n, const kld_options *opt,
			double *result, kld_fault *fault)
{
	kld_dist	P;
	double		log_base;
	kld_status	status = kld_check_options(opt, &log_base, fault);

	if (status == KLD_OK)
		status = kld_dist_init(&P, p, n, opt->epsilon, KLD_ARG_P, fault);
	if (status != KLD_OK)
		return status;
	/* + 0.0: a zero in a base below 1 is +0, not -0 */
	*result = fmax(kld_kernels->entropy(&P), 0.0) / log_base + 0.0;
	return KLD_OK;
}

/*
 * The divergences of two distributions are sums of per-bin terms, each >= 0
 * or +Infinity (q = 0 < p), computed by the kernel set in use.
 */
typedef double (*pair_kernel) (const kld_dist *P, const kld_dist *Q);

static kld_status
sum_terms(const double *p, const double *q, size_t np, size_t nq,
		  const kld_options *opt, pair_kernel kernel, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	double		log_base;
	kld_status	status = prepare_pair(p, q, np, nq, opt, &P, &Q, &log_base, fault);

	if (status != KLD_OK)
		return status;
	/* +Infinity nats is -Infinity in a base below 1: the division keeps that. */
	*result = fmax(kernel(&P, &Q), 0.0) / log_base + 0.0;
	return KLD_OK;
}

kld_status
kld_cross_entropy(const double *p, const double *q, size_t np, size_t nq,
				  const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, kld_kernels->cross_entropy, result, fault);
}

kld_status
kld_kl_div(const double *p, const double *q, size_t np, size_t nq,
		   const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, kld_kernels->kl_div, result, fault);
}

kld_status
kld_psi(const double *p, const double *q, size_t np, size_t nq,
		const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, kld_kernels->psi, result, fault);
}

kld_status
kld_chi2_div(const double *p, const double *q, size_t np, size_t nq,
			 const kld_options *opt, double *result, kld_fault *fault)
{
	return sum_terms(p, q, np, nq, opt, kld_kernels->chi2, result, fault);
}

/* JSD in nats: half the sum of m f(x) over the bins. */
static double
jsd_nats(const kld_dist *P, const kld_dist *Q)
{
	/* Bounded by ln 2 in exact arithmetic; keep rounding from crossing it. */
	return fmin(0.5 * fmax(kld_kernels->jsd(P, Q), 0.0), KLD_LN2);
}

kld_status
kld_jsd(const double *p, const double *q, size_t np, size_t nq,
		const kld_options *opt, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	double		log_base;
	kld_status	status = prepare_pair(p, q, np, nq, opt, &P, &Q, &log_base, fault);

	if (status != KLD_OK)
		return status;
	*result = jsd_nats(&P, &Q) / log_base + 0.0;
	return KLD_OK;
}

kld_status
kld_js_distance(const double *p, const double *q, size_t np, size_t nq,
				const kld_options *opt, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	double		log_base;
	kld_status	status = kld_check_options(opt, &log_base, fault);

	/* In a base below 1 the divergence is negative: no real square root. */
	if (status == KLD_OK && log_base < 0.0)
		return kld_fail(fault, KLD_BAD_BASE, KLD_ARG_BASE, 0, *opt->base);
	if (status == KLD_OK)
		status = kld_dist_init_pair_checked(&P, &Q, p, q, np, nq, opt->epsilon,
											opt->q_checked, fault);
	if (status != KLD_OK)
		return status;
	*result = sqrt(jsd_nats(&P, &Q) / log_base);
	return KLD_OK;
}
