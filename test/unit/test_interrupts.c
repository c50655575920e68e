/*
 * test_interrupts.c: every loop of the core over bins calls the interrupt
 * hook (kld_interrupt_hook, CHECK_FOR_INTERRUPTS in the server) at least once
 * per KLD_INTERRUPT_STRIDE bins, so a cancel lands within that many bins
 * whatever loop is running. Each entry point runs over STRIDES strides; it
 * makes some passes over the bins (a sum of each side's weights, the terms,
 * a second pass over the results...) and each pass must call the hook
 * STRIDES times, or one less for a pass that starts at the second bin: a
 * pass without a check shows as STRIDES missing calls.
 */
#include "core/histogram.h"
#include "unit.h"

#define STRIDES 8
#define N (STRIDES * (size_t) KLD_INTERRUPT_STRIDE)

static size_t calls;

static void
count_call(void)
{
	calls++;
}

/* The hook's calls during one call of an entry point, which must succeed. */
static void
expect_passes(kld_status status, size_t passes, const char *what)
{
	unit_is_status(status, KLD_OK, "%s succeeds", what);
	if (!unit_ok(calls >= passes * (STRIDES - 1),
				 "%s: the hook is called once per %d bins in each of its %zu passes",
				 what, KLD_INTERRUPT_STRIDE, passes))
		printf("#   %zu calls over %zu bins, expected at least %zu\n",
			   calls, N, passes * (STRIDES - 1));
	calls = 0;
}

int
main(void)
{
	double	   *p = malloc(N * sizeof(double));
	double	   *q = malloc(N * sizeof(double));
	double	   *edges = malloc(N * sizeof(double));
	double	   *fine = malloc(N * sizeof(double));
	double	   *out = malloc((N + 1) * sizeof(double));
	int		   *levels = malloc(N * sizeof(int));
	kld_bin_comparison *rows = malloc(N * sizeof(kld_bin_comparison));
	kld_options opt = {NULL, 1e-6, NULL};
	kld_options plain = {NULL, 0.0, NULL};
	kld_fault	fault;
	double		result;
	double		two_edges[2] = {0.0, 1.0};
	double		three_bins[3] = {1.0, 2.0, 3.0};

	for (size_t i = 0; i < N; i++)
	{
		p[i] = (double) (i % 7 + 1);
		q[i] = (double) (i % 5 + 1);
		edges[i] = (double) i;
		fine[i] = (double) (i + 1) / (double) (N + 1);
	}
	kld_interrupt_hook = count_call;

	/*
	 * One side's weights are summed in a pass, then the terms; both sides'
	 * are summed in one pass (pair_sums), then the terms.
	 */
	expect_passes(kld_entropy(p, N, &opt, &result, &fault), 2, "entropy");
	expect_passes(kld_cross_entropy(p, q, N, N, &opt, &result, &fault), 2, "cross_entropy");
	expect_passes(kld_kl_div(p, q, N, N, &opt, &result, &fault), 2, "kl_div");
	expect_passes(kld_jsd(p, q, N, N, &opt, &result, &fault), 2, "jsd");
	expect_passes(kld_js_distance(p, q, N, N, &opt, &result, &fault), 2, "js_distance");
	expect_passes(kld_psi(p, q, N, N, &opt, &result, &fault), 2, "psi");
	expect_passes(kld_chi2_div(p, q, N, N, &opt, &result, &fault), 2, "chi2_div");
	expect_passes(kld_tv_distance(p, q, N, N, &result, &fault), 2, "tv_distance");
	expect_passes(kld_hellinger(p, q, N, N, &result, &fault), 2, "hellinger");
	expect_passes(kld_linf_distance(p, q, N, N, &result, &fault), 2, "linf_distance");
	expect_passes(kld_wasserstein(p, q, N, N, &result, &fault), 2, "wasserstein");
	expect_passes(kld_ks_distance(p, q, N, N, &result, &fault), 2, "ks_distance");
	expect_passes(kld_kl_div(p, q, N, N, &plain, &result, &fault), 2, "kl_div unsmoothed");
	expect_passes(kld_kl_div_terms(p, q, N, N, &opt, out, &fault), 2, "kl_div_terms");
	expect_passes(kld_psi_terms(p, q, N, N, &opt, out, &fault), 2, "psi_terms");
	/* Smoothed and unsmoothed sums of both sides (a pass each), the rows, the bars. */
	expect_passes(kld_compare_bins(p, q, N, N, 1e-6, rows, &fault), 4, "compare_bins");
	/* The largest bin, then the levels. */
	expect_passes(kld_sparkline_levels(p, N, levels, &fault), 2, "sparkline_levels");
	/* h's weights, zeroing the result, the old bins, checking the result. */
	expect_passes(kld_rebin(p, N, edges, N - 1, edges, N - 1, out, &fault), 4,
				  "rebin onto the same edges");
	/* One old bin over all the new ones: zeroing, spreading, checking. */
	expect_passes(kld_rebin(three_bins, 3, two_edges, 2, fine, N - 1, out, &fault), 3,
				  "rebin of one bin onto many");
	expect_passes(kld_counts_add(out, p, N, &fault), 1, "counts_add");

	/* A bad weight in the last bin: the sum sees it, then the search for it. */
	p[N - 1] = -1.0;
	calls = 0;
	unit_is_status(kld_kl_div(p, q, N, N, &opt, &result, &fault), KLD_NEGATIVE,
				   "kl_div with a negative last weight fails");
	if (!unit_ok(calls >= 2 * (STRIDES - 1),
				 "kl_div with a negative last weight: the hook is called in the sum and in the search"))
		printf("#   %zu calls, expected at least %d\n", calls, 2 * (STRIDES - 1));

	kld_interrupt_hook = NULL;
	free(p);
	free(q);
	free(edges);
	free(fine);
	free(out);
	free(levels);
	free(rows);
	return unit_done();
}
