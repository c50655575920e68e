/*
 * pvalues_internal.h: the pieces of the incomplete gamma function that
 * pvalues.c and kstwo.c share (Stirling's correction, the deviance term of
 * a gamma or Poisson density), private to the core.
 */
#ifndef KLD_PVALUES_INTERNAL_H
#define KLD_PVALUES_INTERNAL_H

/* S(a) = ln Gamma(a) - (a - 1/2) ln a + a - ln sqrt(2 pi), a > 0. */
double		kld_stirling_tail(double a);

/* y - a - a ln(y/a) >= 0, without the cancellation near y = a. */
double		kld_gamma_gap(double a, double y);

/* ln(y^a e^-y / Gamma(a)), a > 0, y > 0. */
double		kld_log_gamma_density(double a, double y);

/* ln P(a, y) by its power series; for y < a + 1. */
double		kld_log_gamma_p_series(double a, double y);

/* Q(a, y), the regularized upper incomplete gamma function, and its logarithm. */
double		kld_gamma_q(double a, double y, double *log_q);

#endif							/* KLD_PVALUES_INTERNAL_H */
