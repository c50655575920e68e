/*
 * test_identities.c: relations between the measures that hold for any pair of
 * distributions, checked on pseudo-random real-valued weights of lengths up
 * to 10,000: KL(P||P) = 0, Gibbs, H(P,Q) = H(P) + KL(P||Q), jsd <= ln 2,
 * psi = KL(P||Q) + KL(Q||P), Pinsker, Le Cam, symmetry, base conversion,
 * counts versus probabilities.
 */
#include "unit.h"

#define R UNIT_REL
#define A UNIT_ABS

static const double ln2 = UNIT_LN2;

/* Slack for inequalities that hold exactly but are evaluated in doubles. */
#define SLACK 1e-15

static void
check_pair(size_t n, uint64_t seed)
{
	double	   *p = unit_alloc(n);	/* about 20% zeros */
	double	   *q = unit_alloc(n);	/* no zeros */
	double	   *r = unit_alloc(n);	/* no zeros */
	double	   *pn = unit_alloc(n); /* p divided by its sum */
	double	   *qn = unit_alloc(n);
	double		psum = 0,
				qsum = 0;
	double		kl,
				h,
				cross,
				jsd,
				tv,
				hell,
				linf,
				w,
				ks,
				chi2,
				psi;

	unit_rand_weights(p, n, &seed, 1.0, 20);
	unit_rand_weights(q, n, &seed, 3.0, 0);
	unit_rand_weights(r, n, &seed, 1e-3, 0);
	for (size_t i = 0; i < n; i++)
	{
		psum += p[i];
		qsum += q[i];
	}
	for (size_t i = 0; i < n; i++)
	{
		pn[i] = p[i] / psum;
		qn[i] = q[i] / qsum;
	}

	kl = KL(p, q, n);
	h = ENTROPY(p, n);
	cross = CROSS(p, q, n);
	jsd = JSD(p, q, n);
	tv = TV(p, q, n);
	hell = HELLINGER(p, q, n);
	linf = LINF(p, q, n);
	w = WASSERSTEIN(p, q, n);
	ks = KS(p, q, n);
	chi2 = CHI2(p, q, n);
	psi = PSI(r, q, n);

	printf("# n = %zu, seed = %llu: kl %.6g, jsd %.6g, tv %.6g, w %.6g\n",
		   n, (unsigned long long) seed, kl, jsd, tv, w);

	/* Zero at identity, and non-negative. */
	{
		double		self = KL(p, p, n);

		unit_ok(self >= 0 && self <= 1e-15, "n=%zu: KL(P||P) = 0 (got %g)", n, self);
		unit_ok(JSD(q, q, n) <= 1e-15 && PSI(q, q, n) <= 1e-15 && CHI2(q, q, n) <= 1e-15,
				"n=%zu: jsd, psi, chi2 of (Q, Q) are 0", n);
		unit_ok(TV(p, p, n) == 0 && HELLINGER(p, p, n) == 0 && LINF(p, p, n) == 0 &&
				WASSERSTEIN(p, p, n) == 0 && KS(p, p, n) == 0,
				"n=%zu: tv, hellinger, linf, wasserstein, ks of (P, P) are 0", n);
	}
	unit_ok(kl >= 0 && isfinite(kl), "n=%zu: KL(P||Q) >= 0 and finite (got %g)", n, kl);

	/* Cross-entropy splits into entropy plus divergence. */
	unit_is_close(cross, h + kl, R, A, "n=%zu: H(P,Q) = H(P) + KL(P||Q)", n);
	unit_is_at_most(h, log((double) n), SLACK * (1 + log((double) n)),
					"n=%zu: H(P) <= ln n", n);

	/* Jensen-Shannon. */
	unit_ok(jsd >= 0, "n=%zu: jsd >= 0", n);
	unit_is_at_most(jsd, ln2, 0, "n=%zu: jsd <= ln 2", n);
	unit_is_close(pow(JSDIST(p, q, n), 2), jsd, R, A, "n=%zu: js_distance^2 = jsd", n);
	unit_is_at_most(jsd, 0.25 * (KL(p, q, n) + KL(q, p, n)), SLACK,
					"n=%zu: jsd <= (KL(P||Q) + KL(Q||P)) / 4", n);

	/* PSI is the symmetrized KL (r and q have no zeros, so both are finite). */
	unit_is_close(psi, KL(r, q, n) + KL(q, r, n), R, A,
				  "n=%zu: psi(R,Q) = KL(R||Q) + KL(Q||R)", n);

	/* Inequalities between the distances. */
	unit_is_at_most(tv, sqrt(kl / 2), SLACK, "n=%zu: tv <= sqrt(KL/2) (Pinsker)", n);
	unit_is_at_most(hell * hell, tv, SLACK, "n=%zu: hellinger^2 <= tv", n);
	unit_is_at_most(tv, hell * sqrt(2 - hell * hell), SLACK,
					"n=%zu: tv <= hellinger sqrt(2 - hellinger^2) (Le Cam)", n);
	unit_is_at_most(linf, tv, SLACK, "n=%zu: linf <= tv", n);
	unit_is_at_most(ks, tv, SLACK, "n=%zu: ks <= tv", n);
	unit_is_at_most(ks, w, 0, "n=%zu: ks <= wasserstein", n);
	unit_is_at_most(w, (double) (n - 1) * ks, SLACK * n,
					"n=%zu: wasserstein <= (n-1) ks", n);
	unit_is_at_most(kl, log1p(chi2), SLACK + R * kl, "n=%zu: KL <= ln(1 + chi2)", n);
	unit_ok(tv <= 1 && hell <= 1 && linf <= 1 && ks <= 1,
			"n=%zu: tv, hellinger, linf, ks are at most 1", n);

	/* Symmetry. */
	unit_is_close(JSD(q, p, n), jsd, R, A, "n=%zu: jsd is symmetric", n);
	unit_is_close(TV(q, p, n), tv, R, A, "n=%zu: tv is symmetric", n);
	unit_is_close(HELLINGER(q, p, n), hell, R, A, "n=%zu: hellinger is symmetric", n);
	unit_is_close(LINF(q, p, n), linf, R, A, "n=%zu: linf is symmetric", n);
	unit_is_close(WASSERSTEIN(q, p, n), w, R, A, "n=%zu: wasserstein is symmetric", n);
	unit_is_close(KS(q, p, n), ks, R, A, "n=%zu: ks is symmetric", n);
	unit_is_close(PSI(q, r, n), psi, R, A, "n=%zu: psi is symmetric", n);

	/* Other bases: the value in nats divided by ln(base). */
	unit_is_close(unit_entropy(p, n, 2.0, 0.0), h / ln2, R, A, "n=%zu: entropy bits = nats / ln 2", n);
	unit_is_close(unit_call_opt(kld_cross_entropy, p, q, n, 2.0, 0.0), cross / ln2, R, A,
				  "n=%zu: cross_entropy bits = nats / ln 2", n);
	unit_is_close(unit_call_opt(kld_kl_div, p, q, n, 2.0, 0.0), kl / ln2, R, A,
				  "n=%zu: kl_div bits = nats / ln 2", n);
	unit_is_close(unit_call_opt(kld_kl_div, p, q, n, 10.0, 0.0), kl / UNIT_LN10, R, A,
				  "n=%zu: kl_div base 10 = nats / ln 10", n);
	unit_is_close(unit_call_opt(kld_jsd, p, q, n, 2.0, 0.0), jsd / ln2, R, A,
				  "n=%zu: jsd bits = nats / ln 2", n);
	unit_is_close(unit_call_opt(kld_js_distance, p, q, n, 2.0, 0.0), sqrt(jsd / ln2), R, A,
				  "n=%zu: js_distance base 2 = sqrt(jsd nats / ln 2)", n);
	unit_is_close(unit_call_opt(kld_psi, r, q, n, 2.0, 0.0), psi / ln2, R, A,
				  "n=%zu: psi bits = nats / ln 2", n);

	/* Counts and the probabilities they normalize to give the same values. */
	unit_is_close(ENTROPY(pn, n), h, R, A, "n=%zu: entropy of counts = of probabilities", n);
	unit_is_close(CROSS(pn, qn, n), cross, R, A, "n=%zu: cross_entropy of counts = of probabilities", n);
	unit_is_close(KL(pn, qn, n), kl, R, A, "n=%zu: kl_div of counts = of probabilities", n);
	unit_is_close(JSD(pn, qn, n), jsd, R, A, "n=%zu: jsd of counts = of probabilities", n);
	unit_is_close(CHI2(pn, qn, n), chi2, R, A, "n=%zu: chi2 of counts = of probabilities", n);
	unit_is_close(TV(pn, qn, n), tv, R, A, "n=%zu: tv of counts = of probabilities", n);
	unit_is_close(HELLINGER(pn, qn, n), hell, R, A, "n=%zu: hellinger of counts = of probabilities", n);
	unit_is_close(LINF(pn, qn, n), linf, R, A, "n=%zu: linf of counts = of probabilities", n);
	unit_is_close(WASSERSTEIN(pn, qn, n), w, R, A, "n=%zu: wasserstein of counts = of probabilities", n);
	unit_is_close(KS(pn, qn, n), ks, R, A, "n=%zu: ks of counts = of probabilities", n);

	/* Smoothing by epsilon is exactly the formula p' = (p + e)/(1 + n e). */
	{
		double		eps = 1e-4;
		double	   *ps = unit_alloc(n);
		double	   *qs = unit_alloc(n);

		for (size_t i = 0; i < n; i++)
		{
			ps[i] = (pn[i] + eps) / (1 + n * eps);
			qs[i] = (qn[i] + eps) / (1 + n * eps);
		}
		unit_is_close(unit_call_opt(kld_kl_div, p, q, n, NAN, eps), KL(ps, qs, n), R, A,
					  "n=%zu: kl_div smoothed by 1e-4 = kl_div of (p + e)/(1 + n e)", n);
		unit_is_close(unit_call_opt(kld_psi, p, q, n, NAN, eps), PSI(ps, qs, n), R, A,
					  "n=%zu: psi smoothed by 1e-4 = psi of (p + e)/(1 + n e)", n);
		unit_is_close(unit_call_opt(kld_chi2_div, p, q, n, NAN, eps), CHI2(ps, qs, n), R, A,
					  "n=%zu: chi2 smoothed by 1e-4 = chi2 of (p + e)/(1 + n e)", n);
		free(ps);
		free(qs);
	}

	free(p);
	free(q);
	free(r);
	free(pn);
	free(qn);
}

int
main(void)
{
	size_t		lengths[] = {1, 2, 3, 10, 100, 1000, 10000};

	for (size_t i = 0; i < UNIT_LEN(lengths); i++)
	{
		check_pair(lengths[i], 1000 + i);
		check_pair(lengths[i], 7777 * (i + 1));
	}
	return unit_done();
}
