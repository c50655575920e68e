/*
 * kernels_avx2.c: the kernels four bins at a time. Built with -mavx2 -mfma
 * (see the Makefile) and only called after kld_select_kernels has seen both
 * in the CPU. Empty on other architectures.
 */
#if defined(__x86_64__)

#include "core/simd/lanes_avx2.h"

#define KLD_KERNEL(name) name##_avx2
#define KLD_KERNEL_SET kld_kernels_avx2
#define KLD_KERNEL_SET_NAME "avx2"

#include "core/simd/kernels.inc"

#else
typedef int kld_no_avx2_here;	/* ISO C wants something in a file */
#endif
