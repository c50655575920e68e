/*
 * kernels_scalar.c: the kernels one bin at a time, for every CPU.
 */
#include "core/simd/lanes_scalar.h"

#define KLD_KERNEL(name) name##_scalar
#define KLD_KERNEL_SET kld_kernels_scalar
#define KLD_KERNEL_SET_NAME "scalar"

#include "core/simd/kernels.inc"
