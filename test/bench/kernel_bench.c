/*
 * kernel_bench.c: nanoseconds per (p, q) pair of each core function, on
 * each kernel set this CPU runs, at n = 1e3, 1e5 and 1e7, next to a memory baseline that
 * reads both arrays once (sum of p * q). Built and run by kernel_bench.sh.
 *
 * Each figure is the best of several repetitions (noise only ever adds
 * time), and every kernel set is timed in the same run, so ratios compare.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/kernels.h"
#include "core/kld.h"

typedef kld_status (*opt_fn) (const double *, const double *, size_t, size_t,
							  const kld_options *, double *, kld_fault *);
typedef kld_status (*plain_fn) (const double *, const double *, size_t, size_t,
								double *, kld_fault *);

static volatile double sink;

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double
memory_baseline(const double *p, const double *q, size_t n)
{
	double		s0 = 0,
				s1 = 0,
				s2 = 0,
				s3 = 0;
	size_t		i = 0;

	for (; i + 4 <= n; i += 4)
	{
		s0 += p[i] * q[i];
		s1 += p[i + 1] * q[i + 1];
		s2 += p[i + 2] * q[i + 2];
		s3 += p[i + 3] * q[i + 3];
	}
	for (; i < n; i++)
		s0 += p[i] * q[i];
	return s0 + s1 + s2 + s3;
}

/* Best ns per pair over reps runs of one call. */
#define TIME_BEST(call) \
	do { \
		best = 1e300; \
		for (int r = 0; r < reps; r++) { \
			double t0 = now_ns(); \
			call; \
			double t = (now_ns() - t0) / (double) n; \
			if (t < best) best = t; \
		} \
	} while (0)

int
main(void)
{
	static const size_t sizes[] = {1000, 100000, 10000000};
	static const struct
	{
		const char *name;
		opt_fn		opt;
		plain_fn	plain;
	}			funcs[] = {
		{"kl_div", kld_kl_div, NULL},
		{"cross_entropy", kld_cross_entropy, NULL},
		{"jsd", kld_jsd, NULL},
		{"psi", kld_psi, NULL},
		{"chi2_div", kld_chi2_div, NULL},
		{"tv_distance", NULL, kld_tv_distance},
		{"hellinger", NULL, kld_hellinger},
		{"linf_distance", NULL, kld_linf_distance},
		{"wasserstein", NULL, kld_wasserstein},
		{"ks_distance", NULL, kld_ks_distance},
	};
	const kld_kernel_set *sets[3];
	int			nsets = 0;

	sets[nsets++] = &kld_kernels_scalar;
#if defined(__x86_64__)
	if (kld_cpu_runs(&kld_kernels_avx2))
		sets[nsets++] = &kld_kernels_avx2;
	if (kld_cpu_runs(&kld_kernels_avx512))
		sets[nsets++] = &kld_kernels_avx512;
#endif
	printf("%-14s %9s", "function", "n");
	for (int k = 0; k < nsets; k++)
		printf(" %9s ns", sets[k]->name);
	printf(" %9s %9s\n", "best/mem", "speedup");
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
	{
		size_t		n = sizes[s];
		int			reps = n >= 10000000 ? 5 : n >= 100000 ? 50 : 5000;
		double	   *p = malloc(n * sizeof(double));
		double	   *q = malloc(n * sizeof(double));
		double		best,
					mem;
		kld_options opt = {NULL, 0.0, NULL};
		kld_fault	fault;
		double		result;

		srand(42);
		for (size_t i = 0; i < n; i++)
		{
			p[i] = (rand() + 1.0) / RAND_MAX;
			q[i] = (rand() + 1.0) / RAND_MAX;
		}
		TIME_BEST(sink = memory_baseline(p, q, n));
		mem = best;
		printf("%-14s %9zu %12.3f   (memory baseline: sum of p * q)\n", "memory", n, mem);
		for (size_t f = 0; f < sizeof funcs / sizeof funcs[0]; f++)
		{
			double		ns[3];
			double		fastest = 1e300;

			printf("%-14s %9zu", funcs[f].name, n);
			for (int k = 0; k < nsets; k++)
			{
				kld_kernels = sets[k];
				if (funcs[f].opt)
					TIME_BEST(funcs[f].opt(p, q, n, n, &opt, &result, &fault); sink = result);
				else
					TIME_BEST(funcs[f].plain(p, q, n, n, &result, &fault); sink = result);
				ns[k] = best;
				fastest = ns[k] < fastest ? ns[k] : fastest;
				printf(" %12.3f", ns[k]);
			}
			printf(" %9.2f %9.2f\n", fastest / mem, ns[0] / fastest);
		}
		free(p);
		free(q);
	}
	return 0;
}
