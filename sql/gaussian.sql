-- Multivariate normals: kl_div_normal(mu, cov, ...), frechet_distance(),
-- gaussian_fit() and gaussian_fit_diagonal(); floats rounded.
\pset null '(null)'
\i sql/error_of.psql

-- KL of a 2-d normal against the standard one: 1/2 (tr S + |mu|^2 - 2 - ln det S).
-- S = [[2, 0.5], [0.5, 1]], det 1.75, mu (1, 2): 1/2 (3 + 5 - 2 - ln 1.75).
SELECT round(kl_div_normal(ARRAY[1, 2]::float8[], ARRAY[[2, 0.5], [0.5, 1]]::float8[],
                           ARRAY[0, 0]::float8[], ARRAY[[1, 0], [0, 1]]::float8[])::numeric, 12) AS kl,
       round((0.5 * (6 - ln(1.75)))::numeric, 12) AS expected;
-- The same normal: exactly 0.
SELECT kl_div_normal(ARRAY[1, 2]::float8[], ARRAY[[2, 0.5], [0.5, 1]]::float8[],
                     ARRAY[1, 2]::float8[], ARRAY[[2, 0.5], [0.5, 1]]::float8[]) AS kl_self;
-- k = 1 equals the scalar form with cov = sigma^2.
SELECT abs(kl_div_normal(ARRAY[0.3]::float8[], ARRAY[[4]]::float8[], ARRAY[-1]::float8[], ARRAY[[0.25]]::float8[])
           - kl_div_normal(0.3, 2, -1, 0.5)) < 1e-14 AS matches_scalar;
-- One-dimensional covariances are diagonals (variances); mixed forms agree.
SELECT abs(kl_div_normal(ARRAY[0, 1]::float8[], ARRAY[2, 3]::float8[], ARRAY[1, 0]::float8[], ARRAY[1, 5]::float8[])
           - kl_div_normal(ARRAY[0, 1]::float8[], ARRAY[[2, 0], [0, 3]]::float8[], ARRAY[1, 0]::float8[], ARRAY[1, 5]::float8[])) < 1e-14
       AS diagonal_same;
-- ridge adds to every variance before factoring.
SELECT abs(kl_div_normal(ARRAY[0]::float8[], ARRAY[1]::float8[], ARRAY[0]::float8[], ARRAY[2]::float8[], ridge => 1)
           - kl_div_normal(0, sqrt(2), 0, sqrt(3))) < 1e-14 AS ridge_adds;
-- A singular covariance is an error, and fine with a ridge.
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[[1, 1], [1, 1]]::float8[], ARRAY[0, 0]::float8[], ARRAY[[1, 0], [0, 1]]::float8[])$$);
SELECT round(kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[[1, 1], [1, 1]]::float8[],
                           ARRAY[0, 0]::float8[], ARRAY[[1, 0], [0, 1]]::float8[], ridge => 0.5)::numeric, 10) AS with_ridge;

-- Frechet: |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2).
-- Commuting diagonals: sum (sqrt a - sqrt b)^2 = (2 - 1)^2 + (3 - 1)^2 = 5, plus |(3, 4)|^2 = 25.
SELECT round(frechet_distance(ARRAY[0, 0]::float8[], ARRAY[[4, 0], [0, 9]]::float8[],
                              ARRAY[3, 4]::float8[], ARRAY[[1, 0], [0, 1]]::float8[])::numeric, 10) AS frechet;
SELECT round(frechet_distance(ARRAY[0, 0]::float8[], ARRAY[4, 9]::float8[], ARRAY[3, 4]::float8[], ARRAY[1, 1]::float8[])::numeric, 10) AS frechet_diagonal;
-- Identical normals: 0; symmetric in its arguments.
SELECT frechet_distance(ARRAY[1, 2]::float8[], ARRAY[[2, 0.5], [0.5, 1]]::float8[],
                        ARRAY[1, 2]::float8[], ARRAY[[2, 0.5], [0.5, 1]]::float8[]) AS frechet_self;
SELECT abs(frechet_distance(ARRAY[1, 2]::float8[], ARRAY[[2, 0.5], [0.5, 1]]::float8[], ARRAY[0, 1]::float8[], ARRAY[[1, -0.3], [-0.3, 3]]::float8[])
           - frechet_distance(ARRAY[0, 1]::float8[], ARRAY[[1, -0.3], [-0.3, 3]]::float8[], ARRAY[1, 2]::float8[], ARRAY[[2, 0.5], [0.5, 1]]::float8[])) < 1e-12
       AS frechet_symmetric;
-- Semi-definite (singular) covariances are allowed in frechet_distance.
SELECT round(frechet_distance(ARRAY[0, 0]::float8[], ARRAY[[1, 1], [1, 1]]::float8[],
                              ARRAY[0, 0]::float8[], ARRAY[[1, 0], [0, 1]]::float8[])::numeric, 10) AS frechet_singular,
       round((4 - 2 * sqrt(2))::numeric, 10) AS expected;

-- Bad input: every error names the argument and the place.
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[]::float8[], ARRAY[]::float8[], ARRAY[]::float8[], ARRAY[]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[[1, 0], [0, 1]]::float8[], ARRAY[0]::float8[], ARRAY[1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[[1, 0, 0], [0, 1, 0]]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 'NaN']::float8[], ARRAY[1, 1]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[[1, 0], [0, 'Infinity']]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[[1, 0.5], [0.4, 1]]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[], ARRAY[0, 0]::float8[], ARRAY[[1, 2], [2, 1]]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[1, 0]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[], ridge => -1)$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[0, 0]::float8[], ARRAY[1, NULL]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(ARRAY[[0, 0]]::float8[], ARRAY[1, 1]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT frechet_distance(ARRAY[0, 0]::float8[], ARRAY[[1, 0], [0, -1]]::float8[], ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT frechet_distance(ARRAY[0, 0]::float8[], ARRAY[1, 1]::float8[], ARRAY[0, 0]::float8[], ARRAY[-1, 1]::float8[])$$);
SELECT kl_div_normal(NULL::float8[], ARRAY[1]::float8[], ARRAY[0]::float8[], ARRAY[1]::float8[]) AS null_gives_null;

-- gaussian_fit: n, mean and the sample covariance (divisor n - 1).
CREATE TABLE vectors (g int, x float8[], xr real[]);
INSERT INTO vectors VALUES
  (1, ARRAY[1, 2]::float8[], ARRAY[1, 2]::real[]),
  (1, ARRAY[3, 0]::float8[], ARRAY[3, 0]::real[]),
  (1, ARRAY[2, 4]::float8[], ARRAY[2, 4]::real[]),
  (1, NULL, NULL),
  (2, ARRAY[5, 5]::float8[], ARRAY[5, 5]::real[]);
SELECT g, gaussian_fit(x) FROM vectors GROUP BY g ORDER BY g;
SELECT g, gaussian_fit(xr) FROM vectors GROUP BY g ORDER BY g;
SELECT g, gaussian_fit_diagonal(x) FROM vectors GROUP BY g ORDER BY g;
SELECT (gaussian_fit(x)).cov[1][2] AS cov12 FROM vectors WHERE g = 1;
SELECT gaussian_fit(x) IS NULL AS no_rows FROM vectors WHERE false;
-- The fits go straight into the divergences; one row has no covariance: NULL.
SELECT round(kl_div_normal(a.f, b.f)::numeric, 10) AS kl_fits,
       round(kl_div_normal(a.f, b.f, ridge => 1)::numeric, 10) AS kl_fits_ridge,
       round(frechet_distance(a.f, b.f)::numeric, 10) AS frechet_fits,
       frechet_distance(a.f, a.f) AS frechet_self
FROM (SELECT gaussian_fit(x) AS f FROM vectors WHERE g = 1) a,
     (SELECT gaussian_fit(x) AS f FROM vectors WHERE x[1] < 3 OR g = 2) b;
SELECT kl_div_normal(a.f, a.f) AS one_row FROM (SELECT gaussian_fit(x) AS f FROM vectors WHERE g = 2) a;
-- Fewer rows than dimensions, or a constant coordinate: singular, refused by KL.
SELECT pg_temp.error_of($$SELECT kl_div_normal(f, f) FROM (SELECT gaussian_fit(x) AS f FROM (VALUES (ARRAY[1,0]::float8[]), (ARRAY[2,0]::float8[])) v(x)) s$$);

-- Bad rows: lengths that change, NULL elements, NaN, empty vectors.
SELECT pg_temp.error_of($$SELECT gaussian_fit(x) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[1,2,3]::float8[])) v(x)$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit(x) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[1,NULL]::float8[])) v(x)$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit(x) FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY['NaN',1]::float8[])) v(x)$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit_diagonal(x) FROM (VALUES (ARRAY[1,'-Infinity']::real[])) v(x)$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit(x) FROM (VALUES (ARRAY[]::float8[])) v(x)$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit(x) FROM (VALUES (ARRAY[[1,2]]::float8[])) v(x)$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit(x) FROM (VALUES (array_fill(0::float8, ARRAY[5000]))) v(x)$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit_transition(NULL, ARRAY[1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT gaussian_fit_combine(NULL, ARRAY[1]::float8[])$$);

-- States as text: a combine of states that went through their text form.
CREATE AGGREGATE pg_temp.fit_merge(float8[]) (
    SFUNC = gaussian_fit_combine, STYPE = float8[], FINALFUNC = gaussian_fit_final);
CREATE AGGREGATE pg_temp.fit_state(float8[]) (SFUNC = gaussian_fit_transition, STYPE = float8[]);
CREATE AGGREGATE pg_temp.fit_state_diagonal(float8[]) (SFUNC = gaussian_fit_diagonal_transition, STYPE = float8[]);
SELECT pg_temp.fit_state(x) AS state FROM vectors WHERE g = 1;
SELECT (pg_temp.fit_merge(s::text::float8[])).* FROM
  (SELECT pg_temp.fit_state(x) AS s FROM vectors GROUP BY x[1] > 1.5) t;
-- Hand-made and garbage states are refused.
SELECT pg_temp.error_of($$SELECT pg_temp.fit_merge(s) FROM (VALUES ('{7201,2,3,1,2,1,1,1}'::float8[])) v(s)$$);
SELECT pg_temp.error_of($$SELECT pg_temp.fit_merge(s) FROM (VALUES ('{7201,2,3,1,2,-1,0,1}'::float8[])) v(s)$$);
SELECT pg_temp.error_of($$SELECT pg_temp.fit_merge(s) FROM (VALUES ('{7201,2,2.5,1,2,1,0,1}'::float8[])) v(s)$$);
SELECT pg_temp.error_of($$SELECT pg_temp.fit_merge(s) FROM (VALUES ('{7202,2,3,1,NaN,1,1}'::float8[])) v(s)$$);
SELECT pg_temp.error_of($$SELECT pg_temp.fit_merge(s) FROM (VALUES ('{1,2,3}'::float8[])) v(s)$$);
SELECT pg_temp.error_of($$SELECT pg_temp.fit_merge(s) FROM (VALUES ('{7201,2,3,1,2,1,0,1}'::float8[]), ('{7202,2,3,1,2,1,1}'::float8[])) v(s)$$);
SELECT pg_temp.error_of($$SELECT pg_temp.fit_merge(s) FROM (VALUES ('{7201,2,3,1,2,1,0,1}'::float8[]), ('{7201,1,3,1,1}'::float8[])) v(s)$$);

-- Parallel aggregation: the plan splits gaussian_fit, the result equals a serial fit.
SELECT setseed(0.5) \g /dev/null
CREATE TABLE embeddings AS
SELECT i % 3 AS g, ARRAY[random(), random() * 2, random() + (i % 3)]::float8[] AS x
FROM generate_series(1, 30000) i;
ANALYZE embeddings;
CREATE TABLE serial_fit AS SELECT gaussian_fit(x) AS f, gaussian_fit_diagonal(x) AS d FROM embeddings;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT gaussian_fit(x), gaussian_fit_diagonal(x) FROM embeddings;
-- Equal to within 1e-12 of the largest element (rows are added in another
-- order; near-zero covariances are differences of larger numbers).
CREATE FUNCTION pg_temp.close(a float8[], b float8[]) RETURNS boolean
LANGUAGE sql AS $$
  SELECT cardinality(a) = cardinality(b)
     AND bool_and(abs(x - y) <= 1e-12 * (SELECT max(abs(z)) FROM unnest(a) z))
  FROM unnest(a, b) AS t(x, y)
$$;
SELECT (p.f).n = (s.f).n AS n_same, pg_temp.close((p.f).mean, (s.f).mean) AS mean_same,
       pg_temp.close((p.f).cov, (s.f).cov) AS cov_same, pg_temp.close((p.d).cov, (s.d).cov) AS diagonal_same,
       frechet_distance(p.f, s.f) < 1e-12 AS frechet_near_zero
FROM serial_fit s, (SELECT gaussian_fit(x) AS f, gaussian_fit_diagonal(x) AS d FROM embeddings) p;
SET parallel_leader_participation = off;
SELECT pg_temp.close((gaussian_fit(x)).cov, (SELECT (f).cov FROM serial_fit)) AS leader_off_same FROM embeddings;
RESET parallel_leader_participation;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- Partial states per group, through text, merged: the same fit.
SELECT pg_temp.close((pg_temp.fit_merge(s::text::float8[])).cov, (SELECT (f).cov FROM serial_fit)) AS merged_from_text
FROM (SELECT pg_temp.fit_state(x) AS s FROM embeddings GROUP BY g) t;
SELECT pg_temp.close((pg_temp.fit_merge(s::text::float8[])).cov, (SELECT (d).cov FROM serial_fit)) AS merged_diagonal_from_text
FROM (SELECT pg_temp.fit_state_diagonal(x) AS s FROM embeddings GROUP BY g) t;

-- A known drift: the third coordinate's mean moves by 1 between groups.
SELECT round(kl_div_normal(a.f, b.f)::numeric, 2) AS kl_shifted,
       round(frechet_distance(a.f, b.f)::numeric, 2) AS frechet_shifted
FROM (SELECT gaussian_fit(x) AS f FROM embeddings WHERE g = 0) a,
     (SELECT gaussian_fit(x) AS f FROM embeddings WHERE g = 1) b;

DROP TABLE vectors, embeddings, serial_fit;

-- mean_cosine_distance: 1 - cos(angle) of the two fits' means, in [0, 2];
-- covariances are not read (a one-row fit has a mean); NULL for a zero mean.
SELECT mean_cosine_distance(ROW(1, '{1,0}', NULL)::gaussian, ROW(1, '{0,5}', NULL)::gaussian) AS orthogonal,
       mean_cosine_distance(ROW(1, '{1,1}', NULL)::gaussian, ROW(1, '{-2,-2}', NULL)::gaussian) AS opposite,
       mean_cosine_distance(ROW(1, '{3,4}', NULL)::gaussian, ROW(9, '{6,8}', '{1,1}')::gaussian) AS same_direction,
       mean_cosine_distance(ROW(1, '{1,0}', NULL)::gaussian, ROW(1, '{1,1e-9}', NULL)::gaussian) AS tiny_angle,
       mean_cosine_distance(ROW(1, '{0,0}', NULL)::gaussian, ROW(1, '{1,1}', NULL)::gaussian) AS zero_mean,
       mean_cosine_distance(ROW(1, NULL, NULL)::gaussian, ROW(1, '{1,1}', NULL)::gaussian) AS null_mean;
SELECT mean_cosine_distance(gaussian_fit(x) FILTER (WHERE g = 1), gaussian_fit(x) FILTER (WHERE g = 2)) > 0 AS apart
FROM (VALUES (1, '{1,0,0}'::float8[]), (1, '{1,1,0}'), (2, '{0,0,1}'), (2, '{0,1,1}')) AS v(g, x);
SELECT mean_cosine_distance(ROW(1, '{1,0}', NULL)::gaussian, ROW(1, '{1,0,0}', NULL)::gaussian);
SELECT mean_cosine_distance(ROW(1, '{1,NaN}', NULL)::gaussian, ROW(1, '{1,0}', NULL)::gaussian);
SELECT mean_cosine_distance(ROW(1, '{1,0}', NULL)::gaussian, ROW(1, '[0:1]={1,Infinity}', NULL)::gaussian);
SELECT mean_cosine_distance(ROW(1, '{}', NULL)::gaussian, ROW(1, '{}', NULL)::gaussian);
SELECT mean_cosine_distance(ROW(1, '{{1,0}}', NULL)::gaussian, ROW(1, '{1,0}', NULL)::gaussian);
SELECT mean_cosine_distance(ROW(1, '{1,NULL}', NULL)::gaussian, ROW(1, '{1,0}', NULL)::gaussian);
