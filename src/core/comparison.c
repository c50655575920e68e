/*
 * comparison.c: the rows of compare_histograms(): each bin's shares, its
 * KL and PSI terms, and the length of a diverging bar of p_share - q_share.
 */
#include "distribution.h"
#include "kernels.h"
#include "kld.h"
#include "options.h"
#include "terms.h"

/*
 * Blocks for a move of size |d| when the largest move is largest > 0:
 * KLD_BAR_WIDTH |d| / largest rounded to the nearest block, halves up. The
 * largest move fills its half; a move under a twentieth of it shows no
 * block, so rounding noise between nearly equal bins stays blank.
 */
static int
bar_length(double d, double largest)
{
	return (int) floor(KLD_BAR_WIDTH * (fabs(d) / largest) + 0.5);
}

kld_status
kld_compare_bins(const double *p, const double *q, size_t np, size_t nq,
				 double epsilon, kld_bin_comparison *rows, kld_fault *fault)
{
	kld_options opt = {NULL, epsilon, NULL};
	kld_dist	P,
				Q,
				smoothed_P,
				smoothed_Q;
	double		log_base;
	double		largest = 0.0;
	kld_status	status = kld_check_options(&opt, &log_base, fault);

	if (status == KLD_OK)
		status = kld_dist_init_pair(&smoothed_P, &smoothed_Q, p, q, np, nq, epsilon, fault);
	if (status != KLD_OK)
		return status;
	/* The shares are unsmoothed; the weights are known to be good by now. */
	kld_dist_init_pair(&P, &Q, p, q, np, nq, 0.0, fault);

	for (size_t i = 0; i < np; i++)
	{
		double		ps = kld_dist_prob(&smoothed_P, i);
		double		qs = kld_dist_prob(&smoothed_Q, i);
		kld_bin_comparison *row = &rows[i];

		kld_check_interrupts(i);
		row->p_share = kld_dist_prob(&P, i);
		row->q_share = kld_dist_prob(&Q, i);
		row->kl_div_term = kl_log_ratio_term(&smoothed_P, &smoothed_Q, i, ps, qs);
		row->psi_term = psi_term(&smoothed_P, &smoothed_Q, i, ps, qs);
		largest = fmax(largest, fabs(row->p_share - row->q_share));
	}
	for (size_t i = 0; i < np; i++)
	{
		double		d = rows[i].p_share - rows[i].q_share;

		kld_check_interrupts(i);
		if (largest == 0.0 || d == 0.0)
			rows[i].bar = 0;
		else
			rows[i].bar = d > 0.0 ? bar_length(d, largest) : -bar_length(d, largest);
	}
	return KLD_OK;
}
