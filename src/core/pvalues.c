/*
 * pvalues.c: the chi-square and noncentral chi-square upper tails.
 *
 * The chi-square tail is Q(a, y), the regularized upper incomplete gamma
 * function at a = dof/2, y = x/2, computed three ways:
 *
 *   a < 1, y <= 1.5   Q = 1 - y^a/Gamma(1+a) + y^a/Gamma(1+a) * a * sum
 *                     (-1)^(k+1) y^k/(k! (a+k)): Q is small here when a is,
 *                     and 1 - P would lose it;
 *   y < a + 1         the series of P, and Q = 1 - P (Q > 0.13 there);
 *   otherwise         Legendre's continued fraction of Q (modified Lentz).
 *
 * Both the series and the fraction carry the factor y^a e^-y / Gamma(a).
 * Its logarithm is formed as 1/2 ln(a/2pi) - S(a) - (y - a - a ln(y/a)),
 * S the Stirling correction of ln Gamma and the last term from the series
 * of u - ln(1+u) when y is near a: ln Gamma(a) and a ln y are each ~1e7 at
 * dof ~ 1e7, and their rounding (1e-9) would otherwise be the relative
 * error of the result.
 *
 * The noncentral tail is the Poisson(nc/2) mixture of chi-square tails with
 * dof + 2j degrees of freedom. Only one incomplete gamma is computed from
 * scratch, at one end of the range of j that matters; the others follow by
 * Q(b+1) = Q(b) + y^b e^-y/Gamma(b+1), walking in the direction where the
 * recurrence adds: upward over Q above the mean (the tail is the sum),
 * downward over P below it (the cdf is the sum, the tail 1 - cdf and at
 * least 0.3 there). The walk stops when a bound on what is left, from the
 * ratio of consecutive terms, is below 1e-17 of the sum.
 */
#include <float.h>
#include <math.h>

#include "kernels.h"
#include "near_zero.h"
#include "pvalues.h"
#include "pvalues_internal.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406
#define EULER_GAMMA 0.577215664901532860606512090082

/* Below this a result is 0 even as a subnormal (ln 2^-1075). */
#define LN_UNDERFLOW (-745.2)

/* Terms below this fraction of a sum are dropped. */
#define SUM_TOLERANCE 1e-17

/* ln of a power of two by which running sums are rescaled. */
#define RESCALE 0x1p512
#define RESCALE_LN (512 * KLD_LN2)

double
kld_stirling_tail(double a)
{
	if (a >= 10.0)
	{
		/* B_2k / (2k (2k-1) a^(2k-1)), k = 1..8: the next is below 2e-18. */
		double		r = 1.0 / a;
		double		r2 = r * r;

		return r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260
					+ r2 * (-1.0 / 1680 + r2 * (1.0 / 1188
					+ r2 * (-691.0 / 360360 + r2 * (1.0 / 156
					+ r2 * (-3617.0 / 122400))))))));
	}
	else
	{
		int			sign;

		/* Values below 13, so glibc's rounding stays near 1e-15. */
		return lgamma_r(a, &sign) - (a - 0.5) * log(a) + a - LN_SQRT_2PI;
	}
}

double
kld_gamma_gap(double a, double y)
{
	double		diff = y - a;
	double		ratio;

	if (fabs(diff) < 0.125 * a)
		return a * kld_log1p_gap(diff / a);
	ratio = y / a;
	if (ratio >= DBL_MIN && ratio <= DBL_MAX)
		return diff - a * log(ratio);
	return diff - a * (log(y) - log(a));
}

double
kld_log_gamma_density(double a, double y)
{
	return 0.5 * log(a) - LN_SQRT_2PI - kld_stirling_tail(a) - kld_gamma_gap(a, y);
}

/*
 * ln Gamma(1 + a) for 0 <= a < 1/2 from its Taylor series, written as
 * -gamma a + (a - ln(1+a)) + sum (-1)^k (zeta(k) - 1) a^k / k so that the
 * terms fall as (a/2)^k; lgamma(1 + a) would round 1 + a first, an error
 * of 1e-16 absolute that is 1e-11 of a result near a = 1e-5.
 */
static double
lgamma1p_small(double a)
{
	static const double zeta_minus_one_over_k[] = {
		0.322467033424113218236, 0.0673523010531980951332,
		0.020580808427784547879, 0.00738555102867398526627,
		0.00289051033074152328575, 0.00119275391170326097711,
		0.000509669524743042422336, 0.000223154758453579379761,
		0.0000994575127818085337146, 0.0000449262367381331417002,
		0.0000205072127756706915532, 0.00000943948827526839590399,
		0.00000437486678990748780418, 0.00000203921575380136623678,
		9.55141213040741983286e-7, 4.49246919876456604329e-7,
		2.12071848055546658692e-7, 1.00432248239680996087e-7,
		4.76981016936398056576e-8, 2.27110946089431649103e-8,
		1.08386592148969540911e-8, 5.18347504197004665512e-9,
		2.48367454380247831719e-9, 1.19214014058609120744e-9,
		5.73136724167886201333e-10, 2.75952288512423314518e-10,
		1.33047643742444894815e-10, 6.42296456383810002208e-11,
		3.10442477473222727624e-11, 1.50213840807541421709e-11
	};
	int			nterms = (int) (sizeof zeta_minus_one_over_k / sizeof zeta_minus_one_over_k[0]);
	double		sum = 0.0;

	/* k = 2..31, Horner from the top: sum = a^2 (c2 - a (c3 - a (...))) */
	for (int i = nterms - 1; i >= 0; i--)
		sum = zeta_minus_one_over_k[i] - a * sum;
	return -EULER_GAMMA * a + kld_log1p_gap(a) + sum * a * a;
}

static double
lgamma1p(double a)
{
	int			sign;

	if (a < 0.5)
		return lgamma1p_small(a);
	return lgamma_r(1.0 + a, &sign);
}

/* Q(a, y) for a < 1, 0 < y <= 1.5, from the series of P split at its first term. */
static double
gamma_q_small_a(double a, double y)
{
	double		log_lead = a * log(y) - lgamma1p(a);	/* ln(y^a / Gamma(1+a)) */
	double		u = -expm1(log_lead);
	double		sum = 0.0;
	double		power = 1.0;	/* y^k / k! */

	for (int k = 1; k < 200; k++)
	{
		double		term;

		power *= y / k;
		term = power / (a + k);
		sum += (k & 1) ? term : -term;
		if (term < SUM_TOLERANCE * sum)
			break;
	}
	return u + exp(log_lead) * a * sum;
}

/*
 * For a > TEMME_MIN_A: Temme's uniform expansion to its first correction,
 * Q = 1/2 erfc(eta sqrt(a/2)) + e^(-a eta^2/2) / sqrt(2 pi a) (1/(lambda-1) - 1/eta),
 * lambda = y/a, a eta^2 / 2 = y - a - a ln(y/a); the terms left out are
 * O(1/a) of the last, below 1e-11 of the result. (The series and the
 * fraction need ~sqrt(74 a) steps, too many beyond this.) Returns P
 * instead of Q when lower is set.
 */
#define TEMME_MIN_A 1e10

static double
gamma_temme(double a, double y, int lower, double *log_result)
{
	double		gap = kld_gamma_gap(a, y);
	double		eta = sqrt(2.0 * gap / a);
	double		lambda_minus_1 = (y - a) / a;
	double		c0,
				tail,
				result;

	if (y < a)
		eta = -eta;
	/* 1/(lambda-1) - 1/eta -> -1/3 + eta/12 near lambda = 1 */
	if (fabs(eta) < 1e-3)
		c0 = -1.0 / 3.0 + eta / 12.0;
	else
		c0 = 1.0 / lambda_minus_1 - 1.0 / eta;
	tail = exp(-gap - LN_SQRT_2PI) / sqrt(a) * c0;
	if (lower)
		result = 0.5 * erfc(-eta * sqrt(0.5 * a)) - tail;
	else
		result = 0.5 * erfc(eta * sqrt(0.5 * a)) + tail;
	if (result <= 0.0)
	{
		*log_result = -INFINITY;
		return 0.0;
	}
	*log_result = log(result);
	return result;
}

/*
 * ln P(a, y) by the series P = y^a e^-y / Gamma(a+1) * sum y^k / ((a+1)...(a+k)),
 * for y < a + 1, where the terms fall from the first.
 */
double
kld_log_gamma_p_series(double a, double y)
{
	double		sum = 1.0;
	double		term = 1.0;

	if (a > TEMME_MIN_A)
	{
		double		log_p;

		(void) gamma_temme(a, y, 1, &log_p);
		return log_p;
	}

	for (size_t k = 1;; k++)
	{
		term *= y / (a + (double) k);
		sum += term;
		if (term < SUM_TOLERANCE * sum || term == 0.0)
			break;
		kld_check_interrupts(k);
	}
	return kld_log_gamma_density(a, y) - log(a) + log(sum);
}

/*
 * ln Q(a, y) by Legendre's continued fraction
 * Gamma(a, y) = y^a e^-y / (y + 1 - a - 1 (1 - a) / (y + 3 - a - 2 (2 - a) / ...)),
 * for y >= a + 1 (or y > 1.5), where it converges.
 */
static double
log_gamma_q_fraction(double a, double y)
{
	const double tiny = 1e-300;
	double		b = y + 1.0 - a;
	double		c = 1.0 / tiny;
	double		d = 1.0 / b;
	double		h = d;

	for (size_t i = 1; i < 100000000; i++)
	{
		double		an = -(double) i * ((double) i - a);
		double		delta;

		b += 2.0;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1.0) < 1e-16)
			break;
		kld_check_interrupts(i);
	}
	return kld_log_gamma_density(a, y) + log(h);
}

double
kld_gamma_q(double a, double y, double *log_q)
{
	double		q;

	if (y <= 0.0)
	{
		*log_q = 0.0;
		return 1.0;
	}
	if (a > TEMME_MIN_A)
		return gamma_temme(a, y, 0, log_q);
	if (a < 1.0 && y <= 1.5)
	{
		q = gamma_q_small_a(a, y);
		*log_q = log(q);
		return q;
	}
	if (y < a + 1.0)
	{
		double		p = exp(kld_log_gamma_p_series(a, y));

		*log_q = log1p(-p);
		return 1.0 - p;
	}
	*log_q = log_gamma_q_fraction(a, y);
	return exp(*log_q);
}

double
kld_chi2_sf(double x, double dof)
{
	double		log_q,
				a,
				y;

	if (isnan(x) || isnan(dof) || !(dof > 0.0))
		return NAN;
	if (x <= 0.0)
		return 1.0;
	if (x == INFINITY)
		return 0.0;
	if (dof == INFINITY)
		return 1.0;
	/* dof/2 may underflow (dof = 2^-1074): the tail is a subnormal anyway */
	a = fmax(0.5 * dof, 0x1p-1074);
	y = 0.5 * x;

	/*
	 * Q <= y^a e^-y / Gamma(a) / (y + 1 - a) for y >= a + 1: below the
	 * smallest subnormal, skip the fraction (whose steps, for y near
	 * DBL_MAX, would run through subnormals and never settle).
	 */
	if (y >= a + 1.0 && a <= TEMME_MIN_A &&
		kld_log_gamma_density(a, y) - log(y + 1.0 - a) < LN_UNDERFLOW)
		return 0.0;
	return kld_gamma_q(a, y, &log_q);
}

/* ---- noncentral --------------------------------------------------------- */

/* ln of the Poisson(mu) probability of j: mu^j e^-mu / j! = y^b e^-y / Gamma(b) / mu, b = j+1. */
static double
log_poisson(double j, double mu)
{
	return kld_log_gamma_density(j + 1.0, mu) - log(mu);
}

/*
 * Chernoff's bound on ln P[X > x] (upper) or ln P[X <= x] (lower) for the
 * noncentral chi-square, from its moment generating function
 * E e^(sX) = exp(nc s / (1 - 2s)) / (1 - 2s)^(dof/2) at the best s, where
 * u = 1 - 2s solves x u^2 - dof u - nc = 0. Used only to skip sums whose
 * result is known to vanish (below the smallest subnormal, or below 1e-17
 * next to 1).
 */
static double
ncx2_chernoff(double x, double dof, double nc)
{
	double		u = (dof + hypot(dof, 2.0 * sqrt(x) * sqrt(nc))) / x * 0.5;
	double		s = 0.5 * (1.0 - u);

	return -s * x + nc * s / u - 0.5 * dof * log(u);
}

/*
 * sum over j of w_j G_j, w_j = Poisson(mu) at j and G_j = Q(a+j, y) walking up
 * from j_lo (upper = true), or G_j = P(a+j, y) walking down from j_hi.
 *
 * The values are kept scaled: w_j = W e^lw, G_j = G e^lg, the increment of
 * G likewise as E, and the sum as S e^(lw+lg); when G or W grows past 2^512
 * it is brought back, with what it shares a scale with.
 */
static double
ncx2_mixture(double a, double y, double mu, int upper)
{
	double		j,
				b,
				lw,
				lg,
				le,
				lgj,
				W = 1.0,
				G,
				E,
				S = 0.0;
	double		spread = 10.0 * sqrt(mu);

	if (upper)
	{
		j = floor(mu - spread);
		if (j < 0.0)
			j = 0.0;
		b = a + j;
		(void) kld_gamma_q(b, y, &lgj);
		le = kld_log_gamma_density(b, y) - log(b);	/* y^b e^-y / Gamma(b+1) */
	}
	else
	{
		if (mu >= 100.0)
			j = ceil(mu + spread + 50.0);	/* Poisson weight below e^-45 of the mode's */
		else
		{
			/* the first j past the mode whose weight is e^-50 of the mode's */
			double		fall = 0.0;

			j = floor(mu);
			while (fall > -50.0)
			{
				fall += log(mu / (j + 1.0));
				j += 1.0;
			}
		}
		b = a + j;
		lgj = kld_log_gamma_p_series(b, y);
		le = kld_log_gamma_density(b, y) - log(y);	/* y^(b-1) e^-y / Gamma(b) */
	}
	lw = log_poisson(j, mu);
	lg = fmax(lgj, le);
	G = exp(lgj - lg);
	E = exp(le - lg);

	for (size_t step = 0;; step++)
	{
		double		term = W * G;
		double		ratio;

		S += term;
		kld_check_interrupts(step);
		/* a guard only: the bounds below stop the walk within ~40 sqrt(mu) steps */
		if (step > 100000000)
			break;
		if (upper)
		{
			/*
			 * term_(j+1) / term_j = mu/(j+1) * (1 + E/G), and E/G (a Poisson
			 * probability over a distribution function, in effect) only
			 * falls as b grows, so ratio bounds every later step.
			 */
			ratio = mu / (j + 1.0) * (1.0 + E / G);
			if (ratio < 1.0 && term * ratio <= SUM_TOLERANCE * S * (1.0 - ratio))
				break;
			G += E;
			E *= y / (b + 1.0);
			W *= mu / (j + 1.0);
			j += 1.0;
			b += 1.0;
		}
		else
		{
			if (j == 0.0)
				break;
			ratio = j / mu * (1.0 + E / G);
			if (ratio < 1.0 && term * ratio <= SUM_TOLERANCE * S * (1.0 - ratio))
				break;
			G += E;
			E *= (b - 1.0) / y;
			W *= j / mu;
			j -= 1.0;
			b -= 1.0;
		}
		if (G > RESCALE || E > RESCALE)
		{
			G /= RESCALE;
			E /= RESCALE;
			S /= RESCALE;
			lg += RESCALE_LN;
		}
		if (W > RESCALE)
		{
			W /= RESCALE;
			S /= RESCALE;
			lw += RESCALE_LN;
		}
		else if (W < 1.0 / RESCALE && W > 0.0 && G > 1.0)
		{
			/* The product is what counts: move scale from G to W. */
			W *= RESCALE;
			G /= RESCALE;
			E /= RESCALE;
			lw -= RESCALE_LN;
			lg += RESCALE_LN;
		}
	}
	return exp(lw + lg + log(S));
}

double
kld_ncx2_sf(double x, double dof, double nc)
{
	double		a,
				y,
				mu;

	if (isnan(x) || isnan(dof) || isnan(nc) || !(dof > 0.0) || nc < 0.0)
		return NAN;
	if (nc == 0.0)
		return kld_chi2_sf(x, dof);
	if (x <= 0.0)
		return 1.0;
	if (x == INFINITY)
		return 0.0;
	if (dof == INFINITY || nc == INFINITY)
		return 1.0;

	a = fmax(0.5 * dof, 0x1p-1074);
	y = 0.5 * x;
	mu = 0.5 * nc;
	if (mu < 1e-250)
	{
		/*
		 * Q(a) + mu (Q(a+1) - Q(a)) + O(mu^2): the first-order term, mu
		 * y^a e^-y / Gamma(a+1), is all that a weight this small adds (and
		 * the sum's steps of j/mu would overflow).
		 */
		double		q = kld_chi2_sf(x, dof);
		double		first = exp(log(mu) + kld_log_gamma_density(a, y) - log(a));

		return fmin(1.0, q + first);
	}
	if (y < 1e-280)
	{
		/*
		 * x next to 0: P(a + j, y) carries y^j, so the cdf is its j = 0
		 * term, e^-mu P(a, y), to the last bit (and the sum's steps of
		 * (b - 1)/y would overflow).
		 */
		double		lq;
		double		q = kld_gamma_q(a, y, &lq);

		/* 1 - e^-mu (1 - q), without losing a tiny q to the rounding of 1 - q */
		return fmin(1.0, -expm1(-mu) + exp(-mu) * q);
	}
	/*
	 * Below the mean the tail is at least about 0.3, and 1 - cdf keeps its
	 * digits, only for dof >= 1: with dof near 0 the mass crowds at 0 and
	 * the tail can be tiny anywhere, so the upper sum serves there too.
	 */
	if (x >= dof + nc || dof < 1.0)
	{
		if (x >= dof + nc && !(ncx2_chernoff(x, dof, nc) >= LN_UNDERFLOW))
			return 0.0;
		return fmin(1.0, ncx2_mixture(a, y, mu, 1));
	}
	if (ncx2_chernoff(x, dof, nc) < -40.0)
		return 1.0;
	return 1.0 - ncx2_mixture(a, y, mu, 0);
}
