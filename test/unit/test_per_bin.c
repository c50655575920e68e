/*
 * test_per_bin.c: the per-bin views: kl_div_terms and psi_terms (their sums
 * are kl_div and psi, their special cases, smoothing, bases, tiny weights,
 * nearly equal bins), compare_histograms' rows and bar lengths, and
 * sparkline levels; and their faults.
 */
#include <float.h>

#include "core/compensated_sum.h"
#include "unit.h"

#define R UNIT_REL
#define A UNIT_ABS

typedef kld_status (*terms_fn) (const double *p, const double *q, size_t np, size_t nq,
								const kld_options *opt, double *terms, kld_fault *fault);

/* The terms of fn, or NaNs (with a diagnostic) if the call fails. */
static void
terms_of(terms_fn fn, const double *p, const double *q, size_t n, double base,
		 double epsilon, double *terms)
{
	kld_options opt = {isnan(base) ? NULL : &base, epsilon, NULL};
	kld_fault	fault = unit_dirty_fault();
	kld_status	status = fn(p, q, n, n, &opt, terms, &fault);

	if (status != KLD_OK)
	{
		printf("# unexpected status %s\n", kld_status_name(status));
		for (size_t i = 0; i < n; i++)
			terms[i] = NAN;
	}
}

/* Compensated sum, and the sum of magnitudes that bounds its rounding. */
static double
sum_of(const double *x, size_t n, double *magnitude)
{
	kld_sum		acc = {0.0, 0.0};

	*magnitude = 0.0;
	for (size_t i = 0; i < n; i++)
	{
		kld_sum_add(&acc, x[i]);
		*magnitude += fabs(x[i]);
	}
	return kld_sum_value(&acc);
}

/*
 * sum of terms == whole within rounding: relative to the terms' magnitudes,
 * plus 1e-15 absolute. The terms p ln(p/q) sum to KL only because the
 * probabilities sum to 1, and rounded to doubles they do so within a few
 * 1e-16 (kl_div's terms p ln(p/q) - p + q carry that difference).
 */
static void
check_sum(const double *terms, size_t n, double whole, const char *what)
{
	double		magnitude;
	double		total = sum_of(terms, n, &magnitude);

	if (isinf(whole))
		unit_is_exact(total, whole, "%s: terms sum to Infinity", what);
	else
		unit_is_close(total, whole, 0.0, 1e-14 * magnitude + 1e-15,
					  "%s: terms sum to the whole", what);
}

static void
test_sums_random(void)
{
	static const size_t lengths[] = {1, 2, 7, 100, 1000, 20000};
	static const double scales[] = {1.0, 1e-310, 1e300, 1e6};
	static const double epsilons[] = {0.0, 1e-9, 0.01, 3.0};
	uint64_t	seed = 42;
	double	   *p = unit_alloc(20000),
			   *q = unit_alloc(20000),
			   *t = unit_alloc(20000);

	for (size_t li = 0; li < UNIT_LEN(lengths); li++)
		for (size_t si = 0; si < UNIT_LEN(scales); si++)
			for (size_t ei = 0; ei < UNIT_LEN(epsilons); ei++)
			{
				size_t		n = lengths[li];
				double		eps = epsilons[ei];
				char		what[128];

				unit_rand_weights(p, n, &seed, scales[si], 10);
				unit_rand_weights(q, n, &seed, scales[si] * 3.0, ei == 0 ? 0 : 10);
				snprintf(what, sizeof what, "n %zu, scale %g, epsilon %g", n, scales[si], eps);

				terms_of(kld_kl_div_terms, p, q, n, UNIT_NATS, eps, t);
				check_sum(t, n, unit_call_opt(kld_kl_div, p, q, n, UNIT_NATS, eps), what);
				terms_of(kld_kl_div_terms, p, q, n, 2.0, eps, t);
				check_sum(t, n, unit_call_opt(kld_kl_div, p, q, n, 2.0, eps), what);
				terms_of(kld_psi_terms, p, q, n, UNIT_NATS, eps, t);
				check_sum(t, n, unit_call_opt(kld_psi, p, q, n, UNIT_NATS, eps), what);
			}
	free(p);
	free(q);
	free(t);
}

static void
test_known_terms(void)
{
	/* p = [1/6, 1/3, 1/2, 0], q = [3/7, 2/7, 1/7, 1/7] */
	double		p[] = {1, 2, 3, 0},
				q[] = {3, 2, 1, 1},
				t[4];

	terms_of(kld_kl_div_terms, p, q, 4, UNIT_NATS, 0.0, t);
	unit_is_close(t[0], (1.0 / 6) * log((1.0 / 6) / (3.0 / 7)), R, A, "kl term 1: p ln(p/q)");
	unit_ok(t[0] < 0.0, "kl term 1 is negative (p < q)");
	unit_is_close(t[1], (1.0 / 3) * log((1.0 / 3) / (2.0 / 7)), R, A, "kl term 2");
	unit_is_close(t[2], 0.5 * log(0.5 / (1.0 / 7)), R, A, "kl term 3");
	unit_is_exact(t[3], 0.0, "kl term 4: 0 where p = 0");

	terms_of(kld_kl_div_terms, p, q, 4, 10.0, 0.0, t);
	unit_is_close(t[2], 0.5 * log(0.5 / (1.0 / 7)) / log(10.0), R, A, "kl term 3 in base 10");

	terms_of(kld_psi_terms, p, q, 4, UNIT_NATS, 0.0, t);
	unit_is_close(t[0], (1.0 / 6 - 3.0 / 7) * log((1.0 / 6) / (3.0 / 7)), R, A,
				  "psi term 1: (p - q) ln(p/q)");
	unit_is_exact(t[3], INFINITY, "psi term 4: Infinity where only p is 0");
}

static void
test_zero_bins(void)
{
	double		p[] = {1, 1, 0, 2},
				q[] = {1, 0, 0, 3},
				t[4];

	terms_of(kld_kl_div_terms, p, q, 4, UNIT_NATS, 0.0, t);
	unit_is_exact(t[1], INFINITY, "kl term: Infinity where q = 0 < p");
	unit_is_exact(t[2], 0.0, "kl term: 0 where p = q = 0");
	terms_of(kld_kl_div_terms, p, q, 4, 0.5, 0.0, t);
	unit_is_exact(t[1], -INFINITY, "kl term: -Infinity in a base below 1, as kl_div");
	unit_ok(!signbit(t[2]), "kl term: +0, not -0, in a base below 1");
	terms_of(kld_psi_terms, p, q, 4, UNIT_NATS, 0.0, t);
	unit_is_exact(t[1], INFINITY, "psi term: Infinity where q = 0 < p");
	unit_is_exact(t[2], 0.0, "psi term: 0 where p = q = 0");

	/* Smoothing, exactly as kl_div's: both sides get mass everywhere. */
	terms_of(kld_kl_div_terms, p, q, 4, UNIT_NATS, 0.1, t);
	{
		double		ps = (1.0 / 4 + 0.1) / 1.4,
					qs = (0.0 + 0.1) / 1.4;

		unit_is_close(t[1], ps * log(ps / qs), R, A, "smoothed kl term where q had no mass");
		unit_is_exact(t[2], 0.0, "smoothed kl term where both had no mass (p = q)");
	}
	check_sum(t, 4, unit_call_opt(kld_kl_div, p, q, 4, UNIT_NATS, 0.1), "smoothed zeros");
}

/* Tiny, subnormal and underflowing probabilities keep their terms. */
static void
test_tiny_weights(void)
{
	double		p[] = {1, 2, 3, 4},
				q[] = {4, 3, 2, 1},
				ps[4],
				qs[4],
				t[4],
				ts[4];

	for (int i = 0; i < 4; i++)
	{
		ps[i] = p[i] * 0x1p-1070;		/* subnormal weights */
		qs[i] = q[i] * 0x1p-1070;
	}
	terms_of(kld_kl_div_terms, p, q, 4, UNIT_NATS, 0.0, t);
	terms_of(kld_kl_div_terms, ps, qs, 4, UNIT_NATS, 0.0, ts);
	for (int i = 0; i < 4; i++)
		unit_is_close(ts[i], t[i], R, A, "subnormal weights: kl term %d as for counts", i);

	/* One bin 1e-320 of the total: its probability underflows, q's does not. */
	{
		double		pu[] = {1e300, 1e-20},
					qu[] = {1e300, 1e300},
					tu[2];

		terms_of(kld_kl_div_terms, pu, qu, 2, UNIT_NATS, 0.0, tu);
		unit_is_close(tu[0], log(2.0), 1e-15, A, "underflowed bin: the big bin's term ln 2");
		unit_ok(tu[1] <= 0.0 && tu[1] > -1e-300, "underflowed bin: a term of at most -1e-300");
		terms_of(kld_kl_div_terms, qu, pu, 2, UNIT_NATS, 0.0, tu);
		unit_ok(isfinite(tu[1]) && tu[1] > 0.0,
				"q underflowed but has mass: finite positive term (%g), not Infinity", tu[1]);
		unit_is_close(tu[1], 0.5 * (log(0.5) - (log(1e-20) - log(1e300))), 1e-14, A,
					  "q underflowed: 0.5 ln(0.5 / q) from the raw weights");
	}
}

/*
 * Nearly equal bins: full relative accuracy of p ln(p/q) for the double
 * shares p and q (against long double), where ln(p/q) ~ (p - q) / q.
 */
static void
test_near_equal(void)
{
	double		p[3],
				q[3],
				t[3];

	for (int k = 4; k <= 14; k += 5)
	{
		double		delta = pow(10.0, -k);
		double		ptot,
					qtot;

		p[0] = 1.0 + delta;
		p[1] = 2.0;
		p[2] = 3.0 - delta;
		q[0] = 1.0;
		q[1] = 2.0;
		q[2] = 3.0;
		/* correctly rounded totals, as the core's compensated sums give */
		ptot = (double) ((long double) p[0] + p[1] + p[2]);
		qtot = (double) ((long double) q[0] + q[1] + q[2]);
		terms_of(kld_kl_div_terms, p, q, 3, UNIT_NATS, 0.0, t);
		for (int i = 0; i < 3; i += 2)
		{
			long double pi = p[i] / ptot,
						qi = q[i] / qtot;
			long double expected = pi * log1pl((pi - qi) / qi);

			unit_is_close(t[i], (double) expected, R, 0.0,
						  "p = q (1 + 1e-%d): kl term %d to 12 digits", k, i);
		}
	}
}

static void
test_term_faults(void)
{
	double		p[] = {1, 2, 3},
				q[] = {1, -2, 3},
				t[3];
	double		base = 1.0;
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_options bad_base = {&base, 0.0, NULL};
	kld_options bad_eps = {NULL, -1.0, NULL};
	kld_fault	f = unit_dirty_fault();
	kld_status	st;

	st = kld_kl_div_terms(p, q, 3, 3, &opt, t, &f);
	unit_is_fault(st, &f, KLD_NEGATIVE, KLD_ARG_Q, 1, -2.0, "kl_div_terms: q[1] negative");
	st = kld_psi_terms(p, q, 3, 2, &opt, t, &f);
	unit_is_fault(st, &f, KLD_LENGTH_MISMATCH, KLD_ARG_Q, 0, 0.0, "psi_terms: lengths");
	st = kld_kl_div_terms(p, p, 0, 3, &opt, t, &f);
	unit_is_fault(st, &f, KLD_EMPTY, KLD_ARG_P, 0, 0.0, "kl_div_terms: empty p");
	st = kld_kl_div_terms(p, p, 3, 3, &bad_base, t, &f);
	unit_is_fault(st, &f, KLD_BAD_BASE, KLD_ARG_BASE, 0, 1.0, "kl_div_terms: base 1");
	st = kld_psi_terms(p, p, 3, 3, &bad_eps, t, &f);
	unit_is_fault(st, &f, KLD_BAD_EPSILON, KLD_ARG_EPSILON, 0, -1.0, "psi_terms: epsilon -1");
	{
		double		zero[] = {0, 0, 0};

		st = kld_psi_terms(p, zero, 3, 3, &opt, t, &f);
		unit_is_fault(st, &f, KLD_ALL_ZERO, KLD_ARG_Q, 0, 0.0, "psi_terms: q all zero");
	}
}

static kld_status
compare(const double *p, const double *q, size_t n, double eps, kld_bin_comparison *rows)
{
	kld_fault	f = unit_dirty_fault();

	return kld_compare_bins(p, q, n, n, eps, rows, &f);
}

static void
test_compare(void)
{
	/* shares p = [0.5, 0.18, 0.32], q = [0.1, 0.3, 0.6]: moves 0.4, -0.12, -0.28 */
	double		p[] = {50, 18, 32},
				q[] = {1, 3, 6},
				kl[3],
				psi[3];
	kld_bin_comparison rows[3];

	unit_is_status(compare(p, q, 3, 0.0, rows), KLD_OK, "compare_bins: ok");
	unit_is_close(rows[0].p_share, 0.5, R, A, "p_share normalized");
	unit_is_close(rows[2].q_share, 0.6, R, A, "q_share normalized");
	unit_ok(rows[0].bar == KLD_BAR_WIDTH, "largest move p above q: full right bar (%d)", rows[0].bar);
	unit_ok(rows[1].bar == -3, "move -0.12 of 0.4: 3 blocks left (%d)", rows[1].bar);
	unit_ok(rows[2].bar == -7, "move -0.28 of 0.4: 7 blocks left (%d)", rows[2].bar);

	terms_of(kld_kl_div_terms, p, q, 3, UNIT_NATS, 0.0, kl);
	terms_of(kld_psi_terms, p, q, 3, UNIT_NATS, 0.0, psi);
	for (int i = 0; i < 3; i++)
	{
		unit_is_exact(rows[i].kl_div_term, kl[i], "row %d: kl_div_term as kl_div_terms", i);
		unit_is_exact(rows[i].psi_term, psi[i], "row %d: psi_term as psi_terms", i);
	}

	/* Smoothing changes the terms, not the shares. */
	{
		double		pz[] = {1, 0},
					qz[] = {0, 1};
		kld_bin_comparison zrows[2];

		compare(pz, qz, 2, 0.5, zrows);
		terms_of(kld_kl_div_terms, pz, qz, 2, UNIT_NATS, 0.5, kl);
		unit_is_exact(zrows[0].p_share, 1.0, "smoothed compare: p_share unsmoothed");
		unit_is_exact(zrows[1].p_share, 0.0, "smoothed compare: zero share stays 0");
		unit_is_exact(zrows[1].kl_div_term, kl[1], "smoothed compare: term smoothed");
		unit_ok(isfinite(zrows[0].kl_div_term), "smoothed compare: finite term");
		unit_ok(zrows[0].bar == KLD_BAR_WIDTH && zrows[1].bar == -KLD_BAR_WIDTH,
				"disjoint: full bars both ways (%d, %d)", zrows[0].bar, zrows[1].bar);
	}

	/* Proportional histograms: equal shares, no bar at all. */
	{
		double		a[] = {1, 2, 3},
					b[] = {3, 6, 9};

		compare(a, b, 3, 0.0, rows);
		unit_ok(rows[0].bar == 0 && rows[1].bar == 0 && rows[2].bar == 0,
				"proportional histograms: empty bars");
	}

	{
		double		neg[] = {1, -1, 1};
		kld_fault	f = unit_dirty_fault();
		kld_status	st = kld_compare_bins(p, neg, 3, 3, 0.0, rows, &f);

		unit_is_fault(st, &f, KLD_NEGATIVE, KLD_ARG_Q, 1, -1.0, "compare_bins: q[1] negative");
		st = kld_compare_bins(p, q, 3, 2, 0.0, rows, &f);
		unit_is_fault(st, &f, KLD_LENGTH_MISMATCH, KLD_ARG_Q, 0, 0.0, "compare_bins: lengths");
		st = kld_compare_bins(p, q, 3, 3, NAN, rows, &f);
		unit_is_fault(st, &f, KLD_BAD_EPSILON, KLD_ARG_EPSILON, 0, NAN, "compare_bins: NaN epsilon");
	}
}

static int
levels_equal(const int *got, const int *expected, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (got[i] != expected[i])
		{
			printf("#   level %zu: got %d, expected %d\n", i, got[i], expected[i]);
			return 0;
		}
	return 1;
}

static void
test_sparkline(void)
{
	kld_fault	f = unit_dirty_fault();
	int			levels[10];

	{
		double		h[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
		int			expected[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};

		unit_is_status(kld_sparkline_levels(h, 9, levels, &f), KLD_OK, "sparkline: ok");
		unit_ok(levels_equal(levels, expected, 9), "w = k max / 8 is level k exactly");
	}
	{
		double		h[] = {1.001, 7.999, 8.001, 16, 0.5};
		int			expected[] = {1, 4, 5, 8, 1};

		kld_sparkline_levels(h, 5, levels, &f);
		unit_ok(levels_equal(levels, expected, 5), "levels round up: ceil(8 w / max)");
	}
	{
		double		h[] = {1e-300, 1e300, 0x1p-1074};
		int			expected[] = {1, 8, 1};

		kld_sparkline_levels(h, 3, levels, &f);
		unit_ok(levels_equal(levels, expected, 3),
				"a positive bin whose ratio underflows is level 1, never blank");
	}
	{
		double		h[] = {0, -0.0, 0};
		int			expected[] = {0, 0, 0};

		unit_is_status(kld_sparkline_levels(h, 3, levels, &f), KLD_OK, "all-zero: ok");
		unit_ok(levels_equal(levels, expected, 3), "all-zero: all level 0");
		unit_is_status(kld_sparkline_levels(h, 0, levels, &f), KLD_OK, "empty: ok");
	}
	{
		double		h[] = {1, 2, NAN, -1};
		double		inf[] = {1, INFINITY};
		kld_status	st = kld_sparkline_levels(h, 4, levels, &f);

		unit_is_fault(st, &f, KLD_NOT_A_NUMBER, KLD_ARG_H, 2, NAN, "sparkline: NaN at 2");
		st = kld_sparkline_levels(h + 3, 1, levels, &f);
		unit_is_fault(st, &f, KLD_NEGATIVE, KLD_ARG_H, 0, -1.0, "sparkline: negative");
		st = kld_sparkline_levels(inf, 2, levels, &f);
		unit_is_fault(st, &f, KLD_INFINITE, KLD_ARG_H, 1, INFINITY, "sparkline: Infinity");
	}
}

int
main(void)
{
	test_sums_random();
	test_known_terms();
	test_zero_bins();
	test_tiny_weights();
	test_near_equal();
	test_term_faults();
	test_compare();
	test_sparkline();
	return unit_done();
}
