/*
 * linalg.h: the dense linear algebra of the Gaussian functions: Cholesky
 * factors, triangular solves, symmetric eigenvalues. Internal to the core.
 *
 * Matrices are k x k, row-major, in caller-supplied memory (the core never
 * allocates, so a cancel that longjmps out of a loop leaks nothing). Loops
 * that are cubic in k call kld_check_interrupts once a row.
 */
#ifndef KLD_LINALG_H
#define KLD_LINALG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * In-place lower Cholesky factor of the symmetric matrix a (only its lower
 * triangle is read; the upper triangle is zeroed). Returns false if a is
 * not positive definite: *row is the 0-based row where the pivot was not
 * positive (or not finite), *pivot its value.
 */
bool		kld_cholesky(double *a, size_t k, size_t *row, double *pivot);

/* y := L^-1 y (forward substitution), L lower triangular with L[i][i] > 0. */
void		kld_forward_solve(const double *l, size_t k, double *y);

/*
 * x := L2^-1 x in place, where x holds a lower-triangular k x k matrix (a
 * Cholesky factor): the result is lower triangular too.
 */
void		kld_lower_solve_lower(const double *l2, size_t k, double *x);

/*
 * Eigenvalues of the symmetric matrix a (lower triangle read, a
 * destroyed) into values, ascending; with vectors != NULL the orthonormal
 * eigenvectors too, as its rows (a = V^T diag(values) V). work has room for
 * 2k doubles. Householder tridiagonalization, then implicit QR steps with
 * Wilkinson shifts. False if the QR steps did not converge (never seen).
 */
bool		kld_symmetric_eigen(double *a, size_t k, double *values, double *vectors,
								double *work);

#endif							/* KLD_LINALG_H */
