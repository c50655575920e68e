-- histogram() and histogram_sum() under parallel query and partitionwise
-- aggregation: the plans split the aggregate, the results equal a serial plan.
SELECT setseed(0.77) \g /dev/null
CREATE TABLE readings (day int, v float8, w float8);
INSERT INTO readings
SELECT 1 + i % 5, random() * 120 - 10, random()
FROM generate_series(1, 100000) i;
ANALYZE readings;

CREATE TABLE serial_results AS
SELECT histogram(v, 0, 100, 20) AS h_width,
       histogram(v, w, 0, 100, 20) AS h_weighted,
       histogram(v, ARRAY[0, 10, 20, 50, 90]::float8[]) AS h_edges,
       histogram(v, w, ARRAY[0, 10, 20, 50, 90]::float8[]) AS h_edges_weighted
FROM readings;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

EXPLAIN (COSTS OFF)
SELECT histogram(v, 0, 100, 20), histogram(v, w, 0, 100, 20),
       histogram(v, ARRAY[0, 10, 20, 50, 90]::float8[]),
       histogram(v, w, ARRAY[0, 10, 20, 50, 90]::float8[])
FROM readings;

-- Counts are sums of whole numbers, exact in any order; weighted sums are
-- compared to within rounding, since workers add in another order.
CREATE FUNCTION pg_temp.close(a float8[], b float8[]) RETURNS boolean
LANGUAGE sql AS $$
  SELECT cardinality(a) = cardinality(b)
     AND bool_and(abs(x - y) <= 1e-9 * greatest(abs(x), abs(y)))
  FROM unnest(a, b) AS t(x, y)
$$;

SELECT p.h_width = s.h_width AS width_same,
       pg_temp.close(p.h_weighted, s.h_weighted) AS weighted_same,
       p.h_edges = s.h_edges AS edges_same,
       pg_temp.close(p.h_edges_weighted, s.h_edges_weighted) AS edges_weighted_same
FROM serial_results s,
     (SELECT histogram(v, 0, 100, 20) AS h_width,
             histogram(v, w, 0, 100, 20) AS h_weighted,
             histogram(v, ARRAY[0, 10, 20, 50, 90]::float8[]) AS h_edges,
             histogram(v, w, ARRAY[0, 10, 20, 50, 90]::float8[]) AS h_edges_weighted
      FROM readings) p;

-- The leader only gathers: every partial state comes from a worker.
SET parallel_leader_participation = off;
SELECT histogram(v, 0, 100, 20) = (SELECT h_width FROM serial_results) AS leader_off_same
FROM readings;
RESET parallel_leader_participation;

-- Per-group parallel aggregation, and histogram_sum over parallel partials.
EXPLAIN (COSTS OFF)
SELECT day, histogram(v, 0, 100, 20) FROM readings GROUP BY day;
CREATE TABLE daily AS SELECT day, histogram(v, 0, 100, 20) AS h FROM readings GROUP BY day;
EXPLAIN (COSTS OFF) SELECT histogram_sum(h) FROM daily;
SELECT histogram_sum(h) = (SELECT h_width FROM serial_results) AS rollup_same FROM daily;

-- Partitionwise aggregation over a partitioned table.
CREATE TABLE readings_by_day (day int, v float8, w float8) PARTITION BY LIST (day);
CREATE TABLE readings_day_1_2 PARTITION OF readings_by_day FOR VALUES IN (1, 2);
CREATE TABLE readings_day_3 PARTITION OF readings_by_day FOR VALUES IN (3);
CREATE TABLE readings_day_4_5 PARTITION OF readings_by_day FOR VALUES IN (4, 5);
INSERT INTO readings_by_day SELECT * FROM readings;
ANALYZE readings_by_day;
SET enable_partitionwise_aggregate = on;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
SELECT day, histogram(v, 0, 100, 20) FROM readings_by_day GROUP BY day;
EXPLAIN (COSTS OFF)
SELECT histogram(v, 0, 100, 20) FROM readings_by_day;
SELECT (SELECT array_agg(h ORDER BY day) FROM (SELECT day, histogram(v, 0, 100, 20) AS h FROM readings_by_day GROUP BY day) a)
     = (SELECT array_agg(h ORDER BY day) FROM daily) AS per_day_same,
       (SELECT histogram(v, 0, 100, 20) FROM readings_by_day) = (SELECT h_width FROM serial_results) AS whole_same;
RESET ALL;
DROP TABLE readings, readings_by_day, serial_results, daily;
