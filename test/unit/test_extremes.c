/*
 * test_extremes.c: weights whose sum overflows, tiny and subnormal weights,
 * a single bin, a million bins, and nearly identical distributions.
 */
#include <float.h>

#include "unit.h"

#define R UNIT_REL
#define A UNIT_ABS

static const double ln2 = UNIT_LN2;

/* Every entry point on (p, q), in a fixed order, for comparisons. */
#define N_FUNCS 12
static const char *const func_names[N_FUNCS] = {
	"entropy", "cross_entropy", "kl_div", "jsd", "js_distance", "psi", "chi2_div",
	"tv_distance", "hellinger", "linf_distance", "wasserstein", "ks_distance"
};

static void
all_funcs(const double *p, const double *q, size_t n, double *out)
{
	out[0] = ENTROPY(p, n);
	out[1] = CROSS(p, q, n);
	out[2] = KL(p, q, n);
	out[3] = JSD(p, q, n);
	out[4] = JSDIST(p, q, n);
	out[5] = PSI(p, q, n);
	out[6] = CHI2(p, q, n);
	out[7] = TV(p, q, n);
	out[8] = HELLINGER(p, q, n);
	out[9] = LINF(p, q, n);
	out[10] = WASSERSTEIN(p, q, n);
	out[11] = KS(p, q, n);
}

/* f(p, q) for every entry point equals f(p2, q2) (same distributions). */
static void
same_results(const double *p, const double *q, const double *p2, const double *q2,
			 size_t n, const char *what)
{
	double		a[N_FUNCS],
				b[N_FUNCS];

	all_funcs(p, q, n, a);
	all_funcs(p2, q2, n, b);
	for (int i = 0; i < N_FUNCS; i++)
		unit_is_close(a[i], b[i], R, A, "%s: %s", func_names[i], what);
}

static void
scale_array(const double *w, double *out, size_t n, double factor)
{
	for (size_t i = 0; i < n; i++)
		out[i] = w[i] * factor;
}

static void
test_overflowing_sums(void)
{
	double		p[] = {1e308, 1.5e308, 0.7e308, 3e307, 1e300, 1e307};
	double		q[] = {0.9e308, 1e308, 1e308, 1e308, 5e307, 1e308};
	double		small_q[] = {1, 2, 3, 4, 5, 6};
	double		ps[6],
				qs[6],
				out[N_FUNCS];
	double		two_max[] = {DBL_MAX, DBL_MAX};
	double		max_zero[] = {DBL_MAX, 0};
	double		zero_max[] = {0, DBL_MAX};
	double		four[] = {1e308, 1e308, 1e308, 1e308};
	double		lo[] = {DBL_MAX, DBL_MAX, 0};
	double		hi[] = {0, DBL_MAX, DBL_MAX};

	/* 2^-600 is exact and keeps every weight normal: the same distributions. */
	scale_array(p, ps, 6, 0x1p-600);
	scale_array(q, qs, 6, 0x1p-600);
	all_funcs(p, q, 6, out);
	for (int i = 0; i < N_FUNCS; i++)
		unit_ok(isfinite(out[i]), "%s: weights near 1e308 (sums overflow) give a finite result (%g)",
				func_names[i], out[i]);
	same_results(p, q, ps, qs, 6, "weights near 1e308 = the same weights times 2^-600");
	same_results(p, small_q, ps, small_q, 6, "only p's sum overflows = p times 2^-600");
	same_results(small_q, q, small_q, qs, 6, "only q's sum overflows = q times 2^-600");

	unit_is_close(ENTROPY(two_max, 2), ln2, R, A, "entropy([DBL_MAX, DBL_MAX]) = ln 2");
	unit_is_close(unit_entropy(four, 4, 2.0, 0.0), 2.0, R, A,
				  "entropy of four 1e308 weights in base 2 = 2");
	unit_is_close(KL(max_zero, two_max, 2), ln2, R, A, "kl_div([DBL_MAX,0],[DBL_MAX,DBL_MAX]) = ln 2");
	unit_is_close(JSD(max_zero, zero_max, 2), ln2, R, A, "jsd([DBL_MAX,0],[0,DBL_MAX]) = ln 2");
	unit_is_close(CHI2(max_zero, two_max, 2), 1.0, R, A, "chi2([DBL_MAX,0],[DBL_MAX,DBL_MAX]) = 1");
	unit_is_close(TV(lo, hi, 3), 0.5, R, A, "tv([M,M,0],[0,M,M]) = 1/2 with M = DBL_MAX");
	unit_is_close(HELLINGER(max_zero, zero_max, 2), 1.0, R, A, "hellinger([M,0],[0,M]) = 1");
	unit_is_close(WASSERSTEIN(lo, hi, 3), 1.0, R, A, "wasserstein([M,M,0],[0,M,M]) = 1");
	unit_is_close(KS(lo, hi, 3), 0.5, R, A, "ks([M,M,0],[0,M,M]) = 1/2");

	/*
	 * The running sum stays at DBL_MAX (each 2^969 is a quarter of an ulp
	 * and is shed as rounding error), but the compensated total DBL_MAX +
	 * 2^970 rounds to 2^1024, i.e. overflows: the scaling must still kick in.
	 */
	{
		double		pm[] = {DBL_MAX, 0x1p969, 0x1p969};
		double		flat[] = {1, 1, 1};
		double		pm_s[3];

		scale_array(pm, pm_s, 3, 0x1p-600);
		same_results(pm, flat, pm_s, flat, 3,
					 "[DBL_MAX, 2^969, 2^969] (only the compensated sum overflows) = times 2^-600");
		/* p = [1 - 2^-53, 2^-55, 2^-55] to 1e-16: KL(P||uniform) = ln 3 - H(P) ~ ln 3 */
		unit_is_close(KL(pm, flat, 3), log(3.0), R, 1e-14,
					  "kl_div([DBL_MAX, 2^969, 2^969], [1,1,1]) = ln 3 - 4e-15");
	}
}

static void
test_tiny_weights(void)
{
	double		counts_p[] = {3, 1, 0, 4, 2};
	double		counts_q[] = {1, 1, 5, 2, 3};
	double		sub_p[5],
				sub_q[5],
				tiny_p[5],
				tiny_q[5];
	double		pair_sub[] = {0x1p-1074, 0x1p-1074};
	double		ones[] = {1, 1};
	double		q_sub[] = {0x1p-1074, 1};
	double		p_sub[] = {0x1p-1074, 1};
	double		p_tiny[] = {1e-300, 1};
	double		zero_one[] = {0, 1};

	/* k * 2^-1074 is exact for small integers k: the same distribution as k. */
	scale_array(counts_p, sub_p, 5, 0x1p-1074);
	scale_array(counts_q, sub_q, 5, 0x1p-1074);
	same_results(counts_p, counts_q, sub_p, sub_q, 5, "subnormal weights k * 5e-324 = counts k");
	scale_array(counts_p, tiny_p, 5, 1e-300);
	scale_array(counts_q, tiny_q, 5, 1e-300);
	same_results(counts_p, counts_q, tiny_p, tiny_q, 5, "weights k * 1e-300 = counts k");
	same_results(counts_p, counts_q, tiny_p, counts_q, 5, "p times 1e-300, q not = counts");

	unit_is_close(ENTROPY(pair_sub, 2), ln2, R, A, "entropy([5e-324, 5e-324]) = ln 2");
	unit_is_close(TV(pair_sub, ones, 2), 0.0, R, A, "tv([5e-324, 5e-324],[1,1]) = 0");

	/*
	 * q = [2^-1074, 1] normalizes to [2^-1074, 1]: with p = [1/2, 1/2],
	 * H(P,Q) = -1/2 ln 2^-1074 = 537 ln 2, KL = H(P,Q) - ln 2 = 536 ln 2,
	 * psi = 1/2 (1073 ln 2) + 1/2 ln 2 = 537 ln 2.
	 */
	unit_is_close(CROSS(ones, q_sub, 2), 537 * ln2, R, A,
				  "cross_entropy([1,1],[5e-324,1]) = 537 ln 2");
	unit_is_close(KL(ones, q_sub, 2), 536 * ln2, R, A, "kl_div([1,1],[5e-324,1]) = 536 ln 2");
	unit_is_close(PSI(ones, q_sub, 2), 537 * ln2, R, A, "psi([1,1],[5e-324,1]) = 537 ln 2");
	/* (1/2)^2 / 2^-1074 = 2^1072 is beyond DBL_MAX: +Infinity, not NaN. */
	unit_is_exact(CHI2(ones, q_sub, 2), INFINITY, "chi2([1,1],[5e-324,1]) = +Infinity (2^1072)");
	unit_is_close(KL(p_sub, ones, 2), ln2, R, A, "kl_div([5e-324,1],[1,1]) = ln 2");
	unit_is_close(KL(p_tiny, ones, 2), ln2 + 1e-300 * log(2e-300), R, A,
				  "kl_div([1e-300,1],[1,1]) = ln 2 - 6.9e-298");
	unit_is_close(ENTROPY(p_sub, 2), 0.0, R, A, "entropy([5e-324, 1]) = 0 (to 1e-15)");
	unit_is_close(JSD(p_sub, ones, 2), JSD(zero_one, ones, 2), R, A,
				  "jsd([5e-324,1],[1,1]) = jsd([0,1],[1,1])");
}

/*
 * Weights whose normalized probability is below the double range: q =
 * [1e-300, 1e300] is [1e-600, 1] exactly normalized. The exact divergences
 * are finite (log of the ratio, not of the underflowed probability):
 * KL([1/2,1/2] || q) = 1/2 ln(1e600/2) + 1/2 ln(1/2) = 300 ln 10 - ln 2,
 * H(P,Q) = psi = 300 ln 10 (checked with mpmath at 400 bits).
 */
static void
test_underflowing_probabilities(void)
{
	double		ones[] = {1, 1};
	double		q[] = {1e-300, 1e300};

	unit_is_close(KL(ones, q, 2), 300 * UNIT_LN10 - ln2, R, A,
				  "kl_div([1,1],[1e-300,1e300]) = 300 ln 10 - ln 2 (finite)");
	unit_is_close(CROSS(ones, q, 2), 300 * UNIT_LN10, R, A,
				  "cross_entropy([1,1],[1e-300,1e300]) = 300 ln 10 (finite)");
	unit_is_close(PSI(ones, q, 2), 300 * UNIT_LN10, R, A,
				  "psi([1,1],[1e-300,1e300]) = 300 ln 10 (finite)");
	/* 1/4 / 1e-600 is far beyond DBL_MAX: here +Infinity is the right double. */
	unit_is_exact(CHI2(ones, q, 2), INFINITY, "chi2([1,1],[1e-300,1e300]) = +Infinity (2.5e599)");
	unit_is_close(KL(q, ones, 2), ln2, R, A, "kl_div([1e-300,1e300],[1,1]) = ln 2");
	unit_is_close(ENTROPY(q, 2), 0.0, R, A, "entropy([1e-300,1e300]) = 0 (1.4e-597)");
}

static void
test_single_bin(void)
{
	double		p[] = {3.7};
	double		q[] = {0.2};
	double		out[N_FUNCS];

	all_funcs(p, q, 1, out);
	for (int i = 0; i < N_FUNCS; i++)
		unit_is_exact(out[i], 0.0, "%s of one bin (3.7 vs 0.2) = 0", func_names[i]);
	unit_is_exact(unit_call_opt(kld_kl_div, p, q, 1, 2.0, 0.5), 0.0,
				  "kl_div of one bin, base 2, smoothed = 0");
}

static void
test_million_bins(void)
{
	size_t		n = 1000000;
	double	   *p = unit_alloc(n);
	double	   *q = unit_alloc(n);
	double		out[N_FUNCS];
	uint64_t	seed = 99;

	for (size_t i = 0; i < n; i++)
		p[i] = 0.5;
	unit_is_close(ENTROPY(p, n), 6 * UNIT_LN10, R, A, "entropy of uniform 1e6 bins = 6 ln 10");
	unit_is_close(unit_entropy(p, n, 10.0, 0.0), 6.0, R, A,
				  "entropy of uniform 1e6 bins in base 10 = 6");
	unit_is_exact(KL(p, p, n), 0.0, "kl_div of uniform 1e6 bins with itself = 0");

	memset(q, 0, n * sizeof(double));
	memset(p, 0, n * sizeof(double));
	p[0] = 1;
	q[n - 1] = 1;
	unit_is_close(WASSERSTEIN(p, q, n), (double) (n - 1), R, A,
				  "wasserstein of point masses at bins 0 and 999999 = 999999");
	unit_is_close(KS(p, q, n), 1.0, R, A, "ks of point masses at both ends of 1e6 bins = 1");
	unit_is_close(TV(p, q, n), 1.0, R, A, "tv of point masses at both ends of 1e6 bins = 1");

	unit_rand_weights(p, n, &seed, 1.0, 10);
	unit_rand_weights(q, n, &seed, 1.0, 0);
	all_funcs(p, q, n, out);
	for (int i = 0; i < N_FUNCS; i++)
	{
		/* p has zeros where q does not, which makes psi infinite. */
		if (i == 5)
			unit_is_exact(out[i], INFINITY, "psi on 1e6 random bins, p with zeros = +Infinity");
		else
			unit_ok(isfinite(out[i]) && out[i] >= 0, "%s on 1e6 random bins is finite, >= 0 (%g)",
					func_names[i], out[i]);
	}
	unit_ok(isfinite(PSI(q, q + 1, n - 1)), "psi on 1e6 random bins without zeros is finite");
	unit_is_close(out[1], out[0] + out[2], R, A, "H(P,Q) = H(P) + KL(P||Q) on 1e6 bins");
	unit_is_at_most(out[3], ln2, 0, "jsd <= ln 2 on 1e6 bins");
	unit_is_at_most(out[7], sqrt(out[2] / 2), 1e-15, "tv <= sqrt(KL/2) on 1e6 bins");
	free(p);
	free(q);
}

/* (1+x) ln(1+x) + (1-x) ln(1-x) = sum_k x^(2k) / (k (2k-1)), no cancellation. */
static double
even_xlogx(double x)
{
	double		sum = 0,
				x2 = x * x,
				power = x2;

	for (int k = 1; k < 60 && power > 0; k++, power *= x2)
		sum += power / (k * (2.0 * k - 1));
	return sum;
}

/*
 * p = [1 + d, 1 - d] against q = [1, 1]; closed forms in d, written so
 * that nothing cancels.
 */
static void
test_near_identical_closed_form(double d)
{
	double		p[] = {1 + d, 1 - d};
	double		q[] = {1, 1};
	double		s = sqrt(1 - d * d);
	double		bc = sqrt((1 + s) / 2);
	double		kl_pq = 0.5 * even_xlogx(d);
	double		kl_qp = -0.5 * log1p(-d * d);
	double		m0 = (2 + d) / 4,
				m1 = (2 - d) / 4;
	double		jsd = 0.5 * (m0 * even_xlogx(d / (2 + d)) + m1 * even_xlogx(d / (2 - d)));
	double		out[N_FUNCS];

	all_funcs(p, q, 2, out);
	for (int i = 0; i < N_FUNCS; i++)
		unit_ok(out[i] >= 0, "%s([1+d,1-d],[1,1]) >= 0 for d = %a (got %g)",
				func_names[i], d, out[i]);
	unit_is_close(out[2], kl_pq, R, A, "kl_div([1+d,1-d],[1,1]) = F(d)/2, d = %a", d);
	unit_is_close(KL(q, p, 2), kl_qp, R, A, "kl_div([1,1],[1+d,1-d]) = -ln(1-d^2)/2, d = %a", d);
	unit_is_close(out[5], kl_pq + kl_qp, R, A, "psi([1+d,1-d],[1,1]), d = %a", d);
	unit_is_close(out[6], d * d, R, A, "chi2([1+d,1-d],[1,1]) = d^2, d = %a", d);
	unit_is_close(out[3], jsd, R, A, "jsd([1+d,1-d],[1,1]), d = %a", d);
	unit_is_close(out[4], sqrt(jsd), R, A, "js_distance([1+d,1-d],[1,1]), d = %a", d);
	/* 1 - BC = (1 - BC^2)/(1 + BC) and 1 - BC^2 = (1 - s)/2 = d^2 / (2 (1 + s)) */
	unit_is_close(out[8], sqrt(d * d / (2 * (1 + s) * (1 + bc))), R, A,
				  "hellinger([1+d,1-d],[1,1]), d = %a", d);
	unit_is_close(out[7], d / 2, R, A, "tv([1+d,1-d],[1,1]) = d/2, d = %a", d);
	unit_is_close(out[9], d / 2, R, A, "linf([1+d,1-d],[1,1]) = d/2, d = %a", d);
	unit_is_close(out[10], d / 2, R, A, "wasserstein([1+d,1-d],[1,1]) = d/2, d = %a", d);
	unit_is_close(out[11], d / 2, R, A, "ks([1+d,1-d],[1,1]) = d/2, d = %a", d);
}

/* Weights one ulp apart: every result tiny and never negative. */
static void
test_ulp_apart(void)
{
	enum {N = 5000};
	static double p[N],
				q[N];
	uint64_t	seed = 31337;
	double		out[N_FUNCS];

	unit_rand_weights(p, N, &seed, 1.0, 0);
	for (size_t i = 0; i < N; i++)
		q[i] = (i % 2) ? nextafter(p[i], 2.0) : nextafter(p[i], 0.0);
	all_funcs(p, q, N, out);
	/* entropy and cross-entropy are not divergences; skip them. */
	for (int i = 2; i < N_FUNCS; i++)
		unit_ok(out[i] >= 0 && out[i] < 1e-13,
				"%s of weights one ulp apart is in [0, 1e-13) (got %g)", func_names[i], out[i]);
	unit_ok(KL(q, p, N) >= 0 && JSD(q, p, N) >= 0 && PSI(q, p, N) >= 0,
			"kl_div, jsd, psi of weights one ulp apart, reversed, are >= 0");
}

int
main(void)
{
	test_overflowing_sums();
	test_tiny_weights();
	test_underflowing_probabilities();
	test_single_bin();
	test_million_bins();
	test_near_identical_closed_form(0x1p-13);
	test_near_identical_closed_form(0x1p-20);
	test_near_identical_closed_form(0x1p-30);
	test_near_identical_closed_form(0x1p-52);
	test_ulp_apart();
	return unit_done();
}
