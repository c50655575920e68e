/*
 * test_information.c: entropy, cross-entropy, KL, Jensen-Shannon, PSI and
 * chi-squared on small inputs whose values are known in closed form.
 */
#include "unit.h"

#define R UNIT_REL
#define A UNIT_ABS

static const double ln2 = UNIT_LN2;

static void
test_entropy(void)
{
	double		u3[] = {1, 1, 1};
	double		u4[] = {0.25, 0.25, 0.25, 0.25};
	double		c4[] = {1, 1, 1, 1};
	double		u5[] = {7, 7, 7, 7, 7};
	double		u10[10];
	double		point[] = {0, 0, 5};
	double		one_three[] = {1, 3};
	double		quarter[] = {0.25, 0.75};
	double		halves[] = {0.5, 0.25, 0.25};
	double		one_zero[] = {1, 0};
	double		zero_one[] = {0, 1};

	for (int i = 0; i < 10; i++)
		u10[i] = 0.1;

	unit_is_close(ENTROPY(u3, 3), log(3.0), R, A, "entropy of uniform 3 = ln 3");
	unit_is_close(ENTROPY(u4, 4), 2 * ln2, R, A, "entropy of uniform 4 = ln 4");
	unit_is_close(ENTROPY(u5, 5), log(5.0), R, A, "entropy of counts 7,7,7,7,7 = ln 5");
	unit_is_close(unit_entropy(c4, 4, 2.0, 0.0), 2.0, R, A,
				  "entropy of [1,1,1,1] in base 2 = 2 bits");
	unit_is_close(unit_entropy(u10, 10, 10.0, 0.0), 1.0, R, A,
				  "entropy of uniform 10 in base 10 = 1");
	unit_is_close(unit_entropy(c4, 4, 0.5, 0.0), -2.0, R, A,
				  "entropy in base 1/2 = nats / ln(1/2) = -2");
	unit_is_exact(ENTROPY(point, 3), 0.0, "entropy of a point mass = 0");
	unit_is_exact(ENTROPY(one_zero, 2), 0.0, "entropy of [1,0] = 0 (0 ln 0 = 0)");
	/* H(1/4, 3/4) = ln 4 - (3/4) ln 3 */
	unit_is_close(ENTROPY(quarter, 2), 2 * ln2 - 0.75 * log(3.0), R, A,
				  "entropy of [1/4,3/4] = ln 4 - 3/4 ln 3");
	unit_is_close(ENTROPY(one_three, 2), ENTROPY(quarter, 2), R, A,
				  "entropy of counts [1,3] = entropy of [1/4,3/4]");
	unit_is_close(ENTROPY(halves, 3), 1.5 * ln2, R, A,
				  "entropy of [1/2,1/4,1/4] = 1.5 bits in nats");
	unit_is_close(unit_entropy(halves, 3, 2.0, 0.0), 1.5, R, A,
				  "entropy of [1/2,1/4,1/4] in base 2 = 1.5");
	/* eps 0.5 on [1,0]: (1.5, 0.5) / 2 = [3/4, 1/4] */
	unit_is_close(unit_entropy(one_zero, 2, NAN, 0.5), 2 * ln2 - 0.75 * log(3.0), R, A,
				  "entropy of [1,0] smoothed by 0.5 = entropy of [3/4,1/4]");
	/* Huge epsilon: p' = (p + eps) / (1 + n eps) is uniform to within 1e-308. */
	unit_is_close(unit_entropy(one_zero, 2, NAN, 1e308), ln2, R, A,
				  "entropy of [1,0] smoothed by 1e308 = ln 2 (1 + n eps overflows)");
	unit_is_close(unit_call_opt(kld_cross_entropy, one_zero, zero_one, 2, NAN, 1e308), ln2, R, A,
				  "cross_entropy([1,0],[0,1]) smoothed by 1e308 = ln 2 (1 + n eps overflows)");
}

static void
test_cross_entropy(void)
{
	double		one_zero[] = {1, 0};
	double		half[] = {0.5, 0.5};
	double		ones[] = {1, 1};
	double		quarter[] = {0.25, 0.75};
	double		one_three[] = {1, 3};
	double		zero_one[] = {0, 1};

	unit_is_close(CROSS(one_zero, half, 2), ln2, R, A,
				  "cross_entropy([1,0],[1/2,1/2]) = ln 2");
	unit_is_close(unit_call_opt(kld_cross_entropy, one_zero, ones, 2, 2.0, 0.0), 1.0, R, A,
				  "cross_entropy([1,0],[1,1]) in base 2 = 1");
	/* -(1/2 ln 1/4 + 1/2 ln 3/4) = ln 4 - 1/2 ln 3 */
	unit_is_close(CROSS(half, quarter, 2), 2 * ln2 - 0.5 * log(3.0), R, A,
				  "cross_entropy([1/2,1/2],[1/4,3/4]) = ln 4 - 1/2 ln 3");
	unit_is_close(CROSS(ones, one_three, 2), 2 * ln2 - 0.5 * log(3.0), R, A,
				  "cross_entropy of counts [1,1],[1,3] = the same");
	unit_is_close(CROSS(quarter, quarter, 2), 2 * ln2 - 0.75 * log(3.0), R, A,
				  "cross_entropy(P,P) = H(P)");
	unit_is_exact(CROSS(ones, one_zero, 2), INFINITY,
				  "cross_entropy with q = 0 < p is +Infinity");
	unit_is_exact(unit_call_opt(kld_cross_entropy, ones, one_zero, 2, 0.5, 0.0), -INFINITY,
				  "cross_entropy with q = 0 < p in base 1/2 = -Infinity");
	unit_is_exact(CROSS(one_zero, zero_one, 2), INFINITY,
				  "cross_entropy of disjoint supports is +Infinity");
	unit_is_exact(CROSS(one_zero, one_zero, 2), 0.0,
				  "cross_entropy skips p = 0 even where q = 0");
	unit_is_close(unit_call_opt(kld_cross_entropy, one_zero, zero_one, 2, NAN, 0.5),
				  2 * ln2 - 0.25 * log(3.0), R, A,
				  "cross_entropy([1,0],[0,1]) smoothed by 0.5 = -(3/4 ln 1/4 + 1/4 ln 3/4)");
}

static void
test_kl_div(void)
{
	double		one_zero[] = {1, 0};
	double		zero_one[] = {0, 1};
	double		half[] = {0.5, 0.5};
	double		ones[] = {1, 1};
	double		quarter[] = {0.25, 0.75};
	double		twos[] = {2, 2};
	double		one_three[] = {1, 3};
	double		fifty[] = {50, 50};
	double		tf_sf[] = {25, 75};
	double		asc[] = {1, 2, 3};
	double		desc[] = {3, 2, 1};
	double		point3[] = {1, 0, 0};
	double		q3[] = {1, 1, 2};
	double		p3[] = {2, 2, 0};
	double		r3[] = {0, 1, 3};
	double		expect;

	unit_is_close(KL(one_zero, half, 2), ln2, R, A, "kl_div([1,0],[1/2,1/2]) = ln 2");
	unit_is_close(KL(zero_one, half, 2), ln2, R, A, "kl_div([0,1],[1/2,1/2]) = ln 2");
	unit_is_close(KL(half, quarter, 2), ln2 - 0.5 * log(3.0), R, A,
				  "kl_div([1/2,1/2],[1/4,3/4]) = ln 2 - 1/2 ln 3");
	unit_is_close(KL(twos, one_three, 2), ln2 - 0.5 * log(3.0), R, A,
				  "kl_div of counts [2,2],[1,3] = the same");
	unit_is_close(KL(fifty, tf_sf, 2), ln2 - 0.5 * log(3.0), R, A,
				  "kl_div of counts [50,50],[25,75] = the same");
	unit_is_close(KL(asc, desc, 3), log(3.0) / 3, R, A,
				  "kl_div([1,2,3],[3,2,1]) = 1/3 ln 3");
	unit_is_close(unit_call_opt(kld_kl_div, asc, desc, 3, 3.0, 0.0), 1.0 / 3, R, A,
				  "kl_div([1,2,3],[3,2,1]) in base 3 = 1/3");
	unit_is_close(unit_call_opt(kld_kl_div, one_zero, ones, 2, 2.0, 0.0), 1.0, R, A,
				  "kl_div([1,0],[1,1]) in base 2 = 1");
	unit_is_close(unit_call_opt(kld_kl_div, half, quarter, 2, 10.0, 0.0),
				  (ln2 - 0.5 * log(3.0)) / UNIT_LN10, R, A,
				  "kl_div in base 10 = nats / ln 10");
	unit_is_close(KL(point3, q3, 3), 2 * ln2, R, A,
				  "kl_div([1,0,0],[1,1,2]) = ln 4 (p = 0 terms add nothing)");
	unit_is_exact(KL(half, half, 2), 0.0, "kl_div(P,P) = 0");
	unit_is_exact(KL(one_zero, one_zero, 2), 0.0, "kl_div([1,0],[1,0]) = 0 (p = q = 0 bin)");

	/* q = 0 < p */
	unit_is_exact(KL(ones, one_zero, 2), INFINITY, "kl_div([1,1],[1,0]) = +Infinity");
	unit_is_exact(KL(one_zero, zero_one, 2), INFINITY,
				  "kl_div of disjoint supports = +Infinity");
	unit_is_exact(unit_call_opt(kld_kl_div, ones, one_zero, 2, 2.0, 0.0), INFINITY,
				  "kl_div with q = 0 < p in base 2 = +Infinity");
	/* In base b the result is nats / ln b, and ln(1/2) < 0. */
	unit_is_exact(unit_call_opt(kld_kl_div, ones, one_zero, 2, 0.5, 0.0), -INFINITY,
				  "kl_div with q = 0 < p in base 1/2 = +Infinity / ln(1/2) = -Infinity");
	unit_is_close(unit_call_opt(kld_kl_div, one_zero, ones, 2, 0.5, 0.0), -1.0, R, A,
				  "kl_div([1,0],[1,1]) in base 1/2 = ln 2 / ln(1/2) = -1");

	/*
	 * Smoothing: p' = (p + e)/(1 + 2e) = [(1+e), e]/(1+2e), q' the reverse,
	 * so KL = ln((1+e)/e) / (1 + 2e).
	 */
	unit_is_close(unit_call_opt(kld_kl_div, one_zero, zero_one, 2, NAN, 0.5),
				  0.5 * log(3.0), R, A,
				  "kl_div([1,0],[0,1]) smoothed by 0.5 = 1/2 ln 3");
	unit_is_close(unit_call_opt(kld_kl_div, one_zero, zero_one, 2, NAN, 1e-3),
				  log(1001.0) / 1.002, R, A,
				  "kl_div([1,0],[0,1]) smoothed by 1e-3 = ln 1001 / 1.002");
	unit_is_close(unit_call_opt(kld_kl_div, one_zero, zero_one, 2, NAN, 1e-10),
				  log1p(1e10) / (1 + 2e-10), R, A,
				  "kl_div([1,0],[0,1]) smoothed by 1e-10 = ln(1 + 1e10) / (1 + 2e-10)");
	/* Counts are normalized before smoothing: [2,2,0] -> [.5,.5,0], [0,1,3] -> [0,.25,.75]. */
	expect = (0.6 * log(0.6 / 0.1) + 0.6 * log(0.6 / 0.35) + 0.1 * log(0.1 / 0.85)) / 1.3;
	unit_is_close(unit_call_opt(kld_kl_div, p3, r3, 3, NAN, 0.1), expect, R, A,
				  "kl_div([2,2,0],[0,1,3]) smoothed by 0.1 = hand formula");
	unit_is_close(unit_call_opt(kld_kl_div, p3, r3, 3, 2.0, 0.1), expect / ln2, R, A,
				  "kl_div smoothed, in base 2 = hand formula / ln 2");
	unit_is_close(unit_call_opt(kld_kl_div, half, quarter, 2, NAN, 0.0),
				  ln2 - 0.5 * log(3.0), R, A, "epsilon 0 = no smoothing");
}

static void
test_jsd(void)
{
	double		one_zero[] = {1, 0};
	double		zero_one[] = {0, 1};
	double		half[] = {0.5, 0.5};
	double		a[] = {1, 1, 0};
	double		b[] = {0, 1, 1};
	double		big_small[] = {1000, 0};

	unit_is_close(JSD(one_zero, zero_one, 2), ln2, R, A, "jsd of disjoint = ln 2");
	unit_is_close(unit_call_opt(kld_jsd, one_zero, zero_one, 2, 2.0, 0.0), 1.0, R, A,
				  "jsd of disjoint in base 2 = 1");
	unit_is_at_most(JSD(one_zero, zero_one, 2), ln2, 0.0, "jsd of disjoint <= ln 2 (clamped)");
	unit_is_exact(JSD(half, half, 2), 0.0, "jsd(P,P) = 0");
	/* M = [3/4,1/4]: KL(P||M) = ln 4/3, KL(Q||M) = 1/2 ln 4/3 */
	unit_is_close(JSD(one_zero, half, 2), 0.75 * log(4.0 / 3.0), R, A,
				  "jsd([1,0],[1/2,1/2]) = 3/4 ln(4/3)");
	unit_is_close(JSD(big_small, half, 2), 0.75 * log(4.0 / 3.0), R, A,
				  "jsd of counts [1000,0],[1/2,1/2] = the same");
	unit_is_close(JSD(a, b, 3), 0.5 * ln2, R, A, "jsd([1,1,0],[0,1,1]) = 1/2 ln 2");
	unit_is_close(JSDIST(one_zero, zero_one, 2), sqrt(ln2), R, A,
				  "js_distance of disjoint = sqrt(ln 2)");
	unit_is_close(unit_call_opt(kld_js_distance, one_zero, zero_one, 2, 2.0, 0.0), 1.0, R, A,
				  "js_distance of disjoint in base 2 = 1");
	unit_is_close(JSDIST(one_zero, half, 2), sqrt(0.75 * log(4.0 / 3.0)), R, A,
				  "js_distance([1,0],[1/2,1/2]) = sqrt(3/4 ln 4/3)");
	unit_is_close(unit_call_opt(kld_js_distance, a, b, 3, 2.0, 0.0), sqrt(0.5), R, A,
				  "js_distance([1,1,0],[0,1,1]) in base 2 = sqrt(1/2)");
}

static void
test_psi(void)
{
	double		one_zero[] = {1, 0};
	double		zero_one[] = {0, 1};
	double		half[] = {0.5, 0.5};
	double		ones[] = {1, 1};
	double		quarter[] = {0.25, 0.75};
	double		a[] = {1, 1, 0};
	double		b[] = {1, 3, 0};

	/* 1/4 ln 2 + (-1/4) ln(2/3) = 1/4 ln 3 */
	unit_is_close(PSI(half, quarter, 2), 0.25 * log(3.0), R, A,
				  "psi([1/2,1/2],[1/4,3/4]) = 1/4 ln 3");
	unit_is_close(PSI(a, b, 3), 0.25 * log(3.0), R, A,
				  "psi skips bins where p = q = 0");
	unit_is_close(unit_call_opt(kld_psi, half, quarter, 2, 3.0, 0.0), 0.25, R, A,
				  "psi([1/2,1/2],[1/4,3/4]) in base 3 = 1/4");
	unit_is_exact(PSI(half, half, 2), 0.0, "psi(P,P) = 0");
	unit_is_exact(PSI(ones, one_zero, 2), INFINITY, "psi with q = 0 < p = +Infinity");
	unit_is_exact(PSI(one_zero, ones, 2), INFINITY, "psi with p = 0 < q = +Infinity");
	unit_is_exact(PSI(one_zero, zero_one, 2), INFINITY, "psi of disjoint = +Infinity");
	unit_is_exact(unit_call_opt(kld_psi, one_zero, ones, 2, 0.5, 0.0), -INFINITY,
				  "psi with p = 0 < q in base 1/2 = -Infinity");
	/* p' = [3/4,1/4], q' = [1/4,3/4]: 1/2 ln 3 + (-1/2) ln(1/3) = ln 3 */
	unit_is_close(unit_call_opt(kld_psi, one_zero, zero_one, 2, NAN, 0.5), log(3.0), R, A,
				  "psi([1,0],[0,1]) smoothed by 0.5 = ln 3");
	unit_is_close(unit_call_opt(kld_psi, one_zero, zero_one, 2, NAN, 1e-3),
				  2 * log(1001.0) / 1.002, R, A,
				  "psi([1,0],[0,1]) smoothed by 1e-3 = 2 ln 1001 / 1.002");
}

static void
test_chi2(void)
{
	double		one_zero[] = {1, 0};
	double		zero_one[] = {0, 1};
	double		half[] = {0.5, 0.5};
	double		ones[] = {1, 1};
	double		quarter[] = {0.25, 0.75};
	double		a[] = {1, 1, 0};
	double		b[] = {1, 3, 0};
	double		c[] = {10, 10};
	double		d[] = {2, 6};

	/* (1/4)^2 / (1/4) + (1/4)^2 / (3/4) = 1/4 + 1/12 = 1/3 */
	unit_is_close(CHI2(half, quarter, 2), 1.0 / 3, R, A, "chi2([1/2,1/2],[1/4,3/4]) = 1/3");
	unit_is_close(CHI2(c, d, 2), 1.0 / 3, R, A, "chi2 of counts [10,10],[2,6] = 1/3");
	unit_is_close(CHI2(a, b, 3), 1.0 / 3, R, A, "chi2 skips bins where p = q = 0");
	/* (1/2)^2/(1/2) * 2 = 1 */
	unit_is_close(CHI2(one_zero, half, 2), 1.0, R, A, "chi2([1,0],[1/2,1/2]) = 1");
	unit_is_close(CHI2(zero_one, ones, 2), 1.0, R, A, "chi2([0,1],[1,1]) = 1 (p = 0 < q is finite)");
	/* (1/2 - 1/4)^2 / (1/4) + (1/2 - 3/4)^2 / (3/4) ... reversed: q = 1/2 */
	unit_is_close(CHI2(quarter, half, 2), 0.25, R, A,
				  "chi2([1/4,3/4],[1/2,1/2]) = 1/16/(1/2) * 2 = 1/4");
	unit_is_exact(CHI2(half, half, 2), 0.0, "chi2(P,P) = 0");
	unit_is_exact(CHI2(ones, one_zero, 2), INFINITY, "chi2 with q = 0 < p = +Infinity");
	unit_is_exact(CHI2(one_zero, zero_one, 2), INFINITY, "chi2 of disjoint = +Infinity");
	/* p' = [3/4,1/4], q' = [1/4,3/4]: (1/2)^2/(1/4) + (1/2)^2/(3/4) = 1 + 1/3 */
	unit_is_close(unit_call_opt(kld_chi2_div, one_zero, zero_one, 2, NAN, 0.5), 4.0 / 3, R, A,
				  "chi2([1,0],[0,1]) smoothed by 0.5 = 4/3");
	/* d = 1/(1+2e) in each bin: d^2 (1/q0' + 1/q1') = (1+2e)^-1 (1/e + 1/(1+e)) */
	unit_is_close(unit_call_opt(kld_chi2_div, one_zero, zero_one, 2, NAN, 1e-3),
				  (1.0 / 1e-3 + 1.0 / 1.001) / 1.002, R, A,
				  "chi2([1,0],[0,1]) smoothed by 1e-3 = hand formula");
}

/* Smoothing makes every Infinity case finite, and nothing is ever NaN. */
static void
test_smoothing_removes_infinity(void)
{
	double		p[] = {3, 0, 1, 0};
	double		q[] = {0, 2, 2, 0};
	unit_opt_fn fns[] = {kld_kl_div, kld_cross_entropy, kld_psi, kld_chi2_div};
	const char *names[] = {"kl_div", "cross_entropy", "psi", "chi2_div"};

	for (int i = 0; i < 4; i++)
	{
		double		raw = unit_call_opt(fns[i], p, q, 4, NAN, 0.0);
		double		smooth = unit_call_opt(fns[i], p, q, 4, NAN, 1e-6);

		unit_is_exact(raw, INFINITY, "%s([3,0,1,0],[0,2,2,0]) = +Infinity", names[i]);
		unit_ok(isfinite(smooth) && smooth > 0,
				"%s smoothed by 1e-6 is finite and positive (got %g)", names[i], smooth);
	}
}

int
main(void)
{
	test_entropy();
	test_cross_entropy();
	test_kl_div();
	test_jsd();
	test_psi();
	test_chi2();
	test_smoothing_removes_infinity();
	return unit_done();
}
