/*
 * kernels.c: choosing the kernel set, and what all sets share.
 */
#include "kernels.h"

#include <math.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

const kld_kernel_set *kld_kernels = &kld_kernels_scalar;
void		(*kld_interrupt_hook) (void) = NULL;

#if defined(__x86_64__)
/* AVX2 and FMA in the CPU, and the OS saving the YMM registers. */
static bool
cpu_has_avx2_fma(void)
{
	unsigned int eax,
				ebx,
				ecx,
				edx;
	unsigned int xcr0_lo,
				xcr0_hi;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return false;
	if (!(ecx & bit_FMA) || !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX))
		return false;
	__asm__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
	if ((xcr0_lo & 6) != 6)
		return false;
	if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
		return false;
	return (ebx & bit_AVX2) != 0;
}

/* AVX-512 F and DQ in the CPU, and the OS saving the ZMM registers too. */
static bool
cpu_has_avx512(void)
{
	unsigned int eax,
				ebx,
				ecx,
				edx;
	unsigned int xcr0_lo,
				xcr0_hi;

	if (!cpu_has_avx2_fma())
		return false;
	__asm__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
	if ((xcr0_lo & 0xE6) != 0xE6)
		return false;
	if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
		return false;
	return (ebx & bit_AVX512F) && (ebx & bit_AVX512DQ);
}
#endif

bool
kld_cpu_runs(const kld_kernel_set *set)
{
#if defined(__x86_64__) && !defined(KLD_DISABLE_DISPATCH)
	if (set == &kld_kernels_avx512)
		return cpu_has_avx512();
	if (set == &kld_kernels_avx2)
		return cpu_has_avx2_fma();
#endif
#if defined(__aarch64__) && !defined(KLD_DISABLE_DISPATCH)
	if (set == &kld_kernels_neon)
		return true;			/* every arm64 CPU has NEON */
#endif
	return set == &kld_kernels_scalar;
}

const char *
kld_select_kernels(bool simd)
{
	kld_kernels = &kld_kernels_scalar;
#if defined(__x86_64__) && !defined(KLD_DISABLE_DISPATCH)
	if (simd && cpu_has_avx512())
		kld_kernels = &kld_kernels_avx512;
	else if (simd && cpu_has_avx2_fma())
		kld_kernels = &kld_kernels_avx2;
#elif defined(__aarch64__) && !defined(KLD_DISABLE_DISPATCH)
	if (simd)
		kld_kernels = &kld_kernels_neon;
#else
	(void) simd;
#endif
	return kld_kernels->name;
}

kld_sum
kld_lanes_total(const double sums[4], const double errs[4])
{
	kld_sum		total = {0.0, 0.0};

	/* Once a lane overflows, its error term is meaningless (Inf - Inf). */
	for (int lane = 0; lane < 4; lane++)
		if (isinf(sums[lane]))
		{
			total.sum = sums[lane];
			return total;
		}
	for (int lane = 0; lane < 4; lane++)
		kld_sum_add(&total, sums[lane]);
	for (int lane = 0; lane < 4; lane++)
		kld_sum_add(&total, errs[lane]);
	return total;
}
