/*
 * kernels_neon.c: the kernels two bins at a time with NEON, which every
 * arm64 CPU has. Empty on other architectures.
 */
#if defined(__aarch64__)

#include "core/simd/lanes_neon.h"

#define KLD_KERNEL(name) name##_neon
#define KLD_KERNEL_SET kld_kernels_neon
#define KLD_KERNEL_SET_NAME "neon"

#include "core/simd/kernels.inc"

#else
typedef int kld_no_neon_here;	/* ISO C wants something in a file */
#endif
