-- Values of every function on small inputs with known closed forms.
-- Floats are rounded so the expected output does not depend on the libm.
\pset null '(null)'

-- KL([1,2,3] || [3,2,1]) = (1/2 - 1/6) ln 3 = ln(3) / 3
SELECT round(kl_div(ARRAY[1,2,3]::float8[], ARRAY[3,2,1]::float8[])::numeric, 12) AS kl,
       round((ln(3) / 3)::numeric, 12) AS expected;

-- Counts and probabilities give the same answer: inputs are normalized.
SELECT kl_div(ARRAY[10,20,30]::float8[], ARRAY[3,2,1]::float8[])
     = kl_div(ARRAY[1,2,3]::float8[], ARRAY[0.5,1/3.0,1/6.0]::float8[]) AS scale_free;

-- Bits: base => 2.
SELECT entropy(ARRAY[1,1,1,1]::float8[], base => 2) AS two_bits,
       round(entropy(ARRAY[1,1,1,1]::float8[])::numeric, 12) AS ln4,
       round(ln(4)::numeric, 12) AS expected;
SELECT round(kl_div(ARRAY[1,0]::float8[], ARRAY[1,1]::float8[], base => 2)::numeric, 12) AS one_bit;

-- Cross-entropy H(P,Q) = H(P) + KL(P||Q).
SELECT round(cross_entropy(ARRAY[1,3]::float8[], ARRAY[1,1]::float8[])::numeric, 12) AS h_pq,
       round(ln(2)::numeric, 12) AS expected;

-- Jensen-Shannon: disjoint supports reach ln 2 (one bit).
SELECT round(jsd(ARRAY[1,0]::float8[], ARRAY[0,1]::float8[])::numeric, 12) AS jsd_disjoint,
       jsd(ARRAY[1,0]::float8[], ARRAY[0,1]::float8[], base => 2) AS one_bit,
       js_distance(ARRAY[1,0]::float8[], ARRAY[0,1]::float8[], base => 2) AS distance,
       jsd(ARRAY[1,2,3]::float8[], ARRAY[1,2,3]::float8[]) AS identical;

-- Distances between histograms.
SELECT tv_distance(ARRAY[1,0]::float8[], ARRAY[0,1]::float8[]) AS tv_disjoint,
       tv_distance(ARRAY[3,1]::float8[], ARRAY[1,1]::float8[]) AS tv,
       hellinger(ARRAY[1,0]::float8[], ARRAY[0,1]::float8[]) AS hellinger_disjoint,
       round(hellinger(ARRAY[1,0]::float8[], ARRAY[1,1]::float8[])::numeric, 12) AS hellinger,
       round(sqrt(1 - sqrt(0.5))::numeric, 12) AS expected,
       linf_distance(ARRAY[3,1]::float8[], ARRAY[1,1]::float8[]) AS linf;

-- PSI by hand: 0.25 ln(0.75/0.5) + 0.25 ln(0.5/0.25) = 0.25 ln 3;
-- chi-squared: 2 * (0.75 - 0.5)^2 / 0.5 = 0.25.
SELECT round(psi(ARRAY[3,1]::float8[], ARRAY[1,1]::float8[])::numeric, 12) AS psi,
       round((0.25 * ln(3))::numeric, 12) AS expected,
       chi2_div(ARRAY[3,1]::float8[], ARRAY[1,1]::float8[]) AS chi2;

-- CDF distances over ordered bins, in bin widths.
SELECT wasserstein(ARRAY[1,0,0]::float8[], ARRAY[0,0,1]::float8[]) AS w_two_bins,
       wasserstein(ARRAY[1,1,0]::float8[], ARRAY[0,1,1]::float8[]) AS w_one_bin,
       ks_distance(ARRAY[1,1,0]::float8[], ARRAY[0,1,1]::float8[]) AS ks,
       wasserstein(ARRAY[5]::float8[], ARRAY[7]::float8[]) AS single_bin;

-- Normal distributions: KL(N(0,1) || N(0,2)) = ln 2 + 1/8 - 1/2.
SELECT round(kl_div_normal(0, 1, 0, 2)::numeric, 12) AS kl,
       round((ln(2) + 0.125 - 0.5)::numeric, 12) AS expected,
       kl_div_normal(0, 1, 1, 1) AS mean_shift,
       kl_div_normal(3, 2, 3, 2) AS identical;

-- Scaling both sigmas leaves it unchanged, up to the top of the float8 range.
SELECT kl_div_normal(0, 1.5e308, 0, 1e308) = kl_div_normal(0, 1.5, 0, 1) AS scale_free,
       round(kl_div_normal(0, 1.5, 0, 1)::numeric, 12) AS kl,
       round((ln(1 / 1.5) + 1.5 * 1.5 / 2 - 0.5)::numeric, 12) AS expected;

-- Zeros: p = 0 contributes nothing; q = 0 < p is Infinity, never NaN.
SELECT kl_div(ARRAY[0,1]::float8[], ARRAY[1,1]::float8[]) = ln(2) AS zero_p_bin,
       kl_div(ARRAY[1,1]::float8[], ARRAY[0,1]::float8[]) AS kl_inf,
       cross_entropy(ARRAY[1,1]::float8[], ARRAY[0,1]::float8[]) AS ce_inf,
       psi(ARRAY[1,1]::float8[], ARRAY[0,1]::float8[]) AS psi_inf,
       psi(ARRAY[0,1]::float8[], ARRAY[1,1]::float8[]) AS psi_inf_other_way,
       chi2_div(ARRAY[1,1]::float8[], ARRAY[0,1]::float8[]) AS chi2_inf,
       kl_div(ARRAY[0,1]::float8[], ARRAY[0,1]::float8[]) AS shared_zero;

-- epsilon: explicit smoothing, p' = (p + eps) / (1 + n eps), removes the Infinity.
SELECT round(kl_div(ARRAY[1,1]::float8[], ARRAY[0,1]::float8[], epsilon => 0.01)::numeric, 12) AS kl_smoothed,
       round((0.51/1.02 * ln(0.51/0.01) + 0.51/1.02 * ln(0.51/1.01))::numeric, 12) AS expected,
       psi(ARRAY[1,1]::float8[], ARRAY[0,1]::float8[], 0.01) < 'Infinity' AS psi_finite,
       chi2_div(ARRAY[1,1]::float8[], ARRAY[0,1]::float8[], epsilon => 0.01) < 'Infinity' AS chi2_finite;

-- NULL: a NULL histogram gives NULL; a NULL base means nats; a NULL epsilon gives NULL.
SELECT entropy(NULL::float8[]) AS entropy,
       kl_div(NULL, ARRAY[1]::float8[]) AS kl_p,
       kl_div(ARRAY[1]::float8[], NULL) AS kl_q,
       kl_div(ARRAY[1,3]::float8[], ARRAY[1,1]::float8[], NULL)
         = kl_div(ARRAY[1,3]::float8[], ARRAY[1,1]::float8[]) AS null_base_is_nats,
       kl_div(ARRAY[1,3]::float8[], ARRAY[1,1]::float8[], NULL, NULL) AS kl_null_epsilon,
       psi(ARRAY[1]::float8[], ARRAY[1]::float8[], NULL) AS psi_null_epsilon,
       tv_distance(NULL, ARRAY[1]::float8[]) AS tv,
       kl_div_normal(NULL, 1, 0, 1) AS normal;

-- Weights whose sum overflows float8 are scaled, not rejected.
SELECT kl_div(ARRAY[1e308, 1e308, 1e308]::float8[], ARRAY[1, 1, 1]::float8[]) AS kl_huge,
       tv_distance(ARRAY[1.7e308, 1.7e308]::float8[], ARRAY[1e-300, 1e-300]::float8[]) AS tv_huge_tiny,
       round(entropy(ARRAY[1e308, 1e308, 1e308, 1e308]::float8[], 2)::numeric, 12) AS two_bits;

-- Typed columns, the way tables of daily histograms are used.
CREATE TABLE daily_hist (day date, h float8[]);
INSERT INTO daily_hist VALUES
  ('2026-11-01', '{10,20,30,40}'), ('2026-11-02', '{12,18,33,37}'), ('2026-11-03', '{40,30,20,10}');
SELECT day, round(kl_div(h, (SELECT h FROM daily_hist WHERE day = '2026-11-01'))::numeric, 6) AS kl,
       round(psi(h, (SELECT h FROM daily_hist WHERE day = '2026-11-01'))::numeric, 6) AS psi
FROM daily_hist ORDER BY day;
DROP TABLE daily_hist;
