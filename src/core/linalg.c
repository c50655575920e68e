/*
 * linalg.c: Cholesky factors, triangular solves and the eigenvalues of a
 * symmetric matrix, for the Gaussian functions (gaussian.c).
 *
 * Dot products run in four interleaved partial sums (element i into sum
 * i % 4, added in a fixed order), which halves the error growth of one
 * running sum and keeps the bits the same on every machine. The cubic loops
 * call the interrupt hook once a row: a row of k = 1,536 is at most a few
 * million operations, a millisecond or two.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "kernels.h"
#include "linalg.h"

/* Once a row of a cubic loop: let the caller cancel. */
static inline void
row_check(void)
{
	if (kld_interrupt_hook != NULL)
		kld_interrupt_hook();
}

static double
dot(const double *a, const double *b, size_t n)
{
	double		s0 = 0.0,
				s1 = 0.0,
				s2 = 0.0,
				s3 = 0.0;
	size_t		i = 0;

	for (; i + 4 <= n; i += 4)
	{
		s0 += a[i] * b[i];
		s1 += a[i + 1] * b[i + 1];
		s2 += a[i + 2] * b[i + 2];
		s3 += a[i + 3] * b[i + 3];
	}
	for (; i < n; i++)
		s0 += a[i] * b[i];
	return (s0 + s1) + (s2 + s3);
}

bool
kld_cholesky(double *a, size_t k, size_t *row, double *pivot)
{
	for (size_t i = 0; i < k; i++)
	{
		double	   *li = a + i * k;

		row_check();
		for (size_t j = 0; j < i; j++)
		{
			const double *lj = a + j * k;

			li[j] = (li[j] - dot(li, lj, j)) / lj[j];
		}
		{
			double		s = li[i] - dot(li, li, i);

			if (!(s > 0.0) || !isfinite(s))
			{
				*row = i;
				*pivot = s;
				return false;
			}
			li[i] = sqrt(s);
		}
		for (size_t j = i + 1; j < k; j++)
			li[j] = 0.0;
	}
	return true;
}

void
kld_forward_solve(const double *l, size_t k, double *y)
{
	for (size_t i = 0; i < k; i++)
	{
		const double *li = l + i * k;

		if ((i & 255) == 0)
			row_check();
		y[i] = (y[i] - dot(li, y, i)) / li[i];
	}
}

void
kld_lower_solve_lower(const double *l2, size_t k, double *x)
{
	for (size_t i = 0; i < k; i++)
	{
		const double *li = l2 + i * k;
		double	   *xi = x + i * k;

		row_check();
		for (size_t m = 0; m < i; m++)
		{
			double		f = li[m];
			const double *xm = x + m * k;

			if (f == 0.0)
				continue;
			for (size_t c = 0; c <= m; c++)
				xi[c] -= f * xm[c];
		}
		for (size_t c = 0; c <= i; c++)
			xi[c] /= li[i];
	}
}

/*
 * One implicit QR step with a Wilkinson shift on the unreduced block
 * lo..hi of the tridiagonal (d, e), e[i] the entry below d[i]. The
 * rotations act on rows m, m+1: T := R T R^T, R = [c s; -s c], and on the
 * rows of z (the eigenvectors so far) when z is not NULL.
 */
static void
qr_step(double *d, double *e, size_t lo, size_t hi, double *z, size_t k)
{
	double		half_gap = (d[hi - 1] - d[hi]) / 2.0;
	double		ee = e[hi - 1];
	double		denominator = half_gap + copysign(hypot(half_gap, ee), half_gap);
	double		shift = d[hi] - ee * (ee / denominator);
	double		x = d[lo] - shift;
	double		y = e[lo];

	for (size_t m = lo; m < hi; m++)
	{
		double		r = hypot(x, y);
		double		c = r > 0.0 ? x / r : 1.0;
		double		s = r > 0.0 ? y / r : 0.0;
		double		a = d[m],
					b = e[m],
					cc = d[m + 1];

		if (m > lo)
			e[m - 1] = r;
		d[m] = c * c * a + 2.0 * c * s * b + s * s * cc;
		d[m + 1] = s * s * a - 2.0 * c * s * b + c * c * cc;
		e[m] = c * s * (cc - a) + (c * c - s * s) * b;
		if (m + 1 < hi)
		{
			y = s * e[m + 1];
			e[m + 1] = c * e[m + 1];
			x = e[m];
		}
		if (z != NULL)
		{
			double	   *zm = z + m * k,
					   *zn = z + (m + 1) * k;

			for (size_t j = 0; j < k; j++)
			{
				double		u = zm[j],
							v = zn[j];

				zm[j] = c * u + s * v;
				zn[j] = -s * u + c * v;
			}
		}
	}
}

/* e[i] (below d[i]) is negligible next to its neighbours. */
static bool
negligible(const double *d, const double *e, size_t i)
{
	return fabs(e[i]) <= DBL_EPSILON * (fabs(d[i]) + fabs(d[i + 1])) ||
		fabs(e[i]) < 1e-300;
}

/*
 * Householder reduction of the symmetric a (scaled) to (d, e), working on
 * its lower triangle only: the symmetric product A v and the rank-2 update
 * A -= v w^T + w v^T each touch every element below the diagonal once, in
 * row order. Reflection j's vector is kept in row j right of the diagonal
 * (which the lower triangle does not use), its beta on the diagonal.
 */
static void
tridiagonalize(double *a, size_t k, double *d, double *e, double *z, double *p)
{
	for (size_t j = 0; j + 2 < k; j++)
	{
		double	   *v = a + j * k;
		double		norm,
					alpha,
					beta,
					vp = 0.0;

		row_check();
		d[j] = v[j];
		for (size_t c = j + 1; c < k; c++)
			v[c] = a[c * k + j];	/* column j below the diagonal */
		norm = sqrt(dot(v + j + 1, v + j + 1, k - j - 1));
		if (norm == 0.0)
		{
			e[j] = 0.0;
			v[j] = 0.0;			/* beta: no reflection */
			continue;
		}
		alpha = v[j + 1] >= 0.0 ? -norm : norm;
		beta = 1.0 / (norm * (norm + fabs(v[j + 1])));
		v[j + 1] -= alpha;
		for (size_t r = j + 1; r < k; r++)
			p[r] = 0.0;
		for (size_t r = j + 1; r < k; r++)
		{
			const double *ar = a + r * k;
			double		vr = v[r],
						s = ar[r] * vr;

			for (size_t c = j + 1; c < r; c++)
			{
				s += ar[c] * v[c];
				p[c] += ar[c] * vr;
			}
			p[r] += s;
		}
		for (size_t r = j + 1; r < k; r++)
		{
			p[r] *= beta;
			vp += v[r] * p[r];
		}
		vp *= beta / 2.0;
		for (size_t r = j + 1; r < k; r++)
			p[r] -= vp * v[r];	/* now w */
		for (size_t r = j + 1; r < k; r++)
		{
			double	   *ar = a + r * k;
			double		vr = v[r],
						pr = p[r];

			for (size_t c = j + 1; c <= r; c++)
				ar[c] -= vr * p[c] + pr * v[c];
		}
		e[j] = alpha;
		v[j] = beta;
	}
	if (k >= 2)
	{
		d[k - 2] = a[(k - 2) * k + k - 2];
		e[k - 2] = a[(k - 1) * k + k - 2];
	}
	d[k - 1] = a[(k - 1) * k + k - 1];
	e[k - 1] = 0.0;

	if (z == NULL)
		return;
	/* z = Q^T = H_{k-3} ... H_0, one reflection at a time onto I. */
	memset(z, 0, k * k * sizeof(double));
	for (size_t i = 0; i < k; i++)
		z[i * k + i] = 1.0;
	for (size_t j = 0; j + 2 < k; j++)
	{
		const double *v = a + j * k;
		double		beta = v[j];

		row_check();
		if (beta == 0.0)
			continue;
		for (size_t c = 0; c < k; c++)
			p[c] = 0.0;
		for (size_t r = j + 1; r < k; r++)
			for (size_t c = 0; c < k; c++)
				p[c] += v[r] * z[r * k + c];
		for (size_t r = j + 1; r < k; r++)
		{
			double		f = beta * v[r];

			for (size_t c = 0; c < k; c++)
				z[r * k + c] -= f * p[c];
		}
	}
}

bool
kld_symmetric_eigen(double *a, size_t k, double *values, double *vectors, double *work)
{
	double	   *d = values,
			   *e = work,
			   *p = work + k;
	double		largest = 0.0;
	int			exponent = 0;
	size_t		steps = 0,
				hi;

	if (k == 0)
		return true;
	/* Scale by a power of two (exact) so the largest element is in [0.5, 1). */
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j <= i; j++)
			largest = fmax(largest, fabs(a[i * k + j]));
	if (largest > 0.0)
		frexp(largest, &exponent);
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j <= i; j++)
		{
			double		x = ldexp(a[i * k + j], -exponent);

			a[i * k + j] = x;
			a[j * k + i] = x;
		}
	tridiagonalize(a, k, d, e, vectors, p);

	/* Implicit QR on the trailing unreduced block until all e are negligible. */
	hi = k - 1;
	while (hi > 0)
	{
		size_t		lo;

		if (negligible(d, e, hi - 1))
		{
			e[hi - 1] = 0.0;
			hi--;
			continue;
		}
		lo = hi - 1;
		while (lo > 0 && !negligible(d, e, lo - 1))
			lo--;
		if (++steps > 30 * k + 100)
			return false;
		if ((steps & 63) == 0)
			row_check();
		qr_step(d, e, lo, hi, vectors, k);
	}

	/* Ascending, with their vectors; then undo the scaling. */
	for (size_t i = 0; i + 1 < k; i++)
	{
		size_t		smallest = i;

		for (size_t j = i + 1; j < k; j++)
			if (d[j] < d[smallest])
				smallest = j;
		if (smallest != i)
		{
			double		t = d[i];

			d[i] = d[smallest];
			d[smallest] = t;
			if (vectors != NULL)
				for (size_t c = 0; c < k; c++)
				{
					t = vectors[i * k + c];
					vectors[i * k + c] = vectors[smallest * k + c];
					vectors[smallest * k + c] = t;
				}
		}
	}
	for (size_t i = 0; i < k; i++)
		d[i] = ldexp(d[i], exponent);
	return true;
}
