/*
 * lane_sum.h: four compensated running sums, bin i going to sum i % 4, for
 * either lane width. Include after a lanes_*.h header.
 */
#ifndef KLD_LANE_SUM_H
#define KLD_LANE_SUM_H

#include <stddef.h>

#if KV_WIDTH == 4

typedef struct kacc
{
	kv			sum;
	kv			err;
} kacc;

static inline kacc
kacc_zero(void)
{
	kacc		a = {kv_set(0.0), kv_set(0.0)};

	return a;
}

/* Adds x, the terms of bins i .. i+3 (i a multiple of 4), TwoSum per lane. */
static inline void
kacc_add(kacc *a, kv x, size_t i)
{
	kv			s = kv_add(a->sum, x);
	kv			x_virtual = kv_sub(s, a->sum);
	kv			sum_virtual = kv_sub(s, x_virtual);

	(void) i;
	a->err = kv_add(a->err, kv_add(kv_sub(a->sum, sum_virtual), kv_sub(x, x_virtual)));
	a->sum = s;
}

static inline void
kacc_lanes(const kacc *a, double sums[4], double errs[4])
{
	kv_store(sums, a->sum);
	kv_store(errs, a->err);
}

/*
 * kbacc: the term sums. Each lane first adds its terms plainly, four bins of
 * a block of 16 (bins 16k .. 16k + 15, lane i % 4), into a partial sum,
 * then adds the partial to its compensated sum; the partial of the last,
 * incomplete block at the end. Terms are >= 0, so a partial of four is
 * within 3 ulps and the whole sum within a few ulps of exact, for 1/4 of
 * the compensated additions' cost. The blocks depend on bin numbers only,
 * so every width adds the same numbers in the same order.
 */
typedef struct kbacc
{
	kacc		acc;
	kv			partial;
} kbacc;

static inline kbacc
kbacc_zero(void)
{
	kbacc		a = {kacc_zero(), kv_set(0.0)};

	return a;
}

/* Bins i .. i+3 (i a multiple of 4). */
static inline void
kbacc_add(kbacc *a, kv x, size_t i)
{
	a->partial = kv_add(a->partial, x);
	if ((i & 12) == 12)
	{
		kacc_add(&a->acc, a->partial, i);
		a->partial = kv_set(0.0);
	}
}

static inline void
kbacc_lanes(kbacc *a, double sums[4], double errs[4])
{
	kacc_add(&a->acc, a->partial, 0);
	kacc_lanes(&a->acc, sums, errs);
}

#elif KV_WIDTH == 8

typedef struct kacc
{
	__m256d		sum;
	__m256d		err;
} kacc;

static inline kacc
kacc_zero(void)
{
	kacc		a = {_mm256_setzero_pd(), _mm256_setzero_pd()};

	return a;
}

static inline void
kacc_add4(kacc *a, __m256d x)
{
	__m256d		s = _mm256_add_pd(a->sum, x);
	__m256d		x_virtual = _mm256_sub_pd(s, a->sum);
	__m256d		sum_virtual = _mm256_sub_pd(s, x_virtual);

	a->err = _mm256_add_pd(a->err, _mm256_add_pd(_mm256_sub_pd(a->sum, sum_virtual),
												 _mm256_sub_pd(x, x_virtual)));
	a->sum = s;
}

/* Bins i .. i+3, then i+4 .. i+7: each lane's sum sees its bins in order. */
static inline void
kacc_add(kacc *a, kv x, size_t i)
{
	(void) i;
	kacc_add4(a, kv_low_half(x));
	kacc_add4(a, kv_high_half(x));
}

static inline void
kacc_lanes(const kacc *a, double sums[4], double errs[4])
{
	_mm256_storeu_pd(sums, a->sum);
	_mm256_storeu_pd(errs, a->err);
}

/* kbacc: as for four lanes (see there), for the two halves in order. */
typedef struct kbacc
{
	kacc		acc;
	__m256d		partial;
} kbacc;

static inline kbacc
kbacc_zero(void)
{
	kbacc		a = {kacc_zero(), _mm256_setzero_pd()};

	return a;
}

static inline void
kbacc_add4(kbacc *a, __m256d x, size_t i)
{
	a->partial = _mm256_add_pd(a->partial, x);
	if ((i & 12) == 12)
	{
		kacc_add4(&a->acc, a->partial);
		a->partial = _mm256_setzero_pd();
	}
}

/* Bins i .. i+7 (i a multiple of 8). */
static inline void
kbacc_add(kbacc *a, kv x, size_t i)
{
	kbacc_add4(a, kv_low_half(x), i);
	kbacc_add4(a, kv_high_half(x), i + 4);
}

static inline void
kbacc_lanes(kbacc *a, double sums[4], double errs[4])
{
	kacc_add4(&a->acc, a->partial);
	kacc_lanes(&a->acc, sums, errs);
}

#elif KV_WIDTH == 2

typedef struct kacc
{
	kv			sum[2];			/* lanes 0, 1 and lanes 2, 3 */
	kv			err[2];
} kacc;

static inline kacc
kacc_zero(void)
{
	kacc		a = {{kv_set(0.0), kv_set(0.0)}, {kv_set(0.0), kv_set(0.0)}};

	return a;
}

/* Adds x, the terms of bins i, i+1 (i even), to lanes i % 4 and (i+1) % 4. */
static inline void
kacc_add(kacc *a, kv x, size_t i)
{
	int			half = (i & 2) != 0;
	kv			s = kv_add(a->sum[half], x);
	kv			x_virtual = kv_sub(s, a->sum[half]);
	kv			sum_virtual = kv_sub(s, x_virtual);

	a->err[half] = kv_add(a->err[half], kv_add(kv_sub(a->sum[half], sum_virtual),
											   kv_sub(x, x_virtual)));
	a->sum[half] = s;
}

static inline void
kacc_lanes(const kacc *a, double sums[4], double errs[4])
{
	kv_store(sums, a->sum[0]);
	kv_store(sums + 2, a->sum[1]);
	kv_store(errs, a->err[0]);
	kv_store(errs + 2, a->err[1]);
}

/* kbacc: as for four lanes (see there), each half of the lanes apart. */
typedef struct kbacc
{
	kacc		acc;
	kv			partial[2];
} kbacc;

static inline kbacc
kbacc_zero(void)
{
	kbacc		a = {kacc_zero(), {kv_set(0.0), kv_set(0.0)}};

	return a;
}

/* Bins i, i+1 (i even): lanes 0, 1 for i % 4 = 0, lanes 2, 3 for 2. */
static inline void
kbacc_add(kbacc *a, kv x, size_t i)
{
	int			half = (i & 2) != 0;

	a->partial[half] = kv_add(a->partial[half], x);
	if ((i & 12) == 12)
	{
		kacc_add(&a->acc, a->partial[half], i);
		a->partial[half] = kv_set(0.0);
	}
}

static inline void
kbacc_lanes(kbacc *a, double sums[4], double errs[4])
{
	kacc_add(&a->acc, a->partial[0], 0);
	kacc_add(&a->acc, a->partial[1], 2);
	kacc_lanes(&a->acc, sums, errs);
}

#elif KV_WIDTH == 1

typedef struct kacc
{
	double		sum[4];
	double		err[4];
} kacc;

static inline kacc
kacc_zero(void)
{
	kacc		a = {{0.0, 0.0, 0.0, 0.0}, {0.0, 0.0, 0.0, 0.0}};

	return a;
}

/* Adds x, the term of bin i, to sum i % 4: the same TwoSum as each lane above. */
static inline void
kacc_add(kacc *a, kv x, size_t i)
{
	size_t		lane = i & 3;
	double		s = a->sum[lane] + x;
	double		x_virtual = s - a->sum[lane];
	double		sum_virtual = s - x_virtual;

	a->err[lane] = a->err[lane] + ((a->sum[lane] - sum_virtual) + (x - x_virtual));
	a->sum[lane] = s;
}

static inline void
kacc_lanes(const kacc *a, double sums[4], double errs[4])
{
	for (int lane = 0; lane < 4; lane++)
	{
		sums[lane] = a->sum[lane];
		errs[lane] = a->err[lane];
	}
}

/* kbacc: as for four lanes (see there), one bin at a time. */
typedef struct kbacc
{
	kacc		acc;
	double		partial[4];
} kbacc;

static inline kbacc
kbacc_zero(void)
{
	kbacc		a = {kacc_zero(), {0.0, 0.0, 0.0, 0.0}};

	return a;
}

/* Bin i, to lane i % 4. */
static inline void
kbacc_add(kbacc *a, kv x, size_t i)
{
	size_t		lane = i & 3;

	a->partial[lane] = a->partial[lane] + x;
	if ((i & 12) == 12)
	{
		kacc_add(&a->acc, a->partial[lane], lane);
		a->partial[lane] = 0.0;
	}
}

static inline void
kbacc_lanes(kbacc *a, double sums[4], double errs[4])
{
	for (size_t lane = 0; lane < 4; lane++)
		kacc_add(&a->acc, a->partial[lane], lane);
	kacc_lanes(&a->acc, sums, errs);
}

#else
#error "lane_sum.h: unsupported KV_WIDTH"
#endif

#endif							/* KLD_LANE_SUM_H */
