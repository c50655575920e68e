/*
 * fuzz_core.c: a libFuzzer harness over every entry point of the numeric
 * core (src/core/kld.h and src/core/histogram.h), linked without PostgreSQL.
 *
 * Built with -fsanitize=fuzzer,address,undefined (see run_fuzz.sh), so an
 * out-of-bounds access, undefined behaviour or a leak is a finding; so is a
 * broken invariant, which calls abort() after printing what broke.
 *
 * The divergences and distances run on every kernel set this CPU has
 * (scalar, AVX2, AVX-512, NEON), which must give the same status and bits
 * (src/core/kernels.h); the other entry points run on one set, chosen by
 * byte 0 / OP_COUNT.
 *
 * Input layout (bytes past the end of the input read as 0):
 *
 *   byte 0   entry point, op_name[] index (modulo OP_COUNT); the quotient
 *            picks the kernel set where only one is used
 *   byte 1   flags, FLAG_* below
 *   then     whatever the entry point reads, in order: numbers, lengths, arrays.
 *
 *   number   FLAG_COMPACT: one byte, 0..223 that integer, 224..255 special[];
 *            otherwise 8 bytes, a little-endian double as is, so that NaN,
 *            Inf, subnormals and negative weights all come up.
 *   nbins    FLAG_COMPACT: one byte; otherwise 4 bytes, a signed int32.
 *   length   one byte; 250..255 mean that two more bytes (little-endian,
 *            the top 4 bits ignored) give it, up to 4095.
 *   array    a length, then that many numbers, in a heap block of exactly
 *            that size (so ASan sees any read past it).
 *
 * Setting KLD_FUZZ_VERBOSE in the environment prints each decoded call,
 * which is how run_fuzz.sh shows what a crashing input means.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/histogram.h"
#include "core/kernels.h"
#include "core/kld.h"

/* The same literal as KLD_LN2 in src/core/near_zero.h (a private header). */
#define LN2 0.693147180559945309417232121458176568

#define FLAG_BASE 0x01			/* a base is given */
#define FLAG_COMPACT 0x02		/* numbers are one byte each */
#define FLAG_DIVIDE 0x04		/* bucket rule KLD_DIVIDE_FIRST */
#define FLAG_FULL 0x08			/* kld_hist_decode(full = true) */
#define FLAG_EDGES 0x10			/* bins by edges */
#define FLAG_EPSILON 0x20		/* an epsilon is given */
#define FLAG_SAME_BINS 0x40		/* the row's bins are the state's */
#define FLAG_INIT 0x80			/* the state comes from kld_hist_state_init */

enum op
{
	OP_ENTROPY, OP_CROSS_ENTROPY, OP_KL_DIV, OP_JSD, OP_JS_DISTANCE, OP_PSI,
	OP_CHI2_DIV, OP_TV, OP_HELLINGER, OP_LINF, OP_WASSERSTEIN, OP_KS,
	OP_KL_DIV_NORMAL, OP_STATUS_NAME, OP_BINS, OP_DECODE, OP_ADD, OP_MERGE,
	OP_COUNTS_ADD, OP_BUCKET_EQUAL_WIDTH, OP_BUCKET_EDGES, OP_IDENTITIES,
	OP_COUNT
};

static const char *const op_name[OP_COUNT] = {
	"entropy", "cross_entropy", "kl_div", "jsd", "js_distance", "psi",
	"chi2_div", "tv_distance", "hellinger", "linf_distance", "wasserstein",
	"ks_distance", "kl_div_normal", "status_name", "bins_check+state_init",
	"hist_decode", "hist_add+hist_add_row", "hist_merge", "counts_add",
	"bucket_equal_width", "bucket_edges", "identities"
};

/*
 * Weights and parameters that matter, reachable in one compact byte: the
 * non-finite ones, signs, the edges of the double range (overflowing sums,
 * subnormals) and values next to 1.
 */
#define COMPACT_INTS 224
static const double special[256 - COMPACT_INTS] = {
	NAN, INFINITY, -INFINITY, -1.0, -0.0, 0.5, 0.1, 1e-3,
	1e-12, DBL_MAX, DBL_MIN, 0x1p-1074, 1e-300, 1e300, 0x1p-600, 1.0 / 3.0,
	-DBL_MAX, 0x1.8p1023, 0x1p1023, 1e308, 1e-308, 1e-310, 0x1p-1022 / 3, 1e-200,
	1.0 + DBL_EPSILON, 1.0 - DBL_EPSILON / 2, 0x1p53, 1e15, 1e-6, 0.3, 0.7, 1e6
};

static int	verbose;

/* The kernel sets this CPU runs, the scalar one first. */
static const kld_kernel_set *kernel_sets[3];
static int	nkernel_sets;

/* ---- failing loudly ------------------------------------------------------ */

static void
finding(const char *file, int line, const char *cond, const char *fmt,...)
{
	va_list		ap;

	fprintf(stderr, "\nFINDING at %s:%d: %s\n  ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define CHECK(cond, ...) \
	do { if (!(cond)) finding(__FILE__, __LINE__, #cond, __VA_ARGS__); } while (0)

/* ---- reading the input --------------------------------------------------- */

typedef struct reader
{
	const uint8_t *data;
	size_t		size;
	int			compact;
} reader;

/* Every array of one input, freed at its end (LeakSanitizer is on). */
#define MAX_BLOCKS 256
static void *blocks[MAX_BLOCKS];
static int	nblocks;

static void *
alloc_block(size_t bytes)
{
	void	   *block = malloc(bytes);

	if ((block == NULL && bytes > 0) || nblocks == MAX_BLOCKS)
		abort();				/* a harness limit, not a finding */
	blocks[nblocks++] = block;
	return block;
}

static void
free_blocks(void)
{
	while (nblocks > 0)
		free(blocks[--nblocks]);
}

static uint8_t
take_byte(reader *r)
{
	if (r->size == 0)
		return 0;
	r->size--;
	return *r->data++;
}

static double
take_number(reader *r)
{
	uint8_t		bytes[8];
	uint64_t	bits = 0;
	double		x;

	if (r->compact)
	{
		uint8_t		b = take_byte(r);

		return b < COMPACT_INTS ? (double) b : special[b - COMPACT_INTS];
	}
	for (int i = 0; i < 8; i++)
		bytes[i] = take_byte(r);
	for (int i = 7; i >= 0; i--)
		bits = bits << 8 | bytes[i];
	memcpy(&x, &bits, sizeof x);
	return x;
}

static int
take_int(reader *r)
{
	uint32_t	bits = 0;

	if (r->compact)
		return take_byte(r);
	for (int i = 0; i < 4; i++)
		bits |= (uint32_t) take_byte(r) << (8 * i);
	return (int) (int32_t) bits;
}

static size_t
take_length(reader *r)
{
	size_t		n = take_byte(r);

	if (n >= 250)
	{
		/* Up to 4095: long enough for the sums, short enough to run fast. */
		n = take_byte(r);
		n |= (size_t) (take_byte(r) & 0x0f) << 8;
	}
	return n;
}

/* n numbers in a block of exactly n doubles (malloc(0) for none). */
static double *
take_numbers(reader *r, size_t n)
{
	double	   *a = alloc_block(n * sizeof(double));

	for (size_t i = 0; i < n; i++)
		a[i] = take_number(r);
	return a;
}

static double *
take_array(reader *r, size_t *n)
{
	*n = take_length(r);
	return take_numbers(r, *n);
}

static double *
copy_block(const double *a, size_t n)
{
	double	   *copy = alloc_block(n * sizeof(double));

	if (n > 0)
		memcpy(copy, a, n * sizeof(double));
	return copy;
}

static void
print_array(const char *name, const double *a, size_t n)
{
	fprintf(stderr, "  %s[%zu] = {", name, n);
	for (size_t i = 0; i < n && i < 64; i++)
		fprintf(stderr, "%s%.17g", i ? ", " : "", a[i]);
	fprintf(stderr, "%s}\n", n > 64 ? ", ..." : "");
}

static void
take_bins(reader *r, int by_edges, kld_bucket_rule rule, kld_bins *bins)
{
	memset(bins, 0, sizeof *bins);
	bins->by_edges = by_edges;
	bins->rule = rule;
	if (by_edges)
		bins->edges = take_array(r, &bins->nedges);
	else
	{
		bins->lo = take_number(r);
		bins->hi = take_number(r);
		bins->nbins = take_int(r);
	}
	if (verbose)
	{
		if (by_edges)
			print_array("edges", bins->edges, bins->nedges);
		else
			fprintf(stderr, "  lo = %.17g, hi = %.17g, nbins = %d, rule = %s\n",
					bins->lo, bins->hi, bins->nbins,
					rule == KLD_DIVIDE_FIRST ? "divide first" : "multiply first");
	}
}

/* ---- the expected faults, from the spec's order of checks ---------------- */

static int
same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

static int
bad_base(double base)
{
	return !isfinite(base) || base <= 0.0 || base == 1.0;
}

/* The first bad weight of w, or KLD_ALL_ZERO, or KLD_OK. */
static kld_status
weights_fault(const double *w, size_t n, size_t *index)
{
	int			positive = 0;

	for (size_t i = 0; i < n; i++)
	{
		*index = i;
		if (isnan(w[i]))
			return KLD_NOT_A_NUMBER;
		if (isinf(w[i]))
			return KLD_INFINITE;
		if (w[i] < 0.0)
			return KLD_NEGATIVE;
		positive |= w[i] > 0.0;
	}
	*index = 0;
	return positive ? KLD_OK : KLD_ALL_ZERO;
}

/*
 * What a call must fail with: options (base, then epsilon), then the
 * shape (p empty, q empty, lengths), then p's weights, then q's. q == NULL
 * for entropy; opt == NULL for the distances.
 */
static kld_fault
expected_fault(const kld_options *opt, int js_distance, const double *p, size_t np,
			   const double *q, size_t nq)
{
	kld_fault	f;
	kld_status	s;

	memset(&f, 0, sizeof f);
	f.status = KLD_OK;
	if (opt && opt->base && bad_base(*opt->base))
	{
		f.status = KLD_BAD_BASE, f.arg = KLD_ARG_BASE;
		return f;
	}
	if (opt && (!isfinite(opt->epsilon) || opt->epsilon < 0.0))
	{
		f.status = KLD_BAD_EPSILON, f.arg = KLD_ARG_EPSILON;
		return f;
	}
	if (js_distance && opt->base && *opt->base < 1.0)
	{
		f.status = KLD_BAD_BASE, f.arg = KLD_ARG_BASE;
		return f;
	}
	if (np == 0)
	{
		f.status = KLD_EMPTY, f.arg = KLD_ARG_P;
		return f;
	}
	if (q && nq == 0)
	{
		f.status = KLD_EMPTY, f.arg = KLD_ARG_Q;
		return f;
	}
	if (q && np != nq)
	{
		f.status = KLD_LENGTH_MISMATCH, f.arg = KLD_ARG_Q;
		f.length_p = np, f.length_q = nq;
		return f;
	}
	if ((s = weights_fault(p, np, &f.index)) != KLD_OK)
	{
		f.status = s, f.arg = KLD_ARG_P;
		return f;
	}
	if (q && (s = weights_fault(q, nq, &f.index)) != KLD_OK)
	{
		f.status = s, f.arg = KLD_ARG_Q;
		return f;
	}
	return f;
}

static void
check_fault(kld_status got, const kld_fault *fault, const kld_fault *want,
			const double *p, const double *q)
{
	CHECK(got == want->status, "status %d (%s), expected %d (%s)",
		  got, kld_status_name(got), want->status, kld_status_name(want->status));
	if (got == KLD_OK)
		return;
	CHECK(fault->status == got, "fault.status %d, returned %d", fault->status, got);
	CHECK(fault->arg == want->arg, "fault.arg %d, expected %d", fault->arg, want->arg);
	CHECK(fault->index == want->index, "fault.index %zu, expected %zu",
		  fault->index, want->index);
	if (got == KLD_LENGTH_MISMATCH)
		CHECK(fault->length_p == want->length_p && fault->length_q == want->length_q,
			  "lengths %zu, %zu in the fault, expected %zu, %zu",
			  fault->length_p, fault->length_q, want->length_p, want->length_q);
	if (got == KLD_NOT_A_NUMBER || got == KLD_INFINITE || got == KLD_NEGATIVE)
	{
		double		bad = (fault->arg == KLD_ARG_P ? p : q)[fault->index];

		CHECK(same_double(fault->value, bad), "fault.value %.17g, the weight is %.17g",
			  fault->value, bad);
	}
}

/* ---- the divergences and distances --------------------------------------- */

typedef kld_status (*opt_fn) (const double *, const double *, size_t, size_t,
							  const kld_options *, double *, kld_fault *);
typedef kld_status (*plain_fn) (const double *, const double *, size_t, size_t,
								double *, kld_fault *);

static const opt_fn opt_fns[] = {
	[OP_CROSS_ENTROPY] = kld_cross_entropy, [OP_KL_DIV] = kld_kl_div,
	[OP_JSD] = kld_jsd, [OP_JS_DISTANCE] = kld_js_distance,
	[OP_PSI] = kld_psi, [OP_CHI2_DIV] = kld_chi2_div
};

static const plain_fn plain_fns[] = {
	[OP_TV] = kld_tv_distance, [OP_HELLINGER] = kld_hellinger,
	[OP_LINF] = kld_linf_distance, [OP_WASSERSTEIN] = kld_wasserstein,
	[OP_KS] = kld_ks_distance
};

/* What every successful result must satisfy (n bins, the given base). */
static void
check_result(int op, double r, size_t n, const double *base)
{
	double		log_base = base ? log(*base) : 1.0;

	CHECK(!isnan(r), "%s returned NaN", op_name[op]);
	switch (op)
	{
		case OP_TV:
		case OP_HELLINGER:
		case OP_LINF:
		case OP_KS:
			CHECK(r >= 0.0 && r <= 1.0, "%s = %.17g is outside [0, 1]", op_name[op], r);
			return;
		case OP_WASSERSTEIN:
			/* |CDF_p - CDF_q| <= 1 at each of the n - 1 inner bin edges. */
			CHECK(r >= 0.0 && r <= (double) (n - 1) * (1.0 + 1e-12),
				  "wasserstein = %.17g is outside [0, n-1 = %zu]", r, n - 1);
			return;
		default:
			break;
	}
	/* The information quantities are >= 0 in nats; base b divides by ln b. */
	if (log_base > 0.0)
		CHECK(r >= 0.0, "%s = %.17g is negative (base %.17g)", op_name[op], r,
			  base ? *base : M_E);
	else
		CHECK(r <= 0.0, "%s = %.17g is positive in base %.17g < 1", op_name[op], r, *base);
	/* jsd <= ln 2 nats; dividing by ln b rounds monotonically, so no slack. */
	if (op == OP_JSD)
		CHECK(fabs(r) <= fabs(LN2 / log_base), "jsd = %.17g is above ln 2 / ln b = %.17g",
			  r, LN2 / log_base);
	if (op == OP_JS_DISTANCE)
		CHECK(r <= sqrt(LN2 / log_base), "js_distance = %.17g is above sqrt(ln 2 / ln b) = %.17g",
			  r, sqrt(LN2 / log_base));
	if (op == OP_ENTROPY)
		CHECK(fabs(r) <= fabs(log((double) n) / log_base) * (1 + 1e-12) + 1e-14,
			  "entropy = %.17g is above ln n / ln b = %.17g", r, log((double) n) / log_base);
}

static void
take_options(reader *r, int flags, kld_options *opt, double *base)
{
	*opt = KLD_OPTIONS_DEFAULT;
	if (flags & FLAG_BASE)
	{
		*base = take_number(r);
		opt->base = base;
	}
	if (flags & FLAG_EPSILON)
		opt->epsilon = take_number(r);
	if (verbose)
	{
		if (opt->base)
			fprintf(stderr, "  base = %.17g\n", *opt->base);
		else
			fprintf(stderr, "  base = NULL\n");
		fprintf(stderr, "  epsilon = %.17g\n", opt->epsilon);
	}
}

static void
fuzz_divergence(int op, int flags, reader *r)
{
	kld_options opt;
	double		base,
				result = NAN;
	double	   *p,
			   *q = NULL;
	size_t		np,
				nq = 0;
	kld_fault	fault,
				want;
	kld_status	status = KLD_OK;
	int			has_opt = op <= OP_CHI2_DIV;

	if (has_opt)
		take_options(r, flags, &opt, &base);
	p = take_array(r, &np);
	if (op != OP_ENTROPY)
		q = take_array(r, &nq);
	if (verbose)
	{
		print_array("p", p, np);
		if (q)
			print_array("q", q, nq);
	}

	for (int k = 0; k < nkernel_sets; k++)
	{
		double		r = NAN;
		kld_fault	f;
		kld_status	s;

		kld_kernels = kernel_sets[k];
		if (op == OP_ENTROPY)
			s = kld_entropy(p, np, &opt, &r, &f);
		else if (has_opt)
			s = opt_fns[op] (p, q, np, nq, &opt, &r, &f);
		else
			s = plain_fns[op] (p, q, np, nq, &r, &f);
		if (verbose)
			fprintf(stderr, "  -> %s: %s, %.17g (%a)\n", kernel_sets[k]->name,
					kld_status_name(s), r, r);
		if (k == 0)
		{
			status = s, result = r, fault = f;
			continue;
		}
		/* Every kernel set: the same status, fault and bits. */
		CHECK(s == status, "%s: %s, scalar: %s", kernel_sets[k]->name,
			  kld_status_name(s), kld_status_name(status));
		if (s == KLD_OK)
			CHECK(same_double(r, result), "%s: %.17g (%a), scalar: %.17g (%a)",
				  kernel_sets[k]->name, r, r, result, result);
		else
			CHECK(f.arg == fault.arg && f.index == fault.index &&
				  same_double(f.value, fault.value), "%s: fault arg %d index %zu, scalar: arg %d index %zu",
				  kernel_sets[k]->name, f.arg, f.index, fault.arg, fault.index);
	}

	want = expected_fault(has_opt ? &opt : NULL, op == OP_JS_DISTANCE, p, np, q, nq);
	check_fault(status, &fault, &want, p, q);
	if (status == KLD_OK)
		check_result(op, result, np, has_opt ? opt.base : NULL);
}

/* ---- identities between the entry points (spec, "Identities") ----------- */

static int
close_to(double a, double b)
{
	if (isinf(a) || isinf(b))
		return a == b;
	/* The spec allows 1e-12 relative per value; a few values, some slack. */
	return fabs(a - b) <= 1e-10 * fmax(fabs(a), fabs(b)) + 1e-14;
}

static int
at_most(double a, double b)
{
	return a <= b + 1e-10 * fabs(b) + 1e-14;
}

static double
call_opt(opt_fn f, const double *p, const double *q, size_t n, const kld_options *opt)
{
	double		r = NAN;
	kld_fault	fault;
	kld_status	s = f(p, q, n, n, opt, &r, &fault);

	CHECK(s == KLD_OK, "a valid pair failed with %s", kld_status_name(s));
	return r;
}

static double
call_plain(plain_fn f, const double *p, const double *q, size_t n)
{
	double		r = NAN;
	kld_fault	fault;
	kld_status	s = f(p, q, n, n, &r, &fault);

	CHECK(s == KLD_OK, "a valid pair failed with %s", kld_status_name(s));
	return r;
}

static void
fuzz_identities(int flags, reader *r)
{
	kld_options opt = KLD_OPTIONS_DEFAULT;
	size_t		n = take_length(r);
	double	   *p = take_numbers(r, n);
	double	   *q = take_numbers(r, n);
	double		h_p = NAN,
				kl_pq,
				kl_qp,
				cross,
				psi,
				chi2,
				jsd,
				tv,
				hel,
				linf,
				ks,
				wass;
	kld_fault	fault;

	if (flags & FLAG_EPSILON)
		opt.epsilon = fabs(take_number(r));
	if (verbose)
	{
		print_array("p", p, n);
		print_array("q", q, n);
		fprintf(stderr, "  epsilon = %.17g\n", opt.epsilon);
	}
	if (!isfinite(opt.epsilon) || kld_entropy(p, n, &opt, &h_p, &fault) != KLD_OK ||
		expected_fault(&opt, 0, p, n, q, n).status != KLD_OK)
		return;

	kl_pq = call_opt(kld_kl_div, p, q, n, &opt);
	kl_qp = call_opt(kld_kl_div, q, p, n, &opt);
	cross = call_opt(kld_cross_entropy, p, q, n, &opt);
	psi = call_opt(kld_psi, p, q, n, &opt);
	chi2 = call_opt(kld_chi2_div, p, q, n, &opt);
	jsd = call_opt(kld_jsd, p, q, n, &opt);

	/* Every divergence of a distribution from itself is 0. */
	CHECK(call_opt(kld_kl_div, p, p, n, &opt) <= 1e-15, "kl_div(p, p) > 0");
	CHECK(call_opt(kld_jsd, p, p, n, &opt) <= 1e-15, "jsd(p, p) > 0");
	CHECK(call_opt(kld_psi, p, p, n, &opt) <= 1e-15, "psi(p, p) > 0");
	CHECK(call_opt(kld_chi2_div, p, p, n, &opt) <= 1e-15, "chi2_div(p, p) > 0");
	CHECK(close_to(call_opt(kld_cross_entropy, p, p, n, &opt), h_p),
		  "cross_entropy(p, p) = %.17g, entropy(p) = %.17g",
		  call_opt(kld_cross_entropy, p, p, n, &opt), h_p);

	/* H(P,Q) = H(P) + KL(P||Q); psi = KL(P||Q) + KL(Q||P); KL <= ln(1 + chi2). */
	CHECK(close_to(cross, h_p + kl_pq), "cross_entropy %.17g, entropy + kl_div %.17g",
		  cross, h_p + kl_pq);
	CHECK(close_to(psi, kl_pq + kl_qp), "psi %.17g, kl_div(p,q) + kl_div(q,p) %.17g",
		  psi, kl_pq + kl_qp);
	CHECK(at_most(kl_pq, log1p(chi2)), "kl_div %.17g above ln(1 + chi2_div) %.17g",
		  kl_pq, log1p(chi2));
	CHECK(close_to(call_opt(kld_js_distance, p, q, n, &opt), sqrt(jsd)),
		  "js_distance is not sqrt(jsd)");
	CHECK(close_to(jsd, call_opt(kld_jsd, q, p, n, &opt)), "jsd is not symmetric");

	/* The distances take no epsilon; compare them with the rest unsmoothed. */
	tv = call_plain(kld_tv_distance, p, q, n);
	hel = call_plain(kld_hellinger, p, q, n);
	linf = call_plain(kld_linf_distance, p, q, n);
	ks = call_plain(kld_ks_distance, p, q, n);
	wass = call_plain(kld_wasserstein, p, q, n);
	CHECK(call_plain(kld_tv_distance, p, p, n) == 0.0, "tv_distance(p, p) != 0");
	CHECK(call_plain(kld_hellinger, p, p, n) == 0.0, "hellinger(p, p) != 0");
	CHECK(call_plain(kld_wasserstein, p, p, n) == 0.0, "wasserstein(p, p) != 0");
	CHECK(close_to(tv, call_plain(kld_tv_distance, q, p, n)), "tv is not symmetric");
	CHECK(close_to(wass, call_plain(kld_wasserstein, q, p, n)), "wasserstein is not symmetric");
	/* max |p-q| and max |CDF gap| are at most the total positive part, tv. */
	CHECK(at_most(linf, tv), "linf %.17g > tv %.17g", linf, tv);
	CHECK(at_most(ks, tv), "ks %.17g > tv %.17g", ks, tv);
	CHECK(at_most(ks, wass), "ks %.17g > wasserstein %.17g", ks, wass);
	/* H^2 <= TV <= sqrt(2) H (Hellinger with the 1/2 convention). */
	CHECK(at_most(hel * hel, tv) && at_most(tv, M_SQRT2 * hel),
		  "hellinger %.17g and tv %.17g break H^2 <= TV <= sqrt(2) H", hel, tv);
	if (opt.epsilon == 0.0)
	{
		/* Pinsker, and JSD <= ln 2 TV (convexity of the per-bin term). */
		if (isfinite(kl_pq))
			CHECK(at_most(tv, sqrt(kl_pq / 2)), "tv %.17g above sqrt(kl/2) %.17g (Pinsker)",
				  tv, sqrt(kl_pq / 2));
		CHECK(at_most(jsd, LN2 * tv), "jsd %.17g above ln 2 * tv %.17g", jsd, LN2 * tv);
	}
}

/* ---- kl_div_normal against a long double reference ----------------------- */

static void
fuzz_normal(reader *r)
{
	double		mu1 = take_number(r),
				sigma1 = take_number(r),
				mu2 = take_number(r),
				sigma2 = take_number(r);
	double		result = NAN;
	kld_fault	fault;
	kld_status	status = kld_kl_div_normal(mu1, sigma1, mu2, sigma2, &result, &fault);
	kld_status	want = KLD_OK;
	kld_arg		want_arg = KLD_ARG_MU1;

	if (verbose)
		fprintf(stderr, "  mu1 = %.17g, sigma1 = %.17g, mu2 = %.17g, sigma2 = %.17g -> %s, %.17g\n",
				mu1, sigma1, mu2, sigma2, kld_status_name(status), result);
	if (!isfinite(mu1))
		want = KLD_BAD_MEAN, want_arg = KLD_ARG_MU1;
	else if (!isfinite(sigma1) || !(sigma1 > 0.0))
		want = KLD_BAD_SIGMA, want_arg = KLD_ARG_SIGMA1;
	else if (!isfinite(mu2))
		want = KLD_BAD_MEAN, want_arg = KLD_ARG_MU2;
	else if (!isfinite(sigma2) || !(sigma2 > 0.0))
		want = KLD_BAD_SIGMA, want_arg = KLD_ARG_SIGMA2;
	CHECK(status == want, "status %s, expected %s", kld_status_name(status),
		  kld_status_name(want));
	if (status != KLD_OK)
	{
		CHECK(fault.status == status && fault.arg == want_arg && fault.index == 0,
			  "fault status %d arg %d index %zu", fault.status, fault.arg, fault.index);
		return;
	}
	CHECK(!isnan(result) && result >= 0.0, "kl_div_normal = %.17g", result);
	if (mu1 == mu2 && sigma1 == sigma2)
		CHECK(result == 0.0, "KL(N || N) = %.17g, not 0", result);

	{
		/*
		 * x87 long double: 64-bit mantissa and an exponent range that no
		 * double input can overflow, so the plain formula is accurate to
		 * ~1e-18 of its largest term.
		 */
		long double r_ = (long double) sigma1 / sigma2;
		long double t = ((long double) mu1 - mu2) / sigma2;
		long double var = 0.5L * (r_ * r_ - 1.0L) - logl(r_);
		long double ref = var + 0.5L * t * t;
		long double scale = fabsl(var) + 0.5L * (r_ * r_ + 1.0L) + fabsl(logl(r_)) + 0.5L * t * t;

		if (ref > (long double) DBL_MAX * (1 + 1e-12L))
			CHECK(result == INFINITY || result > DBL_MAX / 2, "reference %Lg, got %.17g", ref, result);
		else
			CHECK(fabsl(result - ref) <= 1e-10L * fabsl(ref) + 1e-16L * scale + 1e-300L,
				  "kl_div_normal = %.17g, long double reference %.20Lg", result, ref);
	}
}

/* ---- status names -------------------------------------------------------- */

static void
fuzz_status_name(reader *r)
{
	int			s = (int8_t) take_byte(r);
	const char *name = kld_status_name((kld_status) s);

	CHECK(name != NULL && name[0] != '\0', "status %d has no name", s);
	if (s >= KLD_OK && s <= KLD_BAD_SKETCH)	/* the last status */
		CHECK(strcmp(name, "unknown status") != 0, "status %d is unknown", s);
}

/* ---- histograms ---------------------------------------------------------- */

/*
 * A fault of a histogram call: its own status, an index inside the array
 * named: the state, or for an overflow the counts (histogram element).
 */
static void
check_hist_fault(kld_status got, const kld_fault *f, size_t state_length,
				 size_t ncounts, const kld_bins *bins)
{
	if (got == KLD_OK)
		return;
	CHECK(f->status == got, "fault.status %d, returned %d", f->status, got);
	if (got == KLD_OVERFLOW)
	{
		CHECK(f->index < ncounts, "overflow at count %zu of %zu", f->index, ncounts);
		return;
	}
	switch (f->arg)
	{
		case KLD_ARG_STATE:
			CHECK(f->index < state_length || (state_length == 0 && f->index == 0),
				  "state fault at %zu, length %zu", f->index, state_length);
			break;
		case KLD_ARG_H:
			CHECK(f->index < ncounts, "counts fault at %zu of %zu", f->index, ncounts);
			break;
		case KLD_ARG_EDGES:
			CHECK(f->index < bins->nedges || f->index == 0,
				  "edges fault at %zu, %zu edges", f->index, bins->nedges);
			break;
		case KLD_ARG_VALUE:
		case KLD_ARG_WEIGHT:
		case KLD_ARG_LO:
		case KLD_ARG_HI:
		case KLD_ARG_NBINS:
			CHECK(f->index == 0, "scalar fault at index %zu", f->index);
			break;
		default:
			CHECK(0, "fault about argument %d", f->arg);
	}
}

static void
fuzz_bins(int flags, reader *r)
{
	kld_bins	bins;
	kld_fault	fault;
	kld_status	status;
	kld_hist	hist;
	size_t		length;
	double	   *state;

	take_bins(r, flags & FLAG_EDGES, flags & FLAG_DIVIDE ? KLD_DIVIDE_FIRST : KLD_MULTIPLY_FIRST,
			  &bins);
	status = kld_bins_check(&bins, &fault);
	check_hist_fault(status, &fault, 0, 0, &bins);
	if (status != KLD_OK)
	{
		CHECK(status == KLD_BAD_BOUNDS || status == KLD_BAD_NBINS || status == KLD_BAD_EDGES ||
			  status == KLD_EMPTY, "kld_bins_check: %s", kld_status_name(status));
		return;
	}

	/* The layout in histogram.h; the counts start out zero; a full decode accepts it. */
	length = kld_hist_state_length(&bins);
	CHECK(length == (bins.by_edges ? 2 + 2 * bins.nedges + 1 : 4 + (size_t) bins.nbins + 2),
		  "state length %zu", length);
	state = alloc_block(length * sizeof(double));
	kld_hist_state_init(state, &bins);
	status = kld_hist_decode(state, length, true, &hist, &fault);
	CHECK(status == KLD_OK, "a fresh state does not decode: %s", kld_status_name(status));
	CHECK(hist.bins.by_edges == bins.by_edges, "by_edges changed");
	if (bins.by_edges)
		CHECK(hist.bins.nedges == bins.nedges &&
			  memcmp(hist.bins.edges, bins.edges, bins.nedges * sizeof(double)) == 0,
			  "edges changed");
	else
		CHECK(hist.bins.lo == bins.lo && hist.bins.hi == bins.hi && hist.bins.nbins == bins.nbins,
			  "lo, hi, nbins changed");
	CHECK(hist.counts + hist.ncounts == state + length, "counts do not end the state");
	CHECK(hist.ncounts == (bins.by_edges ? bins.nedges + 1 : (size_t) bins.nbins + 2),
		  "%zu counts", hist.ncounts);
	for (size_t i = 0; i < hist.ncounts; i++)
		CHECK(hist.counts[i] == 0.0 && !signbit(hist.counts[i]), "count %zu starts at %.17g",
			  i, hist.counts[i]);
}

/* Decodes, checking the promises of kld_hist_decode either way. */
static kld_status
decode(double *state, size_t length, int full, kld_hist *hist)
{
	kld_fault	fault;
	kld_status	status = kld_hist_decode(state, length, full, hist, &fault);

	if (status != KLD_OK)
	{
		CHECK(status == KLD_BAD_STATE, "kld_hist_decode: %s", kld_status_name(status));
		CHECK(fault.arg == KLD_ARG_STATE, "decode fault about argument %d", fault.arg);
		check_hist_fault(status, &fault, length, 0, NULL);
		return status;
	}
	CHECK(hist->counts > state && hist->counts + hist->ncounts == state + length,
		  "counts [%td, %td) of a state of %zu", hist->counts - state,
		  hist->counts + hist->ncounts - state, length);
	CHECK(hist->ncounts == (hist->bins.by_edges ? hist->bins.nedges + 1
							: (size_t) hist->bins.nbins + 2), "%zu counts", hist->ncounts);
	if (hist->bins.by_edges)
		CHECK(hist->bins.edges == state + 2, "edges not in the state");
	if (full)
	{
		kld_fault	f;

		CHECK(kld_bins_check(&hist->bins, &f) == KLD_OK, "full decode, invalid bins");
		for (size_t i = 0; i < hist->ncounts; i++)
			CHECK(isfinite(hist->counts[i]) && hist->counts[i] >= 0.0,
				  "full decode, count %zu is %.17g", i, hist->counts[i]);
	}
	return KLD_OK;
}

static double *
take_state(int flags, reader *r, size_t *length)
{
	double	   *state;

	if (flags & FLAG_INIT)
	{
		kld_bins	bins;
		kld_fault	fault;

		take_bins(r, flags & FLAG_EDGES, KLD_MULTIPLY_FIRST, &bins);
		if (kld_bins_check(&bins, &fault) != KLD_OK)
			return NULL;
		*length = kld_hist_state_length(&bins);
		state = alloc_block(*length * sizeof(double));
		kld_hist_state_init(state, &bins);
		return state;
	}
	state = take_array(r, length);
	if (verbose)
		print_array("state", state, *length);
	return state;
}

static void
fuzz_decode(int flags, reader *r)
{
	size_t		length;
	double	   *state = take_state(flags & ~FLAG_INIT, r, &length);
	double	   *before = copy_block(state, length);
	kld_hist	hist;

	decode(state, length, flags & FLAG_FULL, &hist);
	CHECK(memcmp(state, before, length * sizeof(double)) == 0, "decode changed the state");
}

static void
fuzz_add(int flags, reader *r)
{
	kld_bucket_rule rule = flags & FLAG_DIVIDE ? KLD_DIVIDE_FIRST : KLD_MULTIPLY_FIRST;
	size_t		length;
	double	   *state = take_state(flags, r, &length);
	kld_bins	row;
	kld_hist	hist;
	int			rows;

	if (state == NULL)
		return;
	if ((flags & FLAG_SAME_BINS) && decode(state, length, 0, &hist) == KLD_OK)
	{
		/* The state's bins, in a block of their own for ASan. */
		row = hist.bins;
		row.rule = rule;
		if (row.by_edges)
			row.edges = copy_block(row.edges, row.nedges);
	}
	else
		take_bins(r, flags & FLAG_EDGES, rule, &row);

	/* Each row copies the state twice: one row for the huge ones. */
	rows = length > 65536 ? 1 : take_byte(r) % 16 + 1;
	for (int i = 0; i < rows; i++)
	{
		double		value = take_number(r),
					weight = take_number(r);
		double	   *other = copy_block(state, length);
		kld_fault	f_row,
					f_add;
		kld_status	s_row,
					s_add;

		if (verbose)
			fprintf(stderr, "  row %d: value %.17g, weight %.17g\n", i, value, weight);
		/* Through kld_hist_add_row (fast path or not) and by hand. */
		s_row = kld_hist_add_row(state, length, &row, value, weight, &f_row);
		s_add = decode(other, length, 0, &hist);
		if (s_add == KLD_OK)
		{
			double	   *before = copy_block(other, length);
			size_t		bucket;

			s_add = kld_hist_add(&hist, &row, value, weight, &f_add);
			check_hist_fault(s_add, &f_add, length, hist.ncounts, &row);
			/* A failed add changes nothing. */
			if (s_add != KLD_OK)
				CHECK(memcmp(other, before, length * sizeof(double)) == 0,
					  "kld_hist_add failed with %s, but changed the state", kld_status_name(s_add));
			if (s_add == KLD_OVERFLOW)
				CHECK(f_add.arg == KLD_ARG_STATE && isinf(before[hist.counts - other + f_add.index] + weight),
					  "overflow fault at count %zu", f_add.index);
			if (s_add == KLD_OK)
			{
				/* Exactly one count changed, by weight, at the value's bucket. */
				bucket = hist.bins.by_edges
					? kld_bucket_edges(value, hist.bins.edges, hist.bins.nedges)
					: (size_t) kld_bucket_equal_width(value, hist.bins.lo, hist.bins.hi,
													  hist.bins.nbins, rule);
				CHECK(bucket < hist.ncounts, "bucket %zu of %zu counts", bucket, hist.ncounts);
				for (size_t k = 0; k < length; k++)
				{
					double		want = before[k];

					if (other + k == hist.counts + bucket)
						want += weight;
					CHECK(same_double(other[k], want), "state[%zu] is %.17g, expected %.17g",
						  k, other[k], want);
				}
			}
		}
		else
			f_add = f_row;		/* decode's fault is not kept; compare statuses only */
		CHECK(s_row == s_add, "kld_hist_add_row %s, decode + kld_hist_add %s",
			  kld_status_name(s_row), kld_status_name(s_add));
		CHECK(memcmp(state, other, length * sizeof(double)) == 0,
			  "kld_hist_add_row and kld_hist_add left different states");
		if (s_row != KLD_OK)
			CHECK(f_row.status == f_add.status && f_row.arg == f_add.arg &&
				  f_row.index == f_add.index, "different faults");
	}
}

static void
fuzz_merge(int flags, reader *r)
{
	size_t		n_into,
				n_from;
	double	   *into = take_state(flags & ~FLAG_INIT, r, &n_into);
	double	   *from = take_state(flags & ~FLAG_INIT, r, &n_from);
	double	   *into_before = copy_block(into, n_into);
	double	   *from_before = copy_block(from, n_from);
	kld_hist	h_into,
				h_from;
	kld_fault	fault;
	kld_status	status;

	if (decode(into, n_into, flags & FLAG_FULL, &h_into) != KLD_OK ||
		decode(from, n_from, flags & FLAG_FULL, &h_from) != KLD_OK)
		return;
	status = kld_hist_merge(&h_into, &h_from, &fault);
	CHECK(memcmp(from, from_before, n_from * sizeof(double)) == 0, "merge changed from");
	if (status != KLD_OK)
	{
		/* Other bins; or from's counts (not checked without FLAG_FULL), or a sum, bad. */
		CHECK(status == KLD_BAD_STATE || status == KLD_BINS_CHANGED ||
			  status == KLD_NOT_A_NUMBER || status == KLD_INFINITE ||
			  status == KLD_NEGATIVE || status == KLD_OVERFLOW, "merge: %s",
			  kld_status_name(status));
		check_hist_fault(status, &fault, n_into, h_into.ncounts, &h_into.bins);
		return;
	}
	CHECK(n_into == n_from, "merged states of %zu and %zu doubles", n_into, n_from);
	for (size_t k = 0; k < n_into; k++)
	{
		double		want = into_before[k];

		if (into + k >= h_into.counts)
			want += from[k];
		CHECK(same_double(into[k], want), "merged state[%zu] = %.17g, expected %.17g",
			  k, into[k], want);
	}
}

static void
fuzz_counts_add(reader *r)
{
	size_t		n;
	double	   *h = take_array(r, &n);
	double	   *sum = take_numbers(r, n);
	double	   *before = copy_block(sum, n);
	kld_fault	fault;
	kld_status	status = kld_counts_add(sum, h, n, &fault);
	size_t		bad;
	kld_status	want = weights_fault(h, n, &bad);
	double		bad_value = 0.0;

	if (verbose)
	{
		print_array("h", h, n);
		print_array("sum", before, n);
	}
	if (want == KLD_ALL_ZERO)
		want = KLD_OK;			/* zero counts are fine here */
	if (want != KLD_OK)
		bad_value = h[bad];
	else
	{
		/* Weights first, then the first sum that overflows (with its old value). */
		for (bad = 0; bad < n && !isinf(before[bad] + h[bad]); bad++)
			;
		if (bad < n)
			want = KLD_OVERFLOW, bad_value = before[bad];
	}
	CHECK(status == want, "kld_counts_add %s, expected %s", kld_status_name(status),
		  kld_status_name(want));
	if (status != KLD_OK)
	{
		CHECK(fault.status == status && fault.arg == KLD_ARG_H && fault.index == bad &&
			  same_double(fault.value, bad_value), "fault at %zu, expected %zu", fault.index, bad);
		return;
	}
	for (size_t i = 0; i < n; i++)
		CHECK(same_double(sum[i], before[i] + h[i]), "sum[%zu] = %.17g", i, sum[i]);
}

static void
fuzz_bucket_equal_width(reader *r)
{
	double		v1 = take_number(r),
				v2 = take_number(r),
				lo = take_number(r),
				hi = take_number(r);
	int			nbins = take_int(r);
	int			b[2][2];

	if (verbose)
		fprintf(stderr, "  v1 = %.17g, v2 = %.17g, lo = %.17g, hi = %.17g, nbins = %d\n",
				v1, v2, lo, hi, nbins);
	/* Its documented preconditions. */
	if (isnan(v1) || isnan(v2) || !isfinite(lo) || !isfinite(hi) || !(lo < hi) ||
		nbins < 1 || nbins > KLD_MAX_BINS)
		return;
	if (v2 < v1)
	{
		double		t = v1;

		v1 = v2, v2 = t;
	}
	for (int rule = 0; rule < 2; rule++)
		for (int k = 0; k < 2; k++)
		{
			double		v = k ? v2 : v1;
			int			bucket = kld_bucket_equal_width(v, lo, hi, nbins,
														rule ? KLD_DIVIDE_FIRST : KLD_MULTIPLY_FIRST);

			b[rule][k] = bucket;
			if (verbose)
				fprintf(stderr, "  rule %d: bucket(%.17g) = %d\n", rule, v, bucket);
			CHECK(bucket >= 0 && bucket <= nbins + 1, "bucket %d, nbins %d", bucket, nbins);
			CHECK((v < lo) == (bucket == 0), "value %.17g below lo %.17g: bucket %d", v, lo, bucket);
			if (v >= hi)
				CHECK(bucket == nbins + 1, "value %.17g >= hi: bucket %d", v, bucket);
			/* Only the older rule puts a value just below hi in the overflow bin. */
			if (rule == 1 && v < hi)
				CHECK(bucket <= nbins, "divide first: value %.17g < hi in bucket %d", v, bucket);
		}
	for (int rule = 0; rule < 2; rule++)
		CHECK(b[rule][0] <= b[rule][1], "rule %d: not monotonic, %d then %d", rule,
			  b[rule][0], b[rule][1]);
	/* Two roundings of the same quotient: a bin apart at most. */
	CHECK(abs(b[0][0] - b[1][0]) <= 1 && abs(b[0][1] - b[1][1]) <= 1,
		  "the rules differ by more than one bin");
}

static void
fuzz_bucket_edges(reader *r)
{
	double		value = take_number(r);
	size_t		n;
	double	   *edges = take_array(r, &n);
	size_t		bucket = kld_bucket_edges(value, edges, n);
	int			sorted = 1;
	size_t		at_or_below = 0;

	if (verbose)
	{
		fprintf(stderr, "  value = %.17g\n", value);
		print_array("edges", edges, n);
	}
	CHECK(bucket <= n, "bucket %zu of %zu edges", bucket, n);
	for (size_t i = 0; i < n; i++)
	{
		sorted &= !isnan(edges[i]) && (i == 0 || edges[i - 1] <= edges[i]);
		at_or_below += edges[i] <= value;
	}
	/* width_bucket(value, edges): the number of edges <= value. */
	if (sorted && !isnan(value))
		CHECK(bucket == at_or_below, "bucket %zu, but %zu edges are <= %.17g", bucket,
			  at_or_below, value);
}

/* ---- the entry point ----------------------------------------------------- */

int			LLVMFuzzerInitialize(int *argc, char ***argv);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	verbose = getenv("KLD_FUZZ_VERBOSE") != NULL;
	kernel_sets[nkernel_sets++] = &kld_kernels_scalar;
#if defined(__x86_64__)
	if (kld_cpu_runs(&kld_kernels_avx2))
		kernel_sets[nkernel_sets++] = &kld_kernels_avx2;
	if (kld_cpu_runs(&kld_kernels_avx512))
		kernel_sets[nkernel_sets++] = &kld_kernels_avx512;
#endif
#if defined(__aarch64__)
	if (kld_cpu_runs(&kld_kernels_neon))
		kernel_sets[nkernel_sets++] = &kld_kernels_neon;
#endif
	if (verbose)
		for (int k = 0; k < nkernel_sets; k++)
			fprintf(stderr, "kernel set: %s\n", kernel_sets[k]->name);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader		r = {data, size, 0};
	int			op_byte = take_byte(&r);
	int			op = op_byte % OP_COUNT;
	int			flags = take_byte(&r);

	r.compact = (flags & FLAG_COMPACT) != 0;
	kld_kernels = kernel_sets[(op_byte / OP_COUNT) % nkernel_sets];
	if (verbose)
		fprintf(stderr, "%s, flags 0x%02x, kernels %s\n", op_name[op], flags,
				kld_kernels->name);

	switch (op)
	{
		case OP_KL_DIV_NORMAL:
			fuzz_normal(&r);
			break;
		case OP_STATUS_NAME:
			fuzz_status_name(&r);
			break;
		case OP_BINS:
			fuzz_bins(flags, &r);
			break;
		case OP_DECODE:
			fuzz_decode(flags, &r);
			break;
		case OP_ADD:
			fuzz_add(flags, &r);
			break;
		case OP_MERGE:
			fuzz_merge(flags, &r);
			break;
		case OP_COUNTS_ADD:
			fuzz_counts_add(&r);
			break;
		case OP_BUCKET_EQUAL_WIDTH:
			fuzz_bucket_equal_width(&r);
			break;
		case OP_BUCKET_EDGES:
			fuzz_bucket_edges(&r);
			break;
		case OP_IDENTITIES:
			fuzz_identities(flags, &r);
			break;
		default:
			fuzz_divergence(op, flags, &r);
			break;
	}
	free_blocks();
	return 0;
}
