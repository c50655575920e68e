/*
 * test_validation.c: every fault of every entry point, with the status, the
 * argument, the 0-based index and the offending value; the order in which
 * checks run (options, emptiness, lengths, p's weights, q's weights); and the
 * status names.
 */
#include <float.h>

#include "unit.h"

/* One entry point of two distributions, with or without options. */
typedef struct entry
{
	const char *name;
	unit_opt_fn opt;
	unit_plain_fn plain;
} entry;

static const entry entries[] = {
	{"cross_entropy", kld_cross_entropy, NULL},
	{"kl_div", kld_kl_div, NULL},
	{"jsd", kld_jsd, NULL},
	{"js_distance", kld_js_distance, NULL},
	{"psi", kld_psi, NULL},
	{"chi2_div", kld_chi2_div, NULL},
	{"tv_distance", NULL, kld_tv_distance},
	{"hellinger", NULL, kld_hellinger},
	{"linf_distance", NULL, kld_linf_distance},
	{"wasserstein", NULL, kld_wasserstein},
	{"ks_distance", NULL, kld_ks_distance},
};

static kld_status
call(const entry *e, const double *p, const double *q, size_t np, size_t nq,
	 const kld_options *opt, kld_fault *fault)
{
	double		result = 0.0;

	if (e->opt != NULL)
		return e->opt(p, q, np, nq, opt, &result, fault);
	return e->plain(p, q, np, nq, &result, fault);
}

/* A bad weight array and the fault it must raise (its first bad element). */
typedef struct bad_weights
{
	const char *what;
	double		w[4];
	size_t		n;
	kld_status	status;
	size_t		index;
	double		value;
} bad_weights;

static const bad_weights bad[] = {
	{"negative at 2", {1, 2, -0.5, 3}, 4, KLD_NEGATIVE, 2, -0.5},
	{"tiny negative subnormal at 0", {-0x1p-1074, 1, 1, 1}, 4, KLD_NEGATIVE, 0, -0x1p-1074},
	{"NaN at 1", {1, NAN, 1, 1}, 4, KLD_NOT_A_NUMBER, 1, NAN},
	{"+Infinity at 0", {INFINITY, 1, 1, 1}, 4, KLD_INFINITE, 0, INFINITY},
	/* -Infinity is negative too, but the infinity check comes first. */
	{"-Infinity at 3", {1, 1, 1, -INFINITY}, 4, KLD_INFINITE, 3, -INFINITY},
	{"negative before NaN", {1, -1, NAN, 1}, 4, KLD_NEGATIVE, 1, -1},
	{"NaN before negative", {1, NAN, -1, 1}, 4, KLD_NOT_A_NUMBER, 1, NAN},
	{"all zero", {0, 0, 0, 0}, 4, KLD_ALL_ZERO, 0, 0},
	{"all negative zero", {-0.0, -0.0, -0.0}, 3, KLD_ALL_ZERO, 0, 0},
	{"single zero", {0}, 1, KLD_ALL_ZERO, 0, 0},
};

static const double good4[] = {1, 2, 3, 4};

static void
test_pair_faults(const entry *e)
{
	double		p3[] = {1, 2, 3};
	double		q2[] = {1, 2};
	double		nan3[] = {1, NAN, 1};
	double		neg4[] = {1, 1, 1, -2};
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_fault	fault;
	kld_status	st;

	for (size_t i = 0; i < UNIT_LEN(bad); i++)
	{
		const double *other = good4;

		fault = unit_dirty_fault();
		st = call(e, bad[i].w, other, bad[i].n, bad[i].n, &opt, &fault);
		unit_is_fault(st, &fault, bad[i].status, KLD_ARG_P, bad[i].index, bad[i].value,
					  "%s: p %s", e->name, bad[i].what);
		fault = unit_dirty_fault();
		st = call(e, other, bad[i].w, bad[i].n, bad[i].n, &opt, &fault);
		unit_is_fault(st, &fault, bad[i].status, KLD_ARG_Q, bad[i].index, bad[i].value,
					  "%s: q %s", e->name, bad[i].what);
	}

	/* p is checked before q. */
	fault = unit_dirty_fault();
	st = call(e, neg4, nan3, 4, 4, &opt, &fault);
	unit_is_fault(st, &fault, KLD_NEGATIVE, KLD_ARG_P, 3, -2,
				  "%s: bad p and bad q: p reported", e->name);

	/* Empty arrays. */
	fault = unit_dirty_fault();
	st = call(e, p3, p3, 0, 3, &opt, &fault);
	unit_is_fault(st, &fault, KLD_EMPTY, KLD_ARG_P, 0, 0, "%s: p empty", e->name);
	fault = unit_dirty_fault();
	st = call(e, p3, p3, 3, 0, &opt, &fault);
	unit_is_fault(st, &fault, KLD_EMPTY, KLD_ARG_Q, 0, 0, "%s: q empty", e->name);
	fault = unit_dirty_fault();
	st = call(e, NULL, NULL, 0, 0, &opt, &fault);
	unit_is_fault(st, &fault, KLD_EMPTY, KLD_ARG_P, 0, 0, "%s: both empty (NULL): p reported",
				  e->name);

	/* Lengths are compared before any weight is looked at. */
	fault = unit_dirty_fault();
	st = call(e, nan3, q2, 3, 2, &opt, &fault);
	unit_ok(st == KLD_LENGTH_MISMATCH && fault.status == KLD_LENGTH_MISMATCH &&
			fault.arg == KLD_ARG_Q && fault.length_p == 3 && fault.length_q == 2,
			"%s: lengths 3 and 2 (p has a NaN): length mismatch 3, 2", e->name);
	if (st != KLD_LENGTH_MISMATCH || fault.length_p != 3 || fault.length_q != 2)
		printf("#   got status %s, arg %d, lengths %zu and %zu\n",
			   kld_status_name(st), (int) fault.arg, fault.length_p, fault.length_q);
	fault = unit_dirty_fault();
	st = call(e, q2, neg4, 2, 4, &opt, &fault);
	unit_ok(st == KLD_LENGTH_MISMATCH && fault.length_p == 2 && fault.length_q == 4,
			"%s: lengths 2 and 4: length mismatch 2, 4", e->name);

	/* -0.0 is not negative: [-0, 1] is the point mass [0, 1]. */
	{
		double		negzero[] = {-0.0, 1};
		double		zero_one[] = {0, 1};
		double		half[] = {1, 1};
		double		r1 = NAN,
					r2 = NAN;
		kld_status	s1,
					s2;

		if (e->opt != NULL)
		{
			s1 = e->opt(negzero, half, 2, 2, &opt, &r1, &fault);
			s2 = e->opt(zero_one, half, 2, 2, &opt, &r2, &fault);
		}
		else
		{
			s1 = e->plain(negzero, half, 2, 2, &r1, &fault);
			s2 = e->plain(zero_one, half, 2, 2, &r2, &fault);
		}
		unit_ok(s1 == KLD_OK && s2 == KLD_OK && unit_same(r1, r2),
				"%s: a -0 weight is accepted and counts as 0", e->name);
	}
}

/* Base and epsilon, for the entry points that take options. */
typedef struct bad_option
{
	const char *what;
	double		base;			/* NaN here means no base given... */
	int			has_base;		/* ...so whether one is given is explicit */
	double		epsilon;
	kld_status	status;
	kld_arg		arg;
	double		value;
} bad_option;

static const bad_option bad_opts[] = {
	{"base 0", 0, 1, 0, KLD_BAD_BASE, KLD_ARG_BASE, 0},
	{"base 1", 1, 1, 0, KLD_BAD_BASE, KLD_ARG_BASE, 1},
	{"base -2", -2, 1, 0, KLD_BAD_BASE, KLD_ARG_BASE, -2},
	{"base NaN", NAN, 1, 0, KLD_BAD_BASE, KLD_ARG_BASE, NAN},
	{"base +Infinity", INFINITY, 1, 0, KLD_BAD_BASE, KLD_ARG_BASE, INFINITY},
	{"base -Infinity", -INFINITY, 1, 0, KLD_BAD_BASE, KLD_ARG_BASE, -INFINITY},
	{"epsilon -1", 0, 0, -1, KLD_BAD_EPSILON, KLD_ARG_EPSILON, -1},
	{"epsilon -1e-300", 0, 0, -1e-300, KLD_BAD_EPSILON, KLD_ARG_EPSILON, -1e-300},
	{"epsilon NaN", 0, 0, NAN, KLD_BAD_EPSILON, KLD_ARG_EPSILON, NAN},
	{"epsilon +Infinity", 0, 0, INFINITY, KLD_BAD_EPSILON, KLD_ARG_EPSILON, INFINITY},
	{"epsilon -Infinity", 0, 0, -INFINITY, KLD_BAD_EPSILON, KLD_ARG_EPSILON, -INFINITY},
	/* base is checked before epsilon */
	{"base 1 and epsilon NaN", 1, 1, NAN, KLD_BAD_BASE, KLD_ARG_BASE, 1},
	{"base 2 and epsilon -1", 2, 1, -1, KLD_BAD_EPSILON, KLD_ARG_EPSILON, -1},
};

static kld_options
make_options(const bad_option *b, const double *base)
{
	kld_options opt = {b->has_base ? base : NULL, b->epsilon, NULL};

	return opt;
}

static void
test_option_faults(const entry *e)
{
	double		bad_p[] = {1, -1, 1};
	double		q2[] = {1, 1};

	for (size_t i = 0; i < UNIT_LEN(bad_opts); i++)
	{
		double		base = bad_opts[i].base;
		kld_options opt = make_options(&bad_opts[i], &base);
		kld_fault	fault = unit_dirty_fault();
		kld_status	st = call(e, good4, good4, 4, 4, &opt, &fault);

		unit_is_fault(st, &fault, bad_opts[i].status, bad_opts[i].arg, 0, bad_opts[i].value,
					  "%s: %s", e->name, bad_opts[i].what);
	}

	/* Options are checked before emptiness, lengths and weights. */
	{
		double		base = 1.0;
		kld_options opt = {&base, 0.0, NULL};
		kld_fault	fault = unit_dirty_fault();
		kld_status	st = call(e, bad_p, q2, 3, 2, &opt, &fault);

		unit_is_fault(st, &fault, KLD_BAD_BASE, KLD_ARG_BASE, 0, 1,
					  "%s: base 1 with mismatched, bad weights: base reported", e->name);
		opt.base = NULL;
		opt.epsilon = -1;
		fault = unit_dirty_fault();
		st = call(e, NULL, NULL, 0, 0, &opt, &fault);
		unit_is_fault(st, &fault, KLD_BAD_EPSILON, KLD_ARG_EPSILON, 0, -1,
					  "%s: epsilon -1 with empty arrays: epsilon reported", e->name);
	}

	/* Unusual but valid options. */
	{
		double		bases[] = {0.5, 1e-300, 1e300, 1 + 0x1p-52, 0x1p-1074};
		kld_fault	fault = unit_dirty_fault();

		for (size_t i = 0; i < UNIT_LEN(bases); i++)
		{
			kld_options opt = {&bases[i], 0.0, NULL};
			kld_status	st = call(e, good4, good4, 4, 4, &opt, &fault);

			/* js_distance is a square root: a base below 1 would make it imaginary. */
			if (e->opt == kld_js_distance && bases[i] < 1.0)
				unit_is_fault(st, &fault, KLD_BAD_BASE, KLD_ARG_BASE, 0, bases[i],
							  "%s: base %g is rejected", e->name, bases[i]);
			else
				unit_is_status(st, KLD_OK, "%s: base %g is accepted", e->name, bases[i]);
		}
		{
			kld_options opt = {NULL, DBL_MAX, NULL};

			unit_is_status(call(e, good4, good4, 4, 4, &opt, &fault), KLD_OK,
						   "%s: epsilon DBL_MAX is accepted", e->name);
			opt.epsilon = 0x1p-1074;
			unit_is_status(call(e, good4, good4, 4, 4, &opt, &fault), KLD_OK,
						   "%s: epsilon 5e-324 is accepted", e->name);
		}
	}
}

static void
test_entropy_faults(void)
{
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_fault	fault;
	kld_status	st;
	double		result;

	for (size_t i = 0; i < UNIT_LEN(bad); i++)
	{
		fault = unit_dirty_fault();
		st = kld_entropy(bad[i].w, bad[i].n, &opt, &result, &fault);
		unit_is_fault(st, &fault, bad[i].status, KLD_ARG_P, bad[i].index, bad[i].value,
					  "entropy: p %s", bad[i].what);
	}
	fault = unit_dirty_fault();
	st = kld_entropy(good4, 0, &opt, &result, &fault);
	unit_is_fault(st, &fault, KLD_EMPTY, KLD_ARG_P, 0, 0, "entropy: p empty");
	fault = unit_dirty_fault();
	st = kld_entropy(NULL, 0, &opt, &result, &fault);
	unit_is_fault(st, &fault, KLD_EMPTY, KLD_ARG_P, 0, 0, "entropy: p empty (NULL)");

	for (size_t i = 0; i < UNIT_LEN(bad_opts); i++)
	{
		double		base = bad_opts[i].base;

		opt = make_options(&bad_opts[i], &base);
		fault = unit_dirty_fault();
		st = kld_entropy(good4, 4, &opt, &result, &fault);
		unit_is_fault(st, &fault, bad_opts[i].status, bad_opts[i].arg, 0, bad_opts[i].value,
					  "entropy: %s", bad_opts[i].what);
	}
	{
		double		base = 0.0;
		double		w[] = {NAN};

		opt.base = &base;
		opt.epsilon = 0.0;
		fault = unit_dirty_fault();
		st = kld_entropy(w, 1, &opt, &result, &fault);
		unit_is_fault(st, &fault, KLD_BAD_BASE, KLD_ARG_BASE, 0, 0,
					  "entropy: base 0 with a NaN weight: base reported");
	}
}

static void
test_status_names(void)
{
	kld_status	statuses[] = {
		KLD_OK, KLD_EMPTY, KLD_LENGTH_MISMATCH, KLD_NEGATIVE, KLD_NOT_A_NUMBER,
		KLD_INFINITE, KLD_ALL_ZERO, KLD_BAD_BASE, KLD_BAD_EPSILON, KLD_BAD_SIGMA,
		KLD_BAD_MEAN
	};
	const char *unknown = kld_status_name((kld_status) 1000);
	int			n_named = 0;

	unit_ok(unknown != NULL && unknown[0] != '\0',
			"kld_status_name of an out-of-range status is a non-empty string");
	for (size_t i = 0; i < UNIT_LEN(statuses); i++)
	{
		const char *name = kld_status_name(statuses[i]);

		unit_ok(name != NULL && name[0] != '\0' && strcmp(name, unknown) != 0,
				"kld_status_name(%d) is a non-empty name (\"%s\")", (int) statuses[i],
				name ? name : "(null)");
	}

	/* Statuses added later: every name up to the first unknown is distinct. */
	for (int s = 0; s < 100; s++)
	{
		const char *name = kld_status_name((kld_status) s);

		if (strcmp(name, unknown) == 0)
			break;
		n_named++;
		for (int t = 0; t < s; t++)
			if (strcmp(name, kld_status_name((kld_status) t)) == 0)
			{
				unit_ok(0, "status %d and %d share the name \"%s\"", s, t, name);
				break;
			}
	}
	unit_ok(n_named >= (int) UNIT_LEN(statuses),
			"statuses 0..%d all have names, none duplicated above", n_named - 1);
}

int
main(void)
{
	for (size_t i = 0; i < UNIT_LEN(entries); i++)
	{
		test_pair_faults(&entries[i]);
		if (entries[i].opt != NULL)
			test_option_faults(&entries[i]);
	}
	test_entropy_faults();
	test_status_names();
	return unit_done();
}
