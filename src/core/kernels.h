/*
 * kernels.h: the loops over bins, one set per instruction set, chosen once
 * (kld_select_kernels) and called through kld_kernels.
 *
 * Every set adds its terms in the same order: four running sums, bin i
 * going to sum i % 4, combined in a fixed order at the end. With the same
 * operations on each bin (simd/kernels.inc), every set gives the same bits.
 */
#ifndef KLD_KERNELS_H
#define KLD_KERNELS_H

#include <stdbool.h>

#include "compensated_sum.h"
#include "distribution.h"

typedef struct kld_kernel_set
{
	const char *name;
	/* Sum of w[i] * scale; false if some weight is NaN, infinite or negative. */
	bool		(*weights_sum) (const double *w, size_t n, double scale, kld_sum *total);
	/*
	 * Both sums of weights_sum (scale 1) in one pass; false if a weight is
	 * negative (a NaN or infinite one makes its sum not finite).
	 */
	bool		(*pair_sums) (const double *p, const double *q, size_t n,
							  kld_sum *sum_p, kld_sum *sum_q);

	/* Sums of the per-bin terms (terms.h); +Infinity if a term is. */
	double		(*entropy) (const kld_dist *P);
	double		(*cross_entropy) (const kld_dist *P, const kld_dist *Q);
	double		(*kl_div) (const kld_dist *P, const kld_dist *Q);
	double		(*jsd) (const kld_dist *P, const kld_dist *Q);
	double		(*psi) (const kld_dist *P, const kld_dist *Q);
	double		(*chi2) (const kld_dist *P, const kld_dist *Q);
	/* sum |p - q|, sum (sqrt p - sqrt q)^2, max |p - q| */
	double		(*tv) (const kld_dist *P, const kld_dist *Q);
	double		(*hellinger) (const kld_dist *P, const kld_dist *Q);
	double		(*linf) (const kld_dist *P, const kld_dist *Q);
} kld_kernel_set;

extern const kld_kernel_set kld_kernels_scalar;
#if defined(__x86_64__)
extern const kld_kernel_set kld_kernels_avx2;
extern const kld_kernel_set kld_kernels_avx512;
#endif
#if defined(__aarch64__)
extern const kld_kernel_set kld_kernels_neon;
#endif

/* The set in use; starts as the scalar one. */
extern const kld_kernel_set *kld_kernels;

/* Whether this CPU (and OS) can run the set. */
bool		kld_cpu_runs(const kld_kernel_set *set);

/*
 * Picks the fastest set this CPU runs, or the scalar one when simd is false.
 * Returns the name of the set chosen.
 */
const char *kld_select_kernels(bool simd);

/*
 * Called every KLD_INTERRUPT_STRIDE bins by the core's loops over bins or
 * edges (test/unit/test_interrupts.c counts the calls of each pass), so a
 * caller (the database) can cancel them; it may longjmp, which the loops
 * allow: they hold no resources. NULL for none.
 */
extern void (*kld_interrupt_hook) (void);

#define KLD_INTERRUPT_STRIDE 65536

/* For a loop over bins: calls the hook every KLD_INTERRUPT_STRIDE bins. */
static inline void
kld_check_interrupts(size_t i)
{
	if ((i & (KLD_INTERRUPT_STRIDE - 1)) == 0 && kld_interrupt_hook != NULL)
		kld_interrupt_hook();
}

/* The total of four lane sums, added in lane order. */
kld_sum		kld_lanes_total(const double sums[4], const double errs[4]);

#endif							/* KLD_KERNELS_H */
