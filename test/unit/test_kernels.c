/*
 * test_kernels.c: every kernel set gives the same bits as the scalar one,
 * on random histograms with the special bins the kernels treat apart
 * (zeros, subnormal and underflowing probabilities, p close to q), lengths
 * that leave every possible tail, and with and without smoothing.
 */
#include <float.h>

#include "unit.h"

#define N_FUNCS 13

typedef struct results
{
	double		value[N_FUNCS];
	kld_status	status[N_FUNCS];
} results;

static const char *const names[N_FUNCS] = {
	"entropy", "cross_entropy", "kl_div", "jsd", "js_distance", "psi", "chi2_div",
	"tv_distance", "hellinger", "linf_distance", "wasserstein", "ks_distance",
	"kl_div(base 2, epsilon)"
};

static results
run_all(const double *p, const double *q, size_t n, double epsilon)
{
	results		r;
	kld_fault	fault;
	kld_options opt = {NULL, epsilon, NULL};
	double		two = 2.0;
	kld_options bits = {&two, epsilon, NULL};

	r.status[0] = kld_entropy(p, n, &opt, &r.value[0], &fault);
	r.status[1] = kld_cross_entropy(p, q, n, n, &opt, &r.value[1], &fault);
	r.status[2] = kld_kl_div(p, q, n, n, &opt, &r.value[2], &fault);
	r.status[3] = kld_jsd(p, q, n, n, &opt, &r.value[3], &fault);
	r.status[4] = kld_js_distance(p, q, n, n, &opt, &r.value[4], &fault);
	r.status[5] = kld_psi(p, q, n, n, &opt, &r.value[5], &fault);
	r.status[6] = kld_chi2_div(p, q, n, n, &opt, &r.value[6], &fault);
	r.status[7] = kld_tv_distance(p, q, n, n, &r.value[7], &fault);
	r.status[8] = kld_hellinger(p, q, n, n, &r.value[8], &fault);
	r.status[9] = kld_linf_distance(p, q, n, n, &r.value[9], &fault);
	r.status[10] = kld_wasserstein(p, q, n, n, &r.value[10], &fault);
	r.status[11] = kld_ks_distance(p, q, n, n, &r.value[11], &fault);
	r.status[12] = kld_kl_div(p, q, n, n, &bits, &r.value[12], &fault);
	return r;
}

static uint64_t rng = 20261121;

static double
uniform(void)
{
	return unit_rand_unit(&rng);
}

/* One weight of a random shape; kind picks the family. */
static double
random_weight(int kind)
{
	double		u = uniform();

	switch (kind)
	{
		case 0:
			return u;
		case 1:
			return u < 0.3 ? 0.0 : floor(u * 1000);
		case 2:
			return ldexp(u, -1060);	/* subnormal */
		case 3:
			return u < 0.5 ? ldexp(u, 1000) : ldexp(u, -1000);	/* underflow after normalizing */
		default:
			return u < 0.1 ? 0.0 : exp(40 * u - 20);
	}
}

/* Every SIMD set this CPU runs against the scalar one. */
static void
compare_with_scalar(const kld_kernel_set *set)
{
	const char *fastest = set->name;
	int			mismatches = 0;
	long		compared = 0;

	rng = 20261121;

	for (int trial = 0; trial < 4000; trial++)
	{
		size_t		n = 1 + (size_t) (uniform() * (trial % 10 == 0 ? 3000 : 37));
		double	   *p = malloc(n * sizeof(double));
		double	   *q = malloc(n * sizeof(double));
		int			kind = trial % 5;
		double		epsilon = trial % 7 == 0 ? 1e-6 : trial % 11 == 0 ? 3.0 : 0.0;
		results		scalar,
					simd;

		for (size_t i = 0; i < n; i++)
		{
			p[i] = random_weight(kind);
			/* q: the same, nearly the same, or independent */
			q[i] = trial % 3 == 0 ? p[i] : trial % 3 == 1 ? p[i] * (1 + 1e-6 * (uniform() - 0.5))
				: random_weight((kind + trial) % 5);
		}
		kld_kernels = &kld_kernels_scalar;
		scalar = run_all(p, q, n, epsilon);
		kld_kernels = set;
		simd = run_all(p, q, n, epsilon);
		for (int f = 0; f < N_FUNCS; f++)
		{
			compared++;
			if (scalar.status[f] != simd.status[f] ||
				memcmp(&scalar.value[f], &simd.value[f], sizeof(double)) != 0)
			{
				if (mismatches++ < 10)
					printf("# %s differs: n=%zu kind=%d epsilon=%g: scalar %.17g, %s %.17g\n",
						   names[f], n, kind, epsilon, scalar.value[f], fastest, simd.value[f]);
			}
		}
		free(p);
		free(q);
	}
	unit_ok(mismatches == 0, "%s kernels give the scalar kernels' bits (%ld results, %d differ)",
			fastest, compared, mismatches);
}

/*
 * q checked once (kld_check_weights, under the scalar kernels) and passed
 * as opt.q_checked gives the bits of checking it on every call, on the
 * kernel set in use, for every function that takes options; a q that fails
 * the check fails the same way on every call.
 */
static void
check_checked_q(const kld_kernel_set *set)
{
	int			mismatches = 0;
	long		compared = 0;

	rng = 7;
	for (int trial = 0; trial < 1000; trial++)
	{
		size_t		n = 1 + (size_t) (uniform() * (trial % 10 == 0 ? 3000 : 37));
		double	   *p = malloc(n * sizeof(double));
		double	   *q = malloc(n * sizeof(double));
		double		epsilon = trial % 7 == 0 ? 1e-6 : trial % 11 == 0 ? 3.0 : 0.0;
		double		two = 2.0;
		kld_checked_weights checked;
		kld_fault	fault;
		kld_status	q_status;

		for (size_t i = 0; i < n; i++)
		{
			p[i] = random_weight(trial % 5);
			q[i] = trial % 3 == 0 ? p[i] : random_weight((trial / 5) % 5);
		}
		kld_kernels = &kld_kernels_scalar;
		q_status = kld_check_weights(q, n, KLD_ARG_Q, &checked, &fault);
		kld_kernels = set;
		for (int with_base = 0; with_base < 2; with_base++)
		{
			kld_options plain = {with_base ? &two : NULL, epsilon, NULL};
			kld_options cached = {with_base ? &two : NULL, epsilon,
			q_status == KLD_OK ? &checked : NULL};
			kld_status	(*fns[]) (const double *, const double *, size_t, size_t,
								  const kld_options *, double *, kld_fault *) = {
				kld_cross_entropy, kld_kl_div, kld_jsd, kld_js_distance, kld_psi, kld_chi2_div
			};

			for (size_t f = 0; f < UNIT_LEN(fns); f++)
			{
				double		a = 0.0,
							b = 0.0;
				kld_status	sa = fns[f] (p, q, n, n, &plain, &a, &fault);
				kld_status	sb = fns[f] (p, q, n, n, &cached, &b, &fault);

				compared++;
				if (sa != sb || (sa == KLD_OK && memcmp(&a, &b, sizeof a) != 0))
				{
					if (mismatches++ < 10)
						printf("# function %zu differs with q checked once: n=%zu: %.17g, %.17g\n",
							   f, n, a, b);
				}
			}
		}
		free(p);
		free(q);
	}
	unit_ok(mismatches == 0, "%s kernels: q checked once gives the bits of q checked per call "
			"(%ld results, %d differ)", set->name, compared, mismatches);
}

int
main(void)
{
	const kld_kernel_set *saved = kld_kernels;
	int			compared_sets = 0;

#if defined(__x86_64__) || defined(__aarch64__)
#if defined(__x86_64__)
	const kld_kernel_set *sets[] = {&kld_kernels_avx2, &kld_kernels_avx512};
#else
	const kld_kernel_set *sets[] = {&kld_kernels_neon};
#endif

	for (size_t s = 0; s < UNIT_LEN(sets); s++)
		if (kld_cpu_runs(sets[s]))
		{
			compare_with_scalar(sets[s]);
			compared_sets++;
		}
#endif
	if (compared_sets == 0)
		unit_ok(1, "# SKIP this CPU runs the scalar kernels only");
	check_checked_q(&kld_kernels_scalar);
#if defined(__x86_64__) || defined(__aarch64__)
	for (size_t s = 0; s < UNIT_LEN(sets); s++)
		if (kld_cpu_runs(sets[s]))
			check_checked_q(sets[s]);
#endif
	kld_kernels = saved;
	return unit_done();
}
