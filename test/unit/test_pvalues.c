/*
 * test_pvalues.c: the upper tails of src/core/pvalues.h (chi-square,
 * noncentral chi-square, two-sided Kolmogorov-Smirnov) against the table
 * test/oracle/pvalue_refs.py writes (mpmath at 40-50 digits; scipy's kstwo),
 * then their edges, identities and monotonicity, and "never NaN" on random
 * and extreme arguments.
 */
#include <float.h>

#include "core/pvalues.h"
#include "pvalue_refs.h"
#include "unit.h"

/* The promise of pvalues.h: 1e-10 relative from DBL_MIN up, ~1e-320 below. */
#define PV_REL 1e-10
#define PV_SUBNORMAL_ABS 1e-320

static int
pv_close(double got, double expected)
{
	if (isnan(got))
		return 0;
	if (expected < DBL_MIN)
		return fabs(got - expected) <= PV_SUBNORMAL_ABS;
	return fabs(got - expected) <= PV_REL * expected;
}

typedef double (*pv_fn) (const pv_ref *r);

static double
call_chi2(const pv_ref *r)
{
	return kld_chi2_sf(r->a, r->b);
}

static double
call_ncx2(const pv_ref *r)
{
	return kld_ncx2_sf(r->a, r->b, r->c);
}

static double
call_kstwo(const pv_ref *r)
{
	return kld_kstwo_sf(r->a, r->b);
}

/*
 * One assertion per table (thousands of lines of "ok" would bury the rest),
 * with every failing row printed, and the worst relative error among
 * normal results.
 */
static void
check_table(const char *name, const pv_ref *refs, size_t n, pv_fn fn)
{
	size_t		failed = 0;
	double		worst = 0.0;

	for (size_t i = 0; i < n; i++)
	{
		double		got = fn(&refs[i]);

		if (!pv_close(got, refs[i].expected))
		{
			failed++;
			printf("#   %s(%.17g, %.17g, %.17g) = %.17g, expected %.17g\n",
				   name, refs[i].a, refs[i].b, refs[i].c, got, refs[i].expected);
		}
		else if (refs[i].expected >= DBL_MIN)
			worst = fmax(worst, fabs(got - refs[i].expected) / refs[i].expected);
	}
	printf("# %s: worst relative error %.3g over %zu references\n", name, worst, n);
	unit_ok(failed == 0, "%s agrees with its %zu references (%zu off)", name, n, failed);
}

static void
test_edges(void)
{
	unit_is_exact(kld_chi2_sf(0.0, 3.0), 1.0, "chi2_sf(0, 3) = 1");
	unit_is_exact(kld_chi2_sf(-1.0, 3.0), 1.0, "chi2_sf(-1, 3) = 1");
	unit_is_exact(kld_chi2_sf(INFINITY, 3.0), 0.0, "chi2_sf(+Inf, 3) = 0");
	unit_is_exact(kld_chi2_sf(INFINITY, 1e-300), 0.0, "chi2_sf(+Inf, 1e-300) = 0");
	unit_is_exact(kld_chi2_sf(1e-320, 1e7), 1.0, "chi2_sf(1e-320, 1e7) = 1");
	unit_is_exact(kld_chi2_sf(1e6, 1.0), 0.0, "chi2_sf(1e6, 1) underflows to 0");
	unit_ok(isnan(kld_chi2_sf(1.0, 0.0)), "chi2_sf(1, dof 0) is NaN");
	unit_ok(isnan(kld_chi2_sf(1.0, -2.0)), "chi2_sf(1, dof -2) is NaN");
	unit_ok(isnan(kld_chi2_sf(NAN, 2.0)), "chi2_sf(NaN, 2) is NaN");
	/* dof = 2: the tail is e^(-x/2) exactly */
	unit_is_close(kld_chi2_sf(1400.0, 2.0), exp(-700.0), PV_REL, 0.0, "chi2_sf(1400, 2) = e^-700");
	unit_is_close(kld_chi2_sf(3.0, 2.0), exp(-1.5), PV_REL, 0.0, "chi2_sf(3, 2) = e^-1.5");
	/* dof = 1: erfc(sqrt(x/2)) */
	unit_is_close(kld_chi2_sf(2.0, 1.0), erfc(1.0), PV_REL, 0.0, "chi2_sf(2, 1) = erfc(1)");

	unit_is_exact(kld_ncx2_sf(0.0, 2.0, 5.0), 1.0, "ncx2_sf(0, 2, 5) = 1");
	unit_is_exact(kld_ncx2_sf(INFINITY, 2.0, 5.0), 0.0, "ncx2_sf(+Inf, 2, 5) = 0");
	unit_ok(isnan(kld_ncx2_sf(1.0, 2.0, -1.0)), "ncx2_sf with nc < 0 is NaN");
	unit_ok(isnan(kld_ncx2_sf(1.0, 0.0, 1.0)), "ncx2_sf with dof 0 is NaN");
	unit_ok(isnan(kld_ncx2_sf(1.0, 2.0, NAN)), "ncx2_sf with nc NaN is NaN");
	unit_is_exact(kld_ncx2_sf(1e12, 1.0, 1e9), 0.0, "ncx2_sf(1e12, 1, 1e9) underflows to 0");
	unit_is_exact(kld_ncx2_sf(1.0, 1.0, 1e9), 1.0, "ncx2_sf(1, 1, 1e9) = 1");

	unit_is_exact(kld_kstwo_sf(0.0, 10.0), 1.0, "kstwo_sf(0, 10) = 1");
	unit_is_exact(kld_kstwo_sf(-0.5, 10.0), 1.0, "kstwo_sf(-0.5, 10) = 1");
	unit_is_exact(kld_kstwo_sf(1.0, 10.0), 0.0, "kstwo_sf(1, 10) = 0");
	unit_is_exact(kld_kstwo_sf(2.0, 10.0), 0.0, "kstwo_sf(2, 10) = 0");
	unit_is_exact(kld_kstwo_sf(0.04, 10.0), 1.0, "kstwo_sf(d <= 1/(2n)) = 1");
	unit_is_exact(kld_kstwo_sf(1e-13, 1e12), 1.0, "kstwo_sf(1e-13, 1e12) = 1");
	unit_ok(isnan(kld_kstwo_sf(0.5, 0.0)), "kstwo_sf with n = 0 is NaN");
	unit_ok(isnan(kld_kstwo_sf(NAN, 5.0)), "kstwo_sf(NaN, 5) is NaN");
	/* n = 1: D_1 = max(U, 1 - U), P[D_1 > d] = 2 (1 - d) for d >= 1/2 */
	unit_is_close(kld_kstwo_sf(0.75, 1.0), 0.5, 1e-15, 0.0, "kstwo_sf(0.75, 1) = 1/2");
	unit_is_close(kld_kstwo_sf(0.3, 1.0), 1.0, 0.0, 0.0, "kstwo_sf(0.3, 1) = 1");
	/* d >= 1 - 1/n: 2 (1 - d)^n */
	unit_is_close(kld_kstwo_sf(0.95, 5.0), 2.0 * pow(0.05, 5.0), PV_REL, 0.0,
				  "kstwo_sf(0.95, 5) = 2 * 0.05^5");
}

/* nc = 0 is the central distribution, bit for bit. */
static void
test_nc_zero(void)
{
	uint64_t	state = 7;
	int			same = 1;

	for (int i = 0; i < 2000 && same; i++)
	{
		double		dof = exp(20.0 * unit_rand_unit(&state) - 8.0);
		double		x = dof * exp(4.0 * unit_rand_unit(&state) - 2.0);
		double		a = kld_ncx2_sf(x, dof, 0.0);
		double		b = kld_chi2_sf(x, dof);

		if (!unit_same(a, b))
		{
			same = 0;
			printf("#   ncx2_sf(%.17g, %.17g, 0) = %.17g, chi2_sf = %.17g\n", x, dof, a, b);
		}
	}
	unit_ok(same, "ncx2_sf(x, dof, 0) == chi2_sf(x, dof) bit for bit on 2000 random pairs");
}

/*
 * sf falls in x (chi2, ncx2) and in d (kstwo), rises in nc; allowance for
 * the last bits: a step may go the wrong way by 1e-12 relative.
 */
static void
test_monotone(void)
{
	uint64_t	state = 11;
	int			ok_chi2 = 1,
				ok_ncx2_x = 1,
				ok_ncx2_nc = 1,
				ok_ks = 1;

	for (int i = 0; i < 300; i++)
	{
		double		dof = exp(14.0 * unit_rand_unit(&state) - 4.0);
		double		nc = exp(18.0 * unit_rand_unit(&state) - 6.0);
		double		sd = sqrt(2.0 * (dof + 2.0 * nc));
		double		x = fmax(0.0, dof + nc + sd * (20.0 * unit_rand_unit(&state) - 5.0));
		double		prev_c = 2.0,
					prev_n = 2.0,
					prev_nc = -1.0;

		for (int k = 0; k < 12; k++)
		{
			double		xk = x + k * sd * 0.3;
			double		c = kld_chi2_sf(xk, dof);
			double		v = kld_ncx2_sf(xk, dof, nc);
			double		w = kld_ncx2_sf(x, dof, nc * (1.0 + 0.2 * k));

			if (c > prev_c * (1.0 + 1e-12))
			{
				ok_chi2 = 0;
				printf("#   chi2_sf(%.17g, %.17g) = %.17g rises from %.17g\n", xk, dof, c, prev_c);
			}
			if (v > prev_n * (1.0 + 1e-12))
			{
				ok_ncx2_x = 0;
				printf("#   ncx2_sf(%.17g, %.17g, %.17g) = %.17g rises from %.17g\n", xk, dof, nc, v, prev_n);
			}
			if (w < prev_nc * (1.0 - 1e-12))
			{
				ok_ncx2_nc = 0;
				printf("#   ncx2_sf(%.17g, %.17g, nc %.17g) = %.17g falls from %.17g\n",
					   x, dof, nc * (1.0 + 0.2 * k), w, prev_nc);
			}
			prev_c = c;
			prev_n = v;
			prev_nc = w;
		}
	}
	for (int i = 0; i < 200; i++)
	{
		static const double ns[] = {1, 2, 7, 60, 140, 141, 1000, 1e5, 2e5, 1e6, 3e6, 1e9, 1e12};
		double		n = ns[unit_rand_u64(&state) % UNIT_LEN(ns)];
		double		step = (8.0 / 60.0) / sqrt(n) * (0.9 + 0.2 * unit_rand_unit(&state));
		double		prev = 2.0;

		/* d from 0 to about 8/sqrt(n), capped at 1 */
		for (int k = 0; k <= 60; k++)
		{
			double		d = fmin(1.0, k * step);
			double		p = kld_kstwo_sf(d, n);

			if (p > prev * (1.0 + 1e-9) || !(p >= 0.0 && p <= 1.0))
			{
				ok_ks = 0;
				printf("#   kstwo_sf(%.17g, %.17g) = %.17g after %.17g\n", d, n, p, prev);
			}
			prev = p;
		}
	}
	unit_ok(ok_chi2, "chi2_sf falls as x grows (300 random runs)");
	unit_ok(ok_ncx2_x, "ncx2_sf falls as x grows (300 random runs)");
	unit_ok(ok_ncx2_nc, "ncx2_sf rises as nc grows (300 random runs)");
	unit_ok(ok_ks, "kstwo_sf in [0, 1] and falling as d grows (200 random runs)");
}

/* Never NaN, always in [0, 1], on random and extreme valid arguments. */
static void
test_never_nan(void)
{
	static const double xs[] = {0.0, 0x1p-1074, 1e-300, 1e-10, 0.5, 1.0, 2.0, 10.0,
	1e3, 1e6, 1e9, 1e15, 1e300, DBL_MAX, INFINITY};
	static const double dofs[] = {0x1p-1074, 1e-300, 1e-8, 0.5, 1.0, 3.0, 1e3, 1e6, 1e7,
	1e12, 1e300, DBL_MAX};
	static const double ncs[] = {0.0, 0x1p-1074, 1e-300, 1e-8, 1.0, 1e3, 1e6};
	static const double ds[] = {-1.0, 0.0, 0x1p-1074, 1e-15, 1e-8, 1e-3, 0.01, 0.1, 0.3,
	0.5, 0.7, 0.99, 1.0 - 1e-15, 1.0, 2.0};
	static const double ns[] = {1, 2, 3, 140, 141, 1e5, 1e5 + 1, 1e6, 1e6 + 1, 1e9, 1e12, 1e15};
	uint64_t	state = 13;
	int			ok = 1;

	for (size_t i = 0; i < UNIT_LEN(xs); i++)
		for (size_t j = 0; j < UNIT_LEN(dofs); j++)
		{
			double		c = kld_chi2_sf(xs[i], dofs[j]);

			if (!(c >= 0.0 && c <= 1.0))
			{
				ok = 0;
				printf("#   chi2_sf(%.17g, %.17g) = %.17g\n", xs[i], dofs[j], c);
			}
			/* the noncentral sums cost sqrt(nc) steps: nc up to 1e6 here (1e9 in test_edges) */
			for (size_t k = 0; k < UNIT_LEN(ncs) && dofs[j] <= 1e7; k++)
			{
				double		v = kld_ncx2_sf(xs[i], dofs[j], ncs[k]);

				if (!(v >= 0.0 && v <= 1.0))
				{
					ok = 0;
					printf("#   ncx2_sf(%.17g, %.17g, %.17g) = %.17g\n", xs[i], dofs[j], ncs[k], v);
				}
			}
		}
	for (size_t i = 0; i < UNIT_LEN(ds); i++)
		for (size_t j = 0; j < UNIT_LEN(ns); j++)
		{
			double		p = kld_kstwo_sf(ds[i], ns[j]);

			if (!(p >= 0.0 && p <= 1.0))
			{
				ok = 0;
				printf("#   kstwo_sf(%.17g, %.17g) = %.17g\n", ds[i], ns[j], p);
			}
		}
	for (int i = 0; i < 3000; i++)
	{
		double		dof = exp(30.0 * unit_rand_unit(&state) - 15.0);
		double		nc = exp(28.0 * unit_rand_unit(&state) - 14.0);
		double		x = exp(50.0 * unit_rand_unit(&state) - 20.0);
		double		n = floor(exp(34.0 * unit_rand_unit(&state)));
		double		d = unit_rand_unit(&state) * (unit_rand_u64(&state) % 2 ? 1.0 : 4.0 / sqrt(n));
		double		c = kld_chi2_sf(x, dof);
		double		v = kld_ncx2_sf(x, fmin(dof, 1e7), nc);
		double		p = kld_kstwo_sf(d, n);

		if (!(c >= 0.0 && c <= 1.0) || !(v >= 0.0 && v <= 1.0) || !(p >= 0.0 && p <= 1.0))
		{
			ok = 0;
			printf("#   x %.17g dof %.17g nc %.17g: chi2 %.17g ncx2 %.17g; d %.17g n %.17g: kstwo %.17g\n",
				   x, dof, nc, c, v, d, n, p);
		}
	}
	unit_ok(ok, "chi2_sf, ncx2_sf and kstwo_sf are in [0, 1] (never NaN) on extreme and random arguments");
}

int
main(void)
{
	check_table("chi2_sf", pv_chi2_refs, UNIT_LEN(pv_chi2_refs), call_chi2);
	check_table("ncx2_sf", pv_ncx2_refs, UNIT_LEN(pv_ncx2_refs), call_ncx2);
	check_table("kstwo_sf", pv_kstwo_refs, UNIT_LEN(pv_kstwo_refs), call_kstwo);
	test_edges();
	test_nc_zero();
	test_monotone();
	test_never_nan();
	return unit_done();
}
