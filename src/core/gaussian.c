/*
 * gaussian.c: KL divergence and Frechet distance between multivariate
 * normals, and gaussian_fit's state (mean and co-moments, merged pairwise).
 *
 * KL(N1 || N2) = 1/2 [tr(S2^-1 S1) + d^T S2^-1 d - k + ln det S2 - ln det S1]
 * with d = mu2 - mu1, from the Cholesky factors S1 = L1 L1^T, S2 = L2 L2^T:
 * with X = L2^-1 L1 (lower triangular) and y = L2^-1 d,
 *   tr(S2^-1 S1) = sum X_ij^2, d^T S2^-1 d = |y|^2,
 *   ln det S2 - ln det S1 = -2 sum ln X_ii,
 * so 2 KL = sum_i (X_ii^2 - 1 - 2 ln X_ii) + sum_{i>j} X_ij^2 + |y|^2, a sum
 * of terms that are each >= 0: no cancellation between the trace, k and
 * the log-determinants, KL(N || N) is exactly 0, and no determinant is
 * formed (it would overflow or underflow long before k = 1,024).
 *
 * Frechet: with S1 = B B^T (B the Cholesky factor, or V D^1/2 from S1's
 * eigen-decomposition when S1 is only semi-definite), S1^1/2 S2 S1^1/2 and
 * M = B^T S2 B have the same eigenvalues, so
 * tr (S1^1/2 S2 S1^1/2)^1/2 = sum sqrt(eig(M)).
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "compensated_sum.h"
#include "fault.h"
#include "gaussian.h"
#include "kernels.h"
#include "linalg.h"
#include "near_zero.h"

static kld_status
dim_mismatch(kld_fault *fault, kld_arg arg, size_t k, size_t rows, size_t cols)
{
	kld_fail(fault, KLD_DIM_MISMATCH, arg, 0, (double) cols);
	fault->length_p = k;
	fault->length_q = rows;
	return KLD_DIM_MISMATCH;
}

static kld_status
element_fault(kld_fault *fault, kld_status status, kld_arg arg, size_t index,
			  double value, size_t k, size_t ndim)
{
	kld_fail(fault, status, arg, index, value);
	fault->length_p = k;
	fault->length_q = ndim;
	return status;
}

/*
 * r - 1 - ln r for the ratio of variances r = x^2 (x a ratio of standard
 * deviations): from the series of u - ln(1 + u), u = (x - 1)(x + 1), where
 * r is near 1, else directly (where 1 + u would lose r's digits).
 */
static double
variance_gap(double x)
{
	if (x >= 0.5 && x <= 2.0)
		return kld_log1p_gap((x - 1.0) * (x + 1.0));
	return x * x - 1.0 - 2.0 * log(x);
}

static bool
is_diagonal(const kld_gauss *g)
{
	return g->cov_cols == 0;
}

/* Shapes: a mean of k >= 1, a covariance of k variances or k x k. */
static kld_status
check_shape(const kld_gauss *g, size_t k, kld_fault *fault)
{
	if (g->mean_length != k)
		return dim_mismatch(fault, g->mean_arg, k, g->mean_length, 0);
	if (is_diagonal(g) ? g->cov_rows != k : (g->cov_rows != k || g->cov_cols != k))
		return dim_mismatch(fault, g->cov_arg, k, g->cov_rows, g->cov_cols);
	if (k > (is_diagonal(g) ? KLD_GAUSS_MAX_DIAGONAL : KLD_GAUSS_MAX_FULL))
	{
		kld_fail(fault, KLD_TOO_MANY_DIMENSIONS, g->cov_arg, 0, (double) k);
		fault->length_p = is_diagonal(g) ? KLD_GAUSS_MAX_DIAGONAL : KLD_GAUSS_MAX_FULL;
		return KLD_TOO_MANY_DIMENSIONS;
	}
	return KLD_OK;
}

/* Every element finite; a matrix symmetric to within the tolerance. */
static kld_status
check_values(const kld_gauss *g, size_t k, kld_fault *fault)
{
	size_t		ncov = is_diagonal(g) ? k : k * k;
	size_t		ndim = is_diagonal(g) ? 1 : 2;

	for (size_t i = 0; i < k; i++)
		if (!isfinite(g->mean[i]))
			return element_fault(fault, KLD_NOT_FINITE, g->mean_arg, i, g->mean[i], k, 1);
	for (size_t i = 0; i < ncov; i++)
	{
		kld_check_interrupts(i);
		if (!isfinite(g->cov[i]))
			return element_fault(fault, KLD_NOT_FINITE, g->cov_arg, i, g->cov[i], k, ndim);
	}
	if (is_diagonal(g))
		return KLD_OK;
	for (size_t i = 0; i < k; i++)
		for (size_t j = i + 1; j < k; j++)
		{
			double		upper = g->cov[i * k + j],
						lower = g->cov[j * k + i];
			double		scale = sqrt(fabs(g->cov[i * k + i])) * sqrt(fabs(g->cov[j * k + j]));

			if (!(fabs(upper - lower) <= KLD_SYMMETRY_TOLERANCE * scale))
			{
				kld_fail(fault, KLD_NOT_SYMMETRIC, g->cov_arg, i * k + j, upper);
				fault->previous = lower;
				fault->length_p = k;
				fault->length_q = 2;
				return KLD_NOT_SYMMETRIC;
			}
		}
	return KLD_OK;
}

static kld_status
check_pair(const kld_gauss *a, const kld_gauss *b, size_t *k, kld_fault *fault)
{
	kld_status	status;

	*k = a->mean_length;
	if (*k == 0)
		return kld_fail(fault, KLD_EMPTY, a->mean_arg, 0, 0.0);
	if ((status = check_shape(a, *k, fault)) != KLD_OK ||
		(status = check_shape(b, *k, fault)) != KLD_OK ||
		(status = check_values(a, *k, fault)) != KLD_OK ||
		(status = check_values(b, *k, fault)) != KLD_OK)
		return status;
	return KLD_OK;
}

/*
 * The lower triangle of g's covariance, symmetrized ((c_ij + c_ji) / 2),
 * plus ridge on the diagonal, into the k x k matrix m.
 */
static void
expand(const kld_gauss *g, size_t k, double ridge, double *m)
{
	memset(m, 0, k * k * sizeof(double));
	for (size_t i = 0; i < k; i++)
	{
		if (is_diagonal(g))
		{
			m[i * k + i] = g->cov[i] + ridge;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			m[i * k + j] = g->cov[i * k + j] / 2.0 + g->cov[j * k + i] / 2.0;
		m[i * k + i] = g->cov[i * k + i] + ridge;
	}
}

size_t
kld_gauss_kl_work(const kld_gauss *a, const kld_gauss *b)
{
	size_t		k = a->mean_length;

	if (is_diagonal(a) && is_diagonal(b))
		return 0;
	if (k == 0 || k > KLD_GAUSS_MAX_FULL)
		return 0;
	return 2 * k * k + k;
}

size_t
kld_gauss_frechet_work(const kld_gauss *a, const kld_gauss *b)
{
	size_t		k = a->mean_length;

	if (is_diagonal(a) && is_diagonal(b))
		return 0;
	if (k == 0 || k > KLD_GAUSS_MAX_FULL)
		return 0;
	return 4 * k * k + 3 * k;
}

static kld_status
not_positive_definite(kld_fault *fault, const kld_gauss *g, size_t k, size_t row,
					  double pivot)
{
	return element_fault(fault, KLD_NOT_POSITIVE_DEFINITE, g->cov_arg, row, pivot, k,
						 is_diagonal(g) ? 1 : 2);
}

kld_status
kld_gauss_kl(const kld_gauss *a, const kld_gauss *b, double ridge,
			 double *work, double *result, kld_fault *fault)
{
	kld_sum		total = {0.0, 0.0};
	size_t		k,
				row;
	double		pivot;
	kld_status	status;

	if (!isfinite(ridge) || ridge < 0.0)
		return kld_fail(fault, KLD_BAD_RIDGE, KLD_ARG_RIDGE, 0, ridge);
	if ((status = check_pair(a, b, &k, fault)) != KLD_OK)
		return status;

	if (is_diagonal(a) && is_diagonal(b))
	{
		for (size_t i = 0; i < k; i++)
		{
			double		v1 = a->cov[i] + ridge,
						v2 = b->cov[i] + ridge;

			if (!(v1 > 0.0) || !isfinite(v1))
				return not_positive_definite(fault, a, k, i, v1);
			if (!(v2 > 0.0) || !isfinite(v2))
				return not_positive_definite(fault, b, k, i, v2);
		}
		for (size_t i = 0; i < k; i++)
		{
			double		v1 = a->cov[i] + ridge,
						v2 = b->cov[i] + ridge;
			double		y = (b->mean[i] - a->mean[i]) / sqrt(v2);
			double		ratio = v1 / v2;

			kld_check_interrupts(i);
			kld_sum_add(&total, ratio >= 0.25 && ratio <= 4.0 ?
						kld_log1p_gap((v1 - v2) / v2) :
						ratio - 1.0 - (log(v1) - log(v2)));
			kld_sum_add(&total, y * y);
		}
	}
	else
	{
		double	   *l1 = work,
				   *l2 = work + k * k,
				   *y = work + 2 * k * k;

		expand(a, k, ridge, l1);
		if (!kld_cholesky(l1, k, &row, &pivot))
			return not_positive_definite(fault, a, k, row, pivot);
		expand(b, k, ridge, l2);
		if (!kld_cholesky(l2, k, &row, &pivot))
			return not_positive_definite(fault, b, k, row, pivot);
		for (size_t i = 0; i < k; i++)
			y[i] = b->mean[i] - a->mean[i];
		kld_forward_solve(l2, k, y);
		kld_lower_solve_lower(l2, k, l1);	/* l1 is now X = L2^-1 L1 */
		for (size_t i = 0; i < k; i++)
		{
			const double *xi = l1 + i * k;
			double		x = xi[i];

			kld_check_interrupts(i);
			kld_sum_add(&total, variance_gap(x));
			for (size_t j = 0; j < i; j++)
				kld_sum_add(&total, xi[j] * xi[j]);
			kld_sum_add(&total, y[i] * y[i]);
		}
	}
	*result = fmax(kld_sum_value(&total), 0.0) / 2.0;
	return KLD_OK;
}

/* Whether two normals are the same numbers in the same form. */
static bool
identical(const kld_gauss *a, const kld_gauss *b, size_t k)
{
	size_t		ncov = is_diagonal(a) ? k : k * k;

	if (is_diagonal(a) != is_diagonal(b))
		return false;
	for (size_t i = 0; i < k; i++)
		if (a->mean[i] != b->mean[i])
			return false;
	for (size_t i = 0; i < ncov; i++)
		if (a->cov[i] != b->cov[i])
			return false;
	return true;
}

/* Eigenvalues below -this * the largest are not rounding: not semi-definite. */
#define PSD_TOLERANCE 1e-10

kld_status
kld_gauss_frechet(const kld_gauss *a, const kld_gauss *b,
				  double *work, double *result, kld_fault *fault)
{
	kld_sum		total = {0.0, 0.0};
	size_t		k,
				row;
	double		pivot;
	kld_status	status;

	if ((status = check_pair(a, b, &k, fault)) != KLD_OK)
		return status;
	if (identical(a, b, k))
	{
		*result = 0.0;
		return KLD_OK;
	}
	for (size_t i = 0; i < k; i++)
	{
		double		d = a->mean[i] - b->mean[i];

		kld_sum_add(&total, d * d);
	}
	if (is_diagonal(a) && is_diagonal(b))
	{
		for (size_t i = 0; i < k; i++)
		{
			double		gap;

			if (a->cov[i] < 0.0)
				return not_positive_definite(fault, a, k, i, a->cov[i]);
			if (b->cov[i] < 0.0)
				return not_positive_definite(fault, b, k, i, b->cov[i]);
			kld_check_interrupts(i);
			gap = sqrt(a->cov[i]) - sqrt(b->cov[i]);
			kld_sum_add(&total, gap * gap);
		}
	}
	else
	{
		double	   *bm = work,
				   *s2 = work + k * k,
				   *m = work + 2 * k * k,
				   *z = work + 3 * k * k,
				   *values = work + 4 * k * k,
				   *scratch = values + k;
		kld_sum		root = {0.0, 0.0};
		double		largest;
		bool		lower = true;	/* bm is lower triangular (a Cholesky factor) */

		/* S1 = B B^T: its Cholesky factor, or V D^1/2 if only semi-definite. */
		expand(a, k, 0.0, bm);
		if (!kld_cholesky(bm, k, &row, &pivot))
		{
			expand(a, k, 0.0, m);
			if (!kld_symmetric_eigen(m, k, values, z, scratch))
				return kld_fail(fault, KLD_NO_CONVERGENCE, a->cov_arg, 0, 0.0);
			largest = fmax(values[k - 1], 0.0);
			if (values[0] < -PSD_TOLERANCE * largest)
				return not_positive_definite(fault, a, k, k, values[0]);
			lower = false;
			for (size_t i = 0; i < k; i++)
				for (size_t c = 0; c < k; c++)
					bm[i * k + c] = z[c * k + i] * sqrt(fmax(values[c], 0.0));
		}
		expand(b, k, 0.0, s2);
		for (size_t i = 0; i < k; i++)	/* the upper triangle too */
			for (size_t j = 0; j < i; j++)
				s2[j * k + i] = s2[i * k + j];
		/* z = S2 B, then m = B^T z */
		memset(z, 0, k * k * sizeof(double));
		memset(m, 0, k * k * sizeof(double));
		for (size_t i = 0; i < k; i++)
		{
			double	   *zi = z + i * k;

			if ((i & 15) == 0 && kld_interrupt_hook != NULL)
				kld_interrupt_hook();
			for (size_t r = 0; r < k; r++)
			{
				double		f = s2[i * k + r];
				const double *br = bm + r * k;
				size_t		end = lower ? r + 1 : k;

				if (f == 0.0)
					continue;
				for (size_t c = 0; c < end; c++)
					zi[c] += f * br[c];
			}
		}
		for (size_t r = 0; r < k; r++)
		{
			const double *br = bm + r * k,
					   *zr = z + r * k;

			if ((r & 15) == 0 && kld_interrupt_hook != NULL)
				kld_interrupt_hook();
			for (size_t i = 0; i < (lower ? r + 1 : k); i++)
			{
				double		f = br[i];
				double	   *mi = m + i * k;

				if (f == 0.0)
					continue;
				for (size_t c = 0; c <= i; c++)
					mi[c] += f * zr[c];
			}
		}
		if (!kld_symmetric_eigen(m, k, values, NULL, scratch))
			return kld_fail(fault, KLD_NO_CONVERGENCE, b->cov_arg, 0, 0.0);
		largest = fmax(values[k - 1], 0.0);
		if (values[0] < -PSD_TOLERANCE * largest)
			return not_positive_definite(fault, b, k, k, values[0]);
		for (size_t i = 0; i < k; i++)
		{
			double		ta = is_diagonal(a) ? a->cov[i] : a->cov[i * k + i];
			double		tb = is_diagonal(b) ? b->cov[i] : b->cov[i * k + i];

			kld_sum_add(&total, ta);
			kld_sum_add(&total, tb);
			kld_sum_add(&root, sqrt(fmax(values[i], 0.0)));
		}
		kld_sum_add(&total, -2.0 * root.sum);
		kld_sum_add(&total, -2.0 * root.err);
	}
	*result = fmax(kld_sum_value(&total), 0.0);
	return KLD_OK;
}

/* gaussian_fit's state. */

size_t
kld_fit_state_length(size_t k, bool diagonal)
{
	if (k < 1 || k > (diagonal ? KLD_GAUSS_MAX_DIAGONAL : KLD_GAUSS_MAX_FULL))
		return 0;
	return KLD_FIT_HEADER + k + (diagonal ? k : k * (k + 1) / 2);
}

kld_status
kld_fit_check_length(size_t k, bool diagonal, kld_fault *fault)
{
	if (k == 0)
		return kld_fail(fault, KLD_EMPTY, KLD_ARG_X, 0, 0.0);
	if (kld_fit_state_length(k, diagonal) == 0)
	{
		kld_fail(fault, KLD_TOO_MANY_DIMENSIONS, KLD_ARG_X, 0, (double) k);
		fault->length_p = diagonal ? KLD_GAUSS_MAX_DIAGONAL : KLD_GAUSS_MAX_FULL;
		return KLD_TOO_MANY_DIMENSIONS;
	}
	return KLD_OK;
}

static void
point(double *state, size_t k, bool diagonal, kld_fit *fit)
{
	fit->state = state;
	fit->diagonal = diagonal;
	fit->k = k;
	fit->n = state + 2;
	fit->mean = state + KLD_FIT_HEADER;
	fit->m2 = state + KLD_FIT_HEADER + k;
}

void
kld_fit_init(double *state, size_t k, bool diagonal, kld_fit *fit)
{
	size_t		length = kld_fit_state_length(k, diagonal);

	state[0] = diagonal ? KLD_FIT_DIAGONAL : KLD_FIT_FULL;
	state[1] = (double) k;
	for (size_t i = 2; i < length; i++)
		state[i] = 0.0;
	point(state, k, diagonal, fit);
}

static kld_status
bad_fit_state(kld_fault *fault, size_t index, double value)
{
	return kld_fail(fault, KLD_BAD_FIT_STATE, KLD_ARG_STATE, index, value);
}

#define MAX_ROWS 9007199254740992.0	/* 2^53 */

kld_status
kld_fit_decode(double *state, size_t length, bool full, kld_fit *fit, kld_fault *fault)
{
	bool		diagonal;
	double		kd;
	size_t		k,
				m2_length;

	if (length < KLD_FIT_HEADER)
		return bad_fit_state(fault, 0, length > 0 ? state[0] : 0.0);
	if (state[0] != KLD_FIT_FULL && state[0] != KLD_FIT_DIAGONAL)
		return bad_fit_state(fault, 0, state[0]);
	diagonal = state[0] == KLD_FIT_DIAGONAL;
	kd = state[1];
	if (!(kd >= 1.0 && kd <= (diagonal ? KLD_GAUSS_MAX_DIAGONAL : KLD_GAUSS_MAX_FULL)) ||
		kd != floor(kd))
		return bad_fit_state(fault, 1, kd);
	k = (size_t) kd;
	if (length != kld_fit_state_length(k, diagonal))
		return bad_fit_state(fault, 1, kd);
	if (!(state[2] >= 0.0 && state[2] <= MAX_ROWS) || state[2] != floor(state[2]))
		return bad_fit_state(fault, 2, state[2]);
	point(state, k, diagonal, fit);
	if (!full)
		return KLD_OK;
	m2_length = length - KLD_FIT_HEADER - k;
	for (size_t i = 0; i < k; i++)
		if (!isfinite(fit->mean[i]) || (state[2] == 0.0 && fit->mean[i] != 0.0))
			return bad_fit_state(fault, KLD_FIT_HEADER + i, fit->mean[i]);
	for (size_t i = 0, row = 0, diag = 0; i < m2_length; i++)
	{
		double		x = fit->m2[i];
		bool		on_diagonal = diagonal || i == diag;

		kld_check_interrupts(i);
		if (!isfinite(x) || (on_diagonal && x < 0.0) || (state[2] == 0.0 && x != 0.0))
			return bad_fit_state(fault, KLD_FIT_HEADER + k + i, x);
		if (!diagonal && i == diag)
		{
			diag += k - row;	/* the next row's diagonal element */
			row++;
		}
	}
	return KLD_OK;
}

static kld_status
row_length(const kld_fit *fit, size_t k, kld_fault *fault)
{
	if (k != fit->k)
	{
		kld_fail(fault, KLD_DIM_CHANGED, KLD_ARG_X, 0, 0.0);
		fault->length_p = fit->k;
		fault->length_q = k;
		return KLD_DIM_CHANGED;
	}
	if (*fit->n >= MAX_ROWS)
		return kld_fail(fault, KLD_OVERFLOW, KLD_ARG_X, 0, *fit->n);
	return KLD_OK;
}

/*
 * Welford's update with the row's deviation d = x - mean (before the
 * mean moves): mean += d / n, M2 += d d^T (n - 1) / n, symmetric as
 * computed. delta is the work row (k doubles, inside the state's m2 tail is
 * not free, so the deviations are recomputed per row of M2).
 */
#define FIT_ADD(TYPE) \
	kld_status	status = row_length(fit, k, fault); \
	double		n, \
				f; \
	\
	if (status != KLD_OK) \
		return status; \
	for (size_t i = 0; i < k; i++) \
		if (!isfinite((double) x[i])) \
			return kld_fail(fault, KLD_NOT_FINITE, KLD_ARG_X, i, (double) x[i]); \
	n = *fit->n + 1.0; \
	f = (n - 1.0) / n; \
	if (fit->diagonal) \
	{ \
		for (size_t i = 0; i < k; i++) \
		{ \
			double		d = (double) x[i] - fit->mean[i]; \
			\
			kld_check_interrupts(i); \
			fit->m2[i] += f * d * d; \
			fit->mean[i] += d / n; \
		} \
	} \
	else \
	{ \
		double	   *m2 = fit->m2; \
		\
		for (size_t i = 0; i < k; i++) \
		{ \
			double		fd = f * ((double) x[i] - fit->mean[i]); \
			\
			for (size_t j = i; j < k; j++) \
				m2[j - i] += fd * ((double) x[j] - fit->mean[j]); \
			m2 += k - i; \
		} \
		for (size_t i = 0; i < k; i++) \
			fit->mean[i] += ((double) x[i] - fit->mean[i]) / n; \
	} \
	*fit->n = n; \
	return KLD_OK

kld_status
kld_fit_add(kld_fit *fit, const double *x, size_t k, kld_fault *fault)
{
	FIT_ADD(double);
}

kld_status
kld_fit_add_float4(kld_fit *fit, const float *x, size_t k, kld_fault *fault)
{
	FIT_ADD(float);
}

kld_status
kld_fit_merge(kld_fit *into, const kld_fit *from, kld_fault *fault)
{
	double		na = *into->n,
				nb = *from->n,
				n = na + nb,
				f;
	size_t		k = into->k;

	if (into->diagonal != from->diagonal)
		return bad_fit_state(fault, 0, from->state[0]);
	if (from->k != k)
	{
		kld_fail(fault, KLD_DIM_CHANGED, KLD_ARG_X, 0, 0.0);
		fault->length_p = k;
		fault->length_q = from->k;
		return KLD_DIM_CHANGED;
	}
	if (nb == 0.0)
		return KLD_OK;
	if (n > MAX_ROWS)
		return kld_fail(fault, KLD_OVERFLOW, KLD_ARG_X, 0, n);
	f = na * nb / n;
	if (into->diagonal)
		for (size_t i = 0; i < k; i++)
		{
			double		d = from->mean[i] - into->mean[i];

			into->m2[i] += from->m2[i] + f * d * d;
		}
	else
	{
		double	   *m2 = into->m2;
		const double *other = from->m2;

		for (size_t i = 0; i < k; i++)
		{
			double		fd = f * (from->mean[i] - into->mean[i]);

			kld_check_interrupts(i);
			for (size_t j = i; j < k; j++)
				m2[j - i] += other[j - i] + fd * (from->mean[j] - into->mean[j]);
			m2 += k - i;
			other += k - i;
		}
	}
	for (size_t i = 0; i < k; i++)
		into->mean[i] += (from->mean[i] - into->mean[i]) * (nb / n);
	*into->n = n;
	return KLD_OK;
}

void
kld_fit_covariance(const kld_fit *fit, double *cov)
{
	size_t		k = fit->k;
	double		divisor = *fit->n - 1.0;

	if (fit->diagonal)
	{
		for (size_t i = 0; i < k; i++)
			cov[i] = fit->m2[i] / divisor;
		return;
	}
	{
		const double *m2 = fit->m2;

		for (size_t i = 0; i < k; i++)
		{
			kld_check_interrupts(i);
			for (size_t j = i; j < k; j++)
			{
				double		c = m2[j - i] / divisor;

				cov[i * k + j] = c;
				cov[j * k + i] = c;
			}
			m2 += k - i;
		}
	}
}
