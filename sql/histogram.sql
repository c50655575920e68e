-- histogram() and histogram_sum(): values, width_bucket agreement, NULLs,
-- state round trips and errors.
\pset null '(null)'

\i sql/error_of.psql

-- The reference: the same counts from width_bucket, in plain SQL.
\i sql/width_bucket_counts.psql

-- Small cases by hand: underflow, five bins of [0, 10), overflow.
SELECT histogram(x, 0, 10, 5) FROM generate_series(-1, 11) x;
SELECT histogram(x, ARRAY[0, 2.5, 5]::float8[]) FROM generate_series(-1, 11) x;
SELECT histogram(x, 0.5, 0, 10, 5) FROM generate_series(-1, 11) x;
SELECT histogram(x, abs(x), ARRAY[0, 5]::float8[]) FROM generate_series(-1, 11) x;
-- Equal edges (quantile edges with ties) leave an empty bin between them.
SELECT histogram(x, ARRAY[1, 1, 2]::float8[]) FROM unnest(ARRAY[0, 1, 1.5, 2, 3]::float8[]) x;
-- Infinities land in the under- and overflow bins, as in width_bucket.
SELECT histogram(x, 0, 1, 2), histogram(x, ARRAY[0]::float8[])
FROM unnest(ARRAY['-Infinity', 'Infinity', 0.5]::float8[]) x;

-- NULL values and weights are skipped; no non-NULL row gives NULL.
SELECT histogram(x, 0, 10, 2) FROM unnest(ARRAY[1, NULL, 7]::float8[]) x;
SELECT histogram(x, NULL::float8, 0, 10, 2) FROM generate_series(1, 3) x;
SELECT histogram(x, 0, 10, 2) FROM generate_series(1, 0) x;
SELECT histogram(NULL::float8, ARRAY[1]::float8[]) FROM generate_series(1, 3);
-- Zero weights still make a histogram (of zeros).
SELECT histogram(x, 0, 0, 10, 2) FROM generate_series(1, 3) x;

-- Agreement with width_bucket, element width_bucket + 1, on random data with
-- values on the bin edges, at tiny and huge scales, and bounds at +-1e308.
SELECT setseed(0.31) \g /dev/null
CREATE TABLE bucket_cases AS
SELECT c.id, c.lo, c.hi, c.nbins,
       ARRAY(SELECT c.lo * (1 - t) + c.hi * t FROM (SELECT random() AS t FROM generate_series(1, 300)) r)
       || ARRAY(SELECT c.lo * (1 - k::float8 / c.nbins) + c.hi * (k::float8 / c.nbins)
                FROM generate_series(0, c.nbins) k)
       || ARRAY[c.lo, c.hi, c.lo / 2 + c.hi / 2, '-Infinity', 'Infinity',
                -1.7976931348623157e308, 1.7976931348623157e308, 0, -0.0]::float8[] AS vals
FROM (VALUES (1, 0::float8, 1::float8, 10),
             (2, -3.7, 12.1, 7),
             (3, 0.1, 0.7, 3),
             (4, 1e-300, 3e-300, 13),
             (5, 1, 1 + 1e-12, 9),
             (6, -1e308, 1e308, 100),
             (7, -1.7976931348623157e308, 1.7976931348623157e308, 1000),
             (8, -1e308, -1e307, 11),
             (9, 5e307, 1.7e308, 3),
             (10, 123.456, 789.012, 997)) AS c(id, lo, hi, nbins);
-- histogram() agrees with the server it runs in, whose width_bucket differs
-- between majors: PostgreSQL 15 overflows where nbins * (value - lo) or
-- hi - lo exceeds float8 (it returns a bucket outside 0 .. nbins + 1), and
-- there histogram() uses the halved arithmetic of 16 and later, compared by
-- hand; 16 and later never overflow. Both columns hold on every version.
SELECT id,
       (SELECT histogram(v, lo, hi, nbins) FROM unnest(vals) v
        WHERE width_bucket(v, lo, hi, nbins) BETWEEN 0 AND nbins + 1)
         = pg_temp.width_bucket_counts(ARRAY(SELECT v FROM unnest(vals) v
                                             WHERE width_bucket(v, lo, hi, nbins) BETWEEN 0 AND nbins + 1),
                                       lo, hi, nbins) AS same_as_width_bucket,
       coalesce((SELECT bool_and(array_position(h, 1) - 1
                                 = least(floor(nbins * ((v / 2 - lo / 2) / (hi / 2 - lo / 2))), nbins - 1) + 1)
                 FROM unnest(vals) v,
                      LATERAL (SELECT histogram(x, lo, hi, nbins) AS h FROM (VALUES (v)) one(x)) one
                 WHERE width_bucket(v, lo, hi, nbins) NOT BETWEEN 0 AND nbins + 1), true)
         AS overflows_binned_as_halved
FROM bucket_cases ORDER BY id;

-- Just below an edge PostgreSQL 15 can round up a bucket, since it adds the
-- 1 in float8 before truncating, and 16 and later do not; histogram() puts
-- each value where the running server's width_bucket does.
SELECT v, lo, hi, nbins,
       array_position(histogram, 1) - 1 = width_bucket(v, lo, hi, nbins) AS same_as_width_bucket
FROM (VALUES (0.9999999999999999::float8, 0::float8, 1::float8, 1),
             (0.49999999999999994, 0, 1, 4),
             (0.7499999999999999, 0, 1, 4),
             (0.1, 0, 1, 10), (0.3, 0, 1, 10), (0.7, 0, 1, 10)) AS c(v, lo, hi, nbins),
     LATERAL (SELECT histogram(x, lo, hi, nbins) FROM (VALUES (v)) one(x)) h
ORDER BY v, nbins;

-- Edges: random ascending edges with ties, values on and around them.
CREATE TABLE edge_cases AS
SELECT k AS id,
       ARRAY(SELECT round((random() * 20 - 10)::numeric, 1)::float8 FROM generate_series(1, 5 + k * 7) ORDER BY 1) AS edges,
       ARRAY(SELECT round((random() * 24 - 12)::numeric, 1)::float8 FROM generate_series(1, 400))
       || ARRAY['-Infinity', 'Infinity', 1e308, -1e308]::float8[] AS vals
FROM generate_series(1, 6) k;
SELECT id, (SELECT histogram(v, edges) FROM unnest(vals) v)
           = pg_temp.width_bucket_counts(vals, edges) AS same_as_width_bucket
FROM edge_cases ORDER BY id;
DROP TABLE bucket_cases, edge_cases;

-- histogram_sum: element-wise, NULL and empty skipped; a roll-up of days
-- equals the histogram of the whole week.
SELECT histogram_sum(h) FROM (VALUES (ARRAY[1, 2, 3]::float8[]), (NULL), ('{}'), (ARRAY[10, 0, 0.5]::float8[])) v(h);
SELECT histogram_sum(h) FROM (VALUES (NULL::float8[])) v(h);
-- Day 2's amounts are skewed towards small values: a drift.
CREATE TABLE txns AS
SELECT d AS day, CASE WHEN d = 2 THEN x * x / 100 ELSE x END AS amount
FROM generate_series(1, 7) d, generate_series(1, 2000) i,
     LATERAL (SELECT (d * 37 + i * 7919) % 1000 / 10.0 AS x) a;
CREATE TABLE daily AS
SELECT day, histogram(amount, 0, 100, 10) AS h FROM txns GROUP BY day;
SELECT (SELECT histogram_sum(h) FROM daily) = (SELECT histogram(amount, 0, 100, 10) FROM txns) AS rollup_equals_whole;
-- Drift against reference edges: bin today's data on the reference's edges.
WITH ref AS (SELECT ARRAY[20, 40, 60, 80]::float8[] AS edges,
                    (SELECT histogram(amount, ARRAY[20, 40, 60, 80]::float8[]) FROM txns WHERE day = 1) AS h)
SELECT day, round(psi(histogram(amount, ref.edges), ref.h)::numeric, 6) AS psi
FROM txns, ref WHERE day IN (1, 2) GROUP BY day, ref.h ORDER BY day;
DROP TABLE txns, daily;

-- The state is a plain float8[] that carries the bins; as text it round-trips
-- exactly, which is how partial states travel between servers.
CREATE AGGREGATE pg_temp.histogram_state(float8, float8, float8, int) (
  SFUNC = histogram_transition, STYPE = float8[]);
CREATE AGGREGATE pg_temp.merge_states(float8[]) (
  SFUNC = histogram_combine, STYPE = float8[], FINALFUNC = histogram_final);
SELECT pg_temp.histogram_state(x / 7.0, 0, 1, 3) AS state FROM generate_series(0, 8) x;
WITH shards AS (
  SELECT s, pg_temp.histogram_state(x / 7.0 + 1e-17 * s, 0, 1, 3)::text AS state_as_text
  FROM generate_series(0, 20) x, LATERAL (SELECT x % 3 AS s) k GROUP BY s)
SELECT pg_temp.merge_states(state_as_text::float8[]) = (SELECT histogram(x / 7.0 + 1e-17 * (x % 3), 0, 1, 3) FROM generate_series(0, 20) x) AS merged_equals_single,
       pg_temp.merge_states(NULL) IS NULL AS null_state_is_identity
FROM shards;
SELECT histogram_final('{}') AS empty_state;
-- The combine function takes NULL and empty states as "no rows yet".
SELECT pg_temp.merge_states(s) AS merged
FROM (VALUES (NULL::float8[]), ('{}'), ('{1,0,1,1,2,3,4}'), ('{}'), ('{1,0,1,1,10,20,30}')) v(s);

-- Errors.
SELECT histogram(x, 0, x, 5) FROM generate_series(1, 3) x;
SELECT histogram(x / 0.0, 0, 1, 5) FROM (VALUES ('NaN'::float8)) v(x);
SELECT pg_temp.error_of($$SELECT histogram(v, 0, 1, 5) FROM unnest(ARRAY[1, 'NaN']::float8[]) v$$);
SELECT pg_temp.error_of($$SELECT histogram(v, ARRAY[0]::float8[]) FROM unnest(ARRAY['NaN']::float8[]) v$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 'NaN', 1, 5)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 0, 'Infinity', 5)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 2, 1, 5)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 1, 1, 5)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 0, 1, 0)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 0, 1, 1000001)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, NULL, 1, 5)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 0, 1, NULL)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, -1, 0, 1, 5)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 'Infinity', 0, 1, 5)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 'NaN', ARRAY[0]::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(1, '{}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(1, NULL::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(1, ARRAY[0, NULL]::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(1, '{{0,1},{2,3}}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(1, ARRAY[0, 'Infinity']::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(1, ARRAY[0, 2, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(1, '[0:2]={0,2,1}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram(x, ARRAY[0, x]::float8[]) FROM generate_series(1, 2) x$$);
SELECT pg_temp.error_of($$SELECT histogram(x, ARRAY(SELECT generate_series(1, x))::float8[]) FROM generate_series(1, 2) x$$);
SELECT pg_temp.error_of($$SELECT histogram_sum(h) FROM (VALUES (ARRAY[1, 2]::float8[]), (ARRAY[1, 2, 3]::float8[])) v(h)$$);
SELECT pg_temp.error_of($$SELECT histogram_sum(h) FROM (VALUES (ARRAY[1, -2]::float8[])) v(h)$$);
SELECT pg_temp.error_of($$SELECT histogram_sum(h) FROM (VALUES (ARRAY[1, NULL]::float8[])) v(h)$$);
SELECT pg_temp.error_of($$SELECT histogram_sum(h) FROM (VALUES (ARRAY['NaN']::float8[])) v(h)$$);
-- Counts that outgrow float8 are an error, not Infinity.
SELECT pg_temp.error_of($$SELECT histogram(1, 1e308, 0, 10, 2) FROM generate_series(1, 2)$$);
SELECT pg_temp.error_of($$SELECT histogram(1, 1e308, ARRAY[0]::float8[]) FROM generate_series(1, 2)$$);
SELECT pg_temp.error_of($$SELECT histogram_sum(h) FROM (VALUES (ARRAY[1e308]::float8[]), (ARRAY[1e308]::float8[])) v(h)$$);
-- A NULL value skips the row before its bins are looked at.
SELECT histogram(NULL::float8, NULL, 1, 5) IS NULL AS skipped, histogram(NULL::float8, 1, NULL::float8[]) IS NULL AS skipped_weighted;
-- Support functions outside an aggregate, and states that are not ours.
SELECT pg_temp.error_of($$SELECT histogram_transition(NULL, 1, 0, 1, 5)$$);
SELECT pg_temp.error_of($$SELECT histogram_combine(NULL, NULL)$$);
SELECT pg_temp.error_of($$SELECT histogram_sum_transition(NULL, ARRAY[1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram_final(ARRAY[1, 0, 1, 5, 0, 0]::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram_final(ARRAY[3, 0, 1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram_final(ARRAY[1, 0, 1, 1, 0, -1, 0]::float8[])$$);
SELECT pg_temp.error_of($$SELECT histogram_final(ARRAY[2, 5, 1, 2]::float8[])$$);
-- A hand-made aggregate over the support functions, started from a bad state.
CREATE AGGREGATE pg_temp.from_bad_state(float8, float8, float8, int) (
  SFUNC = histogram_transition, STYPE = float8[], INITCOND = '{1,0,10,2,0,-Infinity,0,0}',
  FINALFUNC = histogram_final);
SELECT pg_temp.error_of($$SELECT pg_temp.from_bad_state(1, 0, 10, 2)$$);
SELECT pg_temp.error_of($$SELECT pg_temp.merge_states(s) FROM (VALUES (ARRAY[1, 0, 1, 1, 0, 0, 0]::float8[]), (ARRAY[1, 0, 2, 1, 0, 0, 0]::float8[])) v(s)$$);
-- histogram_sum from states it did not make: refused at their first row,
-- whatever they hold that is not a count (NaN, negative, Infinity).
CREATE AGGREGATE pg_temp.sum_from(float8[]) (
  SFUNC = histogram_sum_transition, STYPE = float8[], INITCOND = '{NaN,1}');
SELECT pg_temp.error_of($$SELECT pg_temp.sum_from(h) FROM (VALUES (ARRAY[1, 1]::float8[]), (ARRAY[1, 1]::float8[])) v(h)$$);
DROP AGGREGATE pg_temp.sum_from(float8[]);
CREATE AGGREGATE pg_temp.sum_from(float8[]) (
  SFUNC = histogram_sum_transition, STYPE = float8[], INITCOND = '{0,-1}');
SELECT pg_temp.error_of($$SELECT pg_temp.sum_from(h) FROM (VALUES (ARRAY[1, 1]::float8[])) v(h)$$);
DROP AGGREGATE pg_temp.sum_from(float8[]);
CREATE AGGREGATE pg_temp.sum_from(float8[]) (
  SFUNC = histogram_sum_transition, STYPE = float8[], INITCOND = '{Infinity,0}');
SELECT pg_temp.error_of($$SELECT pg_temp.sum_from(h) FROM (VALUES (ARRAY[1, 1]::float8[])) v(h)$$);
DROP AGGREGATE pg_temp.sum_from(float8[]);
CREATE AGGREGATE pg_temp.sum_from(float8[]) (
  SFUNC = histogram_sum_transition, STYPE = float8[], INITCOND = '{0.5,0}');
SELECT pg_temp.sum_from(h) AS from_a_valid_state FROM (VALUES (ARRAY[1, 1]::float8[]), (ARRAY[1, 2]::float8[])) v(h);
DROP AGGREGATE pg_temp.sum_from(float8[]);
