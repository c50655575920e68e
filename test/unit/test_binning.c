/*
 * test_binning.c: kld_bucket_equal_width gives the bucket of the server's
 * own width_bucket, whatever arithmetic the server uses.
 *
 * Four stand-ins for the server: PostgreSQL 15's rounding (multiply first,
 * add the 1 before truncating, out of range where it overflows), 16's
 * (divide first), 15's evaluated in 80-bit long double as i386's x87 does,
 * and 15's with the multiply and divide fused as far as fma() allows. On
 * values on, just around and between the bin edges, at ordinary, tiny and
 * huge scales, the bucket must be the stand-in's wherever the stand-in has
 * one, and the stand-in must not be asked about values between edges
 * (unless the range is so wide or so narrow that the arithmetic overflows
 * or is subnormal). The same through kld_bucket_scaled, where the bins have
 * a scale (kld_bins_scale).
 */
#include <float.h>
#include <limits.h>
#include <stdlib.h>

#include "core/histogram.h"
#include "unit.h"

static long server_calls;

static int
in_range(double bucket)
{
	return bucket >= 0 && bucket < 2147483647.0 ? (int) bucket : INT_MIN;
}

static int
server_15(double value, double lo, double hi, int nbins)
{
	server_calls++;
	if (value < lo)
		return 0;
	if (value >= hi)
		return nbins + 1;
	return in_range((double) nbins * (value - lo) / (hi - lo) + 1);
}

static int
server_16(double value, double lo, double hi, int nbins)
{
	server_calls++;
	return kld_bucket_divide_first(value, lo, hi, nbins);
}

static int
server_15_x87(double value, double lo, double hi, int nbins)
{
	long double bucket;

	server_calls++;
	if (value < lo)
		return 0;
	if (value >= hi)
		return nbins + 1;
	bucket = (long double) nbins * ((long double) value - lo) / ((long double) hi - lo) + 1;
	return bucket >= 0 && bucket < 2147483647.0L ? (int) bucket : INT_MIN;
}

static int
server_15_fused(double value, double lo, double hi, int nbins)
{
	double		span = hi - lo;
	double		quotient;

	server_calls++;
	if (value < lo)
		return 0;
	if (value >= hi)
		return nbins + 1;
	/* nbins * (value - lo) / span + 1 with the last multiply-add fused. */
	quotient = (value - lo) / span;
	return in_range(fma((double) nbins, quotient, 1.0));
}

typedef struct server
{
	const char *name;
	kld_server_bucket_fn ask;
} server;

static const server servers[] = {
	{"15", server_15}, {"16", server_16}, {"15 in x87 long double", server_15_x87},
	{"15 fused", server_15_fused},
};

/* Every value of this range's test set lands where the server says. */
static void
check_range(const server *s, double lo, double hi, int nbins)
{
	kld_bins	bins = {.lo = lo, .hi = hi, .nbins = nbins};
	double		scale = kld_bins_scale(&bins);
	long		wrong = 0,
				wrong_scaled = 0,
				between = 0,
				asked_between = 0;
	double		first_wrong = NAN,
				first_wrong_scaled = NAN;

	for (int k = 0; k <= nbins; k++)
	{
		double		edge = lo + (hi - lo) / nbins * k;
		double		scaled = lo * (1 - (double) k / nbins) + hi * ((double) k / nbins);
		double		values[] = {edge, nextafter(edge, -INFINITY), nextafter(edge, INFINITY),
			scaled, nextafter(scaled, -INFINITY), nextafter(scaled, INFINITY),
		lo + (hi - lo) / nbins * (k + 0.37)};

		for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		{
			double		v = values[i];
			int			want,
						got;
			long		before = server_calls;

			if (isnan(v))
				continue;
			want = s->ask(v, lo, hi, nbins);
			before = ++server_calls;
			got = kld_bucket_equal_width(v, lo, hi, nbins, s->ask);
			if (want < 0 || want > nbins + 1)
				want = kld_bucket_divide_first(v, lo, hi, nbins);
			if (got != want && wrong++ == 0)
				first_wrong = v;
			/* Ranges where the arithmetic can overflow or lose precision are asked. */
			if (i == 6 && isfinite((double) nbins * (hi - lo)) && v - lo >= DBL_MIN)
			{
				between++;
				asked_between += server_calls > before;
			}
			/* The same through the scale, where the bins have one. */
			if (scale > 0.0)
			{
				before = server_calls;
				got = kld_bucket_scaled(v, lo, hi, nbins, scale, s->ask);
				if (got != want && wrong_scaled++ == 0)
					first_wrong_scaled = v;
				if (i == 6 && isfinite((double) nbins * (hi - lo)) && v - lo >= DBL_MIN)
					asked_between += server_calls > before;
			}
		}
	}
	unit_ok(wrong == 0, "server %s, [%.17g, %.17g) in %d: every value in the server's bucket (%ld wrong, first %.17g)",
			s->name, lo, hi, nbins, wrong, first_wrong);
	unit_ok(wrong_scaled == 0,
			"server %s, [%.17g, %.17g) in %d, scale %.17g: every value in the server's bucket (%ld wrong, first %.17g)",
			s->name, lo, hi, nbins, scale, wrong_scaled, first_wrong_scaled);
	if (between > 0)
		unit_ok(asked_between == 0,
				"server %s, [%.17g, %.17g) in %d: values between edges are not asked of the server (%ld of %ld)",
				s->name, lo, hi, nbins, asked_between, between);
}

/*
 * Random values (and their neighbours) across a range: kld_bucket_scaled
 * gives the server's bucket, asking it rarely.
 */
static void
check_random(const server *s, double lo, double hi, int nbins, int n)
{
	kld_bins	bins = {.lo = lo, .hi = hi, .nbins = nbins};
	double		scale = kld_bins_scale(&bins);
	long		wrong = 0,
				asked = 0;
	double		first_wrong = NAN;

	srand(7);
	for (int i = 0; i < n; i++)
	{
		double		u = ((double) rand() / RAND_MAX + (double) rand() / RAND_MAX / RAND_MAX);
		double		v = lo + (hi - lo) * u * 1.01 - (hi - lo) * 0.005;

		for (int side = -1; side <= 1; side++)
		{
			double		w = side == 0 ? v : nextafter(v, side * INFINITY);
			int			want = s->ask(w, lo, hi, nbins);
			long		before = ++server_calls;

			if (want < 0 || want > nbins + 1)
				want = kld_bucket_divide_first(w, lo, hi, nbins);
			if (kld_bucket_scaled(w, lo, hi, nbins, scale, s->ask) != want && wrong++ == 0)
				first_wrong = w;
			asked += server_calls > before;
		}
	}
	unit_ok(scale > 0.0 && wrong == 0 && asked < n / 100 + 10,
			"server %s, [%.17g, %.17g) in %d, %d random values: scaled bucket is the server's (%ld wrong, first %.17g; %ld asked)",
			s->name, lo, hi, nbins, 3 * n, wrong, first_wrong, asked);
}

/* The number of edges <= value, by counting. */
static size_t
count_at_or_below(double value, const double *edges, size_t n)
{
	size_t		count = 0;

	for (size_t i = 0; i < n; i++)
		count += edges[i] <= value;
	return count;
}

/*
 * kld_bucket_guided and kld_bucket_edges agree with counting on sorted
 * edges (spread evenly, clustered, with ties, spanning 1e308), for values
 * on, beside and between the edges and outside them.
 */
static void
check_guide(const char *name, const double *edges, size_t n)
{
	size_t		ncells = kld_edge_guide_cells(edges, n);
	uint32_t   *start = malloc((ncells + 1) * sizeof(uint32_t));
	kld_edge_guide guide;
	long		wrong = 0,
				wrong_search = 0;
	double		first_wrong = NAN;

	kld_edge_guide_init(&guide, edges, n, start, ncells);
	for (size_t i = 0; i < n; i++)
	{
		double		values[] = {edges[i], nextafter(edges[i], -INFINITY),
			nextafter(edges[i], INFINITY),
			i + 1 < n ? edges[i] / 2 + edges[i + 1] / 2 : edges[i] * 2 + 1,
		-INFINITY, INFINITY, -DBL_MAX, DBL_MAX};

		for (size_t j = 0; j < sizeof values / sizeof values[0]; j++)
		{
			size_t		want = count_at_or_below(values[j], edges, n);

			if (kld_bucket_guided(&guide, values[j]) != want && wrong++ == 0)
				first_wrong = values[j];
			wrong_search += kld_bucket_edges(values[j], edges, n) != want;
		}
	}
	unit_ok(wrong == 0 && wrong_search == 0,
			"edges %s (%zu, %zu cells): guided and plain searches count the edges <= value "
			"(%ld and %ld wrong, first %.17g)", name, n, ncells, wrong, wrong_search, first_wrong);
	unit_ok(kld_bucket_guided(&guide, NAN) == kld_bucket_edges(NAN, edges, n),
			"edges %s: NaN lands where the plain search puts it", name);
	free(start);
}

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

static void
check_guides(void)
{
	static double edges[20000];
	size_t		n;

	for (n = 0; n <= 10000; n++)
		edges[n] = n / 10000.0;
	check_guide("0, 0.0001 .. 1", edges, 10001);
	srand(42);
	for (n = 0; n < 5000; n++)
		edges[n] = (double) rand() / RAND_MAX;
	qsort(edges, 5000, sizeof(double), compare_doubles);
	check_guide("random", edges, 5000);
	/* Clustered: most edges in a tiny span, a few far away; ties. */
	for (n = 0; n < 3000; n++)
		edges[n] = n < 2990 ? 1.0 + (double) (n / 3) * 1e-12 : 1e6 * (double) (n - 2989);
	check_guide("clustered with ties", edges, 3000);
	for (n = 0; n < 100; n++)
		edges[n] = -1e308 + (double) n * 2e306;
	check_guide("across 2e308 (no guide)", edges, 100);
	for (n = 0; n < 40; n++)
		edges[n] = 7.0;
	check_guide("all equal (no guide)", edges, 40);
	for (n = 0; n < 5; n++)
		edges[n] = (double) n;
	check_guide("five (no guide)", edges, 5);
	for (n = 0; n < 64; n++)
		edges[n] = n < 32 ? 5e-324 * (double) n : 1e-300 * (double) n;
	check_guide("subnormal and tiny", edges, 64);
}

int
main(void)
{
	static const struct
	{
		double		lo,
					hi;
		int			nbins;
	}			ranges[] = {
		{0, 1, 10}, {0, 1, 4}, {0, 1, 1}, {-3.7, 12.1, 7}, {0.1, 0.7, 3},
		{1e-300, 3e-300, 13}, {1, 1 + 1e-12, 9}, {123.456, 789.012, 997},
		{0, 1, 1000000}, {-1e308, 1e308, 100}, {-DBL_MAX, DBL_MAX, 1000},
		{-1e308, -1e307, 11}, {5e307, 1.7e308, 3}, {0, 5e-324 * 64, 8},
	};

	for (size_t s = 0; s < sizeof servers / sizeof servers[0]; s++)
		for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
			check_range(&servers[s], ranges[r].lo, ranges[r].hi, ranges[r].nbins);

	for (size_t s = 0; s < sizeof servers / sizeof servers[0]; s++)
	{
		check_random(&servers[s], 0, 1, 100, 200000);
		check_random(&servers[s], -3.7, 12.1, 7, 100000);
		check_random(&servers[s], 123.456, 789.012, 997, 100000);
		check_random(&servers[s], 0, 1, 1000000, 100000);
		check_random(&servers[s], -1e300, 1e300, 1000, 100000);
	}
	{
		kld_bins	b1 = {.lo = 0, .hi = 1, .nbins = 10},
					b2 = {.lo = -DBL_MAX, .hi = DBL_MAX, .nbins = 10},
					b3 = {.lo = 1, .hi = 0, .nbins = 10},
					b4 = {.lo = 0, .hi = 1, .nbins = 0},
					b5 = {.lo = 0, .hi = 5e-324, .nbins = 10},
					b6 = {.lo = NAN, .hi = 1, .nbins = 10},
					b7 = {.by_edges = true};

		unit_ok(kld_bins_scale(&b1) == 10.0 && kld_bins_scale(&b2) == 0.0 &&
				kld_bins_scale(&b3) == 0.0 && kld_bins_scale(&b4) == 0.0 &&
				kld_bins_scale(&b5) == 0.0 && kld_bins_scale(&b6) == 0.0 &&
				kld_bins_scale(&b7) == 0.0,
				"kld_bins_scale: nbins / span, 0 where it overflows or the bins are not valid");
		unit_ok(kld_bucket_scaled(0.3, 0, 1, 10, 10.0, server_15_x87) == 3 &&
				kld_bucket_scaled(0.3, 0, 1, 10, 10.0, server_15) == 4,
				"scaled width_bucket(0.3, 0, 1, 10): 3 on x87, 4 on SSE2, each as its server says");
		unit_ok(kld_bucket_scaled(0.49999999999999994, 0, 1, 4, 4.0, server_15) == 3 &&
				kld_bucket_scaled(0.49999999999999994, 0, 1, 4, 4.0, server_16) == 2,
				"scaled width_bucket(0.49999999999999994, 0, 1, 4): 3 on 15, 2 on 16");
	}

	/* The cases the servers disagree on, by name. */
	unit_ok(kld_bucket_equal_width(0.3, 0, 1, 10, server_15_x87) == 3 &&
			kld_bucket_equal_width(0.3, 0, 1, 10, server_15) == 4,
			"width_bucket(0.3, 0, 1, 10): 3 on x87, 4 on SSE2, each as its server says");
	unit_ok(kld_bucket_equal_width(0.49999999999999994, 0, 1, 4, server_15) == 3 &&
			kld_bucket_equal_width(0.49999999999999994, 0, 1, 4, server_16) == 2,
			"width_bucket(0.49999999999999994, 0, 1, 4): 3 on 15, 2 on 16");
	unit_ok(kld_bucket_equal_width(0.9999999999999999, 0, 1, 1, server_15) == 2,
			"width_bucket(0.9999999999999999, 0, 1, 1) on 15: the overflow bucket, as 15 says");
	unit_ok(kld_bucket_equal_width(1e308, -1e308, 1e308 * 1.5, 100, server_15) ==
			kld_bucket_divide_first(1e308, -1e308, 1e308 * 1.5, 100),
			"where 15 overflows, 16's halved arithmetic");
	unit_ok(kld_bucket_equal_width(0.3, 0, 1, 10, NULL) == kld_bucket_divide_first(0.3, 0, 1, 10),
			"without a server, 16's arithmetic");
	check_guides();
	return unit_done();
}
