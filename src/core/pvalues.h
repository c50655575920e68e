/*
 * pvalues.h: the upper tails behind the tests (chi2_test, g_test, ks_test,
 * psi_test): P[X > x] for the chi-square, the noncentral chi-square and the
 * two-sided one-sample Kolmogorov-Smirnov statistic.
 *
 * Each tail is computed as itself, never as 1 - cdf where the cdf is near 1,
 * so a p-value of 1e-300 keeps its digits: within 1e-10 relative of the true
 * value for every result from DBL_MIN up, subnormal results to about 1e-320
 * absolute, 0 only below the smallest subnormal. Plain double arithmetic, no
 * state, no allocation: the same bits on every architecture, safe from any
 * thread. Invalid arguments (NaN, dof <= 0, nc < 0, n < 1) give NaN; valid
 * ones never do.
 */
#ifndef KLD_PVALUES_H
#define KLD_PVALUES_H

/*
 * P[X > x] for X ~ chi-square(dof): the regularized upper incomplete gamma
 * function Q(dof/2, x/2). dof > 0, any real (up to ~1e7 and beyond, slower
 * as sqrt(dof)); x <= 0 gives 1, x = +Inf gives 0.
 */
double		kld_chi2_sf(double x, double dof);

/*
 * P[X > x] for X ~ noncentral chi-square(dof, nc), nc the noncentrality
 * lambda >= 0 (scipy.stats.ncx2.sf(x, dof, nc)). nc = 0 gives exactly
 * kld_chi2_sf(x, dof). nc up to ~1e9 and dof up to ~1e6; the cost grows as
 * sqrt(nc).
 */
double		kld_ncx2_sf(double x, double dof, double nc);

/*
 * P[D_n > d] for the two-sided one-sample Kolmogorov-Smirnov statistic of
 * n observations (scipy.stats.kstwo.sf(d, n)). n is integer-valued, 1 <= n
 * <= ~1e15 (a non-integer n is rounded down); d <= 0 gives 1, d >= 1 gives 0.
 * The methods and where each one is used are listed in pvalues.c.
 */
double		kld_kstwo_sf(double d, double n);

#endif							/* KLD_PVALUES_H */
