/*
 * unit.h: a tiny TAP harness for the C unit tests of src/core.
 *
 * Each test_X.c includes this once, makes assertions, and ends main() with
 * `return unit_done();`, which prints the plan line and gives the exit status.
 * Everything here is static (inline, so unused helpers do not warn), one copy
 * per test binary.
 */
#ifndef KLD_UNIT_H
#define KLD_UNIT_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernels.h"
#include "core/kld.h"

#define UNIT_PRINTF(f, a) __attribute__((format(printf, f, a)))

#define UNIT_LN2 0.693147180559945309417232121458176568
#define UNIT_LN10 2.302585092994045684017991454684364208

/* The accuracy the spec promises: 1e-12 relative plus 1e-15 absolute. */
#define UNIT_REL 1e-12
#define UNIT_ABS 1e-15

static int	unit_tests_run = 0;
static int	unit_tests_failed = 0;

/*
 * Every test binary runs on the kernel set KLD_SIMD names: "off" for the
 * scalar one, anything else (or nothing) for the fastest this CPU has. The
 * Makefile's unit target runs each binary both ways.
 */
__attribute__((constructor)) static void
unit_select_kernels(void)
{
	const char *simd = getenv("KLD_SIMD");

	printf("# kernels: %s\n",
		   kld_select_kernels(!(simd != NULL && strcmp(simd, "off") == 0)));
}

static inline void
unit_vreport(int passed, const char *fmt, va_list ap)
{
	unit_tests_run++;
	if (!passed)
		unit_tests_failed++;
	printf("%sok %d - ", passed ? "" : "not ", unit_tests_run);
	vprintf(fmt, ap);
	putchar('\n');
}

/* A plain assertion; the caller prints its own diagnostics on failure. */
static inline int UNIT_PRINTF(2, 3)
unit_ok(int passed, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	unit_vreport(passed, fmt, ap);
	va_end(ap);
	return passed;
}

/* Prints the plan; the exit status is non-zero if anything failed. */
static inline int
unit_done(void)
{
	printf("1..%d\n", unit_tests_run);
	if (unit_tests_failed > 0)
		printf("# %d of %d tests failed\n", unit_tests_failed, unit_tests_run);
	return unit_tests_failed == 0 ? 0 : 1;
}

/* Same value, with NaN equal to NaN and +0 equal to -0. */
static inline int
unit_same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/*
 * got is within rel * |expected| + abs of expected. Infinite expected values
 * must be matched exactly; NaN never passes.
 */
static inline int
unit_close_enough(double got, double expected, double rel, double abs)
{
	if (isnan(got) || isnan(expected))
		return 0;
	if (isinf(expected) || isinf(got))
		return got == expected;
	return fabs(got - expected) <= rel * fabs(expected) + abs;
}

static inline int UNIT_PRINTF(5, 6)
unit_is_close(double got, double expected, double rel, double abs,
			  const char *fmt,...)
{
	va_list		ap;
	int			passed = unit_close_enough(got, expected, rel, abs);

	va_start(ap, fmt);
	unit_vreport(passed, fmt, ap);
	va_end(ap);
	if (!passed)
		printf("#   got:      %.17g\n#   expected: %.17g (rel %g, abs %g)\n",
			   got, expected, rel, abs);
	return passed;
}

static inline int UNIT_PRINTF(3, 4)
unit_is_exact(double got, double expected, const char *fmt,...)
{
	va_list		ap;
	int			passed = unit_same(got, expected);

	va_start(ap, fmt);
	unit_vreport(passed, fmt, ap);
	va_end(ap);
	if (!passed)
		printf("#   got:      %.17g\n#   expected: %.17g (exactly)\n",
			   got, expected);
	return passed;
}

/* got <= bound + slack; for inequalities that rounding may graze. */
static inline int UNIT_PRINTF(4, 5)
unit_is_at_most(double got, double bound, double slack, const char *fmt,...)
{
	va_list		ap;
	int			passed = !isnan(got) && !isnan(bound) && got <= bound + slack;

	va_start(ap, fmt);
	unit_vreport(passed, fmt, ap);
	va_end(ap);
	if (!passed)
		printf("#   got:      %.17g\n#   at most:  %.17g (+ %g)\n",
			   got, bound, slack);
	return passed;
}

static inline int UNIT_PRINTF(3, 4)
unit_is_status(kld_status got, kld_status expected, const char *fmt,...)
{
	va_list		ap;
	int			passed = got == expected;

	va_start(ap, fmt);
	unit_vreport(passed, fmt, ap);
	va_end(ap);
	if (!passed)
		printf("#   got status:      %d (%s)\n#   expected status: %d (%s)\n",
			   (int) got, kld_status_name(got),
			   (int) expected, kld_status_name(expected));
	return passed;
}

/*
 * A failed call: the returned status, and the fault's status, argument,
 * index and value all as expected.
 */
static inline int UNIT_PRINTF(7, 8)
unit_is_fault(kld_status got, const kld_fault *fault, kld_status status,
			  kld_arg arg, size_t index, double value, const char *fmt,...)
{
	va_list		ap;
	int			passed = got == status && fault->status == status &&
		fault->arg == arg && fault->index == index &&
		unit_same(fault->value, value);

	va_start(ap, fmt);
	unit_vreport(passed, fmt, ap);
	va_end(ap);
	if (!passed)
		printf("#   got:      status %d (%s), fault.status %d, arg %d, index %zu, value %.17g\n"
			   "#   expected: status %d (%s), arg %d, index %zu, value %.17g\n",
			   (int) got, kld_status_name(got), (int) fault->status,
			   (int) fault->arg, fault->index, fault->value,
			   (int) status, kld_status_name(status), (int) arg, index, value);
	return passed;
}

/* A kld_fault filled with junk, so a test sees which fields were written. */
static inline kld_fault
unit_dirty_fault(void)
{
	kld_fault	f;

	memset(&f, 0xA5, sizeof f);
	return f;
}

/*
 * Calling the entry points. Each wrapper returns the result, or NaN (with a
 * diagnostic) when the call unexpectedly fails, so the assertion that
 * follows reports the failure.
 */
typedef kld_status (*unit_opt_fn) (const double *p, const double *q,
								   size_t np, size_t nq, const kld_options *opt,
								   double *result, kld_fault *fault);
typedef kld_status (*unit_plain_fn) (const double *p, const double *q,
									 size_t np, size_t nq,
									 double *result, kld_fault *fault);

/* result must be read after the call, so the call is a separate statement. */
static inline double
unit_check_call(kld_status status, const kld_fault *fault, double result)
{
	if (status == KLD_OK)
		return result;
	printf("# unexpected status %s (arg %d, index %zu, value %g)\n",
		   kld_status_name(status), (int) fault->arg, fault->index, fault->value);
	return NAN;
}

/* f(p, q) with options; base NULL when base is NaN. */
static inline double
unit_call_opt(unit_opt_fn fn, const double *p, const double *q, size_t n,
			  double base, double epsilon)
{
	kld_options opt = {isnan(base) ? NULL : &base, epsilon, NULL};
	kld_fault	fault = unit_dirty_fault();
	double		result = NAN;

	kld_status	status = fn(p, q, n, n, &opt, &result, &fault);

	return unit_check_call(status, &fault, result);
}

static inline double
unit_call(unit_plain_fn fn, const double *p, const double *q, size_t n)
{
	kld_fault	fault = unit_dirty_fault();
	double		result = NAN;

	kld_status	status = fn(p, q, n, n, &result, &fault);

	return unit_check_call(status, &fault, result);
}

static inline double
unit_entropy(const double *p, size_t n, double base, double epsilon)
{
	kld_options opt = {isnan(base) ? NULL : &base, epsilon, NULL};
	kld_fault	fault = unit_dirty_fault();
	double		result = NAN;

	kld_status	status = kld_entropy(p, n, &opt, &result, &fault);

	return unit_check_call(status, &fault, result);
}

static inline double
unit_normal(double mu1, double sigma1, double mu2, double sigma2)
{
	kld_fault	fault = unit_dirty_fault();
	double		result = NAN;

	kld_status	status = kld_kl_div_normal(mu1, sigma1, mu2, sigma2, &result, &fault);

	return unit_check_call(status, &fault, result);
}

/* Natural-log shorthands for the common case. */
#define UNIT_NATS NAN
#define KL(p, q, n) unit_call_opt(kld_kl_div, p, q, n, UNIT_NATS, 0.0)
#define CROSS(p, q, n) unit_call_opt(kld_cross_entropy, p, q, n, UNIT_NATS, 0.0)
#define JSD(p, q, n) unit_call_opt(kld_jsd, p, q, n, UNIT_NATS, 0.0)
#define JSDIST(p, q, n) unit_call_opt(kld_js_distance, p, q, n, UNIT_NATS, 0.0)
#define PSI(p, q, n) unit_call_opt(kld_psi, p, q, n, UNIT_NATS, 0.0)
#define CHI2(p, q, n) unit_call_opt(kld_chi2_div, p, q, n, UNIT_NATS, 0.0)
#define ENTROPY(p, n) unit_entropy(p, n, UNIT_NATS, 0.0)
#define TV(p, q, n) unit_call(kld_tv_distance, p, q, n)
#define HELLINGER(p, q, n) unit_call(kld_hellinger, p, q, n)
#define LINF(p, q, n) unit_call(kld_linf_distance, p, q, n)
#define WASSERSTEIN(p, q, n) unit_call(kld_wasserstein, p, q, n)
#define KS(p, q, n) unit_call(kld_ks_distance, p, q, n)

#define UNIT_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Deterministic pseudo-random numbers (splitmix64), so failures reproduce.
 */
static inline uint64_t
unit_rand_u64(uint64_t *state)
{
	uint64_t	z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in (0, 1]: 53 random bits. */
static inline double
unit_rand_unit(uint64_t *state)
{
	return ((double) (unit_rand_u64(state) >> 11) + 1.0) * 0x1.0p-53;
}

/*
 * Random weights with full-precision mantissas spread over several orders
 * of magnitude (exp of a uniform in [-8, 0] times a scale), with about
 * zero_percent of the bins exactly zero.
 */
static inline void
unit_rand_weights(double *w, size_t n, uint64_t *state, double scale,
				  unsigned zero_percent)
{
	for (size_t i = 0; i < n; i++)
	{
		if (zero_percent > 0 && unit_rand_u64(state) % 100 < zero_percent)
			w[i] = 0.0;
		else
			w[i] = scale * exp(-8.0 * unit_rand_unit(state));
	}
	/* Never all zero: the first bin is always positive. */
	if (w[0] == 0.0)
		w[0] = scale * unit_rand_unit(state);
}

static inline double *
unit_alloc(size_t n)
{
	double	   *w = calloc(n, sizeof(double));

	if (w == NULL)
	{
		printf("Bail out! out of memory for %zu doubles\n", n);
		exit(2);
	}
	return w;
}

#endif							/* KLD_UNIT_H */
