/*
 * kstwo.c: P[D_n > d], the upper tail of the two-sided one-sample
 * Kolmogorov-Smirnov statistic (declared in pvalues.h).
 *
 * No one method is both exact and fast for every n and d, so the plane is
 * cut into regions as Simard and L'Ecuyer (2011, J. Stat. Softw. 39(11))
 * propose and as scipy.stats.kstwo (scipy/stats/_ksstats.py) places them;
 * where scipy approximates, we take the same approximation, which is what
 * makes us agree with it. With t = n d and z2 = n d^2:
 *
 *   t <= 1/2              1 (D_n >= 1/(2n) always)
 *   t <= 1                1 - n!/n^n (2t - 1)^n         exact (Ruben-Gambino)
 *   t >= n - 1            2 (1 - d)^n                   exact
 *   d >= 1/2              2 P[D_n+ >= d]                exact (the two events
 *                                                       are disjoint)
 *   n <= 140:  z2 <= 4    1 - P[D_n <= d], Durbin's matrix   exact
 *              z2 > 4     2 P[D_n+ >= d]                Miller's approximation:
 *                                                       drops P[both], which
 *                                                       is below 4e-11 of it
 *   n > 140:   z2 >= 2.2  2 P[D_n+ >= d]                Miller's (as above,
 *                                                       below 1e-5 relative
 *                                                       at z2 = 2.2)
 *              z2 < 2.2   1 - P[D_n <= d], the cdf by Durbin's matrix when
 *                         n <= 1e5 and n d^1.5 <= 1.4 (exact), else by the
 *                         Pelz-Good asymptotic series (error O(1/n^2)).
 *
 * P[D_n+ >= d] (Smirnov's one-sided tail) is the Birnbaum-Tingey sum
 * d sum_v C(n,v) (d + v/n)^(v-1) (1 - d - v/n)^(n-v), summed exactly for
 * n <= 1e6, whose terms we form as Loader's binomial probabilities
 * (Stirling corrections and deviances, no cancelling lgammas). For n > 1e6
 * it is exp(-(6nd + 1)^2 / (18n)), scipy's choice, good to O(1/n).
 *
 * Where we part from scipy, knowingly: scipy's one-sided tail returns 0
 * once 2 n d^2 > 708.4, and its kstwo 0 once n d^2 >= 370 (n > 140), while
 * the true value is still above DBL_MIN or a subnormal; we return it (the
 * exact sum for n <= 1e6, scipy's formula beyond).
 */
#include <float.h>
#include <math.h>

#include "kernels.h"
#include "near_zero.h"
#include "pvalues.h"
#include "pvalues_internal.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406
#define PI 3.14159265358979323846264338327950288
#define PI2 9.86960440108935861883449099988	/* pi^2 */
#define SQRT_2PI 2.50662827463100050241576528481

/* ln 2 split so that k * LN2_HI is exact for |k| < 2^20 */
#define LN2_HI 6.93147180369123816490e-01
#define LN2_LO 1.90821492927058770002e-10

/* Above this n the one-sided sum is taken as an integral (smirnov_sf_integral). */
#define SMIRNOV_SUM_MAX_N 140.0

/* Durbin's matrix is at most this wide (m = 2 ceil(n d) - 1 <= 117 where used). */
#define KS_MAX_M 121

/* ln(n! / n^n) = 1/2 ln(2 pi n) - n + S(n), with S Stirling's correction. */
static double
log_factorial_over_power(double n)
{
	return 0.5 * log(n) + LN_SQRT_2PI - n + kld_stirling_tail(n);
}

/*
 * ln of the binomial probability C(n,v) p^v q^(n-v), 0 < v < n, given
 * np = n p and nq = n q = n - np (Loader 2000): the Stirling corrections
 * and two deviances v ln(v/np) + np - v, each small where the result is not.
 */
static double
log_binomial(double n, double v, double np, double nq)
{
	double		w = n - v;

	return 0.5 * log(n / (2.0 * PI * v * w))
		+ kld_stirling_tail(n) - kld_stirling_tail(v) - kld_stirling_tail(w)
		- np * kld_kl_gap((v - np) / np) - nq * kld_kl_gap((w - nq) / nq);
}

/*
 * Smirnov's P[D_n+ >= d], 0 < d < 1, by the Birnbaum-Tingey sum; term v is
 * d/p times the binomial probability of v at p = d + v/n. The terms rise to
 * one peak and fall; the sum starts there and walks out both ways until
 * what is left cannot matter.
 */
static double smirnov_sf_integral(double n, double d, double last);

static double
smirnov_sf(double n, double d)
{
	double		nd = n * d;
	double		last = floor(n - nd);	/* the largest v with 1 - d - v/n > 0 */
	double		peak,
				sum = 0.0,
				log_scale;

	if (last >= n - nd)
		last -= 1.0;
	/* P[D_n+ >= d] <= e^(-2 n d^2) (Massart): nothing left to compute */
	if (2.0 * nd * d > 746.0)
		return 0.0;
	if (n > SMIRNOV_SUM_MAX_N)
	{
		double		p = smirnov_sf_integral(n, d, last);

		if (p >= 0.0)
			return p;
	}

	/* The terms' peak is near p = 1/2 (or at v = 0 when d >= 1/2). */
	peak = floor(n * (0.5 - d));
	if (peak < 0.0)
		peak = 0.0;
	if (peak > last)
		peak = last;

	log_scale = -INFINITY;
	for (int dir = 0; dir < 2; dir++)
	{
		double		v = dir == 0 ? peak : peak + 1.0;
		double		stepv = dir == 0 ? -1.0 : 1.0;
		size_t		count = 0;

		for (; v >= 0.0 && v <= last; v += stepv, count++)
		{
			double		lt,
						t;

			if (v == 0.0)
				lt = n * log1p(-d);	/* d/p_0 * q_0^n with p_0 = d */
			else
			{
				double		np = nd + v;
				double		nq = (n - v) - nd;

				lt = log(nd / np) + log_binomial(n, v, np, nq);
			}
			if (log_scale == -INFINITY)
				log_scale = lt;
			if (lt > log_scale + 600.0)
			{
				/* a start far below the peak: move the scale up to it */
				sum *= exp(log_scale - lt);
				log_scale = lt;
			}
			t = exp(lt - log_scale);
			sum += t;
			/* Past the peak the terms fall at least geometrically. */
			if (t < 1e-18 * sum && count > 2)
				break;
			kld_check_interrupts(count);
		}
	}
	if (sum == 0.0)
		return 0.0;
	return exp(log_scale + log(sum));
}

/* ln of term v of the one-sided sum, 0 < v < n - nd, v real: the sum's smooth extension. */
static double
smirnov_log_term(double n, double nd, double v)
{
	double		np = nd + v;

	return log(nd / np) + log_binomial(n, v, np, (n - v) - nd);
}

/*
 * The one-sided sum as an integral, for large n: the terms, as a function
 * of a real v, form one smooth bell at least sqrt(n)/(4d) wide, and the sum
 * of such a function over the integers equals its integral up to
 * exp(-2 pi^2 width^2) (Poisson's summation formula), provided the bell has
 * fallen to nothing at both ends of the range (v = 0 and v = n(1 - d)).
 * Returns -1 when it has not, for the caller to sum term by term.
 *
 * The bell's top is found by golden-section search, its width from the
 * curvature there; the integral is Gauss-Legendre (20 points) on panels a
 * quarter of that width, out to where the terms are e^-50 of the top.
 */
static double
smirnov_sf_integral(double n, double d, double last)
{
	static const double node[10] = {
		0.07652652113349734, 0.2277858511416451, 0.37370608871541955,
		0.5108670019508271, 0.636053680726515, 0.7463319064601508,
		0.8391169718222188, 0.9122344282513258, 0.9639719272779138,
		0.9931285991850949
	};
	static const double weight[10] = {
		0.15275338713072578, 0.14917298647260366, 0.14209610931838187,
		0.13168863844917653, 0.11819453196151825, 0.10193011981724026,
		0.08327674157670467, 0.06267204833410944, 0.04060142980038622,
		0.017614007139153273
	};
	const double golden = 0.38196601125010515;
	double		nd = n * d;
	double		lo = 1.0,
				hi = last,
				top,
				top_log,
				width,
				curvature,
				h,
				from,
				to,
				panel,
				sum = 0.0;

	if (hi <= lo + 4.0)
		return -1.0;
	/* golden-section search for the top of the (log-concave) bell */
	{
		double		a = lo,
					b = hi,
					x1 = a + golden * (b - a),
					x2 = b - golden * (b - a);
		double		f1 = smirnov_log_term(n, nd, x1),
					f2 = smirnov_log_term(n, nd, x2);

		for (int i = 0; i < 200 && b - a > 0.5; i++)
		{
			if (f1 < f2)
			{
				a = x1;
				x1 = x2;
				f1 = f2;
				x2 = b - golden * (b - a);
				f2 = smirnov_log_term(n, nd, x2);
			}
			else
			{
				b = x2;
				x2 = x1;
				f2 = f1;
				x1 = a + golden * (b - a);
				f1 = smirnov_log_term(n, nd, x1);
			}
		}
		top = 0.5 * (a + b);
	}
	top_log = smirnov_log_term(n, nd, top);
	h = fmax(1.0, 0.01 * sqrt(top));
	if (top - h <= lo || top + h >= hi)
		return -1.0;
	curvature = (smirnov_log_term(n, nd, top + h) - 2.0 * top_log
				 + smirnov_log_term(n, nd, top - h)) / (h * h);
	if (!(curvature < 0.0))
		return -1.0;
	width = 1.0 / sqrt(-curvature);
	if (width < 3.0)
		return -1.0;

	/*
	 * Out to e^-50 of the top each way, in steps of the width, halving the
	 * distance to an end of the range where a step would pass it.
	 */
	from = top;
	do
	{
		double		step = fmin(width, 0.5 * (from - lo));

		if (step < 0.5)
			return -1.0;
		from -= step;
	} while (smirnov_log_term(n, nd, from) > top_log - 50.0);
	to = top;
	do
	{
		double		step = fmin(width, 0.5 * (hi - to));

		if (step < 0.5)
			return -1.0;
		to += step;
	} while (smirnov_log_term(n, nd, to) > top_log - 50.0);
	/* and the terms left out at v = 0 (the first, (1 - d)^n) are nothing */
	if (n * log1p(-d) > top_log - 50.0)
		return -1.0;

	/*
	 * Panels of the bell's width, narrower near the ends of the range,
	 * where ln v and ln(n - nd - v) have their branch points: a panel
	 * stays within a quarter of its distance to them.
	 */
	for (double left = from; left < to;)
	{
		double		mid,
					part = 0.0;

		panel = fmin(fmin(2.0 * width, to - left),
					 0.25 * fmin(left, (n - nd) - left));
		mid = left + 0.5 * panel;
		for (int i = 0; i < 10; i++)
		{
			double		off = 0.5 * panel * node[i];

			part += weight[i] * (exp(smirnov_log_term(n, nd, mid - off) - top_log)
								 + exp(smirnov_log_term(n, nd, mid + off) - top_log));
		}
		sum += 0.5 * panel * part;
		left += panel;
	}
	return exp(top_log + log(sum));
}

/* r = r * M for a row vector r and an m x m matrix M. */
static void
row_times(double *r, const double *M, int m, double *tmp)
{
	for (int j = 0; j < m; j++)
	{
		double		s = 0.0;

		for (int i = 0; i < m; i++)
			s += r[i] * M[i * m + j];
		tmp[j] = s;
	}
	for (int j = 0; j < m; j++)
		r[j] = tmp[j];
}

/*
 * Scales v (len entries) by a power of two so its largest is in [1/2, 1);
 * returns the exponent taken out.
 */
static int
normalize(double *v, int len)
{
	double		big = 0.0;
	int			e;

	for (int i = 0; i < len; i++)
		big = fmax(big, fabs(v[i]));
	if (big == 0.0)
		return 0;
	(void) frexp(big, &e);
	for (int i = 0; i < len; i++)
	{
		v[i] = ldexp(v[i], -e);
		/*
		 * Entries 2^-900 below the largest can only matter to a cdf far
		 * below 1e-17, which 1 - cdf does not see; flushed, they do not
		 * become subnormals, whose arithmetic is a hundred times slower.
		 */
		if (fabs(v[i]) < 0x1p-900)
			v[i] = 0.0;
	}
	return e;
}

/*
 * P[D_n <= d] by Durbin's matrix (Marsaglia, Tsang and Wang 2003): with
 * n d = k - h, 0 <= h < 1, m = 2k - 1, the cdf is n!/n^n (H^n)[k][k] for an
 * m x m matrix H of reciprocal factorials whose first column and last row
 * depend on h. Every entry is non-negative, so the powers are accurate.
 * H^n comes by squaring (one row of it is needed: the row e_k H^n is
 * accumulated), each product scaled to keep it in range. Returns NAN if the
 * matrix would be wider than KS_MAX_M.
 */
static double
durbin_cdf(double n, double d)
{
	double		H[KS_MAX_M * KS_MAX_M];
	double		T[KS_MAX_M * KS_MAX_M];
	double		r[KS_MAX_M],
				tmp[KS_MAX_M];
	double		nd = n * d;
	double		kk = ceil(nd);
	double		h = kk - nd;
	int			k = (int) kk,
				m = 2 * k - 1;
	long		r_exp = 0,
				h_exp = 0;
	double		fact[KS_MAX_M + 1];
	double		power = n;
	double		log_p,
				hi;

	if (m > KS_MAX_M || m < 1)
		return NAN;
	fact[0] = 1.0;
	for (int i = 1; i <= m; i++)
		fact[i] = fact[i - 1] / i;	/* 1/i! */
	for (int i = 0; i < m; i++)
		for (int j = 0; j < m; j++)
			H[(size_t) i * m + j] = (i - j + 1 >= 0) ? fact[i - j + 1] : 0.0;
	for (int i = 0; i < m; i++)
	{
		H[(size_t) i * m] = (1.0 - pow(h, i + 1)) * fact[i + 1];
		H[(size_t) (m - 1) * m + i] = (1.0 - pow(h, m - i)) * fact[m - i];
	}
	H[(size_t) (m - 1) * m] = (1.0 - 2.0 * pow(h, m) + pow(fmax(0.0, 2.0 * h - 1.0), m)) * fact[m];

	for (int i = 0; i < m; i++)
		r[i] = (i == k - 1) ? 1.0 : 0.0;

	/*
	 * r = e_k H^n: for small n one row product at a time (n m^2 steps),
	 * else by binary powers of H (m^3 log n).
	 */
	if (n * m <= 2.0 * m * m * log2(n))
	{
		for (long i = 0; i < (long) n; i++)	/* n <= 2 m log2 n here */
		{
			row_times(r, H, m, tmp);
			r_exp += normalize(r, m);
		}
		power = 0.0;
	}
	while (power > 0.0)
	{
		double		half = floor(power / 2.0);

		if (power - 2.0 * half == 1.0)
		{
			row_times(r, H, m, tmp);
			r_exp += h_exp + normalize(r, m);
		}
		power = half;
		if (power == 0.0)
			break;
		for (int i = 0; i < m; i++)
			for (int j = 0; j < m; j++)
			{
				double		s = 0.0;

				for (int l = 0; l < m; l++)
					s += H[i * m + l] * H[l * m + j];
				T[i * m + j] = s;
			}
		for (int i = 0; i < m * m; i++)
			H[i] = T[i];
		h_exp = 2 * h_exp + normalize(H, m * m);
		kld_check_interrupts(0);
	}
	if (r[k - 1] <= 0.0)
		return 0.0;

	/*
	 * cdf = r[k] 2^r_exp n!/n^n, both factors near e^(+-n): the exponents
	 * meet first, with ln 2 in two parts so that r_exp ln 2 - n is exact.
	 */
	hi = (double) r_exp * LN2_HI - n;
	log_p = hi + ((double) r_exp * LN2_LO + log(r[k - 1])
				  + 0.5 * log(n) + LN_SQRT_2PI + kld_stirling_tail(n));
	return exp(log_p);
}

/*
 * P[D_n <= d] by the Pelz-Good series: Li-Chien and Korolyuk's expansion
 * K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5 in z = d sqrt(n), with
 * each K turned by Jacobi's theta transformation into sums over odd m of
 * polynomials in m^2 times exp(-m^2 pi^2 / (8 z^2)), which converge fast for
 * the small z where it is used; K2 and K3 add sums over all k of
 * exp(-k^2 pi^2 / (2 z^2)).
 */
static double
pelz_good_cdf(double n, double d)
{
	double		z = sqrt(n) * d;
	double		z2 = z * z,
				z4 = z2 * z2,
				z6 = z4 * z2,
				z8 = z4 * z4;
	double		K[4] = {0.0, 0.0, 0.0, 0.0};
	double		extra2 = 0.0,
				extra3 = 0.0;
	double		base = -PI2 / (8.0 * z2);
	double		rootn = sqrt(n);

	if (base < -708.0)
		return 0.0;
	for (int kk = 1; kk <= 40; kk++)
	{
		double		mo = 2.0 * kk - 1.0;
		double		m2 = mo * mo,
					m4 = m2 * m2,
					m6 = m4 * m2;
		double		e = exp(base * m2);

		if (e == 0.0)
			break;
		K[0] += e;
		K[1] += e * (PI2 / 4.0 * m2 - z2);
		K[2] += e * (6.0 * z6 + 2.0 * z4 + PI2 / 4.0 * (2.0 * z4 - 5.0 * z2) * m2
					 + PI2 * PI2 / 16.0 * (1.0 - 2.0 * z2) * m4);
		K[3] += e * (-30.0 * z6 - 90.0 * z8 + PI2 / 4.0 * (135.0 * z4 - 96.0 * z6) * m2
					 + PI2 * PI2 / 16.0 * (212.0 * z4 - 60.0 * z2) * m4
					 + PI2 * PI2 * PI2 / 64.0 * (5.0 - 30.0 * z2) * m6);
		if (e < 1e-18 * K[0])
			break;
	}
	for (int kk = 1; kk <= 40; kk++)
	{
		double		k2 = (double) kk * kk;
		double		e = exp(-PI2 * k2 / (2.0 * z2));

		if (e == 0.0)
			break;
		extra2 += k2 * e;
		extra3 += (3.0 * z2 - PI2 * k2) * k2 * e;
	}
	K[0] *= SQRT_2PI / z;
	K[1] *= SQRT_2PI / (6.0 * z4);
	K[2] = K[2] * SQRT_2PI / (72.0 * z4 * z2 * z) - extra2 * PI2 * SQRT_2PI / (36.0 * z2 * z);
	K[3] = K[3] * SQRT_2PI / (6480.0 * z8 * z2) + extra3 * PI2 * SQRT_2PI / (216.0 * z6);
	return K[0] + K[1] / rootn + K[2] / n + K[3] / (n * rootn);
}

/* 1 - cdf, clipped to [0, 1]. */
static double
from_cdf(double cdf)
{
	double		sf = 1.0 - cdf;

	return sf < 0.0 ? 0.0 : (sf > 1.0 ? 1.0 : sf);
}

/* Twice the one-sided tail, by the exact sum or (n > 1e6) scipy's formula. */
static double
two_smirnov(double n, double d)
{
	double		p;

	if (n > 1e6)
	{
		double		nd = n * d;

		/* (6nd + 1)^2 / (18n), expanded so no term is formed from cancelling ones */
		p = 2.0 * exp(-(2.0 * nd * d + 2.0 * d / 3.0 + 1.0 / (18.0 * n)));
	}
	else
		p = 2.0 * smirnov_sf(n, d);
	return p > 1.0 ? 1.0 : p;
}

double
kld_kstwo_sf(double d, double n)
{
	double		t,
				z2;

	if (isnan(d) || isnan(n) || !(n >= 1.0) || n == INFINITY)
		return NAN;
	n = floor(n);
	if (d <= 0.0)
		return 1.0;
	if (d >= 1.0)
		return 0.0;
	t = n * d;
	if (t <= 0.5)
		return 1.0;
	if (t <= 1.0)
	{
		/* n!/n^n (2t - 1)^n, in logs (it underflows for large n) */
		double		lp = log_factorial_over_power(n) + n * log(2.0 * t - 1.0);

		return from_cdf(exp(lp));
	}
	if (t >= n - 1.0)
	{
		double		p = 2.0 * exp(n * log1p(-d));

		return p > 1.0 ? 1.0 : p;
	}
	if (d >= 0.5)
		return two_smirnov(n, d);
	z2 = t * d;
	if (n <= 140.0)
	{
		if (z2 <= 4.0)
			return from_cdf(durbin_cdf(n, d));
		return two_smirnov(n, d);
	}
	if (z2 >= 2.2)
		return two_smirnov(n, d);
	/*
	 * Far below the bulk the cdf is about Kolmogorov's sqrt(2 pi)/z
	 * e^(-pi^2 / 8z^2), z = d sqrt(n), times a finite-n factor that scipy's
	 * exact cdf keeps below e^(15 / (z sqrt(n))) for n > 140 (6.8e3 at
	 * n = 141, z = 0.14; 1.8 at n = 25,000, z = 0.16). Where that bound is
	 * below e^-39 (under a tenth of an ulp of 1) the tail rounds to 1: this
	 * spares the Durbin matrix (milliseconds at n in the thousands) an
	 * answer it would round to 1 anyway.
	 */
	{
		double		z = sqrt(z2);
		double		log_cdf_bound = 0.91893853320467274178 - log(z)
			- 9.8696044010893586188 / (8.0 * z2) + 15.0 / (z * sqrt(n));

		if (log_cdf_bound < -39.0)
			return 1.0;
	}
	if (n <= 1e5 && n * d * sqrt(d) <= 1.4)
	{
		double		cdf = durbin_cdf(n, d);

		if (!isnan(cdf))
			return from_cdf(cdf);
	}
	return from_cdf(pelz_good_cdf(n, d));
}
