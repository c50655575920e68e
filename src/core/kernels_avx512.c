/*
 * kernels_avx512.c: the kernels eight bins at a time. Built with
 * -mavx512f -mavx512dq (see the Makefile) and only called after
 * kld_select_kernels has seen both in the CPU. Empty on other architectures.
 */
#if defined(__x86_64__)

#include "core/simd/lanes_avx512.h"

#define KLD_KERNEL(name) name##_avx512
#define KLD_KERNEL_SET kld_kernels_avx512
#define KLD_KERNEL_SET_NAME "avx512"

#include "core/simd/kernels.inc"

#else
typedef int kld_no_avx512_here;	/* ISO C wants something in a file */
#endif
