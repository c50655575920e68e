/*
 * test_linalg.c: the Gaussian functions' linear algebra (Cholesky factors,
 * triangular solves, the symmetric eigensolver) on small known matrices
 * and random ones (reconstruction errors), the multivariate KL and Frechet
 * distance against closed forms, gaussian_fit's state, renyi_div and the
 * cosine distance of means.
 */
#include <float.h>

#include "unit.h"
#include "core/gaussian.h"
#include "core/linalg.h"

static unsigned long long rng_state = 88172645463325252ULL;

static double
uniform(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double) (rng_state >> 11) / 9007199254740992.0;
}

/* A random symmetric positive definite k x k: G G^T / k + shift I. */
static void
random_spd(double *a, size_t k, double shift)
{
	double	   *g = malloc(k * k * sizeof(double));

	for (size_t i = 0; i < k * k; i++)
		g[i] = uniform() * 2.0 - 1.0;
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++)
		{
			double		s = 0.0;

			for (size_t m = 0; m < k; m++)
				s += g[i * k + m] * g[j * k + m];
			a[i * k + j] = s / k + (i == j ? shift : 0.0);
		}
	free(g);
}

static void
test_cholesky(void)
{
	double		a[9] = {4, 12, -16, 12, 37, -43, -16, -43, 98};
	double		l[9] = {2, 0, 0, 6, 1, 0, -8, 5, 3};
	double		bad[4] = {1, 2, 2, 1};
	size_t		row = 99;
	double		pivot = 0;
	int			same = 1;

	unit_ok(kld_cholesky(a, 3, &row, &pivot), "cholesky of a known 3 x 3");
	for (int i = 0; i < 9; i++)
		same &= a[i] == l[i];
	unit_ok(same, "cholesky factor is exact: [[2,0,0],[6,1,0],[-8,5,3]]");
	unit_ok(!kld_cholesky(bad, 2, &row, &pivot) && row == 1 && pivot == -3.0,
			"[[1,2],[2,1]] breaks at row 1 with pivot -3 (got %zu, %g)", row, pivot);

	{
		double		y[3] = {2, 13, 3};	/* L (1, 1, 1) */
		double		lf[9] = {2, 0, 0, 6, 1, 0, -8, 5, 3};

		y[2] = -8 + 5 + 3;
		y[1] = 7;
		kld_forward_solve(lf, 3, y);
		unit_ok(y[0] == 1 && y[1] == 1 && y[2] == 1, "forward solve of L x = L 1 gives 1");
	}

	for (size_t k = 1; k <= 120; k += 17)
	{
		double	   *s = malloc(k * k * sizeof(double));
		double	   *f = malloc(k * k * sizeof(double));
		double		worst = 0.0,
					norm = 0.0;

		random_spd(s, k, 0.1);
		memcpy(f, s, k * k * sizeof(double));
		unit_ok(kld_cholesky(f, k, &row, &pivot), "random SPD %zu x %zu factors", k, k);
		for (size_t i = 0; i < k; i++)
			for (size_t j = 0; j < k; j++)
			{
				double		r = 0.0;

				for (size_t m = 0; m < k; m++)
					r += f[i * k + m] * f[j * k + m];
				worst = fmax(worst, fabs(r - s[i * k + j]));
				norm = fmax(norm, fabs(s[i * k + j]));
			}
		unit_is_at_most(worst / norm, 1e-14, 0, "k = %zu: |L L^T - S| / |S| = %.2g", k, worst / norm);
		free(s);
		free(f);
	}
}

static void
test_solve_lower(void)
{
	size_t		k = 40,
				row;
	double		pivot;
	double	   *a = malloc(k * k * sizeof(double)),
			   *b = malloc(k * k * sizeof(double)),
			   *x = malloc(k * k * sizeof(double));
	double		worst = 0.0;

	random_spd(a, k, 0.5);
	random_spd(b, k, 0.5);
	kld_cholesky(a, k, &row, &pivot);
	kld_cholesky(b, k, &row, &pivot);
	memcpy(x, b, k * k * sizeof(double));
	kld_lower_solve_lower(a, k, x);	/* X = A^-1 B, so A X = B */
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++)
		{
			double		r = 0.0;

			for (size_t m = 0; m < k; m++)
				r += a[i * k + m] * x[m * k + j];
			worst = fmax(worst, fabs(r - b[i * k + j]));
			if (j > i)
				worst = fmax(worst, fabs(x[i * k + j]));
		}
	unit_is_at_most(worst, 1e-13, 0, "L2 X = L1 solved, X lower triangular: error %.2g", worst);
	free(a);
	free(b);
	free(x);
}

static void
test_eigen(void)
{
	double		two[4] = {2, 1, 1, 2},
				values[3],
				vectors[9],
				work[6];
	double		diag[9] = {3, 0, 0, 0, -1, 0, 0, 0, 2};

	unit_ok(kld_symmetric_eigen(two, 2, values, vectors, work), "eigen of [[2,1],[1,2]]");
	unit_is_close(values[0], 1.0, 1e-15, 1e-15, "smallest eigenvalue 1");
	unit_is_close(values[1], 3.0, 1e-15, 1e-15, "largest eigenvalue 3");
	unit_is_close(fabs(vectors[0]), sqrt(0.5), 1e-15, 1e-15, "its vector (1, -1)/sqrt 2");
	kld_symmetric_eigen(diag, 3, values, NULL, work);
	unit_ok(values[0] == -1 && values[1] == 2 && values[2] == 3, "a diagonal's eigenvalues, ascending");

	for (size_t k = 1; k <= 257; k += 64)
	{
		double	   *s = malloc(k * k * sizeof(double)),
				   *a = malloc(k * k * sizeof(double)),
				   *v = malloc(k * k * sizeof(double)),
				   *d = malloc(k * sizeof(double)),
				   *w = malloc(2 * k * sizeof(double));
		double		recon = 0.0,
					orth = 0.0,
					norm = 0.0,
					trace = 0.0,
					sum = 0.0;

		for (size_t i = 0; i < k; i++)
			for (size_t j = 0; j <= i; j++)
				s[i * k + j] = s[j * k + i] = uniform() * 2.0 - 1.0;
		memcpy(a, s, k * k * sizeof(double));
		unit_ok(kld_symmetric_eigen(a, k, d, v, w), "random symmetric %zu x %zu converges", k, k);
		for (size_t i = 0; i < k; i++)
		{
			trace += s[i * k + i];
			sum += d[i];
			for (size_t j = 0; j < k; j++)
			{
				double		r = 0.0,
							o = 0.0;

				for (size_t m = 0; m < k; m++)
				{
					r += v[m * k + i] * d[m] * v[m * k + j];
					o += v[i * k + m] * v[j * k + m];
				}
				recon = fmax(recon, fabs(r - s[i * k + j]));
				orth = fmax(orth, fabs(o - (i == j ? 1.0 : 0.0)));
				norm = fmax(norm, fabs(s[i * k + j]));
			}
		}
		unit_is_at_most(recon / norm, 1e-13 * (1 + k / 64.0), 0,
						"k = %zu: |V^T D V - A| / |A| = %.2g", k, recon / norm);
		unit_is_at_most(orth, 1e-13 * (1 + k / 64.0), 0, "k = %zu: |V V^T - I| = %.2g", k, orth);
		unit_is_close(sum, trace, 1e-12, 1e-12 * k, "k = %zu: sum of eigenvalues = trace", k);
		free(s);
		free(a);
		free(v);
		free(d);
		free(w);
	}
}

static kld_gauss
normal(const double *mean, const double *cov, size_t k, bool diagonal)
{
	kld_gauss	g = {mean, k, cov, k, diagonal ? 0 : k, KLD_ARG_MU1, KLD_ARG_COV1};

	return g;
}

static void
test_gauss(void)
{
	double		mu1[2] = {1, 2},
				mu2[2] = {0, 0},
				s1[4] = {2, 0.5, 0.5, 1},
				eye[4] = {1, 0, 0, 1},
				work[4 * 4 + 6],
				result;
	kld_fault	fault;
	kld_gauss	a = normal(mu1, s1, 2, false),
				b = normal(mu2, eye, 2, false);

	unit_ok(kld_gauss_kl(&a, &b, 0.0, work, &result, &fault) == KLD_OK, "KL of 2-d normals");
	unit_is_close(result, 0.5 * (6 - log(1.75)), 1e-15, 0, "KL against the standard normal");
	kld_gauss_kl(&a, &a, 0.0, work, &result, &fault);
	unit_is_exact(result, 0.0, "KL(N || N) = 0 exactly");
	{
		double		m1 = 0.3,
					v1 = 4,
					m2 = -1,
					v2 = 0.25,
					scalar;
		kld_gauss	c = normal(&m1, &v1, 1, false),
					d = normal(&m2, &v2, 1, true);

		kld_kl_div_normal(0.3, 2, -1, 0.5, &scalar, &fault);
		kld_gauss_kl(&c, &d, 0.0, work, &result, &fault);
		unit_is_close(result, scalar, 1e-15, 0, "k = 1 equals the scalar kl_div_normal");
	}
	{
		double		d1[2] = {4, 9},
					d2[2] = {1, 1},
					m3[2] = {3, 4};
		kld_gauss	c = normal(mu2, d1, 2, true),
					d = normal(m3, d2, 2, true),
					e = normal(mu2, s1, 2, false);

		kld_gauss_frechet(&c, &d, work, &result, &fault);
		unit_is_close(result, 30.0, 1e-15, 0, "Frechet of diagonals: 25 + 1 + 4");
		kld_gauss_frechet(&e, &e, work, &result, &fault);
		unit_is_exact(result, 0.0, "Frechet of identical normals is 0");
		unit_ok(kld_gauss_kl(&c, &d, -1.0, work, &result, &fault) == KLD_BAD_RIDGE, "negative ridge refused");
	}
	{
		double		sing[4] = {1, 1, 1, 1};
		kld_gauss	c = normal(mu2, sing, 2, false);

		unit_ok(kld_gauss_kl(&c, &b, 0.0, work, &result, &fault) == KLD_NOT_POSITIVE_DEFINITE &&
				fault.index == 1 && fault.arg == KLD_ARG_COV1, "singular covariance: row 2");
		unit_ok(kld_gauss_frechet(&c, &b, work, &result, &fault) == KLD_OK,
				"Frechet takes a semi-definite covariance");
		unit_is_close(result, 4 - 2 * sqrt(2), 1e-14, 1e-15, "Frechet of [[1,1],[1,1]] and I = 4 - 2 sqrt 2");
	}
}

static void
test_fit(void)
{
	size_t		k = 3,
				length = kld_fit_state_length(k, false);
	double	   *s1 = malloc(length * sizeof(double)),
			   *s2 = malloc(length * sizeof(double)),
			   *s3 = malloc(length * sizeof(double));
	double		rows[60][3],
				cov[9],
				mean[3] = {0, 0, 0},
				direct[9] = {0};
	kld_fit		f1,
				f2,
				f3;
	kld_fault	fault;
	double		worst = 0.0;

	kld_fit_init(s1, k, false, &f1);
	kld_fit_init(s2, k, false, &f2);
	kld_fit_init(s3, k, false, &f3);
	for (int r = 0; r < 60; r++)
	{
		for (size_t i = 0; i < k; i++)
		{
			rows[r][i] = 1000.0 + uniform() * (i + 1);
			mean[i] += rows[r][i] / 60.0;
		}
		kld_fit_add(&f1, rows[r], k, &fault);
		kld_fit_add(r < 17 ? &f2 : &f3, rows[r], k, &fault);
	}
	for (int r = 0; r < 60; r++)
		for (size_t i = 0; i < k; i++)
			for (size_t j = 0; j < k; j++)
				direct[i * k + j] += (rows[r][i] - mean[i]) * (rows[r][j] - mean[j]) / 59.0;
	kld_fit_merge(&f2, &f3, &fault);
	kld_fit_covariance(&f1, cov);
	for (int i = 0; i < 9; i++)
		worst = fmax(worst, fabs(cov[i] - direct[i]) / fabs(direct[i * 0 + (i / 3) * 4]));
	unit_is_at_most(worst, 1e-12, 0, "fit covariance = two-pass sample covariance (%.2g)", worst);
	kld_fit_covariance(&f2, direct);
	worst = 0.0;
	for (int i = 0; i < 9; i++)
		worst = fmax(worst, fabs(cov[i] - direct[i]) / fabs(cov[(i / 3) * 4]));
	unit_is_at_most(worst, 1e-12, 0, "merged fit = serial fit (%.2g)", worst);
	unit_ok(*f2.n == 60.0, "merged n = 60");
	unit_ok(kld_fit_decode(s1, length, true, &f1, &fault) == KLD_OK, "own state decodes");
	s1[KLD_FIT_HEADER + k] = -1.0;
	unit_ok(kld_fit_decode(s1, length, true, &f1, &fault) == KLD_BAD_FIT_STATE &&
			fault.index == KLD_FIT_HEADER + k, "negative co-moment on the diagonal refused");
	s1[1] = 2.5;
	unit_ok(kld_fit_decode(s1, length, false, &f1, &fault) == KLD_BAD_FIT_STATE, "fractional k refused");
	free(s1);
	free(s2);
	free(s3);
}

static void
test_renyi(void)
{
	double		p[3] = {1, 2, 3},
				q[3] = {3, 2, 1},
				kl,
				r;
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_fault	fault;

	kld_kl_div(p, q, 3, 3, &opt, &kl, &fault);
	kld_renyi_div(p, q, 3, 3, 1.0, &opt, &r, &fault);
	unit_is_exact(r, kl, "renyi at alpha = 1 is kl_div");
	kld_renyi_div(p, q, 3, 3, 1.0 + 1e-12, &opt, &r, &fault);
	unit_is_close(r, kl, 1e-10, 0, "renyi at alpha = 1 + 1e-12 is within 1e-10 of kl_div");
	kld_renyi_div(p, q, 3, 3, 2.0, &opt, &r, &fault);
	unit_is_close(r, log((1.0 / 36 * 2 + 4.0 / 36 / (2.0 / 6) + 9.0 / 36 / (1.0 / 6))), 1e-14, 0,
				  "renyi at alpha = 2");
	kld_renyi_div(p, q, 3, 3, INFINITY, &opt, &r, &fault);
	unit_is_close(r, log(3.0), 1e-15, 0, "renyi at alpha = Infinity is ln max p/q");
	unit_ok(kld_renyi_div(p, q, 3, 3, -0.5, &opt, &r, &fault) == KLD_BAD_ALPHA, "alpha < 0 refused");
	{
		double		big[2] = {1, 1e-300},
					small[2] = {1e-300, 1};

		kld_renyi_div(small, big, 2, 2, 3.0, &opt, &r, &fault);
		unit_ok(isfinite(r) && r > 600, "huge ratios at alpha = 3 stay finite (%g)", r);
	}
}

/* The cosine distance of two means, against closed forms. */
static void
test_mean_cosine(void)
{
	double		a[3] = {1, 0, 0},
				b[3] = {0, 2, 0},
				c[3] = {-3, 0, 0},
				zero[3] = {0, 0, 0},
				huge[2] = {1e300, 1e300},
				tiny[2] = {1e-300, 1e-300},
				tilted[2],
				bad[3] = {1, NAN, 0},
				r = -1;
	double		theta = 1e-9;
	bool		defined;
	kld_fault	fault;
	kld_gauss	ga = {a, 3, NULL, 0, 0, KLD_ARG_MU1, KLD_ARG_COV1},
				gb = {b, 3, NULL, 0, 0, KLD_ARG_MU2, KLD_ARG_COV2};

	kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault);
	unit_ok(defined && r == 1.0, "orthogonal means: 1 (got %.17g)", r);
	gb.mean = c;
	kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault);
	unit_ok(defined && r == 2.0, "opposite means: 2 (got %.17g)", r);
	gb.mean = a;
	kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault);
	unit_ok(defined && r == 0.0, "equal means: 0 (got %.17g)", r);
	/* 1 - cos(theta) = theta^2 / 2 - theta^4 / 24: 1 - a.b/(|a||b|) gives 0 here. */
	tilted[0] = cos(theta);
	tilted[1] = sin(theta);
	ga.mean = a;
	ga.mean_length = gb.mean_length = 2;
	gb.mean = tilted;
	kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault);
	unit_is_close(r, theta * theta / 2.0, 1e-7, 0, "angle 1e-9: theta^2 / 2 = 5e-19 (got %.6g)", r);
	ga.mean = huge;
	gb.mean = tiny;
	kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault);
	unit_ok(defined && r == 0.0, "1e300 and 1e-300 along one direction: 0, no overflow (got %g)", r);
	gb.mean = zero;
	r = -1;
	unit_ok(kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault) == KLD_OK && !defined && r == -1,
			"a zero mean: undefined, result untouched");
	gb.mean = bad;
	gb.mean_length = 3;
	unit_ok(kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault) == KLD_DIM_MISMATCH &&
			fault.arg == KLD_ARG_MU2 && fault.length_p == 2 && fault.length_q == 3,
			"lengths 2 and 3: a mismatch on the second mean");
	ga.mean = a;
	ga.mean_length = 3;
	unit_ok(kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault) == KLD_NOT_FINITE &&
			fault.arg == KLD_ARG_MU2 && fault.index == 1, "NaN at index 1 of the second mean");
	ga.mean_length = 0;
	unit_ok(kld_gauss_mean_cosine(&ga, &gb, &r, &defined, &fault) == KLD_EMPTY, "empty means refused");
}

int
main(void)
{
	test_cholesky();
	test_solve_lower();
	test_eigen();
	test_gauss();
	test_fit();
	test_renyi();
	test_mean_cosine();
	return unit_done();
}
