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

static inline kv
kv_log(kv x)
{
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
	kv			f = kv_sub(m, kv_set(1.0));
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

	return kv_sub(kv_mul(k, kv_set(KLD_LOG_LN2_HI)), kv_sub(kv_sub(hfsq, tail), f));
}

#endif							/* KLD_LANE_LOG_H */
