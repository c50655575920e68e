-- The common row of histogram(value [, weight], lo, hi, nbins)
-- (src/histogram_sql.c, equal_width_common_row): bins kept from row to row
-- with their scale, states trusted by their address once checked. Whatever
-- the plan (sorted or hashed groups, grouping sets, windows, a user's
-- INITCOND) and however the bins change between rows, the counts must be
-- width_bucket's and the errors those of a row on its own.
\pset null '(null)'

\i sql/error_of.psql

\i sql/width_bucket_counts.psql

-- Values in and around [0, 1), many exactly on a bin edge of 10 or 7 bins.
CREATE TABLE rows_vals AS
SELECT g, CASE WHEN i % 3 = 0 THEN (i % 12) / 10.0 - 0.1
               ELSE ((i * 7919) % 1000) / 997.0 END AS v,
       (i % 5) * 0.5 AS w
FROM generate_series(1, 20) g, generate_series(1, 300) i;

-- Sorted and hashed groups: every group's counts are width_bucket's.
SET enable_hashagg = off;
SELECT bool_and(same) AS sorted_same, count(*) AS groups FROM (
  SELECT histogram(v, 0, 1, 10) = pg_temp.width_bucket_counts(array_agg(v), 0, 1, 10) AS same
  FROM rows_vals GROUP BY g) s;
RESET enable_hashagg;
SET enable_sort = off;
SELECT bool_and(same) AS hashed_same, count(*) AS groups FROM (
  SELECT histogram(v, 0, 1, 7) = pg_temp.width_bucket_counts(array_agg(v), 0, 1, 7) AS same
  FROM rows_vals GROUP BY g) s;
RESET enable_sort;
-- Groups interleaved row by row (hashed), weighted: the sum of the weights.
SET enable_sort = off;
SELECT bool_and(h[2:11] = ARRAY(SELECT coalesce(sum(w2), 0)::float8 FROM generate_series(1, 10) b
                                  LEFT JOIN (SELECT width_bucket(v2, 0, 1, 10) AS b2, w2
                                               FROM unnest(vs, ws) u(v2, w2)) x ON x.b2 = b
                                 GROUP BY b ORDER BY b)) AS weighted_hashed_same
FROM (SELECT g, histogram(v, w, 0, 1, 10) AS h, array_agg(v) AS vs, array_agg(w) AS ws
        FROM rows_vals GROUP BY g) s;
RESET enable_sort;

-- Bins that change from group to group, and back: each group its own.
SELECT g % 3 AS k, histogram(v, 0, 1 + (g % 3), 4 + (g % 3))
       = pg_temp.width_bucket_counts(array_agg(v), 0, 1 + (g % 3), 4 + (g % 3)) AS same
FROM rows_vals WHERE g <= 6 GROUP BY g ORDER BY g;
-- Bins that change within a group: the error of that row, at that row.
SELECT pg_temp.error_of($$SELECT histogram(v, 0, CASE WHEN v > 0.5 THEN 2 ELSE 1 END, 10) FROM rows_vals$$);
SELECT pg_temp.error_of($$SELECT g, histogram(v, 0, 1, CASE WHEN g = 7 AND v > 0.9 THEN 11 ELSE 10 END) FROM rows_vals GROUP BY g$$);
-- A NaN value or a bad weight after many good rows: the same errors.
SELECT pg_temp.error_of($$SELECT histogram(x, 0, 1, 10) FROM (SELECT CASE WHEN i = 500 THEN 'NaN' ELSE i / 1000.0 END::float8 AS x FROM generate_series(1, 600) i) s$$);
SELECT pg_temp.error_of($$SELECT histogram(0.5, CASE WHEN i = 500 THEN -1 ELSE 1 END, 0, 1, 10) FROM generate_series(1, 600) i$$);
SELECT pg_temp.error_of($$SELECT histogram(0.5, CASE WHEN i = 500 THEN 'Infinity'::float8 ELSE 1 END, 0, 1, 10) FROM generate_series(1, 600) i$$);
-- A count that would overflow, after rows on the common path.
SELECT pg_temp.error_of($$SELECT histogram(0.5, CASE WHEN i > 2 THEN 1e308 ELSE 1 END, 0, 1, 10) FROM generate_series(1, 4) i$$);
-- NULL rows in between are skipped, NULL bins are an error.
-- (Compared with the server's width_bucket: where 0.3 falls depends on the
-- server's arithmetic, bucket 3 on i386's x87.)
SELECT histogram(v, 0, 1, 10) = pg_temp.width_bucket_counts(array_agg(v) FILTER (WHERE v IS NOT NULL), 0, 1, 10)
         AS nulls_skipped, count(v) AS "values", count(*) AS "rows"
FROM (SELECT (CASE WHEN i % 2 = 0 THEN NULL ELSE i / 10.0 END)::float8 AS v FROM generate_series(1, 9) i) s;
SELECT pg_temp.error_of($$SELECT histogram(i / 10.0, 0, CASE WHEN i = 5 THEN NULL ELSE 1 END, 10) FROM generate_series(1, 9) i$$);

-- Grouping sets: rows alternate between the sets' aggregate contexts.
SELECT g IS NULL AS total, histogram(v, 0, 1, 10) = pg_temp.width_bucket_counts(array_agg(v), 0, 1, 10) AS same
FROM rows_vals WHERE g <= 3 GROUP BY ROLLUP (g) ORDER BY g;
-- As a window function (no state is trusted by its address there).
SELECT x, histogram(x / 4.0, 0, 1, 2) OVER (ORDER BY x) FROM generate_series(0, 4) x;
-- A user's aggregate with an INITCOND on the same transition function: its
-- states are not ours, so each row's state is checked against the bins.
CREATE AGGREGATE pg_temp.histogram_from(float8, float8, float8, int) (
    SFUNC = histogram_transition, STYPE = float8[], FINALFUNC = histogram_final,
    INITCOND = '{1, 0, 1, 2, 0, 5, 5, 0}');
SELECT g, pg_temp.histogram_from(x / 10.0, 0, 1, 2) FROM generate_series(0, 9) x, generate_series(1, 2) g GROUP BY g ORDER BY g;
SELECT pg_temp.error_of($$SELECT pg_temp.histogram_from(x / 10.0, 0, 1, 3) FROM generate_series(0, 9) x$$);

-- Parallel workers, each with its own cache: the serial counts.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT histogram(v, 0, 1, 10) = pg_temp.width_bucket_counts(array_agg(v), 0, 1, 10) AS parallel_same FROM rows_vals;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE rows_vals;
