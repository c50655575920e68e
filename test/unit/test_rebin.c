/*
 * test_rebin.c: rebin onto the same edges (bit for bit), finer, coarser and
 * shifted edges; the underflow and overflow as point masses; zero-width
 * bins old and new; mass preservation on random edges; compensated sums;
 * edges near the ends of the double range; and every fault.
 */
#include <float.h>

#include "unit.h"

#define MAX_OUT 64

/* rebin into out (nnew + 1 doubles); NaNs with a diagnostic on failure. */
static void
rebin(const double *h, size_t nh, const double *edges, size_t nedges,
	  const double *new_edges, size_t nnew, double *out)
{
	kld_fault	f = unit_dirty_fault();
	kld_status	st = kld_rebin(h, nh, edges, nedges, new_edges, nnew, out, &f);

	if (st != KLD_OK)
	{
		printf("# unexpected status %s (arg %d, index %zu)\n",
			   kld_status_name(st), (int) f.arg, f.index);
		for (size_t i = 0; i <= nnew; i++)
			out[i] = NAN;
	}
}

static int
arrays_equal(const double *got, const double *expected, size_t n, double rel)
{
	int			same = 1;

	for (size_t i = 0; i < n; i++)
		if (!unit_close_enough(got[i], expected[i], rel, rel > 0.0 ? 1e-300 : 0.0))
		{
			printf("#   element %zu: got %.17g, expected %.17g\n", i, got[i], expected[i]);
			same = 0;
		}
	return same;
}

#define CHECK_REBIN(h, edges, new_edges, expected, what) \
	do { \
		double		out_[MAX_OUT]; \
		rebin(h, UNIT_LEN(h), edges, UNIT_LEN(edges), new_edges, UNIT_LEN(new_edges), out_); \
		unit_ok(arrays_equal(out_, expected, UNIT_LEN(expected), 1e-15), "%s", what); \
	} while (0)

static void
test_known(void)
{
	double		h[] = {1, 10, 20, 30, 2};
	double		edges[] = {0, 1, 2, 3};

	{
		double		finer[] = {0, 0.5, 1, 2, 3};
		double		expected[] = {1, 5, 5, 20, 30, 2};

		CHECK_REBIN(h, edges, finer, expected, "splitting [0, 1) in halves");
	}
	{
		double		coarser[] = {0, 3};
		double		expected[] = {1, 60, 2};

		CHECK_REBIN(h, edges, coarser, expected, "merging three bins");
	}
	{
		double		coarser[] = {0, 2, 3};
		double		expected[] = {1, 30, 30, 2};

		CHECK_REBIN(h, edges, coarser, expected, "merging two of three bins");
	}
	{
		double		uneven[] = {0.25, 2.5};
		/* underflow 1 + 10/4; [0.25, 2.5): 7.5 + 20 + 15; overflow 15 + 2 */
		double		expected[] = {3.5, 42.5, 17};

		CHECK_REBIN(h, edges, uneven, expected, "uneven overlaps");
	}
}

static void
test_under_overflow(void)
{
	double		h[] = {7, 10, 20, 9};
	double		edges[] = {0, 1, 2};

	{
		double		shifted[] = {0.5, 1.5};
		double		expected[] = {12, 15, 19};

		CHECK_REBIN(h, edges, shifted, expected, "shifted edges: under/overflow mass kept");
	}
	{
		double		below[] = {-5, -4};
		double		expected[] = {0, 0, 46};

		CHECK_REBIN(h, edges, below, expected, "new edges below everything: all in overflow");
	}
	{
		double		above[] = {10, 11};
		double		expected[] = {46, 0, 0};

		CHECK_REBIN(h, edges, above, expected, "new edges above everything: all in underflow");
	}
	{
		double		at_last[] = {2, 3};
		double		expected[] = {37, 9, 0};

		CHECK_REBIN(h, edges, at_last, expected, "the overflow is a point at the last edge");
	}
	{
		double		at_first[] = {-1, 0};
		double		expected[] = {0, 7, 39};

		CHECK_REBIN(h, edges, at_first, expected,
					"the underflow is a point just below the first edge");
	}
}

static void
test_zero_width(void)
{
	double		h[] = {0, 4, 6, 8, 0};
	double		edges[] = {0, 1, 1, 2};	/* bin 2 is [1, 1) */

	{
		double		wide[] = {0, 2};
		double		expected[] = {0, 18, 0};

		CHECK_REBIN(h, edges, wide, expected, "zero-width bin inside a new bin");
	}
	{
		double		at[] = {0, 1, 2};
		double		expected[] = {0, 4, 14, 0};

		CHECK_REBIN(h, edges, at, expected, "zero-width bin goes where histogram puts its edge");
	}
	{
		double		same[] = {0, 1, 1, 2};

		CHECK_REBIN(h, edges, same, h, "zero-width bin onto the same edges");
	}
	{
		double		two[] = {0, 1, 1, 1, 2};
		double		expected[] = {0, 4, 6, 0, 8, 0};

		CHECK_REBIN(h, edges, two, expected, "zero-width bin onto the first of two");
	}
	{
		double		h3[] = {0, 4, 6, 5, 8, 0};
		double		e3[] = {0, 1, 1, 1, 2};
		double		one[] = {0, 1, 1, 2};
		double		expected[] = {0, 4, 11, 8, 0};

		CHECK_REBIN(h3, e3, one, expected, "two zero-width bins onto one: the last takes both");
	}
	{
		double		h2[] = {0, 10, 0};
		double		e2[] = {0, 2};
		double		inner[] = {0, 1, 1, 2};
		double		expected[] = {0, 5, 0, 5, 0};

		CHECK_REBIN(h2, e2, inner, expected, "a new zero-width bin inside an old bin gets nothing");
	}
	{
		double		h1[] = {3, 5};
		double		e1[] = {1};
		double		onto[] = {0, 1, 1, 2};
		double		expected[] = {0, 3, 0, 5, 0};

		CHECK_REBIN(h1, e1, onto, expected, "one edge: underflow and overflow only");
	}
}

static void
test_extreme_edges(void)
{
	double		h[] = {0, 10, 0};
	double		edges[] = {-1e308, 1e308};
	double		halves[] = {-1e308, 0, 1e308};
	double		expected[] = {0, 5, 5, 0};

	CHECK_REBIN(h, edges, halves, expected, "edges whose span overflows");
}

/* Random ascending edges with some ties, over several magnitudes. */
static void
random_edges(double *e, size_t n, uint64_t *seed)
{
	double		x = -100.0 * unit_rand_unit(seed);

	for (size_t i = 0; i < n; i++)
	{
		if (i > 0 && unit_rand_u64(seed) % 10 == 0)
			e[i] = e[i - 1];
		else
			e[i] = x;
		x += pow(10.0, 3.0 * unit_rand_unit(seed) - 2.0);
	}
}

static void
test_random(void)
{
	uint64_t	seed = 7;
	int			identical = 1,
				preserved = 1,
				non_negative = 1;

	for (int trial = 0; trial < 500; trial++)
	{
		size_t		m = 1 + unit_rand_u64(&seed) % 40,
					k = 1 + unit_rand_u64(&seed) % 40;
		double		edges[41],
					new_edges[41],
					h[42],
					out[42];
		long double total = 0.0L,
					new_total = 0.0L;

		random_edges(edges, m, &seed);
		random_edges(new_edges, k, &seed);
		unit_rand_weights(h, m + 1, &seed, 1000.0, 20);
		for (size_t i = 0; i <= m; i++)
			total += h[i];

		rebin(h, m + 1, edges, m, edges, m, out);
		if (memcmp(out, h, (m + 1) * sizeof(double)) != 0)
			identical = 0;

		rebin(h, m + 1, edges, m, new_edges, k, out);
		for (size_t i = 0; i <= k; i++)
		{
			new_total += out[i];
			if (!(out[i] >= 0.0))
				non_negative = 0;
		}
		if (fabsl(new_total - total) > 1e-14L * total)
		{
			printf("#   trial %d: total %.17Lg became %.17Lg\n", trial, total, new_total);
			preserved = 0;
		}
	}
	unit_ok(identical, "500 random histograms: the same edges give the same bits");
	unit_ok(preserved, "500 random rebinnings: total mass preserved to 1e-14");
	unit_ok(non_negative, "500 random rebinnings: no negative bin");
}

/*
 * 100000 bins of 0.1 into one: exactly 100000 * 0.1000000000000000055...,
 * which rounds to 10000; a plain running sum drifts to 10000.000000018848.
 */
static void
test_compensated(void)
{
	size_t		m = 100001;
	double	   *edges = unit_alloc(m),
			   *h = unit_alloc(m + 1),
				one[] = {0, 100001},
				out[3];
	double		naive = 0.0;

	for (size_t i = 0; i < m; i++)
		edges[i] = (double) i;
	for (size_t i = 1; i < m; i++)
	{
		h[i] = 0.1;
		naive += 0.1;
	}
	rebin(h, m + 1, edges, m, one, 2, out);
	unit_is_exact(out[1], 10000.0, "100000 bins of 0.1 merged: correctly rounded sum");
	unit_ok(naive != 10000.0, "(where a plain sum gives %.17g)", naive);
	free(edges);
	free(h);
}

static void
test_faults(void)
{
	double		h[] = {1, 2, 3},
				edges[] = {0, 1},
				out[8];
	kld_fault	f = unit_dirty_fault();
	kld_status	st;

	{
		double		bad[] = {0, 2, 1};

		st = kld_rebin(h, 3, edges, 2, bad, 3, out, &f);
		unit_is_fault(st, &f, KLD_BAD_EDGES, KLD_ARG_NEW_EDGES, 2, 1.0,
					  "new_edges descending at 2");
		unit_ok(f.previous == 2.0, "the edge before it is in the fault");
		st = kld_rebin(h, 3, bad + 1, 2, edges, 2, out, &f);
		unit_is_fault(st, &f, KLD_BAD_EDGES, KLD_ARG_EDGES, 1, 1.0, "edges descending at 1");
	}
	{
		double		nan_edges[] = {0, NAN};
		double		inf_edges[] = {-INFINITY, 0};

		st = kld_rebin(h, 3, nan_edges, 2, edges, 2, out, &f);
		unit_is_fault(st, &f, KLD_BAD_EDGES, KLD_ARG_EDGES, 1, NAN, "edges NaN");
		st = kld_rebin(h, 3, edges, 2, inf_edges, 2, out, &f);
		unit_is_fault(st, &f, KLD_BAD_EDGES, KLD_ARG_NEW_EDGES, 0, -INFINITY, "new_edges -Infinity");
	}
	st = kld_rebin(h, 1, edges, 0, edges, 2, out, &f);
	unit_is_fault(st, &f, KLD_EMPTY, KLD_ARG_EDGES, 0, 0.0, "edges empty");
	st = kld_rebin(h, 3, edges, 2, edges, 0, out, &f);
	unit_is_fault(st, &f, KLD_EMPTY, KLD_ARG_NEW_EDGES, 0, 0.0, "new_edges empty");
	st = kld_rebin(h, 2, edges, 2, edges, 2, out, &f);
	unit_is_fault(st, &f, KLD_EDGES_MISMATCH, KLD_ARG_H, 0, 0.0, "h one short");
	unit_ok(f.length_p == 2 && f.length_q == 2, "lengths of h and edges in the fault");
	{
		double		neg[] = {1, -2, 3},
					nan[] = {1, 2, NAN},
					inf[] = {INFINITY, 2, 3},
					zero[] = {0, 0, 0};

		st = kld_rebin(neg, 3, edges, 2, edges, 2, out, &f);
		unit_is_fault(st, &f, KLD_NEGATIVE, KLD_ARG_H, 1, -2.0, "h negative at 1");
		st = kld_rebin(nan, 3, edges, 2, edges, 2, out, &f);
		unit_is_fault(st, &f, KLD_NOT_A_NUMBER, KLD_ARG_H, 2, NAN, "h NaN at 2");
		st = kld_rebin(inf, 3, edges, 2, edges, 2, out, &f);
		unit_is_fault(st, &f, KLD_INFINITE, KLD_ARG_H, 0, INFINITY, "h Infinity at 0");
		st = kld_rebin(zero, 3, edges, 2, edges, 2, out, &f);
		unit_is_status(st, KLD_OK, "an all-zero h is fine");
		unit_ok(out[0] == 0.0 && out[1] == 0.0 && out[2] == 0.0, "and rebins to zeros");
	}
	{
		double		big[] = {DBL_MAX, DBL_MAX, 0},
					far[] = {5};

		st = kld_rebin(big, 3, edges, 2, far, 1, out, &f);
		unit_is_fault(st, &f, KLD_OVERFLOW, KLD_ARG_H, 0, INFINITY, "merged bins overflow");
	}
}

int
main(void)
{
	test_known();
	test_under_overflow();
	test_zero_width();
	test_extreme_edges();
	test_random();
	test_compensated();
	test_faults();
	return unit_done();
}
