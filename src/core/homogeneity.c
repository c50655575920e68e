/*
 * homogeneity.c: tests of whether two histograms of counts come from the
 * same distribution: Pearson's chi-squared and the likelihood-ratio (G)
 * test on their 2 x K contingency table, the two-sample Kolmogorov-Smirnov
 * test over ordered bins, and the material-drift test of PSI (is the drift
 * larger than min_effect?).
 *
 * A histogram of counts keeps its sample size, its sum; bins empty on both
 * sides are left out of the table. Both statistics are written in terms of
 * the two normalized histograms a and b, their mixture M = w_p a + w_q b
 * (w_p = n / N, the share of the rows that p counts) and the difference
 * a - b, which is taken in double-double from the raw weights: nearly equal
 * histograms give a small statistic with all its digits, where the usual
 * sum of (O - E)^2 / E would cancel.
 */
#include <float.h>
#include <math.h>

#include "distribution.h"
#include "fault.h"
#include "kernels.h"
#include "kld.h"
#include "near_zero.h"
#include "pvalues.h"

/* The table of two checked histograms. */
typedef struct contingency
{
	kld_dist	P,
				Q;
	double		w_p,			/* n / N and m / N, N = n + m */
				w_q;
	double		rows;			/* N, +Infinity if it overflows */
	double		effective_rows; /* n m / N, the sample size of the tests */
	size_t		bins;			/* bins with a count on either side */
} contingency;

/* n, from the scaled total: +Infinity where the true sum overflows. */
static double
sample_size(const kld_dist *d)
{
	return d->total.hi / d->scale;
}

static kld_status
read_table(contingency *t, const double *p, const double *q, size_t np, size_t nq,
		   kld_fault *fault)
{
	kld_status	status = kld_dist_init_pair(&t->P, &t->Q, p, q, np, nq, 0.0, fault);
	double		n,
				m,
				ratio;

	if (status != KLD_OK)
		return status;
	n = sample_size(&t->P);
	m = sample_size(&t->Q);
	/* m / n from the scaled totals (the scales are powers of two). */
	ratio = t->Q.total.hi / t->P.total.hi * (t->P.scale / t->Q.scale);
	t->w_p = 1.0 / (1.0 + ratio);
	t->w_q = 1.0 / (1.0 + 1.0 / ratio);
	t->rows = n + m;
	/* The smaller side times the larger's share: finite unless both are huge. */
	t->effective_rows = n <= m ? n * t->w_q : m * t->w_p;
	t->bins = 0;
	for (size_t i = 0; i < np; i++)
		t->bins += (p[i] > 0.0 || q[i] > 0.0);
	return KLD_OK;
}

/*
 * a_i - b_i. The shares a and b are each within an ulp or two, so where
 * they differ by more than a thousandth of the larger their plain
 * difference is good to 1e-13; closer, it is taken from the raw weights in
 * double-double and rounded once.
 */
static double
share_difference(const contingency *t, size_t i, double a_share, double b_share)
{
	double		plain = a_share - b_share;
	kld_dd		a,
				b;

	if (fabs(plain) > 1e-3 * fmax(a_share, b_share))
		return plain;
	a = kld_dist_prob_dd(&t->P, i);
	b = kld_dist_prob_dd(&t->Q, i);

	b.hi = -b.hi;
	b.lo = -b.lo;
	return kld_dd_add(a, b).hi;
}

/* N times a non-negative sum: 0 (not NaN) when the sum is 0 and N overflows. */
static double
scale_by_rows(const contingency *t, double sum)
{
	return sum == 0.0 ? 0.0 : t->rows * sum;
}

/*
 * Pearson's X^2 = sum over both rows of (O - E)^2 / E. In a bin, both rows'
 * deviations are +-(a - b) n m / N, so the bin adds
 * N (a - b)^2 / (a / w_q + b / w_p).
 */
static double
pearson_statistic(const contingency *t)
{
	kld_sum		sum = {0.0, 0.0};

	for (size_t i = 0; i < t->P.n; i++)
	{
		double		a = kld_dist_prob(&t->P, i);
		double		b = kld_dist_prob(&t->Q, i);
		double		d,
					spread;

		kld_check_interrupts(i);
		if (t->P.w[i] == 0.0 && t->Q.w[i] == 0.0)
			continue;
		d = share_difference(t, i, a, b);
		/* (a > 0 ? ...): no 0 / 0 where one side's share underflows */
		spread = (a > 0.0 ? a / t->w_q : 0.0) + (b > 0.0 ? b / t->w_p : 0.0);
		if (d != 0.0)
			kld_sum_add(&sum, d * d / spread);
	}
	return scale_by_rows(t, kld_sum_value(&sum));
}

/*
 * One side's part of a bin of G / 2N: weight * M * phi(x / M), phi(r) =
 * r ln r - r + 1, for that side's share x of the bin (mixture M), where
 * u = x / M - 1 comes from the accurate difference of the shares. Near
 * u = 0 by phi's series; elsewhere as x (ln x - ln M) - x + M, which stays
 * finite where x / M would overflow (a side with a tiny share of the rows).
 */
static double
side_term(double weight, double x, double mixture, double u)
{
	if (weight == 0.0)
		return 0.0;
	if (x == 0.0)
		return weight * mixture;
	if (fabs(u) < 0.125)
		return weight * mixture * kld_kl_gap(u);
	{
		double		ratio = x / mixture;
		double		log_ratio = isfinite(ratio) && ratio >= DBL_MIN ? log(ratio)
			: log(x) - log(mixture);

		return weight * fmax(x * log_ratio - x + mixture, 0.0);
	}
}

/*
 * G = 2 sum O ln(O / E) = 2 N (w_p KL(a || M) + w_q KL(b || M)), each KL a
 * sum of M phi(x / M) with phi(r) = r ln r - r + 1 >= 0 (kld_kl_gap(r - 1)),
 * where a / M - 1 = w_q (a - b) / M and b / M - 1 = -w_p (a - b) / M.
 */
static double
likelihood_ratio_statistic(const contingency *t)
{
	kld_sum		sum = {0.0, 0.0};

	for (size_t i = 0; i < t->P.n; i++)
	{
		double		a = kld_dist_prob(&t->P, i);
		double		b = kld_dist_prob(&t->Q, i);
		double		mixture = t->w_p * a + t->w_q * b;
		double		d;

		kld_check_interrupts(i);
		if (mixture == 0.0)
			continue;
		d = share_difference(t, i, a, b);
		kld_sum_add(&sum, side_term(t->w_p, a, mixture, t->w_q * d / mixture)
					+ side_term(t->w_q, b, mixture, -t->w_p * d / mixture));
	}
	return 2.0 * scale_by_rows(t, kld_sum_value(&sum));
}

/* A chi-squared test's result on the table's degrees of freedom. */
static void
chi2_result(const contingency *t, double statistic, double noncentrality,
			kld_test_result *r)
{
	r->statistic = statistic;
	r->dof = t->bins > 0 ? (double) (t->bins - 1) : 0.0;
	if (r->dof == 0.0)
		r->p_value = 1.0;		/* one bin: nothing can differ */
	else if (noncentrality > 0.0)
		r->p_value = fmin(kld_ncx2_sf(statistic, r->dof, noncentrality), 1.0);
	else
		r->p_value = fmin(kld_chi2_sf(statistic, r->dof), 1.0);
	r->psi = NAN;
}

kld_status
kld_chi2_test(const double *p, const double *q, size_t np, size_t nq,
			  kld_test_result *result, kld_fault *fault)
{
	contingency t;
	kld_status	status = read_table(&t, p, q, np, nq, fault);

	if (status == KLD_OK)
		chi2_result(&t, pearson_statistic(&t), 0.0, result);
	return status;
}

kld_status
kld_g_test(const double *p, const double *q, size_t np, size_t nq,
		   kld_test_result *result, kld_fault *fault)
{
	contingency t;
	kld_status	status = read_table(&t, p, q, np, nq, fault);

	if (status == KLD_OK)
		chi2_result(&t, likelihood_ratio_statistic(&t), 0.0, result);
	return status;
}

/*
 * Under "true PSI <= min_effect", X^2 is at most noncentral chi-squared with
 * noncentrality min_effect n m / N (X^2 ~ PSI n m / N for small drifts).
 */
kld_status
kld_psi_test(const double *p, const double *q, size_t np, size_t nq,
			 double min_effect, kld_test_result *result, kld_fault *fault)
{
	contingency t;
	kld_options unsmoothed = KLD_OPTIONS_DEFAULT;
	double		psi;
	kld_status	status;

	if (!isfinite(min_effect) || min_effect < 0.0)
		return kld_fail(fault, KLD_BAD_MIN_EFFECT, KLD_ARG_MIN_EFFECT, 0, min_effect);
	status = read_table(&t, p, q, np, nq, fault);
	if (status == KLD_OK)
		status = kld_psi(p, q, np, nq, &unsmoothed, &psi, fault);
	if (status != KLD_OK)
		return status;
	chi2_result(&t, pearson_statistic(&t), min_effect * t.effective_rows, result);
	result->psi = psi;
	return KLD_OK;
}

/*
 * The two-sample test's p-value, as scipy's ks_2samp computes it for large
 * samples: the one-sample distribution at round(n m / N) observations.
 * Fewer than one (weights, not counts) gives no evidence: p = 1.
 */
kld_status
kld_ks_test(const double *p, const double *q, size_t np, size_t nq,
			kld_test_result *result, kld_fault *fault)
{
	contingency t;
	double		observations;
	kld_status	status = read_table(&t, p, q, np, nq, fault);

	if (status == KLD_OK)
		status = kld_ks_distance(p, q, np, nq, &result->statistic, fault);
	if (status != KLD_OK)
		return status;
	observations = rint(t.effective_rows);
	result->dof = NAN;
	result->psi = NAN;
	if (observations < 1.0)
		result->p_value = 1.0;
	else if (isinf(observations))
		result->p_value = result->statistic > 0.0 ? 0.0 : 1.0;
	else
		result->p_value = kld_kstwo_sf(result->statistic, observations);
	return KLD_OK;
}
