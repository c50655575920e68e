/*
 * fuzz_core.c: a libFuzzer harness over every entry point of the numeric
 * core (src/core/kld.h, src/core/histogram.h, src/core/quantile_sketch.h and
 * src/core/gaussian.h),
 * linked without PostgreSQL.
 *
 * Built with -fsanitize=fuzzer,address,undefined (see run_fuzz.sh), so an
 * out-of-bounds access, undefined behaviour or a leak is a finding; so is a
 * broken invariant, which calls abort() after printing what broke.
 *
 * The divergences and distances, and the per-bin views (kl_div_terms,
 * psi_terms, compare_bins), run on every kernel set this CPU has (scalar,
 * AVX2, AVX-512, NEON), which must give the same status and bits
 * (src/core/kernels.h); the other entry points run on one set, chosen by
 * byte 0 / OP_COUNT.
 *
 * The quantile summary (quantile_sketch.h) is driven two ways: qs_rows puts
 * values through the aggregate's transition and combine steps (as
 * src/quantile_edges_sql.c does) and compares the edges with a brute-force
 * sort of the definition in README; qs_state decodes made-up states, which must
 * be refused where they break the layout, and carries on with those that
 * decode (rows appended, a second state merged in, the edges); qs_large
 * makes up two large exact states whose merge goes past KLD_QS_CAPACITY,
 * and checks every cut's rank error against the true ranks.
 *
 * Input layout (bytes past the end of the input read as 0):
 *
 *   byte 0   entry point, op_name[] index (modulo OP_COUNT); the quotient
 *            picks the kernel set where only one is used
 *   byte 1   flags, FLAG_* below (some mean another thing to one entry
 *            point: FLAG_SORT, FLAG_FIT, FLAG_TIDY, FLAG_SECOND, FLAG_BUILT,
 *            FLAG_ROUND_ROBIN)
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

#include "core/gaussian.h"
#include "core/histogram.h"
#include "core/kernels.h"
#include "core/kld.h"
#include "core/pvalues.h"
#include "core/quantile_sketch.h"

/* The same literal as KLD_LN2 in src/core/near_zero.h (a private header). */
#define LN2 0.693147180559945309417232121458176568

#define FLAG_BASE 0x01			/* a base is given; for add: the row has its scale */
#define FLAG_COMPACT 0x02		/* numbers are one byte each */
#define FLAG_DIVIDE 0x04		/* the server divides first (16), else multiplies (15) */
#define FLAG_FULL 0x08			/* kld_hist_decode(full = true) */
#define FLAG_EDGES 0x10			/* bins by edges */
#define FLAG_EPSILON 0x20		/* an epsilon is given */
#define FLAG_SAME_BINS 0x40		/* the row's bins are the state's */
#define FLAG_INIT 0x80			/* the state comes from kld_hist_state_init */

/*
 * Stand-ins for the server's width_bucket: PostgreSQL 15's arithmetic
 * (multiply first, add the 1 before truncating; out of range where it
 * overflows) and 16's (divide first).
 */
static int
server_15(double value, double lo, double hi, int nbins)
{
	double		bucket;

	if (value < lo)
		return 0;
	if (value >= hi)
		return nbins + 1;
	bucket = (double) nbins * (value - lo) / (hi - lo) + 1;
	return bucket >= 0 && bucket < 2147483647.0 ? (int) bucket : INT32_MIN;
}

static int
server_16(double value, double lo, double hi, int nbins)
{
	return kld_bucket_divide_first(value, lo, hi, nbins);
}

static kld_server_bucket_fn
server_of(int flags)
{
	return flags & FLAG_DIVIDE ? server_16 : server_15;
}

enum op
{
	OP_ENTROPY, OP_CROSS_ENTROPY, OP_KL_DIV, OP_JSD, OP_JS_DISTANCE, OP_PSI,
	OP_CHI2_DIV, OP_TV, OP_HELLINGER, OP_LINF, OP_WASSERSTEIN, OP_KS,
	OP_KL_DIV_NORMAL, OP_STATUS_NAME, OP_BINS, OP_DECODE, OP_ADD, OP_MERGE,
	OP_COUNTS_ADD, OP_BUCKET_EQUAL_WIDTH, OP_BUCKET_EDGES, OP_IDENTITIES,
	OP_KL_DIV_TERMS, OP_PSI_TERMS, OP_COMPARE, OP_SPARKLINE, OP_REBIN,
	OP_COUNT_ADD, OP_QS_STATE, OP_QS_ROWS, OP_QS_LARGE,
	OP_GAUSS, OP_FIT, OP_RENYI, OP_PVALUES,
	OP_COUNT
};

static const char *const op_name[OP_COUNT] = {
	"entropy", "cross_entropy", "kl_div", "jsd", "js_distance", "psi",
	"chi2_div", "tv_distance", "hellinger", "linf_distance", "wasserstein",
	"ks_distance", "kl_div_normal", "status_name", "bins_check+state_init",
	"hist_decode", "hist_add+hist_add_row", "hist_merge", "counts_add",
	"bucket_equal_width", "bucket_edges", "identities", "kl_div_terms", "psi_terms",
	"compare_bins", "sparkline_levels", "rebin", "count_add", "qs_state", "qs_rows", "qs_large",
	"gauss_kl+frechet+cosine", "fit_decode+add+merge", "renyi_div", "pvalues"
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
take_bins(reader *r, int by_edges, kld_server_bucket_fn server, kld_bins *bins)
{
	memset(bins, 0, sizeof *bins);
	bins->by_edges = by_edges;
	bins->server_bucket = server;
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
			fprintf(stderr, "  lo = %.17g, hi = %.17g, nbins = %d, server = %s\n",
					bins->lo, bins->hi, bins->nbins, server == server_16 ? "16" : "15");
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
	/*
	 * 1e-14 nats of slack, in base b: a smoothed probability may round to
	 * 1 - 2^-53 (1e-16 nats), which a base within 1e-16 of 1 makes 1.
	 */
	if (op == OP_ENTROPY)
		CHECK(fabs(r) <= fabs(log((double) n) / log_base) * (1 + 1e-12) + 1e-14 / fabs(log_base),
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

/* ---- p-values ------------------------------------------------------------ */

/*
 * chi2_sf, ncx2_sf and kstwo_sf on made-up arguments: NaN exactly for the
 * invalid ones, else in [0, 1]; falling in x (and d), rising in nc. dof is
 * capped at 1e7 and nc at 1e9 for the noncentral sum, whose cost grows as
 * sqrt(nc) (pvalues.h); n at 1e15.
 */
static void
fuzz_pvalues(reader *r)
{
	double		x = take_number(r),
				dof = take_number(r),
				nc = take_number(r),
				d = take_number(r),
				n = take_number(r),
				step = fabs(take_number(r));
	double		c = kld_chi2_sf(x, dof);
	double		c2 = kld_chi2_sf(x + step, dof);
	int			chi2_valid = !isnan(x) && dof > 0.0;

	if (verbose)
		fprintf(stderr, "  x = %.17g, dof = %.17g, nc = %.17g, d = %.17g, n = %.17g, step = %.17g\n",
				x, dof, nc, d, n, step);
	CHECK(chi2_valid ? (c >= 0.0 && c <= 1.0) : isnan(c), "chi2_sf(%.17g, %.17g) = %.17g", x, dof, c);
	/*
	 * Far below the smallest normal double the accuracy promised, and so the
	 * monotony seen, is only absolute (a subnormal dof gives such tails), as
	 * for ncx2_sf and kstwo_sf below.
	 */
	if (chi2_valid && !isnan(step))
		CHECK(c2 <= c * (1.0 + 1e-12) + 1e-300, "chi2_sf(%.17g + %.17g, %.17g) = %.17g > %.17g",
			  x, step, dof, c2, c);

	if (!isnan(dof) && dof <= 1e7 && !isnan(nc) && nc <= 1e9)
	{
		int			valid = chi2_valid && nc >= 0.0;
		double		v = kld_ncx2_sf(x, dof, nc);

		CHECK(valid ? (v >= 0.0 && v <= 1.0) : isnan(v), "ncx2_sf(%.17g, %.17g, %.17g) = %.17g",
			  x, dof, nc, v);
		if (valid && nc == 0.0)
			CHECK(v == c, "ncx2_sf(x, dof, 0) = %.17g, chi2_sf = %.17g", v, c);
		if (valid && !isnan(step) && step <= 1e9)
		{
			double		v2 = kld_ncx2_sf(x + step, dof, nc);
			double		v3 = kld_ncx2_sf(x, dof, nc + step);

			CHECK(v2 <= v * (1.0 + 1e-10) + 1e-300, "ncx2_sf falls in x: %.17g then %.17g", v, v2);
			CHECK(v3 >= v * (1.0 - 1e-10) - 1e-300, "ncx2_sf rises in nc: %.17g then %.17g", v, v3);
		}
	}

	if (!isnan(n) && n <= 1e15)
	{
		int			valid = !isnan(d) && n >= 1.0;
		double		p = kld_kstwo_sf(d, n);

		CHECK(valid ? (p >= 0.0 && p <= 1.0) : isnan(p), "kstwo_sf(%.17g, %.17g) = %.17g", d, n, p);
		if (valid && !isnan(step))
		{
			double		p2 = kld_kstwo_sf(d + step, n);

			CHECK(p2 <= p * (1.0 + 1e-9) + 1e-300, "kstwo_sf(%.17g + %.17g, %.17g) = %.17g > %.17g",
				  d, step, n, p2, p);
		}
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

	take_bins(r, flags & FLAG_EDGES, server_of(flags), &bins);
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

		take_bins(r, flags & FLAG_EDGES, server_15, &bins);
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
	kld_server_bucket_fn server = server_of(flags);
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
		row.server_bucket = server;
		if (row.by_edges)
			row.edges = copy_block(row.edges, row.nedges);
	}
	else
		take_bins(r, flags & FLAG_EDGES, server, &row);
	/* With FLAG_BASE, the row carries its scale, as the SQL glue's rows do. */
	row.scale = flags & FLAG_BASE ? kld_bins_scale(&row) : 0.0;

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
													  hist.bins.nbins, server);
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
	size_t		bad_sum;
	kld_arg		bad_arg = KLD_ARG_H;

	if (want == KLD_ALL_ZERO)
		want = KLD_OK;			/* zero counts are fine here */
	/* Bin by bin, the sum's count (a state) before the weight. */
	for (bad_sum = 0; bad_sum < n && before[bad_sum] >= 0.0 && before[bad_sum] < INFINITY; bad_sum++)
		;
	if (bad_sum < n && (want == KLD_OK || bad_sum <= bad))
		want = KLD_BAD_STATE, bad = bad_sum, bad_value = before[bad_sum], bad_arg = KLD_ARG_STATE;
	else if (want != KLD_OK)
		bad_value = h[bad];
	else
	{
		/* Then the first sum that overflows (with its old value). */
		for (bad = 0; bad < n && !isinf(before[bad] + h[bad]); bad++)
			;
		if (bad < n)
			want = KLD_OVERFLOW, bad_value = before[bad];
	}
	CHECK(status == want, "kld_counts_add %s, expected %s", kld_status_name(status),
		  kld_status_name(want));
	if (status != KLD_OK)
	{
		CHECK(fault.status == status && fault.arg == bad_arg && fault.index == bad &&
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
			kld_server_bucket_fn server = rule ? server_16 : server_15;
			int			bucket = kld_bucket_equal_width(v, lo, hi, nbins, server);
			int			asked = server(v, lo, hi, nbins);

			b[rule][k] = bucket;
			if (verbose)
				fprintf(stderr, "  server %s: bucket(%.17g) = %d\n", rule ? "16" : "15", v, bucket);
			CHECK(bucket >= 0 && bucket <= nbins + 1, "bucket %d, nbins %d", bucket, nbins);
			CHECK((v < lo) == (bucket == 0), "value %.17g below lo %.17g: bucket %d", v, lo, bucket);
			if (v >= hi)
				CHECK(bucket == nbins + 1, "value %.17g >= hi: bucket %d", v, bucket);
			/* The server's bucket wherever it has one, else 16's arithmetic. */
			CHECK(bucket == (asked >= 0 && asked <= nbins + 1 ? asked
							 : kld_bucket_divide_first(v, lo, hi, nbins)),
				  "value %.17g: bucket %d, the server says %d", v, bucket, asked);
			/* Without a server to ask, 16's arithmetic. */
			CHECK(kld_bucket_equal_width(v, lo, hi, nbins, NULL) == server_16(v, lo, hi, nbins),
				  "value %.17g: no server, bucket differs from 16's", v);
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

/* ---- per-bin views: kl_div_terms, psi_terms, compare_bins ---------------- */

typedef kld_status (*terms_fn) (const double *, const double *, size_t, size_t,
								const kld_options *, double *, kld_fault *);

/* Two faults of the same failure: every field the status fills. */
static void
check_same_fault(kld_status s1, const kld_fault *f1, kld_status s2, const kld_fault *f2,
				 const char *what)
{
	CHECK(s1 == s2, "%s: %s, expected %s", what, kld_status_name(s1), kld_status_name(s2));
	if (s1 == KLD_OK)
		return;
	CHECK(f1->status == f2->status && f1->arg == f2->arg && f1->index == f2->index &&
		  same_double(f1->value, f2->value) && f1->length_p == f2->length_p &&
		  f1->length_q == f2->length_q,
		  "%s: fault arg %d index %zu value %.17g, expected arg %d index %zu value %.17g",
		  what, f1->arg, f1->index, f1->value, f2->arg, f2->index, f2->value);
}

/*
 * kl_div_terms and psi_terms: on every kernel set the same status and bits;
 * the status and fault of kld_kl_div / kld_psi (psi_terms ignores the base,
 * as kld_psi's SQL form has none); each term finite or +/-Infinity where
 * README (Per-bin terms) says, psi's >= 0; and their sum is the whole within
 * the unit tests' tolerance (test_per_bin.c, check_sum).
 */
static void
fuzz_terms(int op, int flags, reader *r)
{
	int			kl = op == OP_KL_DIV_TERMS;
	terms_fn	fn = kl ? kld_kl_div_terms : kld_psi_terms;
	kld_options opt,
				whole_opt;
	double		base,
				whole = NAN,
				log_base;
	double	   *p,
			   *q,
			   *terms = NULL;
	size_t		np,
				nq;
	kld_fault	fault,
				whole_fault;
	kld_status	status = KLD_OK,
				whole_status;
	long double total = 0.0L,
				magnitude = 0.0L;
	double		abs_tol;

	take_options(r, flags, &opt, &base);
	p = take_array(r, &np);
	q = take_array(r, &nq);
	if (verbose)
	{
		print_array("p", p, np);
		print_array("q", q, nq);
	}
	for (int k = 0; k < nkernel_sets; k++)
	{
		double	   *t = alloc_block(np * sizeof(double));
		kld_fault	f;
		kld_status	s;

		kld_kernels = kernel_sets[k];
		s = fn(p, q, np, nq, &opt, t, &f);
		if (verbose)
			fprintf(stderr, "  -> %s: %s\n", kernel_sets[k]->name, kld_status_name(s));
		if (k == 0)
		{
			status = s, fault = f, terms = t;
			continue;
		}
		check_same_fault(s, &f, status, &fault, kernel_sets[k]->name);
		if (s == KLD_OK)
			for (size_t i = 0; i < np; i++)
				CHECK(same_double(t[i], terms[i]), "%s: term %zu is %.17g (%a), scalar %.17g (%a)",
					  kernel_sets[k]->name, i, t[i], t[i], terms[i], terms[i]);
	}
	kld_kernels = kernel_sets[0];

	/* The whole, on the same input: psi without the base it ignores. */
	whole_opt = opt;
	if (!kl)
		whole_opt.base = NULL;
	whole_status = (kl ? kld_kl_div : kld_psi) (p, q, np, nq, &whole_opt, &whole, &whole_fault);
	check_same_fault(status, &fault, whole_status, &whole_fault,
					 kl ? "kl_div_terms vs kl_div" : "psi_terms vs psi");
	{
		kld_fault	want = expected_fault(&whole_opt, 0, p, np, q, nq);

		check_fault(status, &fault, &want, p, q);
	}
	if (status != KLD_OK)
		return;

	log_base = whole_opt.base ? log(*whole_opt.base) : 1.0;
	for (size_t i = 0; i < np; i++)
	{
		double		t = terms[i];

		if (verbose && i < 64)
			fprintf(stderr, "  term %zu = %.17g\n", i, t);
		CHECK(!isnan(t), "term %zu is NaN", i);
		if (!kl)
			CHECK(t >= 0.0 && !signbit(t), "psi term %zu = %.17g is negative", i, t);
		if (opt.epsilon > 0.0)
			CHECK(isfinite(t), "smoothed term %zu = %.17g", i, t);
		else if (p[i] == 0.0 && (kl || q[i] == 0.0))
			CHECK(t == 0.0 && !signbit(t), "term %zu = %.17g where p = %s0", i, t,
				  kl ? "" : "q = ");
		else if (kl && q[i] == 0.0)
			CHECK(t == (log_base > 0.0 ? INFINITY : -INFINITY),
				  "term %zu = %.17g where q = 0 < p (base %.17g)", i, t, exp(log_base));
		else if (!kl && (p[i] == 0.0 || q[i] == 0.0))
			CHECK(t == INFINITY, "psi term %zu = %.17g where one side is 0", i, t);
		else
			CHECK(isfinite(t), "term %zu = %.17g where p, q > 0", i, t);
		total += t;
		magnitude += fabsl((long double) t);
	}
	/* test_per_bin.c's check_sum, its absolute part in the base's units. */
	abs_tol = 1e-15 * fmax(1.0, 1.0 / fabs(log_base));
	if (isinf(whole) || isinf((double) total))
		CHECK((double) total == whole, "terms sum to %.17Lg, whole %.17g", total, whole);
	else
		CHECK(fabsl(total - whole) <= 1e-14L * magnitude + abs_tol,
			  "terms sum to %.17Lg, whole %.17g (magnitude %.3Lg)", total, whole, magnitude);
}

static void
fuzz_compare(int flags, reader *r)
{
	double		epsilon = flags & FLAG_EPSILON ? take_number(r) : 0.0;
	kld_options opt = {NULL, epsilon, NULL};
	double	   *p,
			   *q,
				whole;
	size_t		np,
				nq;
	kld_bin_comparison *rows = NULL;
	kld_fault	fault,
				whole_fault;
	kld_status	status = KLD_OK;
	double		largest = 0.0;
	long double p_total = 0.0L,
				q_total = 0.0L;

	p = take_array(r, &np);
	q = take_array(r, &nq);
	if (verbose)
	{
		fprintf(stderr, "  epsilon = %.17g\n", epsilon);
		print_array("p", p, np);
		print_array("q", q, nq);
	}
	for (int k = 0; k < nkernel_sets; k++)
	{
		kld_bin_comparison *rw = alloc_block(np * sizeof *rw);
		kld_fault	f;
		kld_status	s;

		memset(rw, 0, np * sizeof *rw);
		kld_kernels = kernel_sets[k];
		s = kld_compare_bins(p, q, np, nq, epsilon, rw, &f);
		if (k == 0)
		{
			status = s, fault = f, rows = rw;
			continue;
		}
		check_same_fault(s, &f, status, &fault, kernel_sets[k]->name);
		if (s == KLD_OK)
			for (size_t i = 0; i < np; i++)
				CHECK(same_double(rw[i].p_share, rows[i].p_share) &&
					  same_double(rw[i].q_share, rows[i].q_share) &&
					  same_double(rw[i].kl_div_term, rows[i].kl_div_term) &&
					  same_double(rw[i].psi_term, rows[i].psi_term) && rw[i].bar == rows[i].bar,
					  "%s: row %zu differs from scalar", kernel_sets[k]->name, i);
	}
	kld_kernels = kernel_sets[0];

	/* Checked as kld_psi checks. */
	check_same_fault(status, &fault, kld_psi(p, q, np, nq, &opt, &whole, &whole_fault),
					 &whole_fault, "compare_bins vs psi");
	if (status != KLD_OK)
		return;
	{
		/* The terms are kl_div_terms' and psi_terms' (natural logarithms), bit for bit. */
		double	   *kl = alloc_block(np * sizeof(double));
		double	   *psi = alloc_block(np * sizeof(double));

		CHECK(kld_kl_div_terms(p, q, np, nq, &opt, kl, &fault) == KLD_OK &&
			  kld_psi_terms(p, q, np, nq, &opt, psi, &fault) == KLD_OK, "the terms fail");
		for (size_t i = 0; i < np; i++)
			CHECK(same_double(rows[i].kl_div_term, kl[i]) && same_double(rows[i].psi_term, psi[i]),
				  "row %zu: terms %.17g, %.17g; kl_div_terms %.17g, psi_terms %.17g", i,
				  rows[i].kl_div_term, rows[i].psi_term, kl[i], psi[i]);
	}
	for (size_t i = 0; i < np; i++)
	{
		const kld_bin_comparison *row = &rows[i];

		if (verbose && i < 64)
			fprintf(stderr, "  row %zu: %.17g %.17g bar %d\n", i, row->p_share, row->q_share, row->bar);
		CHECK(row->p_share >= 0.0 && row->p_share <= 1.0 && row->q_share >= 0.0 &&
			  row->q_share <= 1.0, "row %zu: shares %.17g, %.17g", i, row->p_share, row->q_share);
		CHECK((p[i] != 0.0 || row->p_share == 0.0) && (q[i] != 0.0 || row->q_share == 0.0),
			  "row %zu: a zero weight with a share", i);
		CHECK(row->bar >= -KLD_BAR_WIDTH && row->bar <= KLD_BAR_WIDTH, "row %zu: bar %d", i, row->bar);
		p_total += row->p_share;
		q_total += row->q_share;
		largest = fmax(largest, fabs(row->p_share - row->q_share));
	}
	CHECK(fabsl(p_total - 1.0L) <= 1e-12L && fabsl(q_total - 1.0L) <= 1e-12L,
		  "shares sum to %.17Lg and %.17Lg", p_total, q_total);
	for (size_t i = 0; i < np; i++)
	{
		double		d = rows[i].p_share - rows[i].q_share;
		int			bar = rows[i].bar;

		/* The sign of the move; the largest fills its half; longer moves, longer bars. */
		CHECK(d != 0.0 || bar == 0, "row %zu: no move, bar %d", i, bar);
		CHECK(bar == 0 || (bar > 0) == (d > 0.0), "row %zu: move %.17g, bar %d", i, d, bar);
		if (fabs(d) == largest && largest > 0.0)
			CHECK(abs(bar) == KLD_BAR_WIDTH, "row %zu: largest move, bar %d", i, bar);
		if (fabs(d) < largest / (2 * KLD_BAR_WIDTH) * (1 - 1e-12))
			CHECK(bar == 0, "row %zu: move %.17g under a twentieth of %.17g, bar %d", i, d,
				  largest, bar);
		if (i > 0)
		{
			double		d0 = rows[i - 1].p_share - rows[i - 1].q_share;
			int			bar0 = rows[i - 1].bar;

			CHECK((fabs(d0) <= fabs(d)) ? abs(bar0) <= abs(bar) : abs(bar0) >= abs(bar),
				  "rows %zu, %zu: moves %.17g, %.17g, bars %d, %d", i - 1, i, d0, d, bar0, bar);
		}
	}
}

/* ---- sparkline levels ----------------------------------------------------- */

typedef struct weight_level
{
	double		w;
	int			level;
} weight_level;

static int
compare_weight_levels(const void *a, const void *b)
{
	double		x = ((const weight_level *) a)->w,
				y = ((const weight_level *) b)->w;

	return (x > y) - (x < y);
}

static void
fuzz_sparkline(reader *r)
{
	size_t		n,
				bad;
	double	   *h = take_array(r, &n);
	int		   *levels = alloc_block(n * sizeof(int));
	weight_level *sorted = alloc_block(n * sizeof(weight_level));
	kld_fault	fault;
	kld_status	status = kld_sparkline_levels(h, n, levels, &fault);
	kld_status	want = weights_fault(h, n, &bad);
	double		largest = 0.0;

	if (verbose)
		print_array("h", h, n);
	if (want == KLD_ALL_ZERO)
		want = KLD_OK;			/* an all-zero (or empty) h is fine */
	CHECK(status == want, "kld_sparkline_levels %s, expected %s", kld_status_name(status),
		  kld_status_name(want));
	if (status != KLD_OK)
	{
		CHECK(fault.status == status && fault.arg == KLD_ARG_H && fault.index == bad &&
			  same_double(fault.value, h[bad]), "fault arg %d at %zu, expected h at %zu",
			  fault.arg, fault.index, bad);
		return;
	}
	for (size_t i = 0; i < n; i++)
		largest = fmax(largest, h[i]);
	for (size_t i = 0; i < n; i++)
	{
		int			level = levels[i];

		if (verbose && i < 64)
			fprintf(stderr, "  level %zu = %d\n", i, level);
		if (h[i] == 0.0)
			CHECK(level == 0, "h[%zu] = 0, level %d", i, level);
		else
			CHECK(level >= 1 && level <= KLD_SPARK_LEVELS, "h[%zu] = %.17g, level %d", i, h[i], level);
		if (h[i] == largest && largest > 0.0)
			CHECK(level == KLD_SPARK_LEVELS, "the largest bin %zu has level %d", i, level);
		/* k/8 of the largest is level k exactly (8 w = k max without rounding). */
		for (int k = 1; k < KLD_SPARK_LEVELS && largest > 0.0; k++)
			if (ldexpl(h[i], 3) == (long double) k * largest)
				CHECK(level == k, "h[%zu] = %d/8 of the largest, level %d", i, k, level);
		sorted[i].w = h[i];
		sorted[i].level = level;
	}
	/* Heavier bins, higher levels. */
	if (n > 0)
		qsort(sorted, n, sizeof *sorted, compare_weight_levels);
	for (size_t i = 1; i < n; i++)
		CHECK(sorted[i - 1].level <= sorted[i].level, "weight %.17g level %d, weight %.17g level %d",
			  sorted[i - 1].w, sorted[i - 1].level, sorted[i].w, sorted[i].level);
}

/* ---- rebin ---------------------------------------------------------------- */

#define FLAG_SORT FLAG_EDGES		/* rebin: the edges are sorted first */
#define FLAG_FIT FLAG_FULL			/* rebin: h has exactly nedges + 1 elements */

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	/* NaN last, so that an array with one stays invalid */
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return (x > y) - (x < y);
}

/* kld_edges_check's fault, from README (rebin): non-empty, finite, ascending. */
static kld_status
edges_fault(const double *e, size_t n, kld_arg arg, kld_fault *f)
{
	memset(f, 0, sizeof *f);
	f->arg = arg;
	if (n == 0)
		return f->status = KLD_EMPTY;
	for (size_t i = 0; i < n; i++)
	{
		f->index = i;
		f->value = e[i];
		if (!isfinite(e[i]) || (i > 0 && e[i] < e[i - 1]))
			return f->status = KLD_BAD_EDGES;
	}
	return f->status = KLD_OK;
}

static void
fuzz_rebin(int flags, reader *r)
{
	size_t		nedges,
				nnew,
				nh;
	double	   *edges = take_array(r, &nedges);
	double	   *new_edges,
			   *h,
			   *result;
	kld_fault	fault,
				want;
	kld_status	status;
	long double total = 0.0L,
				new_total = 0.0L;
	size_t		bad;

	if (flags & FLAG_SAME_BINS)
		new_edges = copy_block(edges, nnew = nedges);
	else
		new_edges = take_array(r, &nnew);
	if (flags & FLAG_SORT)
	{
		qsort(edges, nedges, sizeof(double), compare_doubles);
		if (!(flags & FLAG_SAME_BINS))
			qsort(new_edges, nnew, sizeof(double), compare_doubles);
		else
			memcpy(new_edges, edges, nedges * sizeof(double));
	}
	if (flags & FLAG_FIT)
		h = take_numbers(r, nh = nedges + 1);
	else
		h = take_array(r, &nh);
	result = alloc_block((nnew + 1) * sizeof(double));
	if (verbose)
	{
		print_array("edges", edges, nedges);
		print_array("new_edges", new_edges, nnew);
		print_array("h", h, nh);
	}
	status = kld_rebin(h, nh, edges, nedges, new_edges, nnew, result, &fault);
	if (verbose)
	{
		fprintf(stderr, "  -> %s\n", kld_status_name(status));
		if (status == KLD_OK)
			print_array("result", result, nnew + 1);
	}

	/* The order of the checks: edges, new_edges, the length of h, its weights. */
	if (edges_fault(edges, nedges, KLD_ARG_EDGES, &want) == KLD_OK &&
		edges_fault(new_edges, nnew, KLD_ARG_NEW_EDGES, &want) == KLD_OK)
	{
		memset(&want, 0, sizeof want);
		if (nh != nedges + 1)
			want.status = KLD_EDGES_MISMATCH, want.arg = KLD_ARG_H,
				want.length_p = nh, want.length_q = nedges;
		else if ((want.status = weights_fault(h, nh, &bad)) == KLD_ALL_ZERO)
			want.status = KLD_OK;
		else if (want.status != KLD_OK)
			want.arg = KLD_ARG_H, want.index = bad, want.value = h[bad];
	}
	if (status == KLD_OVERFLOW && want.status == KLD_OK)
	{
		/* A new bin's sum beyond DBL_MAX: the total is too. */
		for (size_t i = 0; i < nh; i++)
			total += h[i];
		CHECK(fault.status == KLD_OVERFLOW && fault.arg == KLD_ARG_H && fault.index <= nnew &&
			  isinf(fault.value), "overflow fault arg %d index %zu value %.17g", fault.arg,
			  fault.index, fault.value);
		CHECK(total >= (long double) DBL_MAX * (1 - 1e-12L), "overflow, but h sums to %.17Lg", total);
		return;
	}
	CHECK(status == want.status, "kld_rebin %s, expected %s", kld_status_name(status),
		  kld_status_name(want.status));
	if (status != KLD_OK)
	{
		CHECK(fault.status == status && fault.arg == want.arg && fault.index == want.index &&
			  (status == KLD_EMPTY || status == KLD_EDGES_MISMATCH || same_double(fault.value, want.value)),
			  "fault arg %d index %zu value %.17g, expected arg %d index %zu value %.17g",
			  fault.arg, fault.index, fault.value, want.arg, want.index, want.value);
		if (status == KLD_EDGES_MISMATCH)
			CHECK(fault.length_p == nh && fault.length_q == nedges, "lengths %zu, %zu in the fault",
				  fault.length_p, fault.length_q);
		if (status == KLD_BAD_EDGES && want.index > 0 && isfinite(want.value))
			CHECK(fault.previous == (want.arg == KLD_ARG_EDGES ? edges : new_edges)[want.index - 1],
				  "previous edge %.17g in the fault", fault.previous);
		return;
	}
	for (size_t i = 0; i < nh; i++)
		total += h[i];
	for (size_t i = 0; i <= nnew; i++)
	{
		CHECK(isfinite(result[i]) && result[i] >= 0.0 && !signbit(result[i]),
			  "result[%zu] = %.17g", i, result[i]);
		new_total += result[i];
	}
	/* Onto the same edges: h bit for bit, -0 as 0. */
	if (flags & FLAG_SAME_BINS)
		for (size_t i = 0; i < nh; i++)
			CHECK(same_double(result[i], h[i] + 0.0), "identity: result[%zu] = %.17g (%a), h %.17g (%a)",
				  i, result[i], result[i], h[i], h[i]);

	/*
	 * Mass preserved (test_rebin.c: 1e-14 relative); each piece w * fraction
	 * may lose up to half a subnormal step where it underflows.
	 */
	CHECK(fabsl(new_total - total) <= 1e-12L * total + (nedges + nnew + 2) * 0x1p-1074L,
		  "total %.17Lg became %.17Lg", total, new_total);
}

/* ---- kld_count_add ------------------------------------------------------- */

static void
fuzz_count_add(int flags, reader *r)
{
	double		count = take_number(r);
	int			rows = take_byte(r) % 16 + 1;
	kld_arg		arg = flags & FLAG_SAME_BINS ? KLD_ARG_STATE : KLD_ARG_WEIGHT;

	if (verbose)
		fprintf(stderr, "  count = %.17g\n", count);
	for (int i = 0; i < rows; i++)
	{
		double		weight = take_number(r),
					before = count;
		size_t		index = take_byte(r);
		kld_fault	fault;
		kld_status	status = kld_count_add(&count, weight, arg, index, &fault),
					want = KLD_OK;
		double		want_value = weight;

		if (verbose)
			fprintf(stderr, "  + %.17g [%zu] -> %s, %.17g\n", weight, index,
					kld_status_name(status), count);
		if (isnan(weight))
			want = KLD_NOT_A_NUMBER;
		else if (isinf(weight))
			want = KLD_INFINITE;
		else if (weight < 0.0)
			want = KLD_NEGATIVE;
		else if (isinf(before + weight))
			want = KLD_OVERFLOW, want_value = before;
		CHECK(status == want, "kld_count_add %s, expected %s", kld_status_name(status),
			  kld_status_name(want));
		if (status != KLD_OK)
		{
			CHECK(fault.status == status && fault.arg == arg && fault.index == index &&
				  same_double(fault.value, want_value), "fault arg %d index %zu value %.17g",
				  fault.arg, fault.index, fault.value);
			CHECK(same_double(count, before), "a failed add changed the count");
			continue;
		}
		CHECK(same_double(count, before + weight), "count %.17g, expected %.17g", count,
			  before + weight);
		/* A count as the callers keep it (finite, >= 0) stays finite and >= 0. */
		if (isfinite(before) && before >= 0.0)
			CHECK(isfinite(count) && count >= 0.0, "count %.17g after adding %.17g to %.17g",
				  count, weight, before);
	}
}

/* ---- the quantile summary (quantile_sketch.h) ---------------------------- */

#define FLAG_TIDY FLAG_EDGES		/* qs_state: made-up entries made ascending, whole */
#define FLAG_SECOND FLAG_SAME_BINS	/* qs_state: a second state, merged in */
#define FLAG_BUILT FLAG_INIT		/* qs_state: the header from its fields */
#define FLAG_ROUND_ROBIN FLAG_DIVIDE	/* qs_rows: rows dealt to the parts in turn */

#define QV(e, i) ((e)[KLD_QS_ENTRY * (i)])
#define QG(e, i) ((e)[KLD_QS_ENTRY * (i) + 1])
#define QD(e, i) ((e)[KLD_QS_ENTRY * (i) + 2])

/*
 * A state in a malloc'd block of exactly its length, grown as
 * quantile_edges_sql.c grows it (not in blocks[]: a state may be replaced hundreds of times).
 */
typedef struct sketch
{
	double	   *state;
	size_t		length;
	kld_qs		qs;
	int			dead;			/* a full decode failed: no more rows */
	int			made_up;		/* began as a made-up state: its rows may */
								/* add up past 2^53, which a decode refuses */
} sketch;

/* A value and its rows: the multiset an exact state stands for. */
typedef struct value_rows
{
	double		v;
	double		g;
} value_rows;

typedef struct multiset
{
	value_rows *x;
	size_t		n;
	size_t		room;
} multiset;

static void
ms_add(multiset *m, double v, double g)
{
	if (m->n == m->room)
	{
		m->room = m->room ? 2 * m->room : 64;
		m->x = realloc(m->x, m->room * sizeof *m->x);
		if (m->x == NULL)
			abort();
	}
	m->x[m->n].v = v;
	m->x[m->n].g = g;
	m->n++;
}

static int
compare_value_rows(const void *a, const void *b)
{
	return compare_doubles(&((const value_rows *) a)->v, &((const value_rows *) b)->v);
}

/*
 * README (Quantile edges): the last edge is the next double above the
 * largest value that is 0 or normal (never -0 or a subnormal), and the
 * largest double is its own last edge.
 */
static double
spec_edge_above(double max)
{
	double		next = nextafter(max, INFINITY);

	if (isinf(next))
		return max;
	if (next == 0.0 || fabs(next) < DBL_MIN)
		return next < 0.0 || (next == 0.0 && max < 0.0) ? 0.0 : DBL_MIN;
	return next;
}

/*
 * README (Quantile edges), by brute force over a multiset of finite values:
 * [x_0, x_floor(N/nbins), .., x_floor((nbins-1)N/nbins), spec_edge_above(x_{N-1})],
 * repeats dropped. Sorts m.
 */
static size_t
brute_edges(multiset *m, int nbins, double *edges)
{
	uint64_t	total = 0,
				below = 0;
	size_t		count = 0,
				out = 0,
				i = 0;

	if (m->n == 0)
		return 0;
	while (i + 1 < m->n && m->x[i].v <= m->x[i + 1].v)
		i++;
	if (i + 1 < m->n)			/* (qs_large's come sorted) */
		qsort(m->x, m->n, sizeof *m->x, compare_value_rows);
	i = 0;
	for (size_t j = 0; j < m->n; j++)
		total += (uint64_t) m->x[j].g;
	edges[count++] = m->x[0].v;
	for (int k = 1; k < nbins; k++)
	{
		uint64_t	rank = (uint64_t) k * total / (uint64_t) nbins;

		/* the first value with more than rank rows at or below it */
		while (below + (uint64_t) m->x[i].g <= rank)
			below += (uint64_t) m->x[i++].g;
		edges[count++] = m->x[i].v;
	}
	edges[count++] = spec_edge_above(m->x[m->n - 1].v);
	for (size_t j = 1; j < count; j++)
		if (edges[j] != edges[out])
			edges[++out] = edges[j];
	return out + 1;
}

static void
check_same_edges(const double *got, size_t ngot, const double *want, size_t nwant,
				 const char *what)
{
	if (verbose)
	{
		print_array(what, got, ngot);
		print_array("brute force", want, nwant);
	}
	CHECK(ngot == nwant, "%s: %zu edges, brute force %zu", what, ngot, nwant);
	for (size_t i = 0; i < ngot; i++)
		CHECK(got[i] == want[i], "%s: edge %zu is %.17g, brute force %.17g", what, i, got[i],
			  want[i]);
}

/* A whole number in [lo, hi], as quantile_sketch.h means it. */
static int
whole(double x, double lo, double hi)
{
	return x >= lo && x <= hi && x == floor(x);
}

/*
 * The first element of a state that is not one of ours, in the order of
 * quantile_sketch.h (header: tag and length, nbins, the length in entries,
 * used, sorted, exact; then each entry in use: v, g, d), or -1. full: the
 * entries too.
 */
static long
qs_bad_element(const double *s, size_t length, int full)
{
	size_t		slots;
	double		total = 0.0;

	if (length < KLD_QS_HEADER || s[0] != KLD_STATE_QUANTILE)
		return 0;
	if (!whole(s[1], 1, KLD_MAX_QUANTILE_BINS))
		return 1;
	slots = (length - KLD_QS_HEADER) / KLD_QS_ENTRY;
	if ((length - KLD_QS_HEADER) % KLD_QS_ENTRY != 0 || slots < 1 || slots > KLD_QS_MAX_SLOTS)
		return 0;
	if (!whole(s[3], 0, (double) slots))
		return 3;
	if (!whole(s[2], 0, s[3]))
		return 2;
	if (!whole(s[4], 0, 1))
		return 4;
	if (!full)
		return -1;
	for (size_t i = 0; i < (size_t) s[3]; i++)
	{
		const double *e = s + KLD_QS_HEADER;
		long		at = (long) (KLD_QS_HEADER + KLD_QS_ENTRY * i);
		int			in_summary = i < (size_t) s[2];

		/* Values are finite and never -0 (rows are stored as +0). */
		if (!isfinite(QV(e, i)) || (QV(e, i) == 0.0 && signbit(QV(e, i))) ||
			(in_summary && i > 0 && !(QV(e, i) > QV(e, i - 1))))
			return at;
		if (!whole(QG(e, i), 1, KLD_QS_MAX_TOTAL - total))
			return at + 1;
		if (!whole(QD(e, i), 0, in_summary ? KLD_QS_MAX_TOTAL : 0))
			return at + 2;
		total += QG(e, i);
	}
	return -1;
}

/* kld_qs_decode, checked against qs_bad_element; leaves the state as it was. */
static kld_status
qs_decode(double *state, size_t length, int full, kld_qs *qs)
{
	double	   *before = malloc(length * sizeof(double) + 1);
	kld_fault	fault;
	kld_status	status;
	long		bad = qs_bad_element(state, length, full);

	if (before == NULL)
		abort();
	memcpy(before, state, length * sizeof(double));
	status = kld_qs_decode(state, length, full, qs, &fault);
	CHECK(memcmp(state, before, length * sizeof(double)) == 0, "kld_qs_decode changed the state");
	free(before);
	if (verbose)
		fprintf(stderr, "  qs_decode(%zu doubles, %s) -> %s\n", length, full ? "full" : "header",
				kld_status_name(status));
	if (bad >= 0)
	{
		CHECK(status == KLD_BAD_SKETCH, "kld_qs_decode %s, but element %ld is bad",
			  kld_status_name(status), bad);
		CHECK(fault.status == status && fault.arg == KLD_ARG_STATE && fault.index == (size_t) bad &&
			  same_double(fault.value, length > 0 ? state[bad] : 0.0),
			  "fault arg %d at %zu (%.17g), expected the state at %ld", fault.arg, fault.index,
			  fault.value, bad);
		return status;
	}
	CHECK(status == KLD_OK, "kld_qs_decode %s at %zu, a good state", kld_status_name(status),
		  fault.index);
	CHECK(qs->state == state && qs->entries == state + KLD_QS_HEADER &&
		  qs->nbins == (int) state[1] && qs->slots == (length - KLD_QS_HEADER) / KLD_QS_ENTRY &&
		  qs->sorted == (size_t) state[2] && qs->used == (size_t) state[3] &&
		  qs->exact == (state[4] == 1.0), "decoded header differs from the state");
	if (full)
	{
		double		total = 0.0;

		for (size_t i = 0; i < qs->used; i++)
			total += QG(qs->entries, i);
		CHECK(qs->total == total, "total %.17g, the counts sum to %.17g", qs->total, total);
	}
	return status;
}

/*
 * A state this harness made through the core (stored, appended to): it must
 * decode; no oracle, which would double the cost of every flush.
 */
static void
qs_decode_ours(double *state, size_t length, int full, kld_qs *qs)
{
	kld_fault	fault;
	kld_status	status = kld_qs_decode(state, length, full, qs, &fault);

	CHECK(status == KLD_OK, "a state of the core's own making: %s at %zu (%.17g)",
		  kld_status_name(status), fault.index, fault.value);
}

/* The entries in use of a (full-decoded) state, as a multiset. */
static void
ms_add_state(multiset *m, const kld_qs *qs)
{
	for (size_t i = 0; i < qs->used; i++)
		ms_add(m, QV(qs->entries, i), QG(qs->entries, i));
}

/*
 * kld_qs_flush of a (and b), both full-decoded, in a work block of exactly
 * kld_qs_work_length: the summary's promises (quantile_sketch.h). Returns the
 * work block (to be freed) and fills *out.
 */
static double *
qs_flush(const kld_qs *a, const kld_qs *b, kld_qs_summary *out)
{
	size_t		nwork = kld_qs_work_length(a, b);
	double	   *work = malloc(nwork * sizeof(double) + 1);
	double	   *a_before = malloc(a->slots * KLD_QS_ENTRY * sizeof(double));
	double	   *b_before = b ? malloc(b->slots * KLD_QS_ENTRY * sizeof(double)) : NULL;
	double		lo = INFINITY,
				hi = -INFINITY,
				total = 0.0;
	int			exact = a->exact && (b == NULL || b->exact);

	if (work == NULL || a_before == NULL || (b && b_before == NULL))
		abort();
	memcpy(a_before, a->entries, a->slots * KLD_QS_ENTRY * sizeof(double));
	if (b)
		memcpy(b_before, b->entries, b->slots * KLD_QS_ENTRY * sizeof(double));
	kld_qs_flush(a, b, work, out);
	CHECK(memcmp(a->entries, a_before, a->slots * KLD_QS_ENTRY * sizeof(double)) == 0 &&
		  (b == NULL || memcmp(b->entries, b_before, b->slots * KLD_QS_ENTRY * sizeof(double)) == 0),
		  "kld_qs_flush changed its input");
	free(a_before);
	free(b_before);

	for (int side = 0; side < (b ? 2 : 1); side++)
	{
		const kld_qs *s = side ? b : a;

		for (size_t i = 0; i < s->used; i++)
			lo = fmin(lo, QV(s->entries, i)), hi = fmax(hi, QV(s->entries, i));
	}
	if (verbose)
		fprintf(stderr, "  flush: %zu entries, %s, total %.17g\n", out->n,
				out->exact ? "exact" : "inexact", out->total);
	CHECK(out->entries >= work && out->entries + KLD_QS_ENTRY * out->n <= work + nwork,
		  "the summary is outside the work area");
	CHECK(out->n <= KLD_QS_CAPACITY, "%zu entries in a summary", out->n);
	CHECK(out->total == a->total + (b ? b->total : 0.0), "summary total %.17g", out->total);
	CHECK((out->n == 0) == (a->used == 0 && (b == NULL || b->used == 0)), "%zu entries", out->n);
	CHECK(out->exact == (exact && out->exact), "an inexact input made an exact summary");
	for (size_t i = 0; i < out->n; i++)
	{
		const double *e = out->entries;

		CHECK(isfinite(QV(e, i)) && (i == 0 || QV(e, i) > QV(e, i - 1)),
			  "summary value %zu = %.17g after %.17g", i, QV(e, i), i ? QV(e, i - 1) : NAN);
		/* (d adds up a made-up state's claims, which may pass 2^53.) */
		CHECK(whole(QG(e, i), 1, KLD_QS_MAX_TOTAL) && whole(QD(e, i), 0, INFINITY),
			  "summary entry %zu: g %.17g, d %.17g", i, QG(e, i), QD(e, i));
		total += QG(e, i);
	}
	CHECK(total == out->total, "the summary's counts sum to %.17g of %.17g", total, out->total);
	if (out->n > 0)
		CHECK(QV(out->entries, 0) == lo && QV(out->entries, out->n - 1) == hi,
			  "summary from %.17g to %.17g, values from %.17g to %.17g", QV(out->entries, 0),
			  QV(out->entries, out->n - 1), lo, hi);
	return work;
}

/*
 * The edges of a summary (n > 0) into a malloc'd block of nbins + 1 doubles,
 * with kld_qs_quantiles' promises; *rank_error gets its bound.
 */
static double *
qs_edges(const kld_qs_summary *summary, int nbins, size_t *nedges, double *rank_error)
{
	double	   *q = malloc(((size_t) nbins + 1) * sizeof(double));
	double	   *edges = malloc(((size_t) nbins + 1) * sizeof(double));
	double		lo = QV(summary->entries, 0),
				hi = QV(summary->entries, summary->n - 1);
	double		last;

	if (q == NULL || edges == NULL)
		abort();
	last = spec_edge_above(hi);
	kld_qs_quantiles(summary, nbins, q, rank_error);
	/* (A made-up state's d may claim any uncertainty: no upper bound here.) */
	CHECK(*rank_error >= 0.0 && (*rank_error == 0.0 || !summary->exact),
		  "rank error %.17g", *rank_error);
	CHECK(q[0] == lo && q[nbins] == last, "quantiles from %.17g to %.17g", q[0], q[nbins]);
	for (int k = 1; k <= nbins; k++)
		CHECK(q[k] >= q[k - 1], "quantile %d = %.17g below %.17g", k, q[k], q[k - 1]);
	*nedges = kld_qs_edges(summary, nbins, edges);
	CHECK(*nedges >= 1 && *nedges <= (size_t) nbins + 1, "%zu edges for %d bins", *nedges, nbins);
	CHECK(edges[0] == lo && edges[*nedges - 1] == last, "edges from %.17g to %.17g",
		  edges[0], edges[*nedges - 1]);
	for (size_t i = 1; i < *nedges; i++)
		CHECK(isfinite(edges[i]) && edges[i] > edges[i - 1], "edge %zu = %.17g after %.17g",
			  i, edges[i], edges[i - 1]);
	free(q);
	return edges;
}

static void
sk_free(sketch *s)
{
	free(s->state);
	s->state = NULL;
}

/*
 * Stores a summary as quantile_edges_sql.c's store(): a state that decodes
 * in full.
 */
static void
sk_store(sketch *s, size_t current, int nbins, const kld_qs_summary *summary)
{
	size_t		slots = kld_qs_slots_for(summary, current);

	CHECK(slots >= current && slots <= KLD_QS_MAX_SLOTS && summary->n <= slots &&
		  (summary->n <= slots / 2 || slots == KLD_QS_MAX_SLOTS),
		  "%zu slots for %zu entries (from %zu)", slots, summary->n, current);
	if (s->state == NULL || slots != s->qs.slots)
	{
		free(s->state);
		s->length = kld_qs_length(slots);
		s->state = malloc(s->length * sizeof(double));
		if (s->state == NULL)
			abort();
	}
	kld_qs_store(s->state, slots, nbins, summary);
	if (s->made_up)
	{
		/*
		 * The d of a made-up state may claim up to 2^53 rows; merged, they
		 * can add up past it, and the store is then refused in its turn.
		 */
		if (qs_decode(s->state, s->length, 1, &s->qs) != KLD_OK)
		{
			CHECK(qs_decode(s->state, s->length, 0, &s->qs) == KLD_OK, "a stored header refused");
			s->dead = 1;
			return;
		}
	}
	else
		qs_decode_ours(s->state, s->length, 1, &s->qs);
	CHECK(s->qs.sorted == summary->n && s->qs.used == summary->n && s->qs.nbins == nbins &&
		  s->qs.exact == summary->exact && s->qs.total == summary->total,
		  "the stored state is not the summary");
	s->dead = 0;
}

static void
sk_new(sketch *s, int nbins)
{
	s->length = kld_qs_length(KLD_QS_MIN_SLOTS);
	s->state = malloc(s->length * sizeof(double));
	if (s->state == NULL)
		abort();
	kld_qs_init(s->state, KLD_QS_MIN_SLOTS, nbins);
	qs_decode_ours(s->state, s->length, 1, &s->qs);
	CHECK(s->qs.used == 0 && s->qs.exact && s->qs.total == 0.0 && s->qs.nbins == nbins,
		  "a new state is not empty");
	s->dead = 0;
}

/*
 * One row, as quantile_edges_transition does it (on a state decoded
 * header-only): the row checked, the appended rows sorted in when the slots
 * are full (a full decode first, which may refuse a made-up state), the row
 * appended. Returns whether the row was counted.
 */
static int
sk_row(sketch *s, int nbins, double value)
{
	kld_fault	fault;
	bool		counted = false;
	kld_status	status = kld_qs_check_row(&s->qs, nbins, value, &counted, &fault);
	kld_status	want = KLD_OK;

	if (nbins < 1 || nbins > KLD_MAX_QUANTILE_BINS)
		want = KLD_BAD_QUANTILE_BINS;
	else if (nbins != s->qs.nbins)
		want = KLD_QUANTILE_BINS_CHANGED;
	else if (isnan(value))
		want = KLD_VALUE_NAN;
	CHECK(status == want, "kld_qs_check_row(nbins %d, %.17g) %s, expected %s", nbins, value,
		  kld_status_name(status), kld_status_name(want));
	if (status != KLD_OK)
	{
		CHECK(fault.status == status && fault.index == 0 &&
			  fault.arg == (status == KLD_VALUE_NAN ? KLD_ARG_VALUE : KLD_ARG_NBINS) &&
			  same_double(fault.value, status == KLD_VALUE_NAN ? value : (double) nbins) &&
			  (status != KLD_QUANTILE_BINS_CHANGED || fault.previous == s->qs.nbins),
			  "check_row fault arg %d value %.17g previous %.17g", fault.arg, fault.value,
			  fault.previous);
		return 0;
	}
	CHECK(counted == (isfinite(value) != 0), "%.17g %s counted", value, counted ? "is" : "is not");
	if (!counted || s->dead)
		return 0;
	if (s->qs.used == s->qs.slots)
	{
		kld_qs_summary summary;
		double	   *work;

		if (!s->made_up)
			qs_decode_ours(s->state, s->length, 1, &s->qs);
		else if (qs_decode(s->state, s->length, 1, &s->qs) != KLD_OK)
		{
			s->dead = 1;
			return 0;
		}
		work = qs_flush(&s->qs, NULL, &summary);
		sk_store(s, s->qs.slots, s->qs.nbins, &summary);
		free(work);
		qs_decode_ours(s->state, s->length, 0, &s->qs);
		CHECK(s->qs.used < s->qs.slots, "no room after a flush");
	}
	kld_qs_append(&s->qs, value);
	CHECK(s->state[3] == (double) s->qs.used &&
		  same_double(QV(s->qs.entries, s->qs.used - 1), value + 0.0) &&
		  QG(s->qs.entries, s->qs.used - 1) == 1.0 && QD(s->qs.entries, s->qs.used - 1) == 0.0,
		  "appended row %zu", s->qs.used - 1);
	return 1;
}

/*
 * from merged into into, as quantile_edges_combine does it: full decodes,
 * kld_qs_merge_check, a flush of both, a fresh state. into->state == NULL
 * for a combine with no state yet (a copy of from). Returns the status.
 */
static kld_status
sk_merge(sketch *into, sketch *from)
{
	kld_qs		b;
	kld_qs_summary summary;
	kld_fault	fault;
	kld_status	status;
	double	   *work;

	if (kld_qs_decode(from->state, from->length, 1, &b, &fault) != KLD_OK)
		return KLD_BAD_SKETCH;	/* a made-up state, checked by the caller */
	if (into->state == NULL)
		work = qs_flush(&b, NULL, &summary);
	else
	{
		if (!into->made_up)
			qs_decode_ours(into->state, into->length, 1, &into->qs);
		else if (qs_decode(into->state, into->length, 1, &into->qs) != KLD_OK)
			return KLD_BAD_SKETCH;
		status = kld_qs_merge_check(&into->qs, &b, &fault);
		if (into->qs.nbins != b.nbins)
			CHECK(status == KLD_QUANTILE_BINS_CHANGED && fault.arg == KLD_ARG_NBINS &&
				  fault.value == b.nbins && fault.previous == into->qs.nbins,
				  "merging nbins %d into %d: %s", b.nbins, into->qs.nbins, kld_status_name(status));
		else if (into->qs.total > KLD_QS_MAX_TOTAL - b.total)	/* the sum may round to 2^53 */
			CHECK(status == KLD_OVERFLOW && fault.arg == KLD_ARG_VALUE &&
				  fault.value == into->qs.total + b.total,
				  "merging %.17g rows into %.17g: %s", b.total, into->qs.total,
				  kld_status_name(status));
		else
			CHECK(status == KLD_OK, "kld_qs_merge_check %s", kld_status_name(status));
		if (status != KLD_OK)
			return status;
		work = qs_flush(&into->qs, &b, &summary);
	}
	free(into->state);
	into->state = NULL;
	sk_store(into, KLD_QS_MIN_SLOTS, b.nbins, &summary);
	free(work);
	return KLD_OK;
}

/*
 * The final function on s: a full decode, a flush, the edges; against the
 * brute force of the multiset m (if not NULL) while the summary is exact.
 * Returns the summary's rank error bound, or -1 if there are no edges.
 */
static double
sk_final(sketch *s, multiset *m, const char *what, double **edges_out, size_t *nedges_out)
{
	kld_qs		qs;
	kld_qs_summary summary;
	double	   *work,
			   *edges;
	size_t		nedges;
	double		rank_error;

	*edges_out = NULL;
	if (!s->made_up)
		qs_decode_ours(s->state, s->length, 1, &qs);
	else if (qs_decode(s->state, s->length, 1, &qs) != KLD_OK)
		return -1.0;
	work = qs_flush(&qs, NULL, &summary);
	if (summary.n == 0)
	{
		CHECK(m == NULL || m->n == 0, "%s: no entries, but %zu values", what, m->n);
		free(work);
		return -1.0;
	}
	edges = qs_edges(&summary, qs.nbins, &nedges, &rank_error);
	if (m && summary.exact)
	{
		double	   *want = malloc(((size_t) qs.nbins + 1) * sizeof(double));

		if (want == NULL)
			abort();
		check_same_edges(edges, nedges, want, brute_edges(m, qs.nbins, want), what);
		free(want);
	}
	free(work);
	if (edges_out)
		*edges_out = edges, *nedges_out = nedges;
	else
		free(edges);
	return rank_error;
}

/* A made-up state: raw doubles, or (FLAG_BUILT) a header from its fields. */
static void
take_qs_state(int flags, reader *r, sketch *s)
{
	memset(s, 0, sizeof *s);
	s->made_up = 1;
	if (flags & FLAG_BUILT)
	{
		int			nbins = take_int(r);
		size_t		slots = take_length(r);
		size_t		used = take_length(r);
		size_t		sorted = take_byte(r);
		int			exact = take_byte(r) & 1;
		double	   *e;

		used = used < slots ? used : slots;
		sorted = sorted < used ? sorted : used;
		s->length = kld_qs_length(slots);
		s->state = calloc(s->length, sizeof(double));
		if (s->state == NULL)
			abort();
		s->state[0] = KLD_STATE_QUANTILE;
		s->state[1] = nbins;
		s->state[2] = (double) sorted;
		s->state[3] = (double) used;
		s->state[4] = exact;
		e = s->state + KLD_QS_HEADER;
		for (size_t i = 0; i < used; i++)
		{
			double		v = take_number(r),
						g = take_number(r),
						d = take_number(r);

			if (flags & FLAG_TIDY)
			{
				/* Ascending summary values, whole counts, no d for appended rows. */
				if (i > 0 && i < sorted)
					v = QV(e, i - 1) + 1.0 + fabs(v);
				g = 1.0 + floor(fabs(g));
				d = i < sorted ? floor(fabs(d)) : 0.0;
			}
			QV(e, i) = v, QG(e, i) = g, QD(e, i) = d;
		}
	}
	else
	{
		s->length = take_length(r);
		s->state = malloc(s->length * sizeof(double) + 1);
		if (s->state == NULL)
			abort();
		for (size_t i = 0; i < s->length; i++)
			s->state[i] = take_number(r);
	}
	if (verbose)
		print_array("state", s->state, s->length);
}

/*
 * Made-up states: decoded (header or full) as kld_qs_decode promises; rows
 * appended through the transition; a second state merged in; the edges,
 * against the brute force of the rows the states stand for while exact.
 */
static void
fuzz_qs_state(int flags, reader *r)
{
	sketch		a,
				b = {0};
	kld_qs		qs;
	multiset	m = {0};
	int			rows;
	double	   *edges;
	size_t		nedges;
	int			known;			/* m holds a's rows */

	take_qs_state(flags, r, &a);
	if (flags & FLAG_SECOND)
		take_qs_state(flags, r, &b);
	rows = take_byte(r);

	qs_decode(a.state, a.length, flags & FLAG_FULL, &qs);
	known = qs_decode(a.state, a.length, 1, &a.qs) == KLD_OK;
	if (known)
		ms_add_state(&m, &a.qs);
	if (qs_decode(a.state, a.length, 0, &a.qs) == KLD_OK)
	{
		for (int i = 0; i < rows; i++)
		{
			double		v = take_number(r);

			if (verbose)
				fprintf(stderr, "  row %.17g\n", v);
			if (sk_row(&a, a.qs.nbins, v))
				ms_add(&m, v + 0.0, 1.0);
		}
		if (b.state && !a.dead)
		{
			known &= qs_decode(b.state, b.length, 1, &b.qs) == KLD_OK;
			if (known)
				ms_add_state(&m, &b.qs);
			if (sk_merge(&a, &b) != KLD_OK)
				a.dead = 1;
		}
		if (!a.dead)
		{
			sk_final(&a, known ? &m : NULL, "made-up state", &edges, &nedges);
			free(edges);
		}
	}
	sk_free(&a);
	sk_free(&b);
	free(m.x);
}

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t	z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * A cut's distance from rank r among the rows of a sorted, coalesced
 * multiset (cum[i]: the rows up to value i): 0 if c holds rank r, else how
 * many ranks away its rows start or end.
 */
static double
rank_distance(const multiset *m, const uint64_t *cum, double c, uint64_t r)
{
	size_t		lo = 0,
				hi = m->n;
	uint64_t	first,
				past;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (m->x[mid].v < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo > 0 ? cum[lo - 1] : 0;
	past = lo < m->n && m->x[lo].v == c ? cum[lo] : first;
	if (r < first)
		return (double) (first - r);
	if (r >= past)
		return (double) (r - past + 1);
	return 0.0;
}

/*
 * An exact made-up state from a seed: a summary (ascending integers) and up
 * to 255 appended rows among them; its rows go to m's runs: the summary's
 * in order, the appended ones to be sorted.
 */
static void
large_state(reader *r, uint64_t *seed, sketch *s, int nbins, multiset *summary_rows,
			multiset *appended_rows)
{
	size_t		sorted = take_length(r),
				appended = take_byte(r),
				slots = sorted + appended < 1 ? 1 : sorted + appended;
	uint64_t	gmax = 1 + take_byte(r) % 16;
	uint64_t	step = 1 + take_byte(r);
	double	   *e,
				v = 0.0;

	memset(s, 0, sizeof *s);
	s->length = kld_qs_length(slots);
	s->state = calloc(s->length, sizeof(double));
	if (s->state == NULL)
		abort();
	kld_qs_init(s->state, slots, nbins);
	s->state[2] = (double) sorted;
	s->state[3] = (double) (sorted + appended);
	e = s->state + KLD_QS_HEADER;
	for (size_t i = 0; i < sorted + appended; i++)
	{
		uint64_t	u = splitmix(seed);

		if (i < sorted)
			v += (double) (1 + u % step);
		QV(e, i) = i < sorted ? v : (double) (u % (step * (sorted + 1)));
		QG(e, i) = (double) (1 + (u >> 32) % gmax);
		ms_add(i < sorted ? summary_rows : appended_rows, QV(e, i), QG(e, i));
	}
}

/* Two sorted runs merged into out (a sort would cost as much as the flush). */
static void
ms_merge(const multiset *a, const multiset *b, multiset *out)
{
	size_t		i = 0,
				j = 0;

	while (i < a->n || j < b->n)
		if (j >= b->n || (i < a->n && a->x[i].v <= b->x[j].v))
			ms_add(out, a->x[i].v, a->x[i].g), i++;
		else
			ms_add(out, b->x[j].v, b->x[j].g), j++;
}

/*
 * Past KLD_QS_CAPACITY distinct values, cheaply: two exact states made up
 * whole (a sorted summary of up to 4095 entries and up to 255 appended
 * rows each, so that one flush sorts, merges and merges entries away)
 * instead of tens of thousands of transitions. Every cut within the summary's own rank error
 * bound and README's 0.25% of the rows, against the true ranks; the edges
 * of the stored result as the brute force while still exact.
 */
static void
fuzz_qs_large(reader *r)
{
	int			nbins = 1 + take_int(r) % KLD_MAX_QUANTILE_BINS;
	uint64_t	seed = 0;
	sketch		a,
				b;
	multiset	m = {0},
				run[3] = {{0}},
				ab = {0};
	kld_qs_summary summary;
	double	   *work,
			   *q;
	double		bound;
	size_t		out = 0;
	uint64_t   *cum;

	if (nbins < 1)
		nbins += KLD_MAX_QUANTILE_BINS;
	for (int i = 0; i < 8; i++)
		seed = seed << 8 | take_byte(r);
	large_state(r, &seed, &a, nbins, &run[0], &run[2]);
	large_state(r, &seed, &b, nbins, &run[1], &run[2]);
	if (verbose)
		fprintf(stderr, "  nbins %d; %zu + %zu entries; %zu + %zu slots\n", nbins,
				(size_t) a.state[3], (size_t) b.state[3], (a.length - KLD_QS_HEADER) / 3,
				(b.length - KLD_QS_HEADER) / 3);
	qs_decode_ours(a.state, a.length, 1, &a.qs);
	qs_decode_ours(b.state, b.length, 1, &b.qs);
	work = qs_flush(&a.qs, &b.qs, &summary);

	/* The true ranks: the rows sorted (three runs merged) and coalesced by value. */
	if (run[2].n > 0)
		qsort(run[2].x, run[2].n, sizeof *run[2].x, compare_value_rows);
	ms_merge(&run[0], &run[1], &ab);
	ms_merge(&ab, &run[2], &m);
	for (int k = 0; k < 3; k++)
		free(run[k].x);
	free(ab.x);
	for (size_t i = 0; i < m.n; i++)
		if (out > 0 && m.x[i].v == m.x[out - 1].v)
			m.x[out - 1].g += m.x[i].g;
		else
			m.x[out++] = m.x[i];
	m.n = out;
	cum = malloc((m.n + 1) * sizeof(uint64_t));
	if (cum == NULL)
		abort();
	for (size_t i = 0; i < m.n; i++)
		cum[i] = (i > 0 ? cum[i - 1] : 0) + (uint64_t) m.x[i].g;
	CHECK(summary.exact == (m.n <= KLD_QS_CAPACITY), "%zu distinct values, %s summary", m.n,
		  summary.exact ? "an exact" : "an inexact");
	if (summary.n > 0)
	{
		double		worst = 0.0;

		q = malloc(((size_t) nbins + 1) * sizeof(double));
		if (q == NULL)
			abort();
		kld_qs_quantiles(&summary, nbins, q, &bound);
		for (int k = 1; k < nbins; k++)
		{
			double		err = rank_distance(&m, cum, q[k], (uint64_t) k * (uint64_t) summary.total / (uint64_t) nbins);

			CHECK(err <= bound, "cut %d = %.17g is %.0f ranks off, the summary's bound %.0f",
				  k, q[k], err, bound);
			worst = fmax(worst, err);
		}
		if (verbose)
			fprintf(stderr, "  %zu distinct values, %.0f rows: %zu entries, worst rank error %.0f, bound %.0f\n",
					m.n, summary.total, summary.n, worst, bound);
		CHECK(worst <= 0.0025 * summary.total, "a cut %.0f ranks off in %.0f rows (README: 0.25%%)",
			  worst, summary.total);
		free(q);
	}
	/* Stored as the combine function stores it, then the final function. */
	sk_free(&a);
	sk_store(&a, KLD_QS_MIN_SLOTS, nbins, &summary);
	free(work);
	{
		double	   *edges;
		size_t		nedges;

		sk_final(&a, &m, "large", &edges, &nedges);
		free(edges);
	}
	sk_free(&a);
	sk_free(&b);
	free(m.x);
	free(cum);
}

/*
 * Rows through the transition: one summary of all, and two of a split
 * (first rows / the rest, or dealt in turn) merged as the combine function
 * does; both give the brute-force edges in the exact regime.
 */
static void
fuzz_qs_rows(int flags, reader *r)
{
	int			nbins = take_int(r);
	int			other_nbins = take_int(r);
	size_t		n,
				split;
	double	   *x;
	sketch		whole,
				part[2],
				merged = {0};
	multiset	m = {0};
	kld_fault	fault;
	double	   *e1,
			   *e2;
	size_t		n1,
				n2;

	if (verbose)
		fprintf(stderr, "  nbins = %d, other nbins = %d\n", nbins, other_nbins);
	if (kld_qs_check_nbins(nbins, &fault) != KLD_OK)
	{
		CHECK((nbins < 1 || nbins > KLD_MAX_QUANTILE_BINS) && fault.status == KLD_BAD_QUANTILE_BINS &&
			  fault.arg == KLD_ARG_NBINS && fault.value == nbins, "nbins %d refused", nbins);
		return;
	}
	CHECK(nbins >= 1 && nbins <= KLD_MAX_QUANTILE_BINS, "nbins %d accepted", nbins);
	x = take_array(r, &n);
	/*
	 * Three summaries of them, with a flush every few rows: a few hundred
	 * rows cover the small states (qs_large the large ones), and keep a run
	 * under a millisecond.
	 */
	n = n < 200 ? n : 200;
	if (verbose)
		print_array("values", x, n);
	split = take_length(r);
	split = split < n ? split : n;

	sk_new(&whole, nbins);
	sk_new(&part[0], nbins);
	sk_new(&part[1], nbins);
	for (size_t i = 0; i < n; i++)
	{
		int			side = flags & FLAG_ROUND_ROBIN ? (int) (i % 2) : i >= split;

		if (sk_row(&whole, nbins, x[i]))
			ms_add(&m, x[i] + 0.0, 1.0);
		sk_row(&part[side], nbins, x[i]);
	}
	/* A row with other bins, refused unless they are the same. */
	sk_row(&whole, other_nbins, NAN);

	/* Combine: a copy of part 1 first (no state yet), then part 0 into it. */
	CHECK(sk_merge(&merged, &part[1]) == KLD_OK && sk_merge(&merged, &part[0]) == KLD_OK,
		  "merging the parts failed");
	{
		double		rank_error = sk_final(&whole, &m, "serial", &e1, &n1);

		sk_final(&merged, &m, "merged", &e2, &n2);
		CHECK((rank_error < 0) == (m.n == 0), "%zu values, no edges", m.n);
		/* At most 200 rows: exact, whole and merged. */
		CHECK(whole.qs.exact && merged.qs.exact, "a few rows, but inexact");
		if (e1)
		{
			/* The parts agree with the whole (and both with the brute force). */
			check_same_edges(e2, n2, e1, n1, "merged vs serial");
			for (size_t i = 0; i < n1; i++)
				CHECK(!(e1[i] == 0.0 && signbit(e1[i])), "edge %zu is -0", i);
		}
		free(e1);
		free(e2);
	}
	sk_free(&whole);
	sk_free(&part[0]);
	sk_free(&part[1]);
	sk_free(&merged);
	free(m.x);
}

/* ---- the entry point ----------------------------------------------------- */

int			LLVMFuzzerInitialize(int *argc, char ***argv);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- multivariate normals, gaussian_fit's state, renyi_div ---------------- */

/*
 * Two normals of k = 0 .. 7 dimensions (FLAG_EDGES: diagonal covariances;
 * FLAG_SAME_BINS: the second is the first; byte sizes off by one now and
 * then): KL and Frechet return a documented status, and a value >= 0 that
 * is not NaN; identical normals give exactly 0.
 */
static void
fuzz_gauss(int flags, reader *r)
{
	size_t		k = take_byte(r) % 8;
	int			shape = take_byte(r);
	bool		diagonal = (flags & FLAG_EDGES) != 0;
	size_t		nmean = (shape & 1) ? k + 1 : k;
	size_t		ncov = diagonal ? k : k * k;
	double	   *m1 = take_numbers(r, nmean),
			   *c1 = take_numbers(r, ncov),
			   *m2,
			   *c2,
			   *work;
	double		ridge = take_number(r),
				result = NAN;
	kld_gauss	a = {m1, nmean, c1, k, diagonal ? 0 : k, KLD_ARG_MU1, KLD_ARG_COV1},
				b;
	kld_fault	fault;
	kld_status	status;

	if (flags & FLAG_SAME_BINS)
	{
		m2 = copy_block(m1, nmean);
		c2 = copy_block(c1, ncov);
	}
	else
	{
		m2 = take_numbers(r, nmean);
		c2 = take_numbers(r, ncov);
	}
	b = (kld_gauss) {m2, nmean, c2, k, (shape & 2) ? 0 : (diagonal ? 0 : k), KLD_ARG_MU2, KLD_ARG_COV2};
	if (b.cov_cols == 0)
		b.cov_rows = diagonal ? k : k * k > 0 ? k : 0;
	if (shape & 2 && !diagonal)
		b.cov_rows = k * k;		/* a flat k^2 array: a size mismatch */
	work = alloc_block((kld_gauss_frechet_work(&a, &b) + 1) * sizeof(double));
	status = kld_gauss_kl(&a, &b, ridge, work, &result, &fault);
	if (verbose)
		fprintf(stderr, "  k = %zu, ridge %.17g: kl -> %s, %.17g\n", k, ridge,
				kld_status_name(status), result);
	CHECK(status == KLD_OK || fault.status == status, "fault status %d, returned %d",
		  fault.status, status);
	if (status == KLD_OK)
	{
		CHECK(!isnan(result) && result >= 0.0, "kl = %.17g", result);
		if (flags & FLAG_SAME_BINS && !(shape & 2))
			CHECK(result == 0.0, "KL(N || N) = %.17g", result);
	}
	result = NAN;
	status = kld_gauss_frechet(&a, &b, work, &result, &fault);
	if (verbose)
		fprintf(stderr, "  frechet -> %s, %.17g\n", kld_status_name(status), result);
	CHECK(status == KLD_OK || fault.status == status, "fault status %d, returned %d",
		  fault.status, status);
	if (status == KLD_OK)
	{
		CHECK(!isnan(result) && result >= 0.0, "frechet = %.17g", result);
		if (flags & FLAG_SAME_BINS && !(shape & 2))
			CHECK(result == 0.0, "Frechet(N, N) = %.17g", result);
	}
	{
		bool		defined = false;

		result = NAN;
		status = kld_gauss_mean_cosine(&a, &b, &result, &defined, &fault);
		if (verbose)
			fprintf(stderr, "  mean cosine -> %s, %.17g\n", kld_status_name(status), result);
		CHECK(status == KLD_OK || fault.status == status, "fault status %d, returned %d",
			  fault.status, status);
		if (status == KLD_OK && defined)
		{
			CHECK(result >= 0.0 && result <= 2.0, "mean cosine = %.17g", result);
			if (flags & FLAG_SAME_BINS)
				CHECK(result == 0.0, "mean cosine of a mean with itself = %.17g", result);
		}
		else if (status == KLD_OK)
			CHECK(isnan(result), "an undefined mean cosine set its result");
	}
}

/*
 * gaussian_fit's state: made-up states decoded (full and not), rows added
 * to those that decode, a second state merged in; the covariance of a
 * state that passes the full check is finite with a non-negative diagonal.
 */
static void
fuzz_fit(int flags, reader *r)
{
	size_t		n1,
				k;
	double	   *state = take_array(r, &n1);
	double	   *row;
	kld_fit		fit,
				other;
	kld_fault	fault;
	kld_status	status = kld_fit_decode(state, n1, (flags & FLAG_FULL) != 0, &fit, &fault);

	if (flags & FLAG_INIT)
	{
		k = take_byte(r) % 6 + 1;
		state = alloc_block(kld_fit_state_length(k, flags & FLAG_EDGES) * sizeof(double));
		kld_fit_init(state, k, (flags & FLAG_EDGES) != 0, &fit);
		n1 = kld_fit_state_length(k, flags & FLAG_EDGES);
		status = KLD_OK;
	}
	if (verbose)
		fprintf(stderr, "  state of %zu -> %s\n", n1, kld_status_name(status));
	if (status != KLD_OK)
		return;
	for (int rows = take_byte(r) % 5; rows > 0; rows--)
	{
		size_t		len = take_byte(r) % 2 ? fit.k : take_byte(r) % 8;

		row = take_numbers(r, len);
		status = kld_fit_add(&fit, row, len, &fault);
		CHECK(status == KLD_OK || fault.status == status, "add: fault %d, returned %d",
			  fault.status, status);
	}
	{
		double	   *copy = copy_block(state, n1);

		if (kld_fit_decode(copy, n1, true, &other, &fault) == KLD_OK)
		{
			status = kld_fit_merge(&fit, &other, &fault);
			CHECK(status == KLD_OK || fault.status == status, "merge: fault %d, returned %d",
				  fault.status, status);
		}
	}
	if (kld_fit_decode(state, n1, true, &fit, &fault) == KLD_OK && *fit.n >= 2.0)
	{
		double	   *cov = alloc_block((fit.diagonal ? fit.k : fit.k * fit.k) * sizeof(double));

		kld_fit_covariance(&fit, cov);
		for (size_t i = 0; i < fit.k; i++)
		{
			double		v = fit.diagonal ? cov[i] : cov[i * fit.k + i];

			CHECK(!isnan(v) && v >= 0.0, "variance %zu = %.17g", i, v);
		}
	}
}

/* renyi_div: a documented status; a value >= 0, not NaN; kl_div at alpha = 1. */
static void
fuzz_renyi(int flags, reader *r)
{
	size_t		np,
				nq;
	double	   *p = take_array(r, &np),
			   *q = (flags & FLAG_SAME_BINS) ? copy_block(p, nq = np) : take_array(r, &nq);
	double		alpha = take_number(r),
				result = NAN,
				kl = NAN;
	kld_options opt = KLD_OPTIONS_DEFAULT;
	kld_fault	fault;
	kld_status	status;

	if (flags & FLAG_EPSILON)
		opt.epsilon = take_number(r);
	status = kld_renyi_div(p, q, np, nq, alpha, &opt, &result, &fault);
	if (verbose)
		fprintf(stderr, "  n = %zu, %zu, alpha %.17g -> %s, %.17g\n", np, nq, alpha,
				kld_status_name(status), result);
	CHECK(status == KLD_OK || fault.status == status, "fault %d, returned %d", fault.status, status);
	if (status != KLD_OK)
		return;
	CHECK(!isnan(result) && result >= 0.0, "renyi = %.17g", result);
	if (alpha == 1.0)
	{
		CHECK(kld_kl_div(p, q, np, nq, &opt, &kl, &fault) == KLD_OK && kl == result,
			  "renyi at 1 = %.17g, kl_div = %.17g", result, kl);
	}
}


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
		case OP_KL_DIV_TERMS:
		case OP_PSI_TERMS:
			fuzz_terms(op, flags, &r);
			break;
		case OP_COMPARE:
			fuzz_compare(flags, &r);
			break;
		case OP_SPARKLINE:
			fuzz_sparkline(&r);
			break;
		case OP_REBIN:
			fuzz_rebin(flags, &r);
			break;
		case OP_COUNT_ADD:
			fuzz_count_add(flags, &r);
			break;
		case OP_QS_STATE:
			fuzz_qs_state(flags, &r);
			break;
		case OP_QS_ROWS:
			fuzz_qs_rows(flags, &r);
			break;
		case OP_QS_LARGE:
			fuzz_qs_large(&r);
			break;
		case OP_GAUSS:
			fuzz_gauss(flags, &r);
			break;
		case OP_FIT:
			fuzz_fit(flags, &r);
			break;
		case OP_RENYI:
			fuzz_renyi(flags, &r);
			break;
		case OP_PVALUES:
			fuzz_pvalues(&r);
			break;
		default:
			fuzz_divergence(op, flags, &r);
			break;
	}
	free_blocks();
	return 0;
}
