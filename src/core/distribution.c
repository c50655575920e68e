/*
 * distribution.c: validation and normalization of weight arrays.
 */
#include "distribution.h"
#include "kernels.h"

/* 2^-64: shrinks the largest double far enough that 2^27 of them still sum. */
#define KLD_OVERFLOW_SCALE 0x1p-64

/*
 * Below 2^-900 a total loses the exactness the double-double probabilities
 * rely on (residuals fall into the subnormal range), so tiny weights are
 * scaled up by 2^600, which is exact for them.
 */
#define KLD_TINY_TOTAL 0x1p-900
#define KLD_UNDERFLOW_SCALE 0x1p600

/*
 * 1 / total, where it is normal: then w / total is computed as w * (1 /
 * total) corrected by one multiply-add (Markstein's theorem: with the
 * reciprocal correctly rounded, the corrected quotient is the correctly
 * rounded one, the bits of the division, while it stays clear of underflow).
 */
static double
inverse_total(double total)
{
	return total >= 0x1p-1000 && total <= 0x1p1000 ? 1.0 / total : 0.0;
}

/* The first bad weight, which the kernel saw somewhere. */
static kld_status
find_bad_weight(const double *w, size_t n, kld_arg arg, kld_fault *fault)
{
	for (size_t i = 0; i < n; i++)
	{
		kld_status	status;

		kld_check_interrupts(i);
		status = kld_check_weight(w[i], arg, i, fault);
		if (status != KLD_OK)
			return status;
	}
	return kld_fail(fault, KLD_NOT_A_NUMBER, arg, 0, NAN);	/* not reached */
}

/* Checks and sums w: scale and total of d (w and n too). */
static kld_status
dist_sum(kld_dist *d, const double *w, size_t n, kld_arg arg, kld_fault *fault)
{
	kld_sum		acc;

	/* Every field set, even on the error paths (the analyzers ask). */
	*d = (kld_dist) {.w = w, .n = n, .scale = 1.0};
	if (n == 0)
		return kld_fail(fault, KLD_EMPTY, arg, 0, 0.0);
	if (!kld_kernels->weights_sum(w, n, 1.0, &acc))
		return find_bad_weight(w, n, arg, fault);

	if (!isfinite(acc.sum + acc.err))
	{
		/*
		 * Finite weights whose sum overflows (perhaps only once the error
		 * term is added back): sum them scaled down instead.
		 */
		d->scale = KLD_OVERFLOW_SCALE;
		kld_kernels->weights_sum(w, n, d->scale, &acc);
	}
	else if (acc.sum + acc.err < KLD_TINY_TOTAL)
	{
		d->scale = KLD_UNDERFLOW_SCALE;
		kld_kernels->weights_sum(w, n, d->scale, &acc);
	}
	d->total = kld_sum_dd(&acc);
	if (d->total.hi == 0.0)
		return kld_fail(fault, KLD_ALL_ZERO, arg, 0, 0.0);
	d->inv_total = inverse_total(d->total.hi);

	return KLD_OK;
}

/* The smoothing's factors of a summed d. */
static void
dist_smooth(kld_dist *d, double epsilon)
{
	size_t		n = d->n;

	d->epsilon = epsilon;
	if (epsilon > 1.0)
	{
		/* (p / epsilon + 1) / (1 / epsilon + n): no overflow for a huge epsilon */
		d->smoothed_total = 1.0 / epsilon + (double) n;
		d->prob_scale = 1.0 / epsilon / d->smoothed_total;
		d->prob_shift = 1.0 / d->smoothed_total;
	}
	else if (epsilon > 0.0)
	{
		d->smoothed_total = 1.0 + (double) n * epsilon;
		d->prob_scale = 1.0 / d->smoothed_total;
		d->prob_shift = epsilon / d->smoothed_total;
	}
	else
	{
		d->smoothed_total = 1.0;
		d->prob_scale = 1.0;
		d->prob_shift = 0.0;
	}
}

kld_status
kld_dist_init(kld_dist *d, const double *w, size_t n, double epsilon,
			  kld_arg arg, kld_fault *fault)
{
	kld_status	status = dist_sum(d, w, n, arg, fault);

	if (status == KLD_OK)
		dist_smooth(d, epsilon);
	return status;
}

kld_status
kld_check_weights(const double *w, size_t n, kld_arg arg, kld_checked_weights *checked,
				  kld_fault *fault)
{
	kld_dist	d;
	kld_status	status = dist_sum(&d, w, n, arg, fault);

	if (status != KLD_OK)
		return status;
	checked->w = w;
	checked->n = n;
	checked->scale = d.scale;
	checked->total_hi = d.total.hi;
	checked->total_lo = d.total.lo;
	return KLD_OK;
}

/* A kld_dist from weights checked before: what kld_dist_init would make. */
static void
dist_from_checked(kld_dist *d, const kld_checked_weights *checked, double epsilon)
{
	d->w = checked->w;
	d->n = checked->n;
	d->scale = checked->scale;
	d->total.hi = checked->total_hi;
	d->total.lo = checked->total_lo;
	d->inv_total = inverse_total(d->total.hi);
	dist_smooth(d, epsilon);
}

bool
kld_dist_from_sum(kld_dist *d, const double *w, size_t n, const kld_sum *acc, double epsilon)
{
	double		total = acc->sum + acc->err;

	/* dist_sum's tests, in its order: these totals take its other paths */
	if (!isfinite(total) || total < KLD_TINY_TOTAL)
		return false;
	*d = (kld_dist) {.w = w, .n = n, .scale = 1.0};
	d->total = kld_sum_dd(acc);
	if (d->total.hi == 0.0)
		return false;
	d->inv_total = inverse_total(d->total.hi);
	dist_smooth(d, epsilon);
	return true;
}

/*
 * Both checked and summed in one pass (the kernels' pair_sums, the sums of
 * weights_sum) where that can serve; otherwise, or on a bad weight, each on
 * its own, p first, so faults come out as they always did.
 */
static kld_status
dist_init_both(kld_dist *p, kld_dist *q, const double *pw, const double *qw, size_t n,
			   double epsilon, kld_fault *fault)
{
	kld_sum		sp,
				sq;
	kld_status	status;

	if (!kld_kernels->pair_sums(pw, qw, n, &sp, &sq))
	{
		status = kld_dist_init(p, pw, n, epsilon, KLD_ARG_P, fault);
		if (status != KLD_OK)
			return status;
		return kld_dist_init(q, qw, n, epsilon, KLD_ARG_Q, fault);
	}
	if (!kld_dist_from_sum(p, pw, n, &sp, epsilon))
	{
		status = kld_dist_init(p, pw, n, epsilon, KLD_ARG_P, fault);
		if (status != KLD_OK)
			return status;
	}
	if (!kld_dist_from_sum(q, qw, n, &sq, epsilon))
		return kld_dist_init(q, qw, n, epsilon, KLD_ARG_Q, fault);
	return KLD_OK;
}

kld_status
kld_dist_init_pair(kld_dist *p, kld_dist *q, const double *pw, const double *qw,
				   size_t np, size_t nq, double epsilon, kld_fault *fault)
{
	return kld_dist_init_pair_checked(p, q, pw, qw, np, nq, epsilon, NULL, fault);
}

kld_status
kld_dist_init_pair_checked(kld_dist *p, kld_dist *q, const double *pw, const double *qw,
						   size_t np, size_t nq, double epsilon,
						   const kld_checked_weights *q_checked, kld_fault *fault)
{
	kld_status	status;

	if (np == 0)
		return kld_fail(fault, KLD_EMPTY, KLD_ARG_P, 0, 0.0);
	if (nq == 0)
		return kld_fail(fault, KLD_EMPTY, KLD_ARG_Q, 0, 0.0);
	if (np != nq)
	{
		kld_fail(fault, KLD_LENGTH_MISMATCH, KLD_ARG_Q, 0, 0.0);
		fault->length_p = np;
		fault->length_q = nq;
		return KLD_LENGTH_MISMATCH;
	}
	if (q_checked == NULL || q_checked->w != qw || q_checked->n != nq)
		return dist_init_both(p, q, pw, qw, np, epsilon, fault);
	status = kld_dist_init(p, pw, np, epsilon, KLD_ARG_P, fault);
	if (status != KLD_OK)
		return status;
	dist_from_checked(q, q_checked, epsilon);
	return KLD_OK;
}

kld_status
kld_measure_pair(const double *p, const double *q, size_t np, size_t nq,
				 kld_pair_measure measure, double *result, kld_fault *fault)
{
	kld_dist	P,
				Q;
	kld_status	status = kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	if (status == KLD_OK)
		*result = measure(&P, &Q);
	return status;
}
