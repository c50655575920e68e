/*
 * lanes_neon.h: the lane operations of the kernels, two doubles at a time
 * with Advanced SIMD (NEON), which every arm64 CPU has. The running sums
 * stay four lanes wide: a block of bins i, i+1 goes to lanes i % 4 and
 * (i + 1) % 4 (lane_sum.h), so results match every other build.
 */
#ifndef KLD_LANES_NEON_H
#define KLD_LANES_NEON_H

#include <arm_neon.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#define KV_WIDTH 2

typedef float64x2_t kv;
typedef uint64x2_t kvi;
typedef uint64x2_t kvm;			/* all ones where true */

static inline kv kv_load(const double *p) { return vld1q_f64(p); }
static inline void kv_store(double *p, kv a) { vst1q_f64(p, a); }
static inline kv kv_set(double x) { return vdupq_n_f64(x); }
static inline kv kv_add(kv a, kv b) { return vaddq_f64(a, b); }
static inline kv kv_sub(kv a, kv b) { return vsubq_f64(a, b); }
static inline kv kv_mul(kv a, kv b) { return vmulq_f64(a, b); }
static inline kv kv_div(kv a, kv b) { return vdivq_f64(a, b); }
static inline kv kv_fma(kv a, kv b, kv c) { return vfmaq_f64(c, a, b); }
static inline kv kv_sqrt(kv a) { return vsqrtq_f64(a); }
static inline kv kv_abs(kv a) { return vabsq_f64(a); }
/* As the scalar build: b unless a is larger, for numbers. */
static inline kv kv_max(kv a, kv b) { return vbslq_f64(vcgtq_f64(a, b), a, b); }
static inline kv kv_min(kv a, kv b) { return vbslq_f64(vcltq_f64(a, b), a, b); }

static inline kvm kv_lt(kv a, kv b) { return vcltq_f64(a, b); }
static inline kvm kv_not_finite(kv a)
{
	/* not (|a| < Infinity): NaN or +-Infinity */
	return vreinterpretq_u64_u32(vmvnq_u32(vreinterpretq_u32_u64(
		vcltq_f64(vabsq_f64(a), vdupq_n_f64(INFINITY)))));
}
static inline kvm kvm_or(kvm a, kvm b) { return vorrq_u64(a, b); }
static inline kvm kvm_and(kvm a, kvm b) { return vandq_u64(a, b); }
static inline bool kvm_any(kvm a) { return (vgetq_lane_u64(a, 0) | vgetq_lane_u64(a, 1)) != 0; }
static inline bool kvm_all(kvm a) { return (vgetq_lane_u64(a, 0) & vgetq_lane_u64(a, 1)) != 0; }
static inline kv kv_select(kvm m, kv a, kv b) { return vbslq_f64(m, a, b); }

static inline kvi kv_bits(kv a) { return vreinterpretq_u64_f64(a); }
static inline kv kv_from_bits(kvi i) { return vreinterpretq_f64_u64(i); }
static inline kvi kvi_set(uint64_t x) { return vdupq_n_u64(x); }
static inline kvi kvi_add(kvi a, kvi b) { return vaddq_u64(a, b); }
static inline kvi kvi_sub(kvi a, kvi b) { return vsubq_u64(a, b); }
static inline kvi kvi_and(kvi a, kvi b) { return vandq_u64(a, b); }
static inline kvi kvi_or(kvi a, kvi b) { return vorrq_u64(a, b); }
static inline kvi kvi_shift_right(kvi a, int n) { return vshlq_u64(a, vdupq_n_s64(-n)); }

#endif							/* KLD_LANES_NEON_H */
