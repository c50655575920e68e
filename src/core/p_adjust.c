/*
 * p_adjust.c: p-values corrected for testing many hypotheses at once, as a
 * drift report tests every column: Bonferroni and Holm (family-wise error
 * rate) and Benjamini-Hochberg (false discovery rate).
 *
 * Holm and Benjamini-Hochberg work on the p-values in ascending order;
 * ties keep their input order, which does not change the result.
 */
#include <math.h>
#include <stdlib.h>

#include "fault.h"
#include "kernels.h"
#include "kld.h"

static int
compare_ranked(const void *x, const void *y)
{
	const kld_ranked_p *a = x;
	const kld_ranked_p *b = y;

	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Holm: the running maximum of (m - k) p_(k), k from 0, capped at 1. */
static void
holm(const kld_ranked_p *rank, size_t m, double *adjusted)
{
	double		running = 0.0;

	for (size_t k = 0; k < m; k++)
	{
		running = fmax(running, fmin(1.0, (double) (m - k) * rank[k].p));
		adjusted[rank[k].index] = running;
	}
}

/* Benjamini-Hochberg: the running minimum, from the largest, of m p_(k) / (k + 1). */
static void
benjamini_hochberg(const kld_ranked_p *rank, size_t m, double *adjusted)
{
	double		running = 1.0;

	for (size_t k = m; k-- > 0;)
	{
		running = fmin(running, (double) m * rank[k].p / (double) (k + 1));
		adjusted[rank[k].index] = running;
	}
}

kld_status
kld_p_adjust(const double *p, size_t n, kld_correction correction,
			 kld_ranked_p *rank, double *adjusted, kld_fault *fault)
{
	for (size_t i = 0; i < n; i++)
	{
		kld_check_interrupts(i);
		if (!(p[i] >= 0.0 && p[i] <= 1.0))
			return kld_fail(fault, KLD_BAD_P_VALUE, KLD_ARG_P_VALUES, i, p[i]);
		rank[i].p = p[i];
		rank[i].index = i;
	}
	switch (correction)
	{
		case KLD_CORRECTION_NONE:
			for (size_t i = 0; i < n; i++)
				adjusted[i] = p[i];
			break;
		case KLD_CORRECTION_BONFERRONI:
			for (size_t i = 0; i < n; i++)
				adjusted[i] = fmin(1.0, (double) n * p[i]);
			break;
		case KLD_CORRECTION_HOLM:
			qsort(rank, n, sizeof(kld_ranked_p), compare_ranked);
			holm(rank, n, adjusted);
			break;
		case KLD_CORRECTION_BH:
			qsort(rank, n, sizeof(kld_ranked_p), compare_ranked);
			benjamini_hochberg(rank, n, adjusted);
			break;
	}
	return KLD_OK;
}
