-- Category maps: the divergences over jsonb {"category": weight} maps, and
-- the category_counts aggregate that builds them.

-- Two maps are aligned on the union of their keys; a missing key weighs 0,
-- so each result equals the float8[] form over the aligned bins.
SELECT kl_div('{"a": 1, "b": 2}'::jsonb, '{"b": 1, "a": 2, "c": 0}'::jsonb)
     = kl_div(ARRAY[1, 2, 0]::float8[], ARRAY[2, 1, 0]::float8[]) AS kl_div_aligned;
SELECT round(kl_div('{"red": 3, "blue": 1}'::jsonb, '{"red": 1, "blue": 1}'::jsonb)::numeric, 12) AS kl_div;
SELECT round(entropy('{"a": 1, "b": 1, "c": 2}'::jsonb, 2)::numeric, 12) AS entropy_bits;
SELECT round(cross_entropy('{"a": 1}'::jsonb, '{"a": 1, "b": 1}'::jsonb)::numeric, 12) AS cross_entropy;
SELECT round(jsd('{"a": 1}'::jsonb, '{"b": 1}'::jsonb, 2)::numeric, 12) AS jsd_disjoint_bits;
SELECT round(js_distance('{"a": 1, "b": 3}'::jsonb, '{"a": 3, "b": 1}'::jsonb)::numeric, 12) AS js_distance;
SELECT tv_distance('{"a": 1}'::jsonb, '{"b": 1}'::jsonb) AS tv_disjoint,
       hellinger('{"a": 1}'::jsonb, '{"b": 1}'::jsonb) AS hellinger_disjoint,
       linf_distance('{"a": 1, "b": 1}'::jsonb, '{"a": 1}'::jsonb) AS linf;
SELECT psi('{"a": 1}'::jsonb, '{"a": 1, "b": 1}'::jsonb) AS psi_unsmoothed,
       round(psi('{"a": 1}'::jsonb, '{"a": 1, "b": 1}'::jsonb, 1e-4)::numeric, 9) AS psi_smoothed;
SELECT round(chi2_div('{"a": 3, "b": 1}'::jsonb, '{"a": 1, "b": 1}'::jsonb)::numeric, 12) AS chi2;
SELECT kl_div('{"a": 1, "b": 1}'::jsonb, '{"a": 1}'::jsonb) AS kl_missing_in_q;
-- Key order, whitespace and number spelling do not matter.
SELECT kl_div('{"b": 2e0, "a": 1.0}'::jsonb, '{"a": 0.5, "b": 0.25}'::jsonb)
     = kl_div(ARRAY[1, 2]::float8[], ARRAY[2, 1]::float8[]) AS same_as_array;
-- Keys that need quoting, and tiny numbers (subnormal in float8).
SELECT kl_div('{"it''s": 1, "": 1}'::jsonb, '{"it''s": 1, "": 1}'::jsonb) AS quoted_keys;
SELECT kl_div('{"a": 1e-320, "b": 1}'::jsonb, '{"a": 1, "b": 1}'::jsonb) > 0 AS subnormal_weight;
-- NULL maps give NULL, as NULL arrays do.
SELECT kl_div(NULL::jsonb, '{"a": 1}'::jsonb) IS NULL AS kl_null,
       tv_distance('{"a": 1}'::jsonb, NULL) IS NULL AS tv_null,
       entropy(NULL::jsonb) IS NULL AS entropy_null;

-- Bad maps.
SELECT kl_div('{"a": 1, "b": -2}'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('{"a": 1}'::jsonb, '{"a": 1, "b": "x"}'::jsonb);
SELECT kl_div('{"a": 1, "b": null}'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('{"a": {"x": 1}}'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('{"a": true}'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('[1, 2]'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('{"a": 1}'::jsonb, '3'::jsonb);
SELECT kl_div('{}'::jsonb, '{"a": 1}'::jsonb);
SELECT entropy('{}'::jsonb);
SELECT kl_div('{"a": 0}'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('{"a": 1e400}'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('{"a": 1e-400}'::jsonb, '{"a": 1}'::jsonb);
SELECT kl_div('{"a": 1}'::jsonb, '{"a": 1}'::jsonb, 1);
SELECT psi('{"a": 1}'::jsonb, '{"a": 1}'::jsonb, -1);
-- The SQLSTATE of each of those errors, and of category_counts' own.
\i sql/error_of.psql
SELECT pg_temp.error_of(q) FROM (VALUES
  ($$SELECT kl_div('{"a": 1, "b": -2}'::jsonb, '{"a": 1}'::jsonb)$$),
  ($$SELECT kl_div('{"a": 1}'::jsonb, '{"a": 1, "b": "x"}'::jsonb)$$),
  ($$SELECT kl_div('{"a": 1, "b": null}'::jsonb, '{"a": 1}'::jsonb)$$),
  ($$SELECT kl_div('[1, 2]'::jsonb, '{"a": 1}'::jsonb)$$),
  ($$SELECT kl_div('{}'::jsonb, '{"a": 1}'::jsonb)$$),
  ($$SELECT kl_div('{"a": 0}'::jsonb, '{"a": 1}'::jsonb)$$),
  ($$SELECT kl_div('{"a": 1e400}'::jsonb, '{"a": 1}'::jsonb)$$),
  ($$SELECT kl_div('{"a": 1}'::jsonb, '{"a": 1}'::jsonb, 1)$$),
  ($$SELECT kl_div('{1,2}', '{2,1}')$$),
  ($$SELECT category_counts(x, -1) FROM (VALUES ('a')) v(x)$$),
  ($$SELECT category_counts(x, 1e308) FROM (VALUES ('a'), ('a')) v(x)$$),
  ($$SELECT category_counts_combine('{"a": 1}', '{"a": 2}')$$)) AS c(q);

-- Ordered-bin distances have no jsonb form: categories have no order.
SELECT wasserstein('{"a": 1}'::jsonb, '{"a": 1}'::jsonb);
-- Untyped literals match both forms, so they need a cast.
SELECT kl_div('{1,2}', '{2,1}');
SELECT kl_div('{1,2}'::float8[], '{2,1}') > 0 AS one_cast_is_enough;

-- category_counts: keys are value::text, NULL values are skipped.
SELECT category_counts(x) FROM (VALUES ('a'), ('b'), ('a'), (NULL)) v(x);
SELECT category_counts(x) FROM generate_series(1, 10) x WHERE x % 3 = 0;
SELECT category_counts(x % 3) FROM generate_series(1, 10) x;
SELECT category_counts(x) FROM (VALUES (true), (false), (true)) v(x);
SELECT category_counts(x) FROM (VALUES ('2024-01-01'::date), ('2024-01-01'), ('2024-02-01')) v(x);
SELECT category_counts(x) FROM (VALUES ('a'::varchar), ('ab')) v(x);
SELECT category_counts(x) FROM (VALUES ('x '::char(3)), ('x')) v(x); -- char(3) as ::text: no padding
SELECT category_counts(x) FROM (VALUES (ARRAY[1, 2]), (ARRAY[1, 2])) v(x);
SELECT category_counts(x) IS NULL AS no_rows FROM (SELECT 'a' WHERE false) v(x);
SELECT category_counts(x) IS NULL AS all_null FROM (VALUES (NULL::text)) v(x);
-- Weighted: rows with a NULL value or weight are skipped.
SELECT category_counts(x, w) FROM (VALUES ('a', 0.5), ('b', 1.5), ('a', 0.25), ('c', NULL), (NULL, 1)) v(x, w);
SELECT category_counts(x, w) FROM (VALUES ('a', 0.1), ('a', 0.2)) v(x, w);
SELECT category_counts(x, -1) FROM (VALUES ('a')) v(x);
SELECT category_counts(x, 'NaN') FROM (VALUES ('a')) v(x);
SELECT category_counts(x, 'Infinity') FROM (VALUES ('a')) v(x);
SELECT category_counts(x, 1e308) FROM (VALUES ('a'), ('a')) v(x);
-- Straight into the divergences.
SELECT round(kl_div(category_counts(x) FILTER (WHERE x <> 'c'), category_counts(x))::numeric, 12) AS kl
FROM (VALUES ('a'), ('b'), ('c'), ('a')) v(x);
-- The GROUP BY + jsonb_object_agg idiom gives the same map.
SELECT (SELECT category_counts(x) FROM (VALUES ('a'), ('b'), ('a')) v(x))
     = (SELECT jsonb_object_agg(x, n) FROM (SELECT x, count(*) FROM (VALUES ('a'), ('b'), ('a')) v(x) GROUP BY x) c(x, n))
       AS same_as_jsonb_object_agg;

-- The support functions refuse to run outside an aggregate.
SELECT category_counts_combine('{"a": 1}', '{"a": 2}');
SELECT category_counts_transition(NULL, 'a'::text);

-- A state from elsewhere (a hand-made aggregate with an INITCOND) is checked.
CREATE AGGREGATE pg_temp.counts_from(anyelement) (
    SFUNC = category_counts_transition, STYPE = jsonb,
    COMBINEFUNC = category_counts_combine, INITCOND = '{"seed": 2}');
SELECT pg_temp.counts_from(x) FROM (VALUES ('a'), ('seed')) v(x);
CREATE AGGREGATE pg_temp.counts_bad(anyelement) (
    SFUNC = category_counts_transition, STYPE = jsonb, INITCOND = '{"seed": -2}');
SELECT pg_temp.counts_bad(x) FROM (VALUES ('a')) v(x);
CREATE AGGREGATE pg_temp.counts_array(anyelement) (
    SFUNC = category_counts_transition, STYPE = jsonb, INITCOND = '[1]');
SELECT pg_temp.counts_array(x) FROM (VALUES ('a')) v(x);

-- Parallel: partial maps from the workers are combined.
CREATE TABLE colors AS
SELECT (ARRAY['red', 'green', 'blue', 'it''s'])[1 + g % 4] AS c, g, (g % 7)::float8 AS w
FROM generate_series(1, 100000) g;
ANALYZE colors;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT category_counts(c) FROM colors;
SELECT category_counts(c) FROM colors;
SELECT category_counts(c, w) FROM colors;
SET parallel_leader_participation = off;
SELECT category_counts(c) FROM colors;
RESET parallel_leader_participation;
SELECT g % 3 AS k, category_counts(c) FROM colors GROUP BY 1 ORDER BY 1;
SET enable_hashagg = off;
SELECT g % 3 AS k, category_counts(c) FROM colors GROUP BY 1 ORDER BY 1;
RESET enable_hashagg;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
-- The state's text form round-trips (Citus ships states as text).
SELECT category_counts(c, w / 3)::text::jsonb = category_counts(c, w / 3) AS text_round_trip FROM colors;
DROP TABLE colors;

-- As a window function, with DISTINCT and ORDER BY, partitionwise (the
-- partial maps reach the combine function inside one process), and hashed
-- into many groups with little work_mem.
CREATE TABLE w AS SELECT g, (ARRAY['a', 'b', 'c'])[1 + g % 3] AS c FROM generate_series(1, 12) g;
SELECT g, category_counts(c) OVER (ORDER BY g ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM w ORDER BY g LIMIT 4;
SELECT category_counts(DISTINCT c) AS distinct_values, category_counts(c ORDER BY c DESC) AS ordered FROM w;
CREATE TABLE pt (k int, c text) PARTITION BY LIST (k);
CREATE TABLE pt1 PARTITION OF pt FOR VALUES IN (1);
CREATE TABLE pt2 PARTITION OF pt FOR VALUES IN (2);
INSERT INTO pt SELECT 1 + g % 2, (ARRAY['x', 'y', 'z'])[1 + g % 3] FROM generate_series(1, 3000) g;
ANALYZE pt;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT category_counts(c) FROM pt;
SELECT category_counts(c) FROM pt;
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;
SET work_mem = '64kB';
SELECT count(*) AS groups, sum((SELECT sum(value::float8) FROM jsonb_each(m))) AS total
FROM (SELECT g % 20000 AS k, category_counts(g::text) AS m FROM generate_series(1, 200000) g GROUP BY 1) s;
RESET work_mem;
DROP TABLE w, pt;

-- compare_histograms of two category maps: one row per category of the
-- union, named; the terms add up to kl_div and psi.
SELECT category, round(p_share::numeric, 3) AS p_share, round(q_share::numeric, 3) AS q_share,
       round(kl_div_term::numeric, 4) AS kl_div_term, round(psi_term::numeric, 4) AS psi_term, bar
FROM compare_histograms('{"web": 60, "ios": 20, "android": 20}'::jsonb,
                        '{"web": 33, "ios": 33, "android": 33, "tv": 1}'::jsonb, 1e-4)
ORDER BY psi_term DESC, category;
SELECT abs(sum(kl_div_term) - kl_div('{"a": 3, "b": 1}'::jsonb, '{"a": 1, "b": 1, "c": 1}'::jsonb, NULL, 1e-3)) < 1e-12 AS kl_sum,
       abs(sum(psi_term) - psi('{"a": 3, "b": 1}'::jsonb, '{"a": 1, "b": 1, "c": 1}'::jsonb, 1e-3)) < 1e-12 AS psi_sum
FROM compare_histograms('{"a": 3, "b": 1}'::jsonb, '{"a": 1, "b": 1, "c": 1}'::jsonb, 1e-3);
SELECT * FROM compare_histograms('{"a": 1}'::jsonb, '{"a": -1}'::jsonb);
SELECT count(*) AS no_rows FROM compare_histograms(NULL::jsonb, '{"a": 1}'::jsonb);
