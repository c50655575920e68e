/*
 * lane_log.h: the natural logarithm on lanes, for the kernels. Include after
 * a lanes_*.h header.
 *
 * Every build of the kernels must take the same logarithm, bit for bit, so
 * it is computed here from basic operations rather than taken from libm
 * (whose scalar and vector versions differ). The method is fdlibm's: write
 * x = 2^k m with m in [sqrt(2)/2, sqrt(2)), f = m - 1, s = f / (2 + f), and
 * ln(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), with R a degree-7 polynomial;
 * its coefficients are fdlibm's published ones (e_log.c, Lg1 .. Lg7). The
 * measured error is within 1 ulp (test/unit/test_lane_log.c).
 *
 * x must be a positive normal number; the kernels send other values down
 * their scalar special-case paths.
 */
#ifndef KLD_LANE_LOG_H
#define KLD_LANE_LOG_H

#define KLD_LOG_LG1 6.666666666666735130e-01
#define KLD_LOG_LG2 3.999999999940941908e-01
#define KLD_LOG_LG3 2.857142874366239149e-01
#define KLD_LOG_LG4 2.222219843214978396e-01
#define KLD_LOG_LG5 1.818357216161805012e-01
#define KLD_LOG_LG6 1.531383769920937332e-01
#define KLD_LOG_LG7 1.479819860511658591e-01
#define KLD_LOG_LN2_HI 6.93147180369123816490e-01	/* trailing zeros: k ln2_hi exact */
#define KLD_LOG_LN2_LO 1.90821492927058770002e-10

#define KLD_BITS_HALF_SQRT2 UINT64_C(0x3FE6A09E667F3BCD)
#define KLD_BITS_EXPONENT_BIAS UINT64_C(0x4000000000000000)	/* 1024 << 52 */
#define KLD_BITS_EXPONENT UINT64_C(0xFFF0000000000000)
#define KLD_BITS_TWO_52 UINT64_C(0x4330000000000000)	/* 2^52 */

/*
 * ln x, split for the kernels' terms near 1. x = 2^k m as above; where k is
 * 0 (x in [sqrt(2)/2, sqrt(2))), f is taken from f_near, the caller's own
 * x - 1 (computed from a difference, so exact or nearly, where x - 1 after
 * rounding x would have lost the digits that matter near 1); elsewhere
 * f = m - 1 as in kv_log. Besides ln x it returns f, and
 * delta = hfsq - s (hfsq + R), which for k = 0 is f - ln(1 + f) with no
 * cancellation (hfsq = f^2/2 is its leading part, s (hfsq + R) about f/2 of
 * it), from which the kernels build (1 + f) ln(1 + f) - f and the like
 * without subtracting nearly equal numbers. With f_near = x - 1 exactly (as
 * kv_log computes it for k = 0), log is kv_log(x), bit for bit.
 */
typedef struct kv_log_parts
{
	kv			log;			/* ln x */
	kv			f;				/* the reduced argument, ln(1 + f) = ln x - k ln 2 */
	kv			delta;			/* f - ln(1 + f) where near */
	kvm			near;			/* k = 0: x in [sqrt(2)/2, sqrt(2)) */
} kv_log_parts;

static inline kv_log_parts
kv_log_split(kv x, kv f_near)
{
	kv_log_parts out;
	kvi			ix = kv_bits(x);
	/* (k + 1024) << 52 in the top bits, with m = x / 2^k in [sqrt(2)/2, sqrt(2)) */
	kvi			t = kvi_add(kvi_sub(ix, kvi_set(KLD_BITS_HALF_SQRT2)),
							kvi_set(KLD_BITS_EXPONENT_BIAS));
	kvi			biased_k = kvi_shift_right(t, 52);
	kv			m = kv_from_bits(kvi_add(kvi_sub(ix, kvi_and(t, kvi_set(KLD_BITS_EXPONENT))),
										 kvi_set(KLD_BITS_EXPONENT_BIAS)));
	/* k as a double, exactly: 2^52 + (k + 1024) - (2^52 + 1024) */
	kv			k = kv_sub(kv_from_bits(kvi_or(biased_k, kvi_set(KLD_BITS_TWO_52))),
						   kv_set(4503599627371520.0));
	kvm			near = kv_lt(kv_abs(k), kv_set(0.5));
	kv			f = kv_select(near, f_near, kv_sub(m, kv_set(1.0)));
	kv			s = kv_div(f, kv_add(kv_set(2.0), f));
	kv			z = kv_mul(s, s);
	kv			w = kv_mul(z, z);
	kv			t1 = kv_mul(w, kv_fma(w, kv_fma(w, kv_set(KLD_LOG_LG6), kv_set(KLD_LOG_LG4)),
									  kv_set(KLD_LOG_LG2)));
	kv			t2 = kv_mul(z, kv_fma(w, kv_fma(w, kv_fma(w, kv_set(KLD_LOG_LG7),
														  kv_set(KLD_LOG_LG5)),
												kv_set(KLD_LOG_LG3)),
									  kv_set(KLD_LOG_LG1)));
	kv			r = kv_add(t2, t1);
	kv			hfsq = kv_mul(kv_mul(kv_set(0.5), f), f);
	kv			tail = kv_fma(s, kv_add(hfsq, r), kv_mul(k, kv_set(KLD_LOG_LN2_LO)));
	kv			delta = kv_sub(hfsq, tail);

	out.log = kv_sub(kv_mul(k, kv_set(KLD_LOG_LN2_HI)), kv_sub(delta, f));
	out.f = f;
	out.delta = delta;
	out.near = near;
	return out;
}

/* ln x, for x a positive normal number. */
static inline kv
kv_log(kv x)
{
	return kv_log_split(x, kv_sub(x, kv_set(1.0))).log;
}

#endif							/* KLD_LANE_LOG_H */
