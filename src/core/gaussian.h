/*
 * gaussian.h: multivariate normal distributions: KL divergence and the
 * Frechet distance between two of them, and the state of gaussian_fit,
 * which estimates one from rows of vectors.
 *
 * A normal is a mean of k elements and a covariance, either a k x k matrix
 * (row-major) or, given as one dimension, the k variances of a diagonal
 * covariance. The core never allocates: the caller passes work space of the
 * size kld_gauss_*_work() gives.
 */
#ifndef KLD_GAUSSIAN_H
#define KLD_GAUSSIAN_H

#include <stdbool.h>
#include <stddef.h>

#include "kld.h"

/* The largest k of a full covariance matrix, and of a diagonal one. */
#define KLD_GAUSS_MAX_FULL 4096
#define KLD_GAUSS_MAX_DIAGONAL 1000000

/* Symmetric means |c[i][j] - c[j][i]| <= this * sqrt(|c[i][i] c[j][j]|). */
#define KLD_SYMMETRY_TOLERANCE 1e-10

typedef struct kld_gauss
{
	const double *mean;
	size_t		mean_length;
	const double *cov;
	size_t		cov_rows;
	size_t		cov_cols;		/* 0: cov is one-dimensional, the variances */
	kld_arg		mean_arg;
	kld_arg		cov_arg;
} kld_gauss;

/*
 * Faults about a covariance element carry k in length_p, and for a matrix
 * index = row * k + column (0-based); length_q is the covariance's number
 * of dimensions (1 or 2). KLD_DIM_MISMATCH carries the expected k in
 * length_p and the rows and columns found in length_q and value.
 * KLD_NOT_POSITIVE_DEFINITE carries the row where the Cholesky factorization
 * broke in index and its pivot in value (for frechet_distance, which needs
 * only positive semi-definite: index k and the most negative eigenvalue).
 */

/* Doubles of work space for kld_gauss_kl and kld_gauss_frechet. */
size_t		kld_gauss_kl_work(const kld_gauss *a, const kld_gauss *b);
size_t		kld_gauss_frechet_work(const kld_gauss *a, const kld_gauss *b);

/*
 * KL(N(a) || N(b)) in nats; ridge (finite, >= 0) is added to every
 * variance of both first. Covariances must be symmetric positive definite.
 */
kld_status	kld_gauss_kl(const kld_gauss *a, const kld_gauss *b, double ridge,
						 double *work, double *result, kld_fault *fault);

/*
 * The squared Frechet (2-Wasserstein) distance
 * |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2); covariances must
 * be symmetric positive semi-definite.
 */
kld_status	kld_gauss_frechet(const kld_gauss *a, const kld_gauss *b,
							  double *work, double *result, kld_fault *fault);

/*
 * The cosine distance 1 - cos(angle) between the means of a and b (their
 * covariances are not read), in [0, 2]; *defined is false, and *result
 * untouched, when either mean is the zero vector (it has no direction).
 */
kld_status	kld_gauss_mean_cosine(const kld_gauss *a, const kld_gauss *b, double *result,
								  bool *defined, kld_fault *fault);

/*
 * gaussian_fit's state, a flat array of doubles:
 *   [0] the tag: KLD_FIT_FULL or KLD_FIT_DIAGONAL
 *   [1] k, the length of the vectors
 *   [2] n, the number of rows (a whole number, at most 2^53)
 *   [3 .. 3+k) the mean
 *   then the co-moments sum (x - mean)(x - mean)^T: for KLD_FIT_FULL the
 *   upper triangle row by row (k (k + 1) / 2 doubles: (0,0), (0,1) ..
 *   (0,k-1), (1,1) ..), for KLD_FIT_DIAGONAL the k sums of squares.
 */
#define KLD_FIT_FULL 7201.0
#define KLD_FIT_DIAGONAL 7202.0
#define KLD_FIT_HEADER 3

typedef struct kld_fit
{
	double	   *state;
	bool		diagonal;
	size_t		k;
	double	   *n;
	double	   *mean;
	double	   *m2;
} kld_fit;

/* Doubles in a state of k dimensions, or 0 if k is above the limit. */
size_t		kld_fit_state_length(size_t k, bool diagonal);

/* Checks k (1 .. the limit) of a first row; fault on arg x. */
kld_status	kld_fit_check_length(size_t k, bool diagonal, kld_fault *fault);

/* An empty state (n = 0) of k dimensions; state has the length above. */
void		kld_fit_init(double *state, size_t k, bool diagonal, kld_fit *fit);

/*
 * Decodes a state. full: also check every value (a state from outside:
 * another server, a user); else only the header and length (a state this
 * aggregate made). KLD_BAD_FIT_STATE with the element at fault.
 */
kld_status	kld_fit_decode(double *state, size_t length, bool full, kld_fit *fit,
						   kld_fault *fault);

/* Adds a row of k values (float8 or float4). */
kld_status	kld_fit_add(kld_fit *fit, const double *x, size_t k, kld_fault *fault);
kld_status	kld_fit_add_float4(kld_fit *fit, const float *x, size_t k, kld_fault *fault);

/* Merges from into into (Chan et al.'s pairwise update); same kind and k. */
kld_status	kld_fit_merge(kld_fit *into, const kld_fit *from, kld_fault *fault);

/*
 * The sample covariance (co-moments / (n - 1)), n >= 2: k x k row-major
 * for a full state, k variances for a diagonal one.
 */
void		kld_fit_covariance(const kld_fit *fit, double *cov);

#endif							/* KLD_GAUSSIAN_H */
