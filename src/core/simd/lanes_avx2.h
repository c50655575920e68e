/*
 * lanes_avx2.h: the lane operations of the kernels, four doubles at a time
 * with AVX2 and FMA. Only compiled into kernels_avx2.c, which is built with
 * -mavx2 -mfma and only called once the CPU is known to have both.
 */
#ifndef KLD_LANES_AVX2_H
#define KLD_LANES_AVX2_H

#include <immintrin.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define KV_WIDTH 4

typedef __m256d kv;
typedef __m256i kvi;
typedef __m256d kvm;			/* all ones where true */

static inline kv kv_load(const double *p) { return _mm256_loadu_pd(p); }
static inline void kv_store(double *p, kv a) { _mm256_storeu_pd(p, a); }
static inline kv kv_set(double x) { return _mm256_set1_pd(x); }
static inline kv kv_add(kv a, kv b) { return _mm256_add_pd(a, b); }
static inline kv kv_sub(kv a, kv b) { return _mm256_sub_pd(a, b); }
static inline kv kv_mul(kv a, kv b) { return _mm256_mul_pd(a, b); }
static inline kv kv_div(kv a, kv b) { return _mm256_div_pd(a, b); }
static inline kv kv_fma(kv a, kv b, kv c) { return _mm256_fmadd_pd(a, b, c); }
static inline kv kv_sqrt(kv a) { return _mm256_sqrt_pd(a); }
static inline kv kv_abs(kv a) { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), a); }
static inline kv kv_max(kv a, kv b) { return _mm256_max_pd(a, b); }
static inline kv kv_min(kv a, kv b) { return _mm256_min_pd(a, b); }

static inline kvm kv_lt(kv a, kv b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
static inline kvm kv_not_finite(kv a)
{
	/* |a| is not below infinity: NaN or +-Infinity */
	return _mm256_cmp_pd(kv_abs(a), _mm256_set1_pd(INFINITY), _CMP_NLT_UQ);
}
static inline kvm kvm_or(kvm a, kvm b) { return _mm256_or_pd(a, b); }
static inline kvm kvm_and(kvm a, kvm b) { return _mm256_and_pd(a, b); }
static inline bool kvm_any(kvm a) { return _mm256_movemask_pd(a) != 0; }
static inline bool kvm_all(kvm a) { return _mm256_movemask_pd(a) == 0xF; }
static inline kv kv_select(kvm m, kv a, kv b) { return _mm256_blendv_pd(b, a, m); }

static inline kvi kv_bits(kv a) { return _mm256_castpd_si256(a); }
static inline kv kv_from_bits(kvi i) { return _mm256_castsi256_pd(i); }
static inline kvi kvi_set(uint64_t x) { return _mm256_set1_epi64x((long long) x); }
static inline kvi kvi_add(kvi a, kvi b) { return _mm256_add_epi64(a, b); }
static inline kvi kvi_sub(kvi a, kvi b) { return _mm256_sub_epi64(a, b); }
static inline kvi kvi_and(kvi a, kvi b) { return _mm256_and_si256(a, b); }
static inline kvi kvi_or(kvi a, kvi b) { return _mm256_or_si256(a, b); }
static inline kvi kvi_shift_right(kvi a, int n) { return _mm256_srl_epi64(a, _mm_cvtsi32_si128(n)); }

#endif							/* KLD_LANES_AVX2_H */
