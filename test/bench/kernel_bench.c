/*
 * kernel_bench.c: nanoseconds per (p, q) pair of each core function, on
 * each kernel set this CPU runs, at n = 100, 1e3, 1e5 and 1e7, next to a memory baseline that
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

#if defined(__x86_64__)
#include <immintrin.h>

/*
 * The limit probes: glibc's vector logarithm (libmvec, linked with -lmvec)
 * called explicitly in the plainest loops that compute the same sums,
 * without checks, normalization, special bins or compensated sums:
 * sum p log(p / q) (kl_div's limit) and sum p log(2p / (p + q)) +
 * q log(2q / (p + q)) (jsd's, two logarithms). Their accuracy is libmvec's
 * (up to 4 ulp), not ours, and they differ between instruction sets.
 */
__m256d		_ZGVdN4v_log(__m256d x);
__m512d		_ZGVeN8v_log(__m512d x);

__attribute__((target("avx2,fma"))) static double
limit_kl_avx2(const double *p, const double *q, size_t n)
{
	__m256d		acc = _mm256_setzero_pd();
	double		lanes[4];
	size_t		i = 0;

	for (; i + 4 <= n; i += 4)
	{
		__m256d		vp = _mm256_loadu_pd(p + i);

		acc = _mm256_fmadd_pd(vp, _ZGVdN4v_log(_mm256_div_pd(vp, _mm256_loadu_pd(q + i))), acc);
	}
	_mm256_storeu_pd(lanes, acc);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3] + (i < n ? p[i] : 0.0);
}

__attribute__((target("avx2,fma"))) static double
limit_jsd_avx2(const double *p, const double *q, size_t n)
{
	__m256d		acc = _mm256_setzero_pd();
	double		lanes[4];
	size_t		i = 0;

	for (; i + 4 <= n; i += 4)
	{
		__m256d		vp = _mm256_loadu_pd(p + i);
		__m256d		vq = _mm256_loadu_pd(q + i);
		__m256d		half_m = _mm256_mul_pd(_mm256_add_pd(vp, vq), _mm256_set1_pd(0.5));

		acc = _mm256_fmadd_pd(vp, _ZGVdN4v_log(_mm256_div_pd(vp, half_m)), acc);
		acc = _mm256_fmadd_pd(vq, _ZGVdN4v_log(_mm256_div_pd(vq, half_m)), acc);
	}
	_mm256_storeu_pd(lanes, acc);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3] + (i < n ? p[i] : 0.0);
}

__attribute__((target("avx512f"))) static double
limit_kl_avx512(const double *p, const double *q, size_t n)
{
	__m512d		acc = _mm512_setzero_pd();
	size_t		i = 0;

	for (; i + 8 <= n; i += 8)
	{
		__m512d		vp = _mm512_loadu_pd(p + i);

		acc = _mm512_fmadd_pd(vp, _ZGVeN8v_log(_mm512_div_pd(vp, _mm512_loadu_pd(q + i))), acc);
	}
	return _mm512_reduce_add_pd(acc) + (i < n ? p[i] : 0.0);
}

__attribute__((target("avx512f"))) static double
limit_jsd_avx512(const double *p, const double *q, size_t n)
{
	__m512d		acc = _mm512_setzero_pd();
	size_t		i = 0;

	for (; i + 8 <= n; i += 8)
	{
		__m512d		vp = _mm512_loadu_pd(p + i);
		__m512d		vq = _mm512_loadu_pd(q + i);
		__m512d		half_m = _mm512_mul_pd(_mm512_add_pd(vp, vq), _mm512_set1_pd(0.5));

		acc = _mm512_fmadd_pd(vp, _ZGVeN8v_log(_mm512_div_pd(vp, half_m)), acc);
		acc = _mm512_fmadd_pd(vq, _ZGVeN8v_log(_mm512_div_pd(vq, half_m)), acc);
	}
	return _mm512_reduce_add_pd(acc) + (i < n ? p[i] : 0.0);
}
#endif

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
	static const size_t sizes[] = {100, 1000, 100000, 10000000};
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
		int			reps = n >= 10000000 ? 5 : n >= 100000 ? 50 : n >= 1000 ? 5000 : 50000;
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
#if defined(__x86_64__)
		{
			/* The limits, and each function over its limit on the same set. */
			typedef double (*limit_fn) (const double *, const double *, size_t);
			static const struct
			{
				const char *name;
				opt_fn		fn;
				limit_fn	avx2,
							avx512;
			}			limits[] = {
				{"kl_div", kld_kl_div, limit_kl_avx2, limit_kl_avx512},
				{"jsd", kld_jsd, limit_jsd_avx2, limit_jsd_avx512},
			};

			for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++)
				for (int k = 1; k < nsets; k++)
				{
					limit_fn	limit = sets[k] == &kld_kernels_avx2 ? limits[l].avx2 : limits[l].avx512;
					double		limit_ns,
								ours;

					TIME_BEST(sink = limit(p, q, n));
					limit_ns = best;
					kld_kernels = sets[k];
					TIME_BEST(limits[l].fn(p, q, n, n, &opt, &result, &fault); sink = result);
					ours = best;
					printf("%-14s %9zu   libmvec limit on %-6s %8.3f ns, %s %8.3f ns: ratio %5.2f (target <= 2)\n",
						   limits[l].name, n, sets[k]->name, limit_ns, limits[l].name, ours,
						   ours / limit_ns);
				}
			for (int k = 0; k < nsets; k++)
			{
				kld_checked_weights checked;
				kld_options cached = {NULL, 0.0, &checked};

				kld_kernels = sets[k];
				kld_check_weights(q, n, KLD_ARG_Q, &checked, &fault);
				TIME_BEST(kld_kl_div(p, q, n, n, &cached, &result, &fault); sink = result);
				printf("%-14s %9zu   on %-6s %8.3f ns with q checked once (a constant q in SQL)\n",
					   "kl_div", n, sets[k]->name, best);
				TIME_BEST(kld_tv_distance(p, q, n, n, &result, &fault); sink = result);
				printf("%-14s %9zu   on %-6s %8.3f ns, memory baseline %8.3f ns: ratio %5.2f (target <= 2)\n",
					   "tv_distance", n, sets[k]->name, best, mem, best / mem);
				TIME_BEST(kld_linf_distance(p, q, n, n, &result, &fault); sink = result);
				printf("%-14s %9zu   on %-6s %8.3f ns, memory baseline %8.3f ns: ratio %5.2f (target <= 2)\n",
					   "linf_distance", n, sets[k]->name, best, mem, best / mem);
			}
		}
#endif
		free(p);
		free(q);
	}
	return 0;
}
