-- test/tutorial/tutorial.sql: the README's tutorial, as one psql script.
-- test/demo.sh (the main job) runs it against a throwaway cluster; in your
-- own psql, run it after CREATE EXTENSION kl_divergence (it creates the
-- tables checkout, events and drift_history).
\set ON_ERROR_STOP on
\set QUIET on
\pset footer off
\ir data.sql

\echo
\echo '1. Two cohorts of checkout amounts, on the same 20 bins of [0, 100) plus under/overflow:'
SELECT cohort, sparkline(histogram(amount, 0, 100, 20)) AS shape, count(*) AS n
FROM checkout GROUP BY cohort ORDER BY cohort;

\echo
\echo '   How far is B from A? Bins of equal frequency in A (its deciles) are fairer than fixed widths:'
CREATE TEMP TABLE cohort_hist AS
WITH reference AS (SELECT quantile_edges(amount, 10) AS edges FROM checkout WHERE cohort = 'A')
SELECT histogram(amount, edges) FILTER (WHERE cohort = 'A') AS a,
       histogram(amount, edges) FILTER (WHERE cohort = 'B') AS b
FROM checkout, reference GROUP BY edges;
-- B has a few amounts beyond A's range (bins 1 and 12), where A has none:
-- psi and kl_div are Infinity there unless smoothed, hence epsilon.
SELECT round(psi(b, a, epsilon => 1e-4)::numeric, 4) AS psi,
       round(kl_div(b, a, epsilon => 1e-4)::numeric, 4) AS kl_div,
       round(js_distance(b, a)::numeric, 4) AS js_distance,
       round(tv_distance(b, a)::numeric, 4) AS tv_distance
FROM cohort_hist;

\echo
\echo '   Which bins make the difference (bin 1 is below A''s minimum, bin 12 above its maximum):'
SELECT c.bin, round(c.p_share::numeric, 3) AS b_share, round(c.q_share::numeric, 3) AS a_share,
       round(c.psi_term::numeric, 4) AS psi_term, c.bar
FROM cohort_hist, compare_histograms(b, a, 1e-4) AS c ORDER BY c.bin;

\echo
\echo '2. Categories: the device mix of the last three days against the days before:'
SELECT category_counts(device) FILTER (WHERE day < date '2026-11-12') AS before,
       category_counts(device) FILTER (WHERE day >= date '2026-11-12') AS after,
       round(js_distance(category_counts(device) FILTER (WHERE day >= date '2026-11-12'),
                         category_counts(device) FILTER (WHERE day < date '2026-11-12'))::numeric, 4) AS js_distance
FROM events;

\echo
\echo '   Which categories moved:'
SELECT c.category, round(c.p_share::numeric, 3) AS after, round(c.q_share::numeric, 3) AS before,
       round(c.psi_term::numeric, 4) AS psi_term, c.bar
FROM (SELECT category_counts(device) FILTER (WHERE day >= date '2026-11-12') AS after,
             category_counts(device) FILTER (WHERE day < date '2026-11-12') AS before
      FROM events) AS m,
     compare_histograms(m.after, m.before) AS c
ORDER BY c.psi_term DESC;

\echo
\echo '3. The drift report: the first week as reference, the last day as current:'
SELECT column_name, kind, round(psi::numeric, 3) AS psi, round(js_distance::numeric, 3) AS js_distance,
       round(current_null_share::numeric, 3) AS null_share, sparkline(reference_histogram) AS reference,
       sparkline(current_histogram) AS current, drifted
FROM drift_report(
    $$SELECT amount, items, country, device, is_member FROM events
      WHERE day BETWEEN date '2026-11-01' AND date '2026-11-07'$$,
    $$SELECT amount, items, country, device, is_member FROM events
      WHERE day = date '2026-11-14'$$);

\echo
\echo '4. PSI of amount, day by day, on the reference week''s deciles:'
WITH reference AS (
    SELECT quantile_edges(amount, 10) AS edges FROM events
    WHERE day BETWEEN date '2026-11-01' AND date '2026-11-07'),
reference_hist AS (
    SELECT histogram(amount, edges) AS h FROM events, reference
    WHERE day BETWEEN date '2026-11-01' AND date '2026-11-07' GROUP BY edges),
daily AS (
    SELECT day, histogram(amount, edges) AS h FROM events, reference GROUP BY day, edges)
SELECT daily.day, round(psi(daily.h, reference_hist.h, 1e-4)::numeric, 4) AS psi,
       sparkline(daily.h) AS shape
FROM daily, reference_hist ORDER BY daily.day;

\echo
\echo '5. Keep a history: each run appends its rows (schedule this INSERT with pg_cron):'
CREATE TABLE drift_history AS
SELECT now() AS run_at, * FROM drift_report(NULL, NULL) WITH NO DATA;   -- the columns only
INSERT INTO drift_history
SELECT now(), * FROM drift_report(
    $$SELECT amount, items, country, device, is_member FROM events
      WHERE day BETWEEN date '2026-11-01' AND date '2026-11-07'$$,
    $$SELECT amount, items, country, device, is_member FROM events
      WHERE day = date '2026-11-14'$$);
SELECT column_name, drift_method, drift_threshold, round(psi::numeric, 3) AS psi, drifted
FROM drift_history ORDER BY column_name;

\echo
\echo '6. Did today''s embeddings drift? Normal fits of 32-dimensional vectors, a batch with 8 coordinates shifted:'
SELECT setseed(0.42) \g /dev/null
CREATE TEMP TABLE embeddings AS
SELECT CASE WHEN i <= 3000 THEN 'reference' WHEN i <= 6000 THEN 'today, no shift' ELSE 'today, shifted' END AS batch,
       ARRAY(SELECT random() + CASE WHEN i > 6000 AND j <= 8 THEN 0.25 ELSE 0 END
             FROM generate_series(1, 32) j WHERE i > 0) AS x
FROM generate_series(1, 9000) i;

WITH fits AS (SELECT batch, gaussian_fit(x) AS fit FROM embeddings GROUP BY batch)
SELECT today.batch, (today.fit).n,
       round(sqrt(frechet_distance(today.fit, reference.fit))::numeric, 3) AS frechet,
       round(kl_div_normal(today.fit, reference.fit)::numeric, 3) AS kl_div
FROM fits today, fits reference
WHERE reference.batch = 'reference' AND today.batch <> 'reference'
ORDER BY today.batch;

\echo 'The same question in the drift report: x is an embedding column, fitted on both sides, flagged by the Gaussian KL:'
SELECT b.batch, r.kind, round(r.gaussian_kl::numeric, 3) AS gaussian_kl,
       round(sqrt(r.frechet_distance)::numeric, 3) AS frechet,
       round(r.mean_cosine_distance::numeric, 5) AS cosine, r.drifted
FROM (VALUES ('today, no shift'), ('today, shifted')) AS b(batch),
     drift_report($$SELECT x FROM embeddings WHERE batch = 'reference'$$,
                  format('SELECT x FROM embeddings WHERE batch = %L', b.batch)) AS r
ORDER BY b.batch;
