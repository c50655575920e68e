/*
 * lanes_scalar.h: the lane operations of the kernels, one double at a time.
 *
 * The kernels (kernels.inc) are written once against these operations and
 * compiled once per instruction set. Every operation is an IEEE-754 basic
 * operation (correctly rounded) or exact bit manipulation, so each lane of a
 * vector build computes exactly what this scalar build computes.
 */
#ifndef KLD_LANES_SCALAR_H
#define KLD_LANES_SCALAR_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define KV_WIDTH 1

typedef double kv;
typedef uint64_t kvi;
typedef bool kvm;

static inline kv kv_load(const double *p) { return *p; }
static inline void kv_store(double *p, kv a) { *p = a; }
static inline kv kv_set(double x) { return x; }
static inline kv kv_add(kv a, kv b) { return a + b; }
static inline kv kv_sub(kv a, kv b) { return a - b; }
static inline kv kv_mul(kv a, kv b) { return a * b; }
static inline kv kv_div(kv a, kv b) { return a / b; }
static inline kv kv_fma(kv a, kv b, kv c) { return fma(a, b, c); }
static inline kv kv_sqrt(kv a) { return sqrt(a); }
static inline kv kv_abs(kv a) { return fabs(a); }
/* max of numbers, never NaN here: exact, whatever the instruction. */
static inline kv kv_max(kv a, kv b) { return a > b ? a : b; }
static inline kv kv_min(kv a, kv b) { return a < b ? a : b; }

static inline kvm kv_lt(kv a, kv b) { return a < b; }
/* a is NaN or infinite */
static inline kvm kv_not_finite(kv a) { return !isfinite(a); }
static inline kvm kvm_or(kvm a, kvm b) { return a || b; }
static inline kvm kvm_and(kvm a, kvm b) { return a && b; }
static inline bool kvm_any(kvm a) { return a; }
static inline bool kvm_all(kvm a) { return a; }
static inline kv kv_select(kvm m, kv a, kv b) { return m ? a : b; }

static inline kvi kv_bits(kv a) { kvi i; memcpy(&i, &a, sizeof i); return i; }
static inline kv kv_from_bits(kvi i) { kv a; memcpy(&a, &i, sizeof a); return a; }
static inline kvi kvi_set(uint64_t x) { return x; }
static inline kvi kvi_add(kvi a, kvi b) { return a + b; }
static inline kvi kvi_sub(kvi a, kvi b) { return a - b; }
static inline kvi kvi_and(kvi a, kvi b) { return a & b; }
static inline kvi kvi_or(kvi a, kvi b) { return a | b; }
static inline kvi kvi_shift_right(kvi a, int n) { return a >> n; }

#endif							/* KLD_LANES_SCALAR_H */
