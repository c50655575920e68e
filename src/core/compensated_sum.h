/*
 * compensated_sum.h: error-free sums, so long arrays keep full precision.
 *
 * kld_sum carries a running sum and the rounding error it has shed (Knuth's
 * TwoSum, branch-free so a vector kernel can do the same steps lane by lane).
 * kld_dd is a double-double number for the few places where even the last
 * bit of a normalized weight matters (cumulative distributions).
 */
#ifndef KLD_COMPENSATED_SUM_H
#define KLD_COMPENSATED_SUM_H

#include <math.h>

typedef struct kld_sum
{
	double		sum;
	double		err;
} kld_sum;

/* Exact: a + b == *sum + *err, with *sum the rounded sum. */
static inline void
kld_two_sum(double a, double b, double *sum, double *err)
{
	double		s = a + b;
	double		b_virtual = s - a;
	double		a_virtual = s - b_virtual;

	*sum = s;
	*err = (a - a_virtual) + (b - b_virtual);
}

static inline void
kld_sum_add(kld_sum *acc, double x)
{
	double		s,
				e;

	kld_two_sum(acc->sum, x, &s, &e);
	acc->sum = s;
	acc->err += e;
}

/*
 * The compensated total. Once the running sum overflows, the error term is
 * meaningless (Inf - Inf); callers only add non-negative or bounded terms, so
 * an infinite running sum means the true total overflows too.
 */
static inline double
kld_sum_value(const kld_sum *acc)
{
	if (isinf(acc->sum))
		return acc->sum;
	return acc->sum + acc->err;
}

typedef struct kld_dd
{
	double		hi;
	double		lo;
} kld_dd;

static inline kld_dd
kld_dd_add(kld_dd a, kld_dd b)
{
	kld_dd		r;
	double		s,
				e;

	kld_two_sum(a.hi, b.hi, &s, &e);
	e += a.lo + b.lo;
	r.hi = s + e;
	r.lo = e - (r.hi - s);
	return r;
}

/* x / d to about 100 bits; d->hi must be non-zero. */
static inline kld_dd
kld_dd_div(double x, kld_dd d)
{
	kld_dd		r;
	double		q = x / d.hi;
	double		residual = fma(-q, d.hi, x) - q * d.lo;

	r.hi = q;
	r.lo = residual / d.hi;
	return r;
}

static inline kld_dd
kld_sum_dd(const kld_sum *acc)
{
	kld_dd		r;

	r.hi = acc->sum + acc->err;
	r.lo = acc->err - (r.hi - acc->sum);
	return r;
}

#endif							/* KLD_COMPENSATED_SUM_H */
