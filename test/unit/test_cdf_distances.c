/*
 * test_cdf_distances.c: Wasserstein-1 and Kolmogorov-Smirnov distances over
 * ordered bins (positions 0 .. n-1), on inputs with closed-form values.
 */
#include "unit.h"

#define R UNIT_REL
#define A UNIT_ABS

/* Mass moved by k bins: both distances are read off the CDFs. */
static void
test_shift(void)
{
	enum {N = 60, K = 7};
	double		p[N] = {0},
				q[N] = {0};
	uint64_t	seed = 42;

	/* Real-valued weights in bins 0..49, and the same weights K bins later. */
	for (int i = 0; i < 50; i++)
	{
		p[i] = 0.1 + unit_rand_unit(&seed);
		q[i + K] = p[i];
	}
	unit_is_close(WASSERSTEIN(p, q, N), (double) K, R, A,
				  "wasserstein of a histogram and itself shifted by 7 bins = 7");
	unit_is_close(WASSERSTEIN(q, p, N), (double) K, R, A,
				  "wasserstein shifted the other way = 7");
}

int
main(void)
{
	double		first3[] = {1, 0, 0};
	double		middle3[] = {0, 1, 0};
	double		last3[] = {0, 0, 1};
	double		one_zero[] = {1, 0};
	double		zero_one[] = {0, 1};
	double		half[] = {0.5, 0.5};
	double		quarter[] = {0.25, 0.75};
	double		asc[] = {1, 2, 3};
	double		desc[] = {3, 2, 1};
	double		desc_big[] = {3e5, 2e5, 1e5};
	double		low[] = {1, 1, 0, 0};
	double		high[] = {0, 0, 1, 1};
	double		flat4[] = {1, 1, 1, 1};
	double		skew4[] = {1, 0, 0, 3};
	double		ends[100] = {0};
	double		other_end[100] = {0};
	double		single[] = {2.5};
	double		single2[] = {0.1};

	ends[0] = 1;
	other_end[99] = 1;

	/* Wasserstein = sum over bins 0..n-2 of |CDF_p - CDF_q|. */
	unit_is_close(WASSERSTEIN(first3, last3, 3), 2.0, R, A, "wasserstein([1,0,0],[0,0,1]) = 2");
	unit_is_close(WASSERSTEIN(last3, first3, 3), 2.0, R, A, "wasserstein([0,0,1],[1,0,0]) = 2");
	unit_is_close(WASSERSTEIN(first3, middle3, 3), 1.0, R, A, "wasserstein([1,0,0],[0,1,0]) = 1");
	unit_is_close(WASSERSTEIN(one_zero, zero_one, 2), 1.0, R, A, "wasserstein([1,0],[0,1]) = 1");
	unit_is_close(WASSERSTEIN(half, quarter, 2), 0.25, R, A,
				  "wasserstein([1/2,1/2],[1/4,3/4]) = 1/4");
	/* CDFs 1/6, 1/2 against 1/2, 5/6 */
	unit_is_close(WASSERSTEIN(asc, desc, 3), 2.0 / 3, R, A, "wasserstein([1,2,3],[3,2,1]) = 2/3");
	unit_is_close(WASSERSTEIN(asc, desc_big, 3), 2.0 / 3, R, A,
				  "wasserstein of counts [1,2,3],[3e5,2e5,1e5] = 2/3");
	/* CDFs 1/2, 1, 1 against 0, 0, 1/2 */
	unit_is_close(WASSERSTEIN(low, high, 4), 2.0, R, A, "wasserstein([1,1,0,0],[0,0,1,1]) = 2");
	/* CDFs 1/4, 1/2, 3/4 against 1/4, 1/4, 1/4 */
	unit_is_close(WASSERSTEIN(flat4, skew4, 4), 0.75, R, A,
				  "wasserstein([1,1,1,1],[1,0,0,3]) = 3/4");
	unit_is_close(WASSERSTEIN(ends, other_end, 100), 99.0, R, A,
				  "wasserstein of point masses at bins 0 and 99 = 99");
	unit_is_exact(WASSERSTEIN(desc, desc_big, 3), 0.0, "wasserstein of proportional counts = 0");
	unit_is_exact(WASSERSTEIN(single, single2, 1), 0.0, "wasserstein of one bin = 0");

	/* KS = max |CDF_p - CDF_q|. */
	unit_is_close(KS(first3, last3, 3), 1.0, R, A, "ks([1,0,0],[0,0,1]) = 1");
	unit_is_close(KS(first3, middle3, 3), 1.0, R, A, "ks([1,0,0],[0,1,0]) = 1");
	unit_is_close(KS(half, quarter, 2), 0.25, R, A, "ks([1/2,1/2],[1/4,3/4]) = 1/4");
	unit_is_close(KS(asc, desc, 3), 1.0 / 3, R, A, "ks([1,2,3],[3,2,1]) = 1/3");
	unit_is_close(KS(asc, desc_big, 3), 1.0 / 3, R, A, "ks of counts [1,2,3],[3e5,2e5,1e5] = 1/3");
	unit_is_close(KS(low, high, 4), 1.0, R, A, "ks([1,1,0,0],[0,0,1,1]) = 1");
	unit_is_close(KS(flat4, skew4, 4), 0.5, R, A, "ks([1,1,1,1],[1,0,0,3]) = 1/2");
	unit_is_close(KS(ends, other_end, 100), 1.0, R, A, "ks of point masses at bins 0 and 99 = 1");
	unit_is_exact(KS(desc, desc_big, 3), 0.0, "ks of proportional counts = 0");
	unit_is_exact(KS(single, single2, 1), 0.0, "ks of one bin = 0");

	test_shift();
	return unit_done();
}
