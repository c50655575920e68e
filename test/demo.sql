-- The demo: two cohorts of checkout amounts, binned in SQL, compared on
-- every metric. Run by test/demo.sh, or in psql after CREATE EXTENSION.
\set QUIET on
\pset footer off
SELECT setseed(0.2026) \g /dev/null

-- Cohort A: last month's customers; cohort B: this month's, who spend a
-- little more and more often in the tail. Amounts are log-normal.
CREATE TEMP TABLE checkout (cohort text, amount float8);
INSERT INTO checkout
SELECT 'A', exp(3.0 + 0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
FROM generate_series(1, 20000);
INSERT INTO checkout
SELECT 'B', exp(3.15 + 0.7 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
FROM generate_series(1, 20000);

-- One histogram per cohort over the same 20 bins of [0, 100), with an
-- underflow and an overflow bin: float8[] of counts, built in one pass.
CREATE TEMP TABLE cohort_hist AS
SELECT cohort, histogram(amount, 0, 100, 20) AS h
FROM checkout GROUP BY cohort;

\echo
\echo 'Checkout amounts of two cohorts, 20,000 each, in 20 bins of 5 (plus under/overflow):'
SELECT cohort, array_to_string(h, ' ') AS counts FROM cohort_hist ORDER BY cohort;

\echo
\echo 'How cohort B differs from cohort A:'
WITH a AS (SELECT h FROM cohort_hist WHERE cohort = 'A'),
     b AS (SELECT h FROM cohort_hist WHERE cohort = 'B')
SELECT metric, round(value::numeric, 4) AS value, reading
FROM a, b, LATERAL (VALUES
  ('kl_div(B, A)',        kl_div(b.h, a.h),
   'nats of surprise per observation when B is described with A''s model; 0 = same, no upper bound'),
  ('kl_div(B, A, base=>2)', kl_div(b.h, a.h, base => 2),
   'the same in bits'),
  ('psi(B, A)',           psi(b.h, a.h),
   'population stability index: < 0.1 stable, 0.1 to 0.25 moderate shift, > 0.25 major shift'),
  ('jsd(B, A)',           jsd(b.h, a.h),
   'Jensen-Shannon divergence, symmetric, between 0 and ln 2 = 0.6931 nats'),
  ('js_distance(B, A)',   js_distance(b.h, a.h),
   'its square root, a true metric between 0 and 0.8326'),
  ('tv_distance(B, A)',   tv_distance(b.h, a.h),
   'share of the mass that has to move to turn one histogram into the other, 0 to 1'),
  ('hellinger(B, A)',     hellinger(b.h, a.h),
   'Hellinger distance, 0 to 1; less sensitive to rare bins than KL'),
  ('linf_distance(B, A)', linf_distance(b.h, a.h),
   'largest difference in any single bin''s share'),
  ('chi2_div(B, A)',      chi2_div(b.h, a.h),
   'Pearson chi-squared divergence, weighs differences by A''s share of each bin'),
  ('wasserstein(B, A)',   wasserstein(b.h, a.h),
   'earth mover''s distance in bins: mass times bins moved; here one bin is 5 currency units'),
  ('ks_distance(B, A)',   ks_distance(b.h, a.h),
   'largest gap between the two cumulative distributions, 0 to 1'),
  ('entropy(A)',          entropy(a.h),
   'spread of cohort A in nats; ln 22 = 3.09 would be all bins equal'),
  ('entropy(B)',          entropy(b.h),
   'spread of cohort B in nats'),
  ('cross_entropy(B, A)', cross_entropy(b.h, a.h),
   'entropy(B) + kl_div(B, A)')
) AS m(metric, value, reading);

\echo
\echo 'And two normal models fitted to the log-amounts, in closed form:'
SELECT round(kl_div_normal(avg(ln(amount)) FILTER (WHERE cohort = 'B'),
                           stddev(ln(amount)) FILTER (WHERE cohort = 'B'),
                           avg(ln(amount)) FILTER (WHERE cohort = 'A'),
                           stddev(ln(amount)) FILTER (WHERE cohort = 'A'))::numeric, 4)
       AS kl_div_normal_b_a
FROM checkout;
