/*
 * pvalues.h: survival functions for the p-values of the homogeneity tests,
 * each P[X > x] computed directly (never as 1 - cdf), so that a p-value of
 * 1e-200 keeps its digits.
 */
#ifndef KLD_PVALUES_H
#define KLD_PVALUES_H

/* X ~ chi-square(dof), dof > 0; x >= 0 or +Infinity. */
double		kld_chi2_sf(double x, double dof);

/* X ~ noncentral chi-square(dof, nc), nc >= 0 (nc = 0 is kld_chi2_sf). */
double		kld_ncx2_sf(double x, double dof, double nc);

/*
 * The one-sample two-sided Kolmogorov-Smirnov statistic of n observations
 * (n integral, >= 1): P[D_n > d].
 */
double		kld_kstwo_sf(double d, double n);

#endif							/* KLD_PVALUES_H */
