-- quantile_edges(): equal-frequency edges, ties, NULL/NaN/Infinity, nbins,
-- the histogram round trip, state text round trip, errors and parallel plans.
\pset null '(null)'

\i sql/error_of.psql

-- The definition in plain SQL, without the last edge (SQL has no
-- nextafter): min and x[floor(k n / nbins)] (0-based) for k = 1 .. nbins - 1,
-- repeats dropped.
CREATE FUNCTION pg_temp.reference_edges(vals float8[], nbins int) RETURNS float8[]
LANGUAGE sql AS $$
  WITH x AS (SELECT v, row_number() OVER (ORDER BY v) - 1 AS r, count(*) OVER () AS n
             FROM unnest(vals) v WHERE v NOT IN ('Infinity', '-Infinity')),
       q AS (SELECT 0 AS k, min(v) AS e FROM x
             UNION ALL
             SELECT k, (SELECT v FROM x WHERE r = k * (SELECT max(n) FROM x) / nbins)
             FROM generate_series(1, nbins - 1) k)
  SELECT array_agg(DISTINCT e ORDER BY e) FROM q
$$;

-- Small exact cases: 1..10 in 4 bins cuts at ranks 2, 5, 7.
SELECT quantile_edges(x, 4) FROM generate_series(1, 10) x;
SELECT quantile_edges(x, 1) FROM generate_series(1, 10) x;
SELECT quantile_edges(x, 10) FROM generate_series(1, 10) x;
SELECT quantile_edges(x, 1000) FROM unnest(ARRAY[3, 1, 2]::float8[]) x;
SELECT quantile_edges(x, 3) FROM unnest(ARRAY[0.5, -1.25, 1e300, -1e-300, 7]::float8[]) x;
-- The last edge is the value one ulp above the maximum.
SELECT e[array_upper(e, 1)] > 10 AS above_max, e[array_upper(e, 1)] - 10 < 1e-14 AS just_above
FROM (SELECT quantile_edges(x, 4) AS e FROM generate_series(1, 10) x) t;

-- Ties: repeated cuts are dropped, so fewer than nbins + 1 edges.
SELECT quantile_edges(x, 4) FROM unnest(ARRAY[1, 1, 1, 1, 1, 1, 2, 3]::float8[]) x;
SELECT quantile_edges(x % 3, 10) FROM generate_series(1, 300) x;
-- A constant column: one bin.
SELECT quantile_edges(2.5, 10) FROM generate_series(1, 1000);
SELECT quantile_edges(0, 5) FROM generate_series(1, 3);
SELECT quantile_edges(-0.0::float8, 5) FROM generate_series(1, 3);
SELECT quantile_edges(x, 4) FROM unnest('{-0,0,0}'::float8[]) x;
-- Around 0 the last edge is the smallest normal float8 or 0: never a
-- subnormal the data did not have, never -0.
SELECT quantile_edges(x, 2) FROM unnest('{-5e-324}'::float8[]) x;
SELECT quantile_edges(x, 2) FROM unnest('{1e-310,5e-324}'::float8[]) x;
SELECT quantile_edges(x, 2) FROM unnest('{-1,-2.2250738585072014e-308}'::float8[]) x;

-- NULL values are skipped; no finite value gives NULL.
SELECT quantile_edges(x, 2) FROM unnest(ARRAY[NULL, 4, NULL, 6, 8]::float8[]) x;
SELECT quantile_edges(x, 2) FROM unnest(ARRAY[NULL, NULL]::float8[]) x;
SELECT quantile_edges(x, 2) FROM generate_series(1, 0) x;
SELECT quantile_edges(NULL::float8, NULL) FROM generate_series(1, 3);
-- +/-Infinity are not counted; binned, they fall into under- and overflow.
SELECT quantile_edges(x, 2) FROM unnest(ARRAY['-Infinity', 4, 'Infinity', 6, 8]::float8[]) x;
SELECT quantile_edges(x, 2) FROM unnest(ARRAY['-Infinity', 'Infinity']::float8[]) x;
SELECT histogram(x, (SELECT quantile_edges(y, 2) FROM unnest(ARRAY[4, 6, 8]::float8[]) y))
FROM unnest(ARRAY['-Infinity', 4, 'Infinity', 6, 8]::float8[]) x;
-- The largest float8 has no finite value above it: it is the last edge.
SELECT quantile_edges(x, 2) FROM unnest(ARRAY[1, 1.7976931348623157e308]::float8[]) x;

-- Errors: NaN, nbins NULL, out of range or changing within a group.
SELECT pg_temp.error_of($$SELECT quantile_edges(x, 2) FROM unnest(ARRAY[1, 'NaN', 3]::float8[]) x$$);
SELECT pg_temp.error_of($$SELECT quantile_edges(x, NULL) FROM generate_series(1, 3) x$$);
SELECT pg_temp.error_of($$SELECT quantile_edges(x, 0) FROM generate_series(1, 3) x$$);
SELECT pg_temp.error_of($$SELECT quantile_edges(x, 1001) FROM generate_series(1, 3) x$$);
SELECT pg_temp.error_of($$SELECT quantile_edges(x, -5) FROM generate_series(1, 3) x$$);
SELECT pg_temp.error_of($$SELECT quantile_edges(x, x::int) FROM generate_series(1, 3) x$$);
SELECT quantile_edges(x, 1000) IS NOT NULL AS nbins_1000_ok FROM generate_series(1, 3) x;
-- The support functions run only inside an aggregate.
SELECT pg_temp.error_of($$SELECT quantile_edges_transition(NULL, 1, 2)$$);
SELECT pg_temp.error_of($$SELECT quantile_edges_combine(NULL, NULL)$$);

-- GROUP BY: one set of edges per group.
SELECT g, quantile_edges(x, 3) FROM generate_series(1, 12) x, LATERAL (SELECT x % 2 AS g) s
GROUP BY g ORDER BY g;

-- Against the definition on random data with ties, exact while the distinct
-- values fit (up to 6144).
SELECT setseed(0.42) \g /dev/null
CREATE TABLE quantile_cases AS
SELECT c, nbins,
       ARRAY(SELECT round((random() * 100)::numeric, c % 3)::float8 FROM generate_series(1, 50 * c)) AS vals
FROM generate_series(1, 40) c, LATERAL (SELECT 1 + (c * 37) % 60 AS nbins) n;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE e[1:cardinality(e) - 1] = pg_temp.reference_edges(vals, nbins)
                          AND e[cardinality(e)] > (SELECT max(v) FROM unnest(vals) v)
                          AND e[cardinality(e)] - (SELECT max(v) FROM unnest(vals) v) < 1e-13) AS equal_to_definition
FROM (SELECT vals, nbins, (SELECT quantile_edges(v, nbins) FROM unnest(vals) v) AS e FROM quantile_cases) t;

-- Binning the same data on its edges: nothing under or over, and each bin
-- has the rows between its cuts (equal frequency: 1000 rows in 8 bins).
CREATE TABLE quantile_data AS
SELECT x, sqrt(x::float8) * 3.7 AS v FROM generate_series(1, 1000) x;
SELECT histogram(v, (SELECT quantile_edges(v, 8) FROM quantile_data)) FROM quantile_data;
SELECT h[1] = 0 AS no_underflow, h[array_upper(h, 1)] = 0 AS no_overflow,
       cardinality(h) = 10 AS eight_bins
FROM (SELECT histogram(v, (SELECT quantile_edges(v, 8) FROM quantile_data)) AS h FROM quantile_data) t;
-- With ties the bins are as unequal as the ties make them.
SELECT histogram(x % 4, (SELECT quantile_edges(x % 4, 10) FROM generate_series(1, 100) x))
FROM generate_series(1, 100) x;
-- Current data outside the reference's range goes to under- and overflow.
SELECT histogram(v - 10, (SELECT quantile_edges(v, 4) FROM quantile_data)) FROM quantile_data;

-- The state as text: it parses back to the same state and the same edges.
CREATE AGGREGATE pg_temp.quantile_state(float8, int) (
  SFUNC = quantile_edges_transition, STYPE = float8[], COMBINEFUNC = quantile_edges_combine);
CREATE TABLE state_text AS
SELECT pg_temp.quantile_state(v, 8)::text AS t FROM quantile_data;
SELECT t::float8[]::text = t AS text_round_trip,
       quantile_edges_final(t::float8[]) = (SELECT quantile_edges(v, 8) FROM quantile_data) AS same_edges
FROM state_text;
-- A small state, printed: header [3, nbins, sorted, used, exact], then (value, g, d).
SELECT pg_temp.quantile_state(x, 2) FROM unnest(ARRAY[5, 1, 5]::float8[]) x;
-- Hand-made states are checked before use.
SELECT quantile_edges_final('{3,2,0,1,1,7,1,0}'::float8[]);
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{3,2,0,1,1,NaN,1,0}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{3,2,0,2,1,7,1,0}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{3,2,2,2,1,7,1,0,5,1,0}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{1,0,1,2,0,0}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{3,2,0,1,1,7,0.5,0}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{3,2,0,1,1,7,NULL,0}'::float8[])$$);
-- -0, which rows never leave in a state (they are stored as 0).
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{3,2,0,1,1,-0,1,0}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT quantile_edges_final('{3,2,1,1,1,-0,1,0}'::float8[])$$);
-- ... also when an aggregate starts from one (INITCOND) and the slots fill up.
CREATE AGGREGATE pg_temp.bad_start(float8, int) (
  SFUNC = quantile_edges_transition, STYPE = float8[], FINALFUNC = quantile_edges_final,
  INITCOND = '{3,2,0,1,1,7,-1,0}');
SELECT pg_temp.error_of($$SELECT pg_temp.bad_start(x, 2) FROM generate_series(1, 3) x$$);
CREATE AGGREGATE pg_temp.good_start(float8, int) (
  SFUNC = quantile_edges_transition, STYPE = float8[], FINALFUNC = quantile_edges_final,
  INITCOND = '{3,2,0,1,1,7,1,0}');
SELECT pg_temp.good_start(x, 2) FROM generate_series(1, 3) x;
-- Combining states of different nbins.
CREATE AGGREGATE pg_temp.merge_states(float8[]) (
  SFUNC = quantile_edges_combine, STYPE = float8[], FINALFUNC = quantile_edges_final);
SELECT pg_temp.error_of($$SELECT pg_temp.merge_states(s) FROM
  (VALUES ('{3,2,0,1,1,7,1,0}'::float8[]), ('{3,3,0,1,1,7,1,0}'::float8[])) t(s)$$);
-- Merging states by hand, in any order, gives the edges of all rows.
SELECT pg_temp.merge_states(s) = (SELECT quantile_edges(v, 8) FROM quantile_data) AS merged_same,
       pg_temp.merge_states(s ORDER BY k DESC) = (SELECT quantile_edges(v, 8) FROM quantile_data) AS reversed_same
FROM (SELECT x % 3 AS k, pg_temp.quantile_state(v, 8) AS s FROM quantile_data GROUP BY x % 3) p;

-- A forced parallel plan gives the same edges as a serial one: exactly while
-- the distinct values fit, within the bound beyond.
CREATE TABLE quantile_big (g int, v float8, d float8);
SELECT setseed(0.5) \g /dev/null
INSERT INTO quantile_big
SELECT i % 3, random() * 1000, floor(random() * 2000) FROM generate_series(1, 200000) i;
ANALYZE quantile_big;
CREATE TABLE quantile_serial AS
SELECT quantile_edges(d, 100) AS tied, quantile_edges(v, 100) AS wide FROM quantile_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT quantile_edges(d, 100), quantile_edges(v, 100) FROM quantile_big;
SELECT p.tied = s.tied AS tied_same,
       cardinality(p.wide) = cardinality(s.wide) AS wide_same_length
FROM quantile_serial s, (SELECT quantile_edges(d, 100) AS tied, quantile_edges(v, 100) AS wide FROM quantile_big) p;
-- 200000 distinct values: the cuts' ranks are within 0.25% of the rows.
-- (The rank of cut k, the number of values below it, is the sum of the
-- first k elements of the histogram on the cuts.)
WITH p AS (SELECT quantile_edges(v, 100) AS wide FROM quantile_big),
     h AS (SELECT histogram(v, p.wide) AS h FROM quantile_big, p GROUP BY p.wide)
SELECT max(abs(r.rank - (r.k - 1) * 2000)) <= 500 AS parallel_within_bound
FROM h, LATERAL (SELECT o AS k, sum(c) OVER (ORDER BY o) AS rank
                 FROM unnest(h.h) WITH ORDINALITY AS u(c, o)) r
WHERE r.k BETWEEN 2 AND 100;
SET parallel_leader_participation = off;
SELECT quantile_edges(d, 100) = (SELECT tied FROM quantile_serial) AS leader_off_same FROM quantile_big;
RESET parallel_leader_participation;
EXPLAIN (COSTS OFF) SELECT g, quantile_edges(d, 10) FROM quantile_big GROUP BY g;
SELECT g, quantile_edges(d, 10) FROM quantile_big GROUP BY g ORDER BY g;
RESET ALL;
SELECT g, quantile_edges(d, 10) FROM quantile_big GROUP BY g ORDER BY g;

DROP TABLE quantile_cases, quantile_data, state_text, quantile_big, quantile_serial;
