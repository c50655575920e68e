/*
 * test_normal.c: the closed-form KL divergence between two normals,
 *   KL = ln(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2,
 * its values, its invariances, its extremes and its faults.
 */
#include <float.h>

#include "unit.h"

#define R UNIT_REL
#define A UNIT_ABS

static const double ln2 = UNIT_LN2;

static void
test_values(void)
{
	double		d;

	unit_is_close(unit_normal(0, 1, 1, 1), 0.5, R, A, "kl_div_normal(0,1,1,1) = 1/2");
	unit_is_close(unit_normal(0, 1, 0, 2), ln2 + 1.0 / 8 - 0.5, R, A,
				  "kl_div_normal(0,1,0,2) = ln 2 + 1/8 - 1/2");
	unit_is_close(unit_normal(0, 2, 0, 1), -ln2 + 2.0 - 0.5, R, A,
				  "kl_div_normal(0,2,0,1) = -ln 2 + 4/2 - 1/2");
	unit_is_close(unit_normal(0, 10, 0, 1), 49.5 - UNIT_LN10, R, A,
				  "kl_div_normal(0,10,0,1) = 49.5 - ln 10");
	unit_is_close(unit_normal(0, 1, 0, 10), UNIT_LN10 + 1.0 / 200 - 0.5, R, A,
				  "kl_div_normal(0,1,0,10) = ln 10 + 1/200 - 1/2");
	unit_is_close(unit_normal(1, 1, 4, 2), ln2 + (1.0 + 9.0) / 8 - 0.5, R, A,
				  "kl_div_normal(1,1,4,2) = ln 2 + 10/8 - 1/2");
	unit_is_close(unit_normal(-3, 3, 1, 1), -log(3.0) + (9.0 + 16.0) / 2 - 0.5, R, A,
				  "kl_div_normal(-3,3,1,1) = -ln 3 + 25/2 - 1/2");
	unit_is_exact(unit_normal(2.5, 0.3, 2.5, 0.3), 0.0, "kl_div_normal of identical normals = 0");
	unit_is_close(unit_normal(5, 1, 6, 1), unit_normal(0, 1, 1, 1), R, A,
				  "kl_div_normal is invariant under a shift of both means");
	unit_is_close(unit_normal(0, 3, 0, 6), ln2 + 1.0 / 8 - 0.5, R, A,
				  "kl_div_normal is invariant under scaling (0,3,0,6)");
	unit_is_close(unit_normal(0, 1e300, 0, 2e300), ln2 + 1.0 / 8 - 0.5, R, A,
				  "kl_div_normal(0,1e300,0,2e300) = ln 2 + 1/8 - 1/2 (no overflow)");
	unit_is_close(unit_normal(0, 1e-300, 0, 2e-300), ln2 + 1.0 / 8 - 0.5, R, A,
				  "kl_div_normal(0,1e-300,0,2e-300) = ln 2 + 1/8 - 1/2 (no underflow)");
	unit_is_close(unit_normal(1e-300, 1e-300, 0, 1e-300), 0.5, R, A,
				  "kl_div_normal(1e-300,1e-300,0,1e-300) = 1/2");

	/* Means whose difference overflows: (m1 - m2)/s2 = 1 - (-1) = 2, so KL = 2. */
	unit_is_close(unit_normal(1e308, 1e308, -1e308, 1e308), 2.0, R, A,
				  "kl_div_normal(1e308,1e308,-1e308,1e308) = 2 (m1 - m2 overflows)");
	/* sigma ratio 1e-400 underflows: ln(s2/s1) - 1/2 = 400 ln 10 - 1/2 */
	unit_is_close(unit_normal(0, 1e-200, 0, 1e200), 400 * UNIT_LN10 - 0.5, R, A,
				  "kl_div_normal(0,1e-200,0,1e200) = 400 ln 10 - 1/2");
	unit_is_exact(unit_normal(0, 1e200, 0, 1e-200), INFINITY,
				  "kl_div_normal(0,1e200,0,1e-200) = +Infinity (s1^2/s2^2 = 1e800)");
	unit_is_exact(unit_normal(1e308, 1, -1e308, 1e-10), INFINITY,
				  "kl_div_normal with (m1-m2)^2/s2^2 beyond DBL_MAX = +Infinity");

	/*
	 * sigma ratio r = 1 + d near 1: r^2 - 1 - 2 ln r = 2d^2 - 2d^3/3 + d^4/2
	 * - ..., so KL = d^2 - d^3/3 + d^4/4 (d -> -d for r = 1 - d). The spec's
	 * tolerance has an absolute part of 1e-15, which these values are below.
	 */
	d = (1.0 + 1e-10) - 1.0;	/* exact in binary */
	unit_is_close(unit_normal(0, 1.0 + 1e-10, 0, 1), d * d * (1 - d / 3 + d * d / 4), R, A,
				  "kl_div_normal(0,1+1e-10,0,1) = d^2 - d^3/3 + d^4/4");
	d = 0x1p-20;
	unit_is_close(unit_normal(0, 1 - d, 0, 1), d * d * (1 + d / 3 + d * d / 4), R, A,
				  "kl_div_normal(0,1-2^-20,0,1) = d^2 + d^3/3 + d^4/4");
	unit_ok(unit_normal(0, 1, 0, nextafter(1.0, 2.0)) >= 0,
			"kl_div_normal with sigmas one ulp apart is >= 0");
	unit_ok(unit_normal(0, nextafter(1.0, 2.0), 0, 1) >= 0,
			"kl_div_normal with sigmas one ulp apart (reversed) is >= 0");
	unit_ok(isfinite(unit_normal(0, 0x1p-1074, 0, DBL_MAX)),
			"kl_div_normal(0, 5e-324, 0, DBL_MAX) is finite");
}

static void
test_faults(void)
{
	struct
	{
		double		mu1,
					sigma1,
					mu2,
					sigma2;
		kld_status	status;
		kld_arg		arg;
		double		value;
		const char *what;
	}			cases[] = {
		{NAN, 1, 0, 1, KLD_BAD_MEAN, KLD_ARG_MU1, NAN, "mu1 NaN"},
		{INFINITY, 1, 0, 1, KLD_BAD_MEAN, KLD_ARG_MU1, INFINITY, "mu1 +Infinity"},
		{-INFINITY, 1, 0, 1, KLD_BAD_MEAN, KLD_ARG_MU1, -INFINITY, "mu1 -Infinity"},
		{0, 0, 0, 1, KLD_BAD_SIGMA, KLD_ARG_SIGMA1, 0, "sigma1 0"},
		{0, -1, 0, 1, KLD_BAD_SIGMA, KLD_ARG_SIGMA1, -1, "sigma1 -1"},
		{0, NAN, 0, 1, KLD_BAD_SIGMA, KLD_ARG_SIGMA1, NAN, "sigma1 NaN"},
		{0, INFINITY, 0, 1, KLD_BAD_SIGMA, KLD_ARG_SIGMA1, INFINITY, "sigma1 +Infinity"},
		{0, 1, NAN, 1, KLD_BAD_MEAN, KLD_ARG_MU2, NAN, "mu2 NaN"},
		{0, 1, INFINITY, 1, KLD_BAD_MEAN, KLD_ARG_MU2, INFINITY, "mu2 +Infinity"},
		{0, 1, -INFINITY, 1, KLD_BAD_MEAN, KLD_ARG_MU2, -INFINITY, "mu2 -Infinity"},
		{0, 1, 0, 0, KLD_BAD_SIGMA, KLD_ARG_SIGMA2, 0, "sigma2 0"},
		{0, 1, 0, -1, KLD_BAD_SIGMA, KLD_ARG_SIGMA2, -1, "sigma2 -1"},
		{0, 1, 0, NAN, KLD_BAD_SIGMA, KLD_ARG_SIGMA2, NAN, "sigma2 NaN"},
		{0, 1, 0, INFINITY, KLD_BAD_SIGMA, KLD_ARG_SIGMA2, INFINITY, "sigma2 +Infinity"},
		{0, 1, 0, -INFINITY, KLD_BAD_SIGMA, KLD_ARG_SIGMA2, -INFINITY, "sigma2 -Infinity"},
		{0, -0.0, 0, 1, KLD_BAD_SIGMA, KLD_ARG_SIGMA1, -0.0, "sigma1 -0"},
		/* Arguments are checked in order mu1, sigma1, mu2, sigma2. */
		{NAN, -1, NAN, -1, KLD_BAD_MEAN, KLD_ARG_MU1, NAN, "all bad: mu1 reported"},
		{0, -1, NAN, -1, KLD_BAD_SIGMA, KLD_ARG_SIGMA1, -1, "sigma1, mu2, sigma2 bad: sigma1 reported"},
		{0, 1, NAN, 0, KLD_BAD_MEAN, KLD_ARG_MU2, NAN, "mu2, sigma2 bad: mu2 reported"},
	};

	for (size_t i = 0; i < UNIT_LEN(cases); i++)
	{
		kld_fault	fault = unit_dirty_fault();
		double		result = 12345.0;
		kld_status	status = kld_kl_div_normal(cases[i].mu1, cases[i].sigma1,
											   cases[i].mu2, cases[i].sigma2,
											   &result, &fault);

		unit_is_fault(status, &fault, cases[i].status, cases[i].arg, 0, cases[i].value,
					  "kl_div_normal fault: %s", cases[i].what);
	}
}

int
main(void)
{
	test_values();
	test_faults();
	return unit_done();
}
