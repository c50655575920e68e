-- drift_report() on embedding columns: real[], float8[] (and domains over
-- them) are fitted with gaussian_fit_diagonal (or gaussian_fit) on each
-- side and compared by the Gaussian KL, the Frechet distance and the cosine
-- distance of the means. Generated data with a known shift: in "shifted"
-- the first four of eight coordinates move by half a standard deviation; in
-- "same" nothing moves.
\set SHOW_CONTEXT never
SELECT setseed(0.25);
CREATE DOMAIN unit_vector AS float8[];
CREATE TABLE embedding_rows AS
SELECT g AS id, side,
       ARRAY(SELECT CASE WHEN side = 'shifted' AND j <= 4 THEN 0.5 ELSE 0 END
                    + 0.3 * j + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
             FROM generate_series(1, 8) j WHERE g > 0) AS e
FROM generate_series(1, 8000) g,
     LATERAL (SELECT CASE WHEN g <= 4000 THEN 'reference' WHEN g <= 6000 THEN 'same' ELSE 'shifted' END) s(side);
ALTER TABLE embedding_rows ADD COLUMN e4 real[], ADD COLUMN ed unit_vector, ADD COLUMN amount float8;
UPDATE embedding_rows SET e4 = e::real[], ed = e::unit_vector, amount = e[1];

-- The kinds: every array form is an embedding.
SELECT column_name, kind, drift_method, drift_threshold, edges IS NULL AS no_edges,
       reference_histogram IS NULL AS no_histogram, psi IS NULL AS no_psi, test IS NULL AS no_test,
       smoothing IS NULL AS no_smoothing
FROM drift_report('SELECT e, e4, ed, amount FROM embedding_rows WHERE side = ''reference''',
                  'SELECT e, e4, ed, amount FROM embedding_rows WHERE side = ''shifted''');

-- The shift is flagged by every method, the window without one by none
-- (thresholds well above the sampling floor, about k (1/n_ref + 1/n_cur)
-- = 0.006 for the Gaussian KL here).
SELECT w.side, m.method, r.drifted
FROM (VALUES ('same'), ('shifted')) AS w(side),
     (VALUES ('gaussian_kl', 0.1), ('frechet_distance', 0.2), ('mean_cosine_distance', 0.001)) AS m(method, threshold),
     LATERAL drift_report('SELECT e FROM embedding_rows WHERE side = ''reference''',
                          format('SELECT e FROM embedding_rows WHERE side = %L', w.side),
                          embedding_method => m.method, embedding_threshold => m.threshold) AS r
ORDER BY 1, 2;

-- The sampling floor of the Gaussian KL with diagonal fits, about
-- k (1/n_ref + 1/n_cur): 30 windows of 200 rows of one distribution, each
-- against the one before: 8 (1/200 + 1/200) = 0.08 on average.
WITH w AS (SELECT (id - 1) / 200 AS w, gaussian_fit_diagonal(e) AS fit
           FROM embedding_rows WHERE side <> 'shifted' GROUP BY 1)
SELECT count(*) AS pairs, round(avg(kl_div_normal(b.fit, a.fit))::numeric, 3) AS mean_kl,
       avg(kl_div_normal(b.fit, a.fit)) BETWEEN 0.064 AND 0.096 AS within_20_percent
FROM w a JOIN w b ON b.w = a.w + 1;

-- The numbers are those of the functions on the two fits (current first):
-- the Gaussian KL with a ridge of 1e-6 times the reference's mean variance.
CREATE TEMP TABLE fits AS
SELECT gaussian_fit_diagonal(e) FILTER (WHERE side = 'reference') AS ref,
       gaussian_fit_diagonal(e) FILTER (WHERE side = 'shifted') AS cur,
       gaussian_fit(e) FILTER (WHERE side = 'reference') AS ref_full,
       gaussian_fit(e) FILTER (WHERE side = 'shifted') AS cur_full
FROM embedding_rows;
SELECT r.gaussian_kl = kl_div_normal(f.cur, f.ref, 1e-6 * (SELECT avg(v) FROM unnest((f.ref).cov) v)) AS kl_same,
       r.frechet_distance = frechet_distance(f.cur, f.ref) AS frechet_same,
       r.mean_cosine_distance = mean_cosine_distance(f.cur, f.ref) AS cosine_same,
       round(r.gaussian_kl::numeric, 2) AS gaussian_kl, round(r.frechet_distance::numeric, 2) AS frechet
FROM fits f,
     drift_report('SELECT e FROM embedding_rows WHERE side = ''reference''',
                  'SELECT e FROM embedding_rows WHERE side = ''shifted''') r;
SELECT abs(r.gaussian_kl - kl_div_normal(f.cur_full, f.ref_full,
                                         1e-6 * (SELECT avg((f.ref_full).cov[i][i]) FROM generate_series(1, 8) i)))
           < 1e-12 AS full_kl_same,
       abs(r.frechet_distance - frechet_distance(f.cur_full, f.ref_full)) < 1e-12 AS full_frechet_same,
       r.gaussian_kl > (SELECT gaussian_kl FROM drift_report('SELECT e FROM embedding_rows WHERE side = ''reference''',
                  'SELECT e FROM embedding_rows WHERE side = ''shifted''')) AS full_sees_more
FROM fits f,
     drift_report('SELECT e FROM embedding_rows WHERE side = ''reference''',
                  'SELECT e FROM embedding_rows WHERE side = ''shifted''', embedding_covariance => 'full') r;

-- A full covariance from fewer rows than dimensions is singular: the ridge
-- makes the KL defined; Frechet needs none.
SELECT gaussian_kl > 0.1 AS kl_large, frechet_distance > 0 AS frechet_positive
FROM drift_report('SELECT e FROM embedding_rows WHERE id <= 3',
                  'SELECT e FROM embedding_rows WHERE side = ''same''', embedding_covariance => 'full');

-- With numeric columns: tests and their corrections count only the
-- histogram columns.
SELECT column_name, kind, test IS NOT NULL AS tested, p_adjusted = p_value AS uncorrected, drifted
FROM drift_report('SELECT amount, e FROM embedding_rows WHERE side = ''reference''',
                  'SELECT amount, e FROM embedding_rows WHERE side = ''shifted''',
                  method => 'ks', correction => 'bonferroni');

-- Too few current rows: no covariance from one row (KL, Frechet NULL), none
-- at all (everything NULL); drifted is NULL where the method's value is.
SELECT c.rows, r.current_rows, r.gaussian_kl IS NULL AS no_kl, r.frechet_distance IS NULL AS no_frechet,
       r.mean_cosine_distance IS NULL AS no_cosine, r.drifted
FROM (VALUES (0), (1), (2)) AS c(rows),
     LATERAL drift_report('SELECT e FROM embedding_rows WHERE side = ''reference''',
                          format('SELECT e FROM embedding_rows WHERE side = ''same'' AND id <= 4000 + %s', c.rows)) r
ORDER BY 1;
SELECT r.mean_cosine_distance IS NOT NULL AS cosine, r.drifted
FROM drift_report('SELECT e FROM embedding_rows WHERE side = ''reference''',
                  'SELECT e FROM embedding_rows WHERE id = 4001', embedding_method => 'mean_cosine_distance') r;
-- NULL rows count as NULLs, not as vectors.
SELECT round(current_null_share::numeric, 2) AS cur_nulls, gaussian_kl < 0.1 AS small
FROM drift_report('SELECT e FROM embedding_rows WHERE side = ''reference''',
                  'SELECT CASE WHEN id % 4 = 0 THEN NULL ELSE e END AS e FROM embedding_rows WHERE side = ''same''');

-- A constant column: the ridge floor (the smallest normal double) keeps the
-- KL defined: 0 for the same constant, about 1e307 for another; a zero mean
-- has no direction (no cosine).
SELECT gaussian_kl, frechet_distance, mean_cosine_distance, drifted
FROM drift_report('SELECT ARRAY[1, 2]::float8[] AS e FROM generate_series(1, 10)',
                  'SELECT ARRAY[1, 2]::float8[] AS e FROM generate_series(1, 5)');
SELECT gaussian_kl, frechet_distance, round(mean_cosine_distance::numeric, 6) AS mean_cosine_distance, drifted
FROM drift_report('SELECT ARRAY[1, 2]::float8[] AS e FROM generate_series(1, 10)',
                  'SELECT ARRAY[1, 3]::float8[] AS e FROM generate_series(1, 5)');
SELECT gaussian_kl, frechet_distance, mean_cosine_distance, drifted
FROM drift_report('SELECT ARRAY[0, 0]::float8[] AS e FROM generate_series(1, 10)',
                  'SELECT ARRAY[0, 0]::float8[] AS e FROM generate_series(1, 5)',
                  embedding_method => 'mean_cosine_distance');

-- Errors.
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT e[1:4] AS e FROM embedding_rows');
SELECT * FROM drift_report('SELECT CASE WHEN id = 7 THEN e[1:3] ELSE e END AS e FROM embedding_rows',
                           'SELECT e FROM embedding_rows');
SELECT * FROM drift_report('SELECT ARRAY[1, NULL]::float8[] AS e', 'SELECT ARRAY[1, 2]::float8[] AS e');
SELECT * FROM drift_report('SELECT ARRAY[1, ''NaN'']::float8[] AS e', 'SELECT ARRAY[1, 2]::float8[] AS e');
SELECT * FROM drift_report('SELECT ''{{1,2},{3,4}}''::float8[] AS e', 'SELECT ARRAY[1, 2]::float8[] AS e');
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT e::numeric[] AS e FROM embedding_rows');
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT amount AS e FROM embedding_rows');
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT e FROM embedding_rows', embedding_method => 'fid');
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT e FROM embedding_rows', embedding_method => NULL);
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT e FROM embedding_rows', embedding_threshold => -1);
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT e FROM embedding_rows', embedding_threshold => 'Infinity');
SELECT * FROM drift_report('SELECT e FROM embedding_rows', 'SELECT e FROM embedding_rows', embedding_covariance => 'spherical');
SELECT * FROM drift_report('SELECT NULL::float8[] AS e', 'SELECT e FROM embedding_rows');
