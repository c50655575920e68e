/*
 * lanes_avx512.h: the lane operations of the kernels, eight doubles at a
 * time with AVX-512 (F and DQ). Only compiled into kernels_avx512.c, built
 * with -mavx512f -mavx512dq and only called once the CPU is known to have
 * both. The running sums stay four lanes wide (lane_sum.h adds the two
 * halves of a vector in order), so results match every other build.
 */
#ifndef KLD_LANES_AVX512_H
#define KLD_LANES_AVX512_H

#include <immintrin.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define KV_WIDTH 8

typedef __m512d kv;
typedef __m512i kvi;
typedef __mmask8 kvm;

static inline kv kv_load(const double *p) { return _mm512_loadu_pd(p); }
static inline void kv_store(double *p, kv a) { _mm512_storeu_pd(p, a); }
static inline kv kv_set(double x) { return _mm512_set1_pd(x); }
static inline kv kv_add(kv a, kv b) { return _mm512_add_pd(a, b); }
static inline kv kv_sub(kv a, kv b) { return _mm512_sub_pd(a, b); }
static inline kv kv_mul(kv a, kv b) { return _mm512_mul_pd(a, b); }
static inline kv kv_div(kv a, kv b) { return _mm512_div_pd(a, b); }
static inline kv kv_fma(kv a, kv b, kv c) { return _mm512_fmadd_pd(a, b, c); }
static inline kv kv_sqrt(kv a) { return _mm512_sqrt_pd(a); }
static inline kv kv_abs(kv a) { return _mm512_abs_pd(a); }
static inline kv kv_max(kv a, kv b) { return _mm512_max_pd(a, b); }
static inline kv kv_min(kv a, kv b) { return _mm512_min_pd(a, b); }

static inline kvm kv_lt(kv a, kv b) { return _mm512_cmp_pd_mask(a, b, _CMP_LT_OQ); }
static inline kvm kv_not_finite(kv a)
{
	return _mm512_cmp_pd_mask(kv_abs(a), _mm512_set1_pd(INFINITY), _CMP_NLT_UQ);
}
static inline kvm kvm_or(kvm a, kvm b) { return (kvm) (a | b); }
static inline kvm kvm_and(kvm a, kvm b) { return (kvm) (a & b); }
static inline bool kvm_any(kvm a) { return a != 0; }
static inline bool kvm_all(kvm a) { return a == 0xFF; }
static inline kv kv_select(kvm m, kv a, kv b) { return _mm512_mask_blend_pd(m, b, a); }

static inline kvi kv_bits(kv a) { return _mm512_castpd_si512(a); }
static inline kv kv_from_bits(kvi i) { return _mm512_castsi512_pd(i); }
static inline kvi kvi_set(uint64_t x) { return _mm512_set1_epi64((long long) x); }
static inline kvi kvi_add(kvi a, kvi b) { return _mm512_add_epi64(a, b); }
static inline kvi kvi_sub(kvi a, kvi b) { return _mm512_sub_epi64(a, b); }
static inline kvi kvi_and(kvi a, kvi b) { return _mm512_and_si512(a, b); }
static inline kvi kvi_or(kvi a, kvi b) { return _mm512_or_si512(a, b); }
static inline kvi kvi_shift_right(kvi a, int n) { return _mm512_srl_epi64(a, _mm_cvtsi32_si128(n)); }

/* The two four-lane halves, for the running sums. */
static inline __m256d kv_low_half(kv a) { return _mm512_castpd512_pd256(a); }
static inline __m256d kv_high_half(kv a) { return _mm512_extractf64x4_pd(a, 1); }

#endif							/* KLD_LANES_AVX512_H */
